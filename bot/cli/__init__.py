"""The `guidebot` command line: thin click commands over the engine, the Guide and the front ends.

One module per command group. A chat front end (Slack, Teams) and the web server are imported only inside the
command that runs one, so `guidebot ask` loads none of them.
"""

from __future__ import annotations

import click

from bot import __version__
from bot.cli.ask import ask, chat
from bot.cli.bench import bench
from bot.cli.corpus import corpus, ingest
from bot.cli.eval import eval_command
from bot.cli.index import index_group
from bot.cli.report import report
from bot.cli.serve import serve, start
from bot.cli.teams import teams_group
from bot.corpus.findings import CorpusError
from bot.engine import index as index_file
from bot.questionlog.store import LogUnavailable


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


for command in (ask, chat, start, serve, index_group, ingest, corpus, eval_command, bench, report, teams_group):
    cli.add_command(command)


def main() -> None:
    cli()
