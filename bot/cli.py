"""The `guidebot` command line: thin commands over the engine and the front ends."""

from __future__ import annotations

import logging
import re
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import click

from bot import __version__
from bot.config import ROOT, Settings
from bot.engine import index as index_file
from bot.engine.corpus import CorpusError
from bot.engine.search import Engine
from bot.engine.tokens import Tokenizer, printable
from bot.evaluate import (by_organization, evaluate, leave_one_out, leave_one_out_indexes, read_cases, total,
                          with_documents)
from bot.guide import Guide
from bot.logstore import LogStore, LogUnavailable
from bot.render.json import render_json
from bot.render.terminal import render_text
from bot.teams.config import TeamsSettings

QUIT_WORDS = {"exit", "quit", "q", "終了", "おわり"}
NEW_WORDS = {"new", "/new", "新しい質問", "リセット"}  # an interactive chat starts afresh
LOCALGOVFAQ_DIR = ROOT / "bench-data" / "localgovfaq"  # never committed: it has no licence


class Commands(click.Group):
    """The command group: a bad corpus or an unusable index or question log ends any command with its one-line reason."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (CorpusError, index_file.IndexUnavailable, LogUnavailable) as exc:
            raise click.ClickException(str(exc)) from None


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="guidebot")
def cli() -> None:
    """guidebot: answers staff questions about social-media guidelines by citing the clause."""


def main() -> None:
    cli()


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


@cli.group("index")
def index_group() -> None:
    """Build the search index from the corpus."""


def input_lines():
    """Lines of stdin as text; bytes that are not UTF-8 become U+FFFD instead of ending the command."""
    for raw in sys.stdin.buffer:
        yield raw.decode("utf-8", errors="replace")


@index_group.command("build")
@click.option("--corpus", "corpus_dir", type=click.Path(path_type=Path), help="Corpus directory (default: corpus/).")
@index_option
def index_build(corpus_dir: Path | None, index_path: Path | None) -> None:
    """Build the index explicitly (it is also rebuilt automatically when the corpus changes)."""
    settings = Settings.from_env()
    corpus_dir, index_path = corpus_dir or settings.corpus_dir, index_path or settings.index_path
    with click.progressbar(length=0, label="Indexing", file=sys.stderr, show_eta=False) as bar:
        def progress(items):
            bar.length = len(items)
            for item in items:
                yield item
                bar.update(1)

        stats = index_file.build(corpus_dir, index_path, progress=progress)
    click.echo(
        f"Indexed {stats.clauses} clauses from {stats.documents} documents "
        f"({stats.terms} terms) into {index_path} in {stats.seconds:.1f} s"
    )


@cli.command()
@click.argument("question", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--jsonl", is_flag=True, help="Read questions one per line from stdin; print one JSON object per line.")
@click.option("--top", default=5, show_default=True, type=click.IntRange(1, 50), help="How many clauses to return.")
@click.option("--previous", multiple=True, help="An earlier question of the conversation (repeatable, oldest first): a follow-up is read with it.")
@index_option
@org_option
def ask(question: str | None, as_json: bool, jsonl: bool, top: int, previous: tuple[str, ...], index_path: Path | None,
        org: str | None, cite: str | None) -> None:
    """Answer one question, citing the clauses that govern it."""
    if jsonl == (question is not None):
        raise click.UsageError("give a QUESTION, or --jsonl with questions on stdin")
    engine = open_engine(index_path, org, cite)
    earlier = [argument_text(p) for p in previous]
    if jsonl:
        for line in input_lines():
            click.echo(render_json(engine.ask(line.rstrip("\r\n"), top=top, previous=earlier)))
        return
    answer = engine.ask(argument_text(question), top=top, previous=earlier)
    click.echo(render_json(answer) if as_json else render_text(answer, Settings.from_env().contact))


def argument_text(text: str) -> str:
    """A command-line argument as text: bytes that were not UTF-8 become U+FFFD, as on stdin."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", errors="replace")


