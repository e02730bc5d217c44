"""POST /api/messages as a Starlette route: the Teams SDK's own endpoint (token validation, routing) mounted in our web app.

The SDK takes an HTTP adapter for whichever framework serves it; ours hands
its one route to ``bot.web``, so Slack, Teams and /healthz share a process.
Before the SDK sees a request its body must be a JSON object of at most
1 MB; after the SDK has validated the token, an Activity that does not
parse is refused with 400, and with the test switch on, one whose
``serviceUrl`` is not on loopback with 403 (the bot would post there).
"""

from __future__ import annotations

import asyncio
import json
import logging
from urllib.parse import urlsplit

from microsoft_teams.api import ActivityTypeAdapter, InvokeResponse
from microsoft_teams.api.auth.cloud_environment import PUBLIC, with_overrides
from microsoft_teams.apps import App
from microsoft_teams.apps.http.adapter import HttpRequest, HttpResponse, HttpRouteHandler
from microsoft_teams.common import Client, ClientOptions
from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from bot.guide import Guide
from bot.teams.app import register_handlers
from bot.teams.config import TeamsSettings, is_loopback
from bot.teams.retry import ConnectorRetry

logger = logging.getLogger("guidebot.teams")

PATH = "/api/messages"
MAX_BODY = 1 << 20  # Activities are a few kilobytes
REPLY_TIMEOUT = 15  # seconds for one call to the Bot Connector


class RouteAdapter:
    """The Teams SDK's HttpServerAdapter protocol, keeping the handler the SDK registers for us to mount."""

    def __init__(self) -> None:
        self.handler: HttpRouteHandler | None = None

    def register_route(self, method: str, path: str, handler: HttpRouteHandler) -> None:
        if method != "POST" or path != PATH:
            raise ValueError(f"the Teams bot serves only POST {PATH}, not {method} {path}")
        self.handler = handler

    def serve_static(self, path: str, directory: str) -> None:
        raise NotImplementedError("the Teams bot serves no static files")

    async def start(self, port: int) -> None:
        raise NotImplementedError("bot.web runs the server")

    async def stop(self) -> None:
        return None


def teams_app(guide: Guide, settings: TeamsSettings) -> tuple[App, RouteAdapter]:
    """The SDK app with our handlers, replies retried, and the endpoints ``settings`` names."""
    cloud = with_overrides(
        PUBLIC,
        openid_metadata_url=settings.openid_url or None,
        login_endpoint=settings.login_url.rstrip("/") or None,
    )
    client = Client(ClientOptions(timeout=REPLY_TIMEOUT))
    client.use(ConnectorRetry())
    adapter = RouteAdapter()
    credentials = {} if settings.unauthenticated else {
        "client_id": settings.client_id, "client_secret": settings.client_secret, "tenant_id": settings.tenant_id}
    app = App(**credentials, http_server_adapter=adapter, cloud=cloud, client=client,
              dangerously_allow_unauthenticated_requests=settings.unauthenticated, state=False)
    register_handlers(app, guide)
    return app, adapter


def teams_routes(guide: Guide, settings: TeamsSettings) -> list[BaseRoute]:
    """``POST /api/messages`` answering Bot Framework Activities, for ``bot.web.web_app``."""
    app, adapter = teams_app(guide, settings)
    ready = asyncio.Lock()

    async def handler() -> HttpRouteHandler:
        async with ready:
            if adapter.handler is None:
                await app.initialize()
                app.server.on_request = _checked(app.server.on_request, settings.unauthenticated)
        return adapter.handler

    async def messages(request: Request) -> Response:
        body = await _activity_body(request)
        if isinstance(body, Response):
            return body
        result: HttpResponse = await (await handler())(HttpRequest(body=body, headers=dict(request.headers)))
        if result.get("body") is None:
            return Response(status_code=result["status"])
        return JSONResponse(result["body"], status_code=result["status"])

    return [Route(PATH, messages, methods=["POST"])]


async def _activity_body(request: Request) -> dict | Response:
    """The request's JSON object, or the refusal: 413 when too large, 400 when it is not an Activity's shape."""
    try:
        declared = int(request.headers.get("content-length") or 0)
    except ValueError:
        return _refuse(400, "bad Content-Length")
    if declared > MAX_BODY:
        return _refuse(413, "payload too large")
    raw = await request.body()
    if len(raw) > MAX_BODY:
        return _refuse(413, "payload too large")
    try:
        body = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return _refuse(400, "the body is not JSON")
    if not isinstance(body, dict) or not isinstance(body.get("type"), str) \
            or not isinstance(body.get("serviceUrl", ""), str) or not isinstance(body.get("id", ""), str):
        return _refuse(400, "the body is not an Activity")
    return body


def _checked(process, unauthenticated: bool):
    """Wrap the SDK's activity processing: 400 for an Activity that does not parse, 200 and nothing done for
    one of a kind the SDK does not know (an invoke or event name, a type), 403 for a foreign serviceUrl in
    the loopback test mode."""
    async def on_request(event):
        activity = event.body.model_dump(by_alias=True, exclude_none=True)
        try:
            ActivityTypeAdapter.validate_python(activity)
        except ValidationError as exc:
            kind = str(activity.get("type"))[:32]
            if all(error["type"] == "union_tag_invalid" for error in exc.errors()):
                logger.info("ignored a Teams %s Activity of a kind the bot does not handle", kind)
                return InvokeResponse(status=200)
            where = ".".join(str(part) for part in exc.errors()[0]["loc"])[:120]
            logger.info("refused a malformed %s Activity (%d problems, the first at %s)", kind, exc.error_count(), where)
            return InvokeResponse(status=400, body={"error": "malformed Activity"})
        if unauthenticated and not is_loopback(urlsplit(activity.get("serviceUrl") or "").hostname):
            logger.warning("refused an Activity whose serviceUrl is not on loopback (test mode)")
            return InvokeResponse(status=403, body={"error": "serviceUrl must be on loopback in test mode"})
        return await process(event)

    return on_request


def _refuse(status: int, reason: str) -> Response:
    logger.info("refused a request to %s: %s", PATH, reason)
    return JSONResponse({"error": reason}, status_code=status)
