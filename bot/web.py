"""The one web process: an ASGI app serving the front ends' routes plus GET /healthz, run under uvicorn."""

from __future__ import annotations

import socket

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
    """Serve ``app`` with uvicorn until interrupted; OSError when ``host:port`` cannot be listened on."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    config = uvicorn.Config(app, log_level="warning", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])