@cli.command()
@index_option
@org_option
def chat(index_path: Path | None, org: str | None, cite: str | None) -> None:
    """Ask questions interactively (reads stdin, so it can be piped)."""
    settings = Settings.from_env()
    guide = Guide(open_engine(index_path, org, cite), LogStore.open(settings.log_path), settings.contact)
    interactive = sys.stdin.isatty()
    if interactive:
        click.echo("guidebot — ガイドラインについて質問してください（終了: exit または Ctrl-D、"
                   "前の質問と切り離して聞き直す: new）")
    lines = input_lines()
    conversation = 0  # a follow-up is read with the questions before it in the same conversation
    while True:
        if interactive:
            click.echo("\n質問> ", nl=False)
        line = next(lines, "")
        if not line or (interactive and line.strip().lower() in QUIT_WORDS):  # piped: every line is a question
            break
        if interactive and line.strip().lower() in NEW_WORDS or not interactive and not line.strip():
            conversation += 1  # piped: an empty line starts afresh
            continue
        if not interactive:
            click.echo(f"質問> {printable(line).strip()}")
        answer, _ = guide.ask(line.strip(), "terminal", None, f"terminal:{conversation}")
        click.echo(render_text(answer, settings.contact))
        click.echo()


@cli.command()
@click.pass_context
def start(ctx: click.Context) -> None:
    """What `make run` starts: the bot for the chat services whose credentials are set (Teams, Slack, or
    both in one process), else the terminal chat."""
    settings = Settings.from_env()
    teams = TeamsSettings.from_env().configured
    slack = bool(settings.slack_app_token or settings.slack_bot_token or settings.slack_signing_secret)
    if teams or slack:
        ctx.invoke(cli.get_command(ctx, "serve"), teams_mode=teams, http_mode=slack and not settings.slack_app_token)
    else:
        ctx.invoke(chat)


@cli.command("eval")
@click.argument("question_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--misses", is_flag=True, help="Also list the questions answered wrongly.")
@click.option("--leave-one-out", "loo", is_flag=True,
              help="Each document in turn without its 想定質問, asked as its organization the questions labelled with it (docs).")
