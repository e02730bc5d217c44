"""`guidebot serve` (the Slack bot, Socket Mode or HTTP) and `guidebot report` (what the bot could not answer)."""

from __future__ import annotations

import logging
import os
import signal
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import NoReturn

import click
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.error import BoltError
from slack_sdk.errors import SlackApiError, SlackClientError

from bot import delivery
from bot.config import Settings
from bot.engine.tokens import printable
from bot.logstore import Incident, LogStore, LogUnavailable, ReportLine
from bot.guide import Guide
from bot.slack.app import build_app
from bot.slack.client import web_client
from bot.slack.http import slack_routes
from bot.web import run_web, web_app

WORKERS = 32  # listener threads: an answer waiting out Slack's rate limit holds one
# Socket Mode: ping Slack every PING_SECONDS; a connection without a pong for 4 pings is
# replaced, and a dropped one (5 pings that fail) is reconnected at the next ping: about 8 s in all.
PING_SECONDS = 1.5
logger = logging.getLogger("guidebot.slack")


@click.command()
@click.option("--http", "http_mode", is_flag=True, help="Serve Slack's HTTP requests at /slack/events, not Socket Mode.")
@click.option("--port", default=lambda: os.environ.get("PORT", "3000"), show_default="$PORT or 3000",
              type=click.IntRange(0, 65535), help="HTTP port.")
@click.option("--host", default="0.0.0.0", show_default=True, help="HTTP address to listen on.")
def serve(http_mode: bool, port: int, host: str) -> None:
    """Run the Slack bot: Socket Mode with SLACK_APP_TOKEN, or HTTP with --http."""
    settings = Settings.from_env()
    check_credentials(settings, http_mode)
    every = reload_interval(settings.reload_seconds)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("slack_sdk").setLevel(logging.WARNING)  # our own handlers log retries
    # bolt checks the signature again after the server does, and logs a failure (say, a timestamp that
    # turned 5 minutes old in between) with the whole body, tokens included, at INFO: keep that out.
    logging.getLogger("slack_bolt.RequestVerification").setLevel(logging.WARNING)
    # bolt warns that $SLACK_BOT_TOKEN goes unused when given a client: it is the client's own token.
    logging.getLogger("slack_bolt.App").addFilter(lambda record: "`token` will be unused" not in record.getMessage())
    client = web_client(settings.slack_bot_token, settings.slack_api_url)
    verify(client.auth_test, "SLACK_BOT_TOKEN", settings.slack_api_url)
    if not http_mode:
        verify(partial(client.apps_connections_open, app_token=settings.slack_app_token), "SLACK_APP_TOKEN",
               settings.slack_api_url)

    guide = open_guide(settings, every)
    try:
        app = build_app(client, settings.slack_signing_secret, guide, ThreadPoolExecutor(WORKERS, "guidebot"))
    except (BoltError, SlackClientError, OSError) as exc:
        fail(f"Could not start the Slack app: {exc}")
    if http_mode:
        run_http(app, settings.slack_signing_secret, host, port)
    else:
        run_socket_mode(app, settings.slack_app_token)


def open_guide(settings: Settings, every: float) -> Guide:
    """The engine and the question log for a bot, watching the corpus every ``every`` seconds (0: never),
    retrying each answer for GUIDEBOT_DELIVERY_SECONDS."""
    from bot.cli import open_engine  # bot.cli imports this module

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


def reload_interval(raw: str) -> float:
    """GUIDEBOT_RELOAD_SECONDS as seconds (0: never look for corpus changes)."""
    return seconds_setting("GUIDEBOT_RELOAD_SECONDS", raw, "0 to never reload the corpus")


def seconds_setting(name: str, raw: str, meaning: str) -> float:
    """A setting that is a number of seconds, or a clean exit naming it."""
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        fail(f"{name} must be a number of seconds ({meaning}), not {raw!r}.")
    return seconds


def check_credentials(settings: Settings, http_mode: bool) -> None:
    """Refuse to start, naming the variable, when a credential is missing or of the wrong kind."""
    bot, app, secret = settings.slack_bot_token, settings.slack_app_token, settings.slack_signing_secret
    if not bot:
        fail("SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-…) from your Slack app's "
             "OAuth & Permissions page into the environment or .env.")
    if not bot.startswith("xoxb-"):
        fail("SLACK_BOT_TOKEN must be a bot token starting with xoxb- (OAuth & Permissions → Bot User OAuth Token).")
    if not app and not secret:
        fail("Neither SLACK_APP_TOKEN nor SLACK_SIGNING_SECRET is set: set SLACK_APP_TOKEN, an app-level token "
             "(xapp-…) with connections:write (Basic Information → App-Level Tokens), for Socket Mode; or "
             "SLACK_SIGNING_SECRET (Basic Information → Signing Secret) for HTTP mode (`guidebot serve --http`).")
    if http_mode and not secret:
        fail("SLACK_SIGNING_SECRET is not set: HTTP mode needs it to verify Slack's requests "
             "(Basic Information → Signing Secret).")
    if not http_mode and not app:
        fail("SLACK_APP_TOKEN is not set: Socket Mode needs an app-level token (xapp-…) with connections:write "
             "(Basic Information → App-Level Tokens). Or run `guidebot serve --http` with SLACK_SIGNING_SECRET.")
    if not http_mode and not app.startswith("xapp-"):
        fail("SLACK_APP_TOKEN must be an app-level token starting with xapp- (Basic Information → App-Level Tokens).")


