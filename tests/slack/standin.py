"""A stand-in for Slack on loopback: the Web API methods the bot calls, and response_urls.

It records every call, answers ``auth.test`` for one bot token, and can be
told to rate-limit the next calls of a method, so tests see exactly what the
bot sent over HTTP.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

BOT_TOKEN = "xoxb-test-bot-token-1234567890"
APP_TOKEN = "xapp-test-app-token-1234567890"
BOT_USER_ID, BOT_ID, TEAM_ID = "UBOT", "BBOT", "T0001"


@dataclass(frozen=True)
class Call:
    """One request the bot made: ``method`` is the API method, or ``response`` for a response_url."""

    method: str
    params: dict
    path: str


class StandInSlack:
    def __init__(self):
        self.calls: list[Call] = []
        self._lock = threading.Lock()
        self._rate_limited: dict[str, int] = {}
        self._refusals: dict[str, str] = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def api_url(self) -> str:
        return f"{self.base}/api/"

    def response_url(self, name: str) -> str:
        return f"{self.base}/response/{name}"

    def rate_limit(self, method: str, times: int = 1) -> None:
        """Answer the next ``times`` calls of ``method`` with 429 and Retry-After: 0."""
        self._rate_limited[method] = times

    def refuse(self, method: str, error: str) -> None:
        """Answer the next call of ``method`` with ``{"ok": false, "error": error}``."""
        with self._lock:
            self._refusals[method] = error

    def posts(self, method: str) -> list[dict]:
        with self._lock:
            return [c.params for c in self.calls if c.method == method]

    def responses(self, name: str | None = None) -> list[dict]:
        """Messages posted to response_urls (to the one called ``name``, if given)."""
        with self._lock:
            return [c.params for c in self.calls if c.method == "response" and (name is None or c.path.endswith(f"/{name}"))]

    def wait_for(self, predicate, timeout: float = 15.0):
        """Poll until ``predicate()`` returns something truthy; return it, or fail at the deadline."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if result := predicate():
                return result
            time.sleep(0.02)
        raise AssertionError(f"timed out after {timeout} s; calls so far: {[c.method for c in self.calls]}")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _record(self, call: Call) -> None:
        with self._lock:
            self.calls.append(call)

    def _take_refusal(self, method: str) -> str | None:
        with self._lock:
            return self._refusals.pop(method, None)

    def _take_rate_limit(self, method: str) -> bool:
        with self._lock:
            if self._rate_limited.get(method, 0) > 0:
                self._rate_limited[method] -= 1
                return True
            return False


def _handler(slack: StandInSlack):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
            if "json" in (self.headers.get("Content-Type") or ""):
                params = json.loads(raw or "{}")
            else:
                params = dict(parse_qsl(raw))
            if self.path.startswith("/response/"):
                slack._record(Call("response", params, self.path))
                return self._send(200, "ok", "text/plain")
            method = self.path.removeprefix("/api/").split("?")[0]
            slack._record(Call(method, params, self.path))
            if slack._take_rate_limit(method):
                return self._send(429, json.dumps({"ok": False, "error": "ratelimited"}), headers={"Retry-After": "0"})
            if error := slack._take_refusal(method):
                return self._send(200, json.dumps({"ok": False, "error": error}))
            token = (self.headers.get("Authorization") or "").removeprefix("Bearer ") or params.get("token", "")
            return self._send(200, json.dumps(_answer(method, token, params)))

        def _send(self, status, body, content_type="application/json", headers=None):
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    return Handler


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answer(method: str, token: str, params: dict) -> dict:
    if method == "apps.connections.open":
        # No WebSocket server here: the URL points at a port nothing listens on.
        return {"ok": True, "url": f"ws://127.0.0.1:{_closed_port()}/"} if token == APP_TOKEN else {"ok": False, "error": "invalid_auth"}
    if token != BOT_TOKEN:
        return {"ok": False, "error": "invalid_auth"}
    if method == "auth.test":
        return {"ok": True, "url": "https://test.slack.com/", "team": "Test", "user": "guidebot", "team_id": TEAM_ID,
                "user_id": BOT_USER_ID, "bot_id": BOT_ID, "is_enterprise_install": False}
    if method in ("chat.postMessage", "chat.postEphemeral"):
        return {"ok": True, "channel": params.get("channel"), "ts": f"{time.time():.6f}", "message": {"text": params.get("text")}}
    return {"ok": False, "error": "unknown_method"}
