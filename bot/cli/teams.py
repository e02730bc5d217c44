"""`guidebot teams package`: the app package IT admins upload in the Teams admin center."""

from __future__ import annotations

from pathlib import Path

import click

from bot.config import Settings
from bot.teams.config import TeamsConfigError, TeamsSettings


@click.group("teams")
def teams_group() -> None:
    """Microsoft Teams: the app package IT admins upload."""


@teams_group.command("package")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), default="guidebot-teams.zip",
              show_default=True, help="Where to write the app package.")
@click.option("--website", default=None, help="An https page about the bot for staff (manifest developer URLs).")
def package(out_path: Path, website: str | None) -> None:
    """Write the Teams app package (manifest.json, color.png, outline.png) for the bot TEAMS_CLIENT_ID."""
    from bot.teams.package import WEBSITE, write_package

    Settings.from_env()  # loads .env
    teams = TeamsSettings.from_env()
    try:
        write_package(teams.client_id, out_path, website or WEBSITE)
    except (TeamsConfigError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Wrote {out_path}: upload it in the Teams admin center (Teams apps → Manage apps → Upload).")