def fail(message: str) -> NoReturn:
    """Exit with status 1 and ``Error: message`` on stderr, no traceback."""
    raise click.ClickException(message)


def verify(call, variable: str, api_url: str) -> None:
    """Make one Web API call to check a credential; failures become a clean exit naming the variable."""
    try:
        call()
    except SlackApiError as exc:
        error = exc.response.get("error") if isinstance(exc.response.data, dict) else "unexpected response"
        fail(f"Slack rejected {variable} ({error}): check its value in the environment or .env.")
    except (OSError, SlackClientError) as exc:  # URLError is an OSError
        reason = getattr(exc, "reason", None) or exc
        fail(f"Cannot reach the Slack Web API at {api_url} to check {variable} ({reason}): "
             "check the network and proxy, or SLACK_API_URL.")


def run_http(app, signing_secret: str, host: str, port: int) -> None:
    try:
        run_web(web_app(slack_routes(app, signing_secret)), host, port)
    except OSError as exc:
        fail(f"Cannot listen on {host}:{port} ({exc.strerror or exc}): choose another --port or $PORT.")


def run_socket_mode(app, app_token: str) -> None:
    handler = SocketModeHandler(app, app_token, ping_interval=PING_SECONDS)
    try:
        handler.connect()
    except (SlackClientError, OSError) as exc:
        fail(f"Could not open a Socket Mode connection with SLACK_APP_TOKEN ({exc}).")
    if not handler.client.is_connected():
        handler.close()
        fail("Slack accepted SLACK_APP_TOKEN but the Socket Mode WebSocket could not be opened: "
             "check that the network and any proxy allow WebSocket (wss://) connections to Slack.")
    logger.info("connected to Slack in Socket Mode")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())  # a platform's stop, as Ctrl-C: exit cleanly
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    handler.close()
    logger.info("disconnected from Slack; answers being sent are finished before the bot exits")


@click.command()
@click.option("--log", "log_path", type=click.Path(path_type=Path),
              help="Question log (default: $GUIDEBOT_LOG or index/questions-log.sqlite).")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10_000), help="Questions per list.")
def report(log_path: Path | None, limit: int) -> None:
    """List the unanswered and 👎 questions, most frequent first, for the guideline owners."""
    path = log_path or Settings.from_env().log_path
    if not path.exists():
        fail(f"No question log at {path}: `guidebot serve` writes it as staff ask questions.")
    try:
        log = LogStore(path, salt=b"", read_only=True)  # no user ids to hash
    except LogUnavailable as exc:
        fail(f"{exc}: give --log the question log `guidebot serve` writes (GUIDEBOT_LOG).")
    try:
        sections = [("回答できなかった質問（多い順）", [_report_line(line) for line in log.unanswered(limit)]),
                    ("👎 がついた回答（多い順）", [_report_line(line) for line in log.disliked(limit)]),
                    ("届かなかった回答（新しい順）", [_incident_line(i) for i in log.undelivered(limit)]),
                    ("エラーで答えられなかった質問（新しい順）", [_incident_line(i) for i in log.failures(limit)])]
    finally:
        log.close()
    for title, lines in sections:
        click.echo(f"■ {title}")
        click.echo("\n".join(lines) if lines else "  （なし）")
        click.echo()


def _shown(question: str) -> str:
    question = " ".join(printable(question).split())  # as logged: escape sequences must not reach the terminal
    return question if len(question) <= 80 else question[:80] + "…"


def _report_line(line: ReportLine) -> str:
    cited = f"  → {line.clause_id}" if line.clause_id else ""
    return f"  {line.count:>4}回  {line.last[:10]}  {_shown(line.question)}{cited}"


def _incident_line(incident: Incident) -> str:
    when = incident.time[:19].replace("T", " ")
    return f"  {when}  {incident.surface:<7}  {_shown(incident.question)}\n      ({' '.join(printable(incident.reason).split())})"
