"""`guidebot report`: what the bot could not answer, for the guideline owners."""

from __future__ import annotations

from pathlib import Path

import click

from bot.config import Settings
from bot.questionlog.report import read_report
from bot.questionlog.store import LogUnavailable


@click.command()
@click.option("--log", "log_path", type=click.Path(path_type=Path),
              help="Question log (default: $GUIDEBOT_LOG or index/questions-log.sqlite).")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10_000), help="Questions per list.")
def report(log_path: Path | None, limit: int) -> None:
    """List the unanswered and 👎 questions, most frequent first, for the guideline owners."""
    path = log_path or Settings.from_env().log_path
    if not path.exists():
        raise click.ClickException(f"No question log at {path}: `guidebot serve` writes it as staff ask questions.")
    try:
        text = read_report(path, limit)
    except LogUnavailable as exc:
        raise click.ClickException(f"{exc}: give --log the question log `guidebot serve` writes (GUIDEBOT_LOG).") from None
    click.echo(text, nl=False)
