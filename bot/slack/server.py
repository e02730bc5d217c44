"""HTTP mode: a small threaded stdlib server handing Slack's signed requests at /slack/events to bolt."""

from __future__ import annotations

import logging
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from slack_bolt import App, BoltRequest
from slack_sdk.signature import SignatureVerifier

logger = logging.getLogger("guidebot.slack")

PATH = "/slack/events"
HEALTH_PATH = "/healthz"
MAX_BODY = 1 << 20  # Slack's payloads are a few kilobytes


class SlackRequestHandler(BaseHTTPRequestHandler):
    """POST /slack/events (events, commands, interactivity) goes to bolt; GET /healthz says ok.

    Nothing reaches bolt before its Slack signature is checked, nor a body that
    does not parse; bodies and headers are never logged.
    """

    server: "SlackServer"
    protocol_version = "HTTP/1.1"
    timeout = 30  # seconds a client may stall mid-request before its thread is freed

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if url.path != PATH:
            self._send(404, b"not found")
            return
        body = self._signed_body()
        if body is None:
            return
        headers = {key.lower(): value for key, value in self.headers.items()}
        try:
            request = BoltRequest(body=body.decode("utf-8"), query=url.query, headers=headers)
        except ValueError:  # signed, yet not the JSON or form Slack sends
            self._send(400, b"malformed body")
            return
        response = self.server.app.dispatch(request)
        content_type = (response.headers.get("content-type") or ["text/plain;charset=utf-8"])[0]
        self._send(response.status, (response.body or "").encode("utf-8"), content_type)

    def do_GET(self) -> None:
        if urlsplit(self.path).path == HEALTH_PATH:
            self._send(200, b"ok")
        else:
            self._send(404, b"not found")

    def _signed_body(self) -> bytes | None:
        """The request body if Slack signed it; else None, the refusal sent (400, 413 or 401)."""
        length = self._content_length()
        if length is None:
            self._send(400, b"bad Content-Length", close=True)
            return None
        if length > MAX_BODY:
            self._send(413, b"payload too large", close=True)
            return None
        body = self.rfile.read(length)
        if not self._signed_by_slack(body):
            logger.info("rejected a request with an invalid signature from %s", self.address_string())
            self._send(401, b"invalid signature")
            return None
        return body

    def _content_length(self) -> int | None:
        """The declared body length, or None when it is not a number of bytes."""
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            return None
        return length if length >= 0 else None

    def _signed_by_slack(self, body: bytes) -> bool:
        """True when the headers carry Slack's signature of ``body``, made in the last 5 minutes."""
        timestamp = self.headers.get("X-Slack-Request-Timestamp")
        signature = self.headers.get("X-Slack-Signature")
        try:
            return self.server.verifier.is_valid(body, timestamp, signature)
        except (ValueError, TypeError):  # a timestamp that is no number, a body that is no UTF-8, a non-ASCII signature
            return False

    def _send(self, status: int, body: bytes, content_type: str = "text/plain;charset=utf-8",
              close: bool = False) -> None:
        """Send a response; ``close`` when the request body was left unread, so it is not taken for a next request."""
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if close:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:
        logger.debug("%s %s", self.address_string(), format % args)


class SlackServer(ThreadingHTTPServer):
    """One thread per request; bolt runs the listeners on its own executor."""

    daemon_threads = True

    def __init__(self, app: App, signing_secret: str, host: str, port: int):
        self.app = app
        self.verifier = SignatureVerifier(signing_secret)
        super().__init__((host, port), SlackRequestHandler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}{PATH}"
