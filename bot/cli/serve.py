"""`guidebot serve` (the chat bots: Slack in Socket Mode or HTTP, Teams, every web front end on one port) and
`guidebot start` (what `make run` starts).

The front ends and the web server are imported inside the command, for the services it runs.
"""

from __future__ import annotations

import logging
import os
from typing import NoReturn

import click

from bot import delivery
from bot.cli.ask import chat
from bot.cli.engine import open_engine
from bot.config import Settings
from bot.guide import Guide
from bot.questionlog.store import LogStore, LogUnavailable
from bot.slack import CannotStart
from bot.teams.config import DEFAULT_PORT as TEAMS_PORT, TeamsConfigError, TeamsSettings

logger = logging.getLogger("guidebot.teams")


@click.command()
@click.option("--http", "http_mode", is_flag=True, help="Serve Slack's HTTP requests at /slack/events, not Socket Mode.")
@click.option("--port", default=None, type=click.IntRange(0, 65535),
              help="HTTP port (default: $PORT, else 3000, or 3978 for Teams alone).")
@click.option("--host", default="0.0.0.0", show_default=True, help="HTTP address to listen on.")
@click.option("--teams", "teams_mode", is_flag=True,
              help="Serve Microsoft Teams at /api/messages (beside Slack's HTTP mode with --http, "
                   "or beside Socket Mode when SLACK_APP_TOKEN is set).")
def serve(http_mode: bool, port: int | None, host: str, teams_mode: bool) -> None:
    """Run the bot: Slack in Socket Mode (SLACK_APP_TOKEN) or HTTP (--http), and Teams with --teams or,
    beside --http, whenever TEAMS_* is set — every web front end on one port."""
    try:
        _serve(http_mode, port, host, teams_mode)
    except (CannotStart, TeamsConfigError) as exc:
        fail(str(exc))


def _serve(http_mode: bool, port: int | None, host: str, teams_mode: bool) -> None:
    settings = Settings.from_env()
    teams = teams_mode or (http_mode and TeamsSettings.from_env().configured)
    socket_mode = not http_mode and (not teams_mode or bool(settings.slack_app_token))
    slack = http_mode or socket_mode
    if slack:
        from bot.slack import startup

        startup.check_credentials(settings, http_mode)
    if teams:
        teams_settings = TeamsSettings.from_env()
        teams_settings.check(host)
    every = seconds_setting("GUIDEBOT_RELOAD_SECONDS", settings.reload_seconds, "0 to never reload the corpus")
    port = port if port is not None else int(os.environ.get("PORT") or (TEAMS_PORT if teams and not http_mode else 3000))
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    make_slack_app = startup.slack_app(settings, http_mode) if slack else None
    guide = open_guide(settings, every)
    app = make_slack_app(guide) if make_slack_app else None
    routes = []
    if http_mode:
        from bot.slack.http import slack_routes

        routes += slack_routes(app, settings.slack_signing_secret)
    if teams:
        from bot.teams.server import teams_routes

        quiet_teams_logs(teams_settings)
        routes += teams_routes(guide, teams_settings)
    if not routes:
        startup.run_socket_mode(app, settings.slack_app_token)
        return
    from bot.web import run_web, web_app

    handler = startup.connect_socket_mode(app, settings.slack_app_token) if socket_mode else None
    try:
        run_web(web_app(routes), host, port)
    except OSError as exc:  # run_web binds first: a port in use or an unknown host
        fail(f"Cannot listen on {host}:{port} ({exc.strerror or exc}): choose another --port or $PORT.")
    finally:
        if handler is not None:
            handler.close()


@click.command()
@click.pass_context
def start(ctx: click.Context) -> None:
    """What `make run` starts: the bot for the chat services whose credentials are set (Teams, Slack, or
    both in one process), else the terminal chat."""
    settings = Settings.from_env()
    teams = TeamsSettings.from_env().configured
    slack = bool(settings.slack_app_token or settings.slack_bot_token or settings.slack_signing_secret)
    if teams or slack:
        ctx.invoke(serve, teams_mode=teams, http_mode=slack and not settings.slack_app_token)
    else:
        ctx.invoke(chat)


def open_guide(settings: Settings, every: float) -> Guide:
    """The engine and the question log for a bot, watching the corpus every ``every`` seconds (0: never),
    retrying each answer for GUIDEBOT_DELIVERY_SECONDS."""
    deadline = seconds_setting("GUIDEBOT_DELIVERY_SECONDS", os.environ.get("GUIDEBOT_DELIVERY_SECONDS", "").strip()
                               or str(delivery.DEFAULT_SECONDS), "how long an answer the chat service refuses is retried")
    engine = open_engine(None, None)
    try:
        log = LogStore.open(settings.log_path)
    except LogUnavailable as exc:
        fail(f"{exc}: set GUIDEBOT_LOG to a writable file.")
    guide = Guide(engine, log, settings.contact, delivery_seconds=deadline)
    if every:
        guide.watch(settings.corpus_dir, every)
    return guide


def seconds_setting(name: str, raw: str, meaning: str) -> float:
    """A setting that is a number of seconds, or a clean exit naming it."""
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        fail(f"{name} must be a number of seconds ({meaning}), not {raw!r}.")
    return seconds


def quiet_teams_logs(teams: TeamsSettings) -> None:
    """Keep the Teams SDK's per-request logging out, and say how requests are checked."""
    for noisy in ("microsoft_teams", "httpx", "msal"):  # the SDK logs each request; we log what matters
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # A refused token is logged once, as a warning, by the SDK's server; its validator repeats it as an error.
    logging.getLogger("microsoft_teams.apps.auth").setLevel(logging.CRITICAL)
    if teams.unauthenticated:
        logger.warning("GUIDEBOT_TEAMS_UNAUTHENTICATED=1: accepting Activities without a token (loopback test mode)")
    else:
        logger.info("Teams app %s of tenant %s: every request's Bot Framework token is validated",
                    teams.client_id, teams.tenant_id)


def fail(message: str) -> NoReturn:
    """Exit with status 1 and ``Error: message`` on stderr, no traceback."""
    raise click.ClickException(message) from None
