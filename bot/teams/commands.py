"""What `guidebot serve` needs for Teams, and `guidebot teams package` (the app package for the Teams admin center)."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from bot.config import Settings
from bot.slack.commands import fail
from bot.teams.config import TeamsConfigError, TeamsSettings

logger = logging.getLogger("guidebot.teams")


def quiet_teams_logs(teams: TeamsSettings) -> None:
    """Keep the SDK's per-request logging out, and say how requests are checked."""
    for noisy in ("microsoft_teams", "httpx", "msal"):  # the SDK logs each request; we log what matters
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # A refused token is logged once, as a warning, by the SDK's server; its validator repeats it as an error.
    logging.getLogger("microsoft_teams.apps.auth").setLevel(logging.CRITICAL)
    if teams.unauthenticated:
        logger.warning("GUIDEBOT_TEAMS_UNAUTHENTICATED=1: accepting Activities without a token (loopback test mode)")
    else:
        logger.info("Teams app %s of tenant %s: every request's Bot Framework token is validated",
                    teams.client_id, teams.tenant_id)


def checked_teams_settings(host: str) -> TeamsSettings:
    """The TEAMS_* settings, or exit with the one-line reason they cannot serve on ``host``."""
    teams = TeamsSettings.from_env()
    try:
        teams.check(host)
    except TeamsConfigError as exc:
        fail(str(exc))
    return teams


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
        fail(str(exc))
    click.echo(f"Wrote {out_path}: upload it in the Teams admin center (Teams apps → Manage apps → Upload).")
