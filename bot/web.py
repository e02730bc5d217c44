"""The one web server of HTTP mode: every front end's Starlette routes, plus ``GET /healthz``, under uvicorn.

uvicorn serves each connection on an event loop, so connections that stall
cost a little memory, not a thread. Sized for bursts: a listen backlog of
BACKLOG connections waiting to be accepted, and up to MAX_CONNECTIONS open
at once (more are answered 503); the open-file limit is raised to fit.
"""

from __future__ import annotations

import logging
import socket
from typing import Sequence

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import BaseRoute, Route

logger = logging.getLogger("guidebot.web")

HEALTH_PATH = "/healthz"
BACKLOG = 2048
MAX_CONNECTIONS = 2000
KEEP_ALIVE_SECONDS = 5


async def healthz(request: Request) -> PlainTextResponse:
    return PlainTextResponse("ok")


def web_app(routes: Sequence[BaseRoute]) -> Starlette:
    """A Starlette app serving ``routes`` and ``GET /healthz`` (answers ``ok``)."""
    return Starlette(routes=[*routes, Route(HEALTH_PATH, healthz, methods=["GET"])])


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` and listening with BACKLOG; OSError when that is impossible."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(BACKLOG)
    except OSError:
        sock.close()
        raise
    return sock


def web_server(app: Starlette) -> uvicorn.Server:
    """The uvicorn server for ``app``; it logs through the logging the process set up, no access log."""
    _raise_open_file_limit(MAX_CONNECTIONS + 256)
    config = uvicorn.Config(app, backlog=BACKLOG, limit_concurrency=MAX_CONNECTIONS, timeout_keep_alive=KEEP_ALIVE_SECONDS,
                            log_config=None, log_level="warning", access_log=False, lifespan="off", server_header=False)
    return uvicorn.Server(config)


def run_web(app: Starlette, host: str, port: int) -> None:
    """Serve ``app`` on ``host:port`` until interrupted; OSError when the port cannot be listened on."""
    sock = listen(host, port)
    paths = ", ".join(route.path for route in app.routes if hasattr(route, "path"))
    logger.info("serving http://%s:%d (%s)", host, port, paths)
    try:
        web_server(app).run(sockets=[sock])
    finally:
        sock.close()


def _raise_open_file_limit(wanted: int) -> None:
    try:
        import resource  # POSIX only
    except ImportError:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted if hard == resource.RLIM_INFINITY else min(wanted, hard), hard))
