"""The `guidebot` command line: thin commands over the engine and the front ends."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bot import __version__
from bot.config import ROOT, Settings
from bot.engine import index as index_file
from bot.engine.corpus import CorpusError
from bot.engine.search import Engine
from bot.engine.tokens import printable
from bot.evaluate import evaluate, read_cases
from bot.guide import Guide
from bot.logstore import LogStore, LogUnavailable
from bot.render.json import render_json
from bot.render.terminal import render_text

QUIT_WORDS = {"exit", "quit", "q", "終了", "おわり"}
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
    return click.option("--org", default=None, help="Cite this organization's guideline first (default: $GUIDEBOT_ORG).")(func)


def open_engine(index_path: Path | None, org: str | None) -> Engine:
    """The engine for a command (warning on stderr when the organization has no document)."""
    settings = Settings.from_env()
    corpus_dir = None if index_path else settings.corpus_dir
    engine = Engine.open(index_path or settings.index_path, corpus_dir, org=settings.org if org is None else org)
    if engine.org and not engine.org_documents:
        known = ", ".join(sorted(engine.documents))
        click.echo(f"guidebot: no document belongs to the organization '{engine.org}' (documents: {known}); citing all alike", err=True)
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
@index_option
@org_option
def ask(question: str | None, as_json: bool, jsonl: bool, top: int, index_path: Path | None, org: str | None) -> None:
    """Answer one question, citing the clauses that govern it."""
    if jsonl == (question is not None):
        raise click.UsageError("give a QUESTION, or --jsonl with questions on stdin")
    engine = open_engine(index_path, org)
    if jsonl:
        for line in input_lines():
            click.echo(render_json(engine.ask(line.rstrip("\r\n"), top=top)))
        return
    answer = engine.ask(question, top=top)
    click.echo(render_json(answer) if as_json else render_text(answer, Settings.from_env().contact))


@cli.command()
@index_option
@org_option
def chat(index_path: Path | None, org: str | None) -> None:
    """Ask questions interactively (reads stdin, so it can be piped)."""
    settings = Settings.from_env()
    guide = Guide(open_engine(index_path, org), LogStore.open(settings.log_path), settings.contact)
    interactive = sys.stdin.isatty()
    if interactive:
        click.echo("guidebot — ガイドラインについて質問してください（終了: exit または Ctrl-D）")
    lines = input_lines()
    while True:
        if interactive:
            click.echo("\n質問> ", nl=False)
        line = next(lines, "")
        if not line or line.strip().lower() in QUIT_WORDS:
            break
        if not line.strip() and not interactive:
            continue
        if not interactive:
            click.echo(f"質問> {printable(line).strip()}")
        answer, _ = guide.ask(line.strip(), "terminal", None)
        click.echo(render_text(answer, settings.contact))
        click.echo()


@cli.command()
@click.pass_context
def start(ctx: click.Context) -> None:
    """What `make run` starts: the Slack bot when Slack credentials are set, else the terminal chat."""
    settings = Settings.from_env()
    if settings.slack_app_token or settings.slack_bot_token or settings.slack_signing_secret:
        ctx.invoke(cli.get_command(ctx, "serve"), http_mode=not settings.slack_app_token)
    else:
        ctx.invoke(chat)


@cli.command("eval")
@click.argument("question_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--misses", is_flag=True, help="Also list the questions answered wrongly.")
@index_option
@org_option
def eval_command(question_file: Path, misses: bool, index_path: Path | None, org: str | None) -> None:
    """Measure hit@1, hit@3, MRR and abstention on a question file."""
    try:
        cases = read_cases(question_file)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    report = evaluate(open_engine(index_path, org), cases)
    click.echo(f"{question_file}: {report.in_scope} in scope, {report.out_of_scope} out of scope")
    for name, value in report.metrics.items():
        click.echo(f"  {name:<24} {'n/a' if value is None else f'{value:.3f}'}")
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
def bench(question_file: Path, sizes: tuple[int, ...], rounds: int, faq_dir: Path | None) -> None:
    """Benchmark build time, latency p50/p99, start-up and peak RSS; FAQ ranking on LocalgovFAQ."""
    from bot import localgovfaq
    from bot.bench import run

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

from bot.ingest.commands import corpus, ingest  # noqa: E402

cli.add_command(ingest)
cli.add_command(corpus)
