"""The engine for a command: the --index, --org and --cite options, and the warnings a setting that names no
document calls for."""

from __future__ import annotations

import logging
from contextlib import contextmanager
from pathlib import Path

import click

from bot.config import Settings
from bot.engine.search import Engine


def index_option(func):
    return click.option("--index", "index_path", type=click.Path(path_type=Path), help="Index file (default: index/guidebot.sqlite).")(func)


def org_option(func):
    func = click.option("--cite", default=None, metavar="own[,ID...]",
                        help="Cite only these documents: own (the organization's) and/or document or organization ids (default: $GUIDEBOT_CITE, all).")(func)
    return click.option("--org", default=None, help="Cite this organization's guideline first (default: $GUIDEBOT_ORG).")(func)


class EngineNotices(logging.Handler):
    """The engine's notices (an index being built, a rebuild that failed) on stderr, each line as ``guidebot: …``."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo("\n".join(f"guidebot: {line}" for line in self.format(record).splitlines()), err=True)


@contextmanager
def engine_notices():
    """While the engine opens, its notices on stderr, once (not again through `serve`'s logging)."""
    log = logging.getLogger("guidebot.engine")
    handler, propagate, level = EngineNotices(), log.propagate, log.level
    log.addHandler(handler)
    log.propagate = False
    log.setLevel(logging.INFO)
    try:
        yield
    finally:
        log.removeHandler(handler)
        log.propagate = propagate
        log.setLevel(level)


def open_engine(index_path: Path | None, org: str | None, cite: str | None = None) -> Engine:
    """The engine for a command (warnings on stderr for an organization or cited name no document has)."""
    settings = Settings.from_env()
    corpus_dir = None if index_path else settings.corpus_dir
    with engine_notices():
        engine = Engine.open(index_path or settings.index_path, corpus_dir, org=settings.org if org is None else org,
                             cite=settings.cite if cite is None else cite)
    known = ", ".join(sorted(engine.documents))
    if engine.org and not engine.org_documents:
        click.echo(f"guidebot: no document belongs to the organization '{engine.org}' (documents: {known}); citing all alike", err=True)
    for name in engine.unknown_names:
        click.echo(f"guidebot: the citation limit names '{name}', which no document has (documents: {known})", err=True)
    if engine.cite.strip(" ,") == "" and engine.cite:
        click.echo(f"guidebot: the citation limit {engine.cite!r} names no document; citing every document", err=True)
    elif "own" in engine.cite.lower().split(",") and not engine.org:
        click.echo("guidebot: the citation limit says 'own' but no organization is set (--org or GUIDEBOT_ORG)", err=True)
    if engine.cite.strip(" ,") and not engine.citable:
        click.echo("guidebot: the citation limit leaves no document to cite: every question will go unanswered", err=True)
    return engine
