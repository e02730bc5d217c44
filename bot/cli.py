"""The `guidebot` command line: thin commands over the engine and the front ends."""

from __future__ import annotations

import click

from bot import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="guidebot")
def cli() -> None:
    """guidebot: answers staff questions about social-media guidelines by citing the clause."""


def main() -> None:
    cli()


# Commands that live with their front end or tool register themselves below.
