"""`guidebot ask` (one question, or one per line of stdin) and `guidebot chat` (a conversation on the terminal)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bot.cli.engine import index_option, open_engine, org_option
from bot.config import Settings
from bot.engine.tokens import printable
from bot.guide import Guide
from bot.questionlog.store import LogStore
from bot.render import messages
from bot.render.json import render_json
from bot.render.terminal import render_text

QUIT_WORDS = {"exit", "quit", "q", "終了", "おわり"}
NEW_WORDS = {"new", "/new", "新しい質問", "リセット"}  # an interactive chat starts afresh


def input_lines():
    """Lines of stdin as text; bytes that are not UTF-8 become U+FFFD instead of ending the command."""
    for raw in sys.stdin.buffer:
        yield raw.decode("utf-8", errors="replace")


def argument_text(text: str) -> str:
    """A command-line argument as text: bytes that were not UTF-8 become U+FFFD, as on stdin."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", errors="replace")


@click.command()
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


@click.command()
@index_option
@org_option
def chat(index_path: Path | None, org: str | None, cite: str | None) -> None:
    """Ask questions interactively (reads stdin, so it can be piped)."""
    settings = Settings.from_env()
    guide = Guide(open_engine(index_path, org, cite), LogStore.open(settings.log_path), settings.contact)
    interactive = sys.stdin.isatty()
    if interactive:
        click.echo(messages.CHAT_GREETING)
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
