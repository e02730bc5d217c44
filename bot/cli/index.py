"""`guidebot index build`: the search index from the corpus."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bot.cli.engine import index_option
from bot.config import Settings
from bot.engine import index as index_file


@click.group("index")
def index_group() -> None:
    """Build the search index from the corpus."""


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
