"""Starting the Slack bot: the credentials checked (by their form, then with Slack), the bolt app for a Guide,
and the Socket Mode connection.

A start that cannot go on raises CannotStart with the one line that names the variable and what to do.
"""

from __future__ import annotations

import logging
import signal
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import partial

from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.error import BoltError
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.config import Settings
from bot.guide import Guide
from bot.slack import CannotStart
from bot.slack.app import build_app
from bot.slack.client import web_client

WORKERS = 32  # listener threads: an answer waiting out Slack's rate limit holds one
# Socket Mode: ping Slack every PING_SECONDS; a connection without a pong for 4 pings is
# replaced, and a dropped one (5 pings that fail) is reconnected at the next ping: about 8 s in all.
PING_SECONDS = 1.5
logger = logging.getLogger("guidebot.slack")


def slack_app(settings: Settings, http_mode: bool):
    """Check the Slack credentials with Slack; returns a maker of the bolt app for a Guide."""
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

    def make(guide: Guide):
        try:
            return build_app(client, settings.slack_signing_secret, guide, ThreadPoolExecutor(WORKERS, "guidebot"))
        except (BoltError, SlackClientError, OSError) as exc:
            raise CannotStart(f"Could not start the Slack app: {exc}") from None

    return make


def check_credentials(settings: Settings, http_mode: bool) -> None:
    """Refuse to start, naming the variable, when a credential is missing or of the wrong kind."""
    bot, app, secret = settings.slack_bot_token, settings.slack_app_token, settings.slack_signing_secret
    if not bot:
        raise CannotStart("SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-…) from your Slack app's "
                          "OAuth & Permissions page into the environment or .env.")
    if not bot.startswith("xoxb-"):
        raise CannotStart("SLACK_BOT_TOKEN must be a bot token starting with xoxb- (OAuth & Permissions → Bot User OAuth Token).")
    if not app and not secret:
        raise CannotStart("Neither SLACK_APP_TOKEN nor SLACK_SIGNING_SECRET is set: set SLACK_APP_TOKEN, an app-level token "
                          "(xapp-…) with connections:write (Basic Information → App-Level Tokens), for Socket Mode; or "
                          "SLACK_SIGNING_SECRET (Basic Information → Signing Secret) for HTTP mode (`guidebot serve --http`).")
    if http_mode and not secret:
        raise CannotStart("SLACK_SIGNING_SECRET is not set: HTTP mode needs it to verify Slack's requests "
                          "(Basic Information → Signing Secret).")
    if not http_mode and not app:
        raise CannotStart("SLACK_APP_TOKEN is not set: Socket Mode needs an app-level token (xapp-…) with connections:write "
                          "(Basic Information → App-Level Tokens). Or run `guidebot serve --http` with SLACK_SIGNING_SECRET.")
    if not http_mode and not app.startswith("xapp-"):
        raise CannotStart("SLACK_APP_TOKEN must be an app-level token starting with xapp- (Basic Information → App-Level Tokens).")


def verify(call, variable: str, api_url: str) -> None:
    """Make one Web API call to check a credential; failures become a CannotStart naming the variable."""
    try:
        call()
    except SlackApiError as exc:
        error = exc.response.get("error") if isinstance(exc.response.data, dict) else "unexpected response"
        raise CannotStart(f"Slack rejected {variable} ({error}): check its value in the environment or .env.") from None
    except (OSError, SlackClientError) as exc:  # URLError is an OSError
        reason = getattr(exc, "reason", None) or exc
        raise CannotStart(f"Cannot reach the Slack Web API at {api_url} to check {variable} ({reason}): "
                          "check the network and proxy, or SLACK_API_URL.") from None


def connect_socket_mode(app, app_token: str) -> SocketModeHandler:
    """A connected Socket Mode handler (it runs in threads of its own), or a CannotStart saying why not."""
    handler = SocketModeHandler(app, app_token, ping_interval=PING_SECONDS)
    try:
        handler.connect()
    except (SlackClientError, OSError) as exc:
        raise CannotStart(f"Could not open a Socket Mode connection with SLACK_APP_TOKEN ({exc}).") from None
    if not handler.client.is_connected():
        handler.close()
        raise CannotStart("Slack accepted SLACK_APP_TOKEN but the Socket Mode WebSocket could not be opened: "
                          "check that the network and any proxy allow WebSocket (wss://) connections to Slack.")
    logger.info("connected to Slack in Socket Mode")
    return handler


def run_socket_mode(app, app_token: str) -> None:
    """Serve Slack over Socket Mode until SIGTERM or Ctrl-C."""
    handler = connect_socket_mode(app, app_token)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())  # a platform's stop, as Ctrl-C: exit cleanly
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    handler.close()
    logger.info("disconnected from Slack; answers being sent are finished before the bot exits")
