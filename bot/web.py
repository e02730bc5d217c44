"""The one web process: an ASGI app serving the front ends' routes plus GET /healthz, run under uvicorn."""

from __future__ import annotations

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import BaseRoute, Route

HEALTH_PATH = "/healthz"


async def _health(request: Request) -> PlainTextResponse:
    return PlainTextResponse("ok")


def web_app(routes: list[BaseRoute]) -> Starlette:
    """A Starlette app with ``routes`` and ``GET /healthz`` → ``ok``."""
    return Starlette(routes=[*routes, Route(HEALTH_PATH, _health, methods=["GET"])])


def run_web(app: Starlette, host: str, port: int) -> None:
    """Serve ``app`` with uvicorn until interrupted."""
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
