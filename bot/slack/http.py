"""HTTP mode: Slack's signed requests at /slack/events, checked here, then handed to bolt's Starlette adapter.

Nothing reaches bolt before its Slack signature is checked, nor a replay of
a request already taken (same signature and timestamp), nor a body that is
not the JSON object or form Slack sends; bodies and headers are never
logged. bolt's dispatch runs on a worker thread (it waits up to 3 s for a
slash command's ack), so the event loop keeps accepting connections.
"""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from slack_bolt.request.internals import parse_body
from slack_sdk.signature import SignatureVerifier
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from bot.inbound import SeenEvents

logger = logging.getLogger("guidebot.slack")

PATH = "/slack/events"
MAX_BODY = 1 << 20  # Slack's payloads are a few kilobytes
SIGNATURE_SECONDS = 5 * 60  # how old a signed request may be; a replay within it is dropped


def slack_routes(app: App, signing_secret: str) -> list[BaseRoute]:
    """The route serving Slack's events, slash commands and interactivity with ``app``."""
    verifier, seen = SignatureVerifier(signing_secret), SeenEvents(ttl_seconds=SIGNATURE_SECONDS + 60)

    async def slack_events(request: Request) -> Response:
        if _declared_length(request) > MAX_BODY:
            return PlainTextResponse("payload too large", status_code=413, headers={"Connection": "close"})
        body = await request.body()
        signature = request.headers.get("x-slack-signature")
        if not _signed_by_slack(verifier, body, request.headers.get("x-slack-request-timestamp"), signature):
            client = request.client.host if request.client else "?"
            logger.info("rejected a request with an invalid signature from %s", client)
            return PlainTextResponse("invalid signature", status_code=401)
        if not seen.first_time(signature):
            logger.info("ignoring a replayed request (its signature was already taken)")
            return Response(status_code=200)
        content_type = request.headers.get("content-type", "").split(";")[0].strip()
        try:
            text = body.decode("utf-8")
            parsed = parse_body(text, content_type)
        except ValueError:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
            parsed = None
        if not isinstance(parsed, dict):  # signed, yet not the JSON object or form Slack sends
            return PlainTextResponse("malformed body", status_code=400)
        response = await run_in_threadpool(app.dispatch, to_bolt_request(request, body))
        return to_starlette_response(response)

    return [Route(PATH, slack_events, methods=["POST"])]


def _declared_length(request: Request) -> int:
    try:
        return int(request.headers.get("content-length") or 0)
    except ValueError:
        return 0  # h11 refuses such a request before it gets here


def _signed_by_slack(verifier: SignatureVerifier, body: bytes, timestamp: str | None, signature: str | None) -> bool:
    """True when the headers carry Slack's signature of ``body``, made in the last 5 minutes."""
    try:
        return verifier.is_valid(body, timestamp, signature)
    except (ValueError, TypeError):  # a timestamp that is no number, a body that is no UTF-8, a non-ASCII signature
        return False