@click.option("--documents", "documents_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="First ingest these guideline files beside the corpus, as a new city would (id and org from the file name).")
@index_option
@org_option
def eval_command(question_file: Path, misses: bool, loo: bool, documents_dir: Path | None, index_path: Path | None,
                 org: str | None, cite: str | None) -> None:
    """Measure hit@1, hit@3, MRR and abstention on a question file.

    Questions with an "org" are asked as that organization and count only its
    own clause (own-clause hit@k)."""
    try:
        cases = read_cases(question_file)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    settings = Settings.from_env()
    cite = settings.cite if cite is None else cite
    _warn_unknown_labels(cases, settings.corpus_dir, documents_dir)
    if loo:
        tokenizer = Tokenizer()
        with leave_one_out_indexes(settings.corpus_dir, tokenizer) as indexes:
            reports = leave_one_out(indexes, cases, tokenizer, cite)
        for doc_id, report in reports.items():
            _echo_report(f"{question_file} without {doc_id}'s 想定質問, asked as {doc_id}", report, misses)
        _echo_report(f"{question_file}, leave-one-out, all documents", total(reports.values()), False)
    elif documents_dir or any(case.org for case in cases):
        with tempfile.TemporaryDirectory(prefix="guidebot-eval-") as tmp:
            tokenizer = Tokenizer()
            if documents_dir:
                try:
                    index_path = with_documents(settings.corpus_dir, documents_dir, Path(tmp), tokenizer)
                except ValueError as exc:
                    raise click.ClickException(str(exc)) from None
            else:
                index_path = open_engine(index_path, "").index_path
            asked = [case if case.org or org is None else replace(case, org=org) for case in cases]
            own = by_organization(index_path, [c for c in asked if not c.own_silent], tokenizer, cite)
            for name, report in own.items():
                metrics = report.metrics
                click.echo(f"  {name or '(no org)':<24} {report.in_scope:>4} in scope  hit@1 {_rate(metrics['hit@1'])}  "
                           f"hit@3 {_rate(metrics['hit@3'])}  out-of-scope abstention {_rate(metrics['out-of-scope abstention'])}")
            _echo_report(f"{question_file}, own clause", total(own.values()), misses)
            silent = [c for c in asked if c.own_silent]
            if silent:
                _echo_report(f"{question_file}, own documents silent", total(by_organization(index_path, silent, tokenizer, cite).values()), misses)
    else:
        _echo_report(str(question_file), evaluate(open_engine(index_path, org, cite), cases), misses)


def _warn_unknown_labels(cases, corpus_dir: Path, documents_dir: Path | None) -> None:
    """A warning for each document or organization a question names that the corpus (and the added files) lack."""
    from bot.engine.corpus import load_corpus
    from bot.ingest.files import document_id

    known = {name for doc in load_corpus(corpus_dir) for name in (doc.id, doc.organization)}
    if documents_dir:
        known |= {document_id(p, None) for p in documents_dir.iterdir() if p.is_file() and p.stem.lower() != "readme"
                  and re.search(r"[a-z0-9]", p.stem.lower())}
    for label in sorted({d for c in cases for d in c.docs} | {c.org for c in cases if c.org} - known):
        if label not in known:
            click.echo(f"guidebot: the question file names '{label}', which no document has; its questions count for nothing", err=True)


def _rate(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _echo_report(title: str, report, misses: bool) -> None:
    click.echo(f"{title}: {report.in_scope} in scope, {report.out_of_scope} out of scope")
    for name, value in report.metrics.items():
        click.echo(f"  {name:<24} {_rate(value)}")
    if misses:
        for case, answer in report.misses:
            got = answer.results[0].id if answer.results else "-"
            click.echo(f"  MISS answered={answer.answered!s:<5} top={got:<22} {case.question}")


@cli.command()
@click.option("--questions", "question_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=ROOT / "tests" / "eval" / "questions.jsonl", show_default=True, help="Questions to time.")
@click.option("--size", "sizes", type=int, multiple=True, default=[100_000], show_default=True,
              help="Clauses in a generated corpus (repeatable; 0 for the seed corpus only).")
@click.option("--rounds", default=20, show_default=True, help="Passes over the questions on the seed corpus.")
@click.option("--localgovfaq", "faq_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help=f"LocalgovFAQ folder for FAQ ranking quality (default: {LOCALGOVFAQ_DIR.relative_to(ROOT)} when present).")
@click.option("--http", "http_only", is_flag=True, help="Only the Slack front end: burst, stalled connections, reconnects.")
def bench(question_file: Path, sizes: tuple[int, ...], rounds: int, faq_dir: Path | None, http_only: bool) -> None:
    """Benchmark build time, latency p50/p99, start-up and peak RSS; FAQ ranking on LocalgovFAQ; the Slack front end under load."""
    from bot import localgovfaq
    from bot.bench import run
    from bot.bench_http import run as run_http

    if http_only:
        return run_http(Settings.from_env().corpus_dir, click.echo)

    click.echo("targets: seed p50 <= 2 ms; 100k clauses p50 <= 10 ms, build <= 300 s, start-up <= 3 s")
    run(Settings.from_env().corpus_dir, question_file, [s for s in sizes if s > 0], rounds, click.echo)
    faq_dir = faq_dir or (LOCALGOVFAQ_DIR if LOCALGOVFAQ_DIR.is_dir() else None)
    if faq_dir is None:
        click.echo(f"LocalgovFAQ not measured: {LOCALGOVFAQ_DIR.relative_to(ROOT)} not found; get it: {localgovfaq.GET_IT}")
        return
    try:
        scores = localgovfaq.measure(faq_dir)
    except localgovfaq.DataError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"LocalgovFAQ ({scores.queries} queries, {faq_dir}): nDCG@10 {scores.ndcg:.3f}, Recall@10 {scores.recall:.3f}"
               f" (targets: nDCG@10 >= {localgovfaq.TARGET_NDCG}, Recall@10 >= {localgovfaq.TARGET_RECALL})")


# Commands that live with their front end or tool register themselves below.

from bot.slack.commands import report, serve  # noqa: E402

cli.add_command(serve)
cli.add_command(report)

from bot.teams.commands import teams_group  # noqa: E402

cli.add_command(teams_group)

from bot.ingest.commands import corpus, ingest  # noqa: E402

cli.add_command(ingest)
cli.add_command(corpus)
