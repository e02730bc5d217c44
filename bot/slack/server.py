"""HTTP mode: a small threaded stdlib server handing Slack's requests at /slack/events to bolt."""

from __future__ import annotations

import logging
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from slack_bolt import App, BoltRequest

logger = logging.getLogger("guidebot.slack")

PATH = "/slack/events"
HEALTH_PATH = "/healthz"
MAX_BODY = 1 << 20  # Slack's payloads are a few kilobytes


class SlackRequestHandler(BaseHTTPRequestHandler):
    """POST /slack/events (events, commands, interactivity) goes to bolt; GET /healthz says ok."""

    server: "SlackServer"
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if url.path != PATH:
            self._send(404, b"not found")
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._send(413, b"payload too large")
            return
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        headers = {key.lower(): value for key, value in self.headers.items()}
        response = self.server.app.dispatch(BoltRequest(body=body, query=url.query, headers=headers))
        content_type = (response.headers.get("content-type") or ["text/plain;charset=utf-8"])[0]
        self._send(response.status, (response.body or "").encode("utf-8"), content_type)

    def do_GET(self) -> None:
        if urlsplit(self.path).path == HEALTH_PATH:
            self._send(200, b"ok")
        else:
            self._send(404, b"not found")

    def _send(self, status: int, body: bytes, content_type: str = "text/plain;charset=utf-8") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:
        logger.debug("%s %s", self.address_string(), format % args)


class SlackServer(ThreadingHTTPServer):
    """One thread per request; bolt runs the listeners on its own executor."""

    daemon_threads = True

    def __init__(self, app: App, host: str, port: int):
        self.app = app
        super().__init__((host, port), SlackRequestHandler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}{PATH}"
