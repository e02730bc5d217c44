"""A stand-in for Slack's Web API on loopback, for the tests and `guidebot bench --http`.

``StandInSlack`` serves the Web API methods the bot calls and response_urls:
it records every call, answers ``auth.test`` for one bot token, and can be
told to refuse the next calls of a method (HTTP 429 with Retry-After, 5xx,
or ``ok: false``). Its Socket Mode WebSocket is ``bot.slack.standin_socket``;
what Slack sends the bot is built by ``bot.slack.standin_requests``. Nothing
here is used by the running bot.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

from bot.loopback import QuietHandler, serve_on_loopback, wait_for

if TYPE_CHECKING:
    from bot.slack.standin_socket import StandInSocketMode

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
    """Slack's Web API and response_urls on loopback, recording every call (see the module's docstring)."""

    def __init__(self):
        self.calls: list[Call] = []
        self.socket_mode: StandInSocketMode | None = None  # where apps.connections.open points, once attached
        self._lock = threading.Lock()
        self._failures: dict[str, list[tuple[int, str | None]]] = {}
        self._refusals: dict[str, str] = {}
        self.server = serve_on_loopback(_handler(self))

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def api_url(self) -> str:
        return f"{self.base}/api/"

    def response_url(self, name: str) -> str:
        return f"{self.base}/response/{name}"

    def fail(self, method: str, *statuses: int, retry_after: str | None = "0") -> None:
        """Answer the next calls of ``method`` (``response`` for response_urls) with these HTTP statuses,
        one each; a 429 carries ``Retry-After: retry_after``."""
        with self._lock:
            self._failures.setdefault(method, []).extend((status, retry_after) for status in statuses)

    def rate_limit(self, method: str, times: int = 1) -> None:
        """Answer the next ``times`` calls of ``method`` with 429 and Retry-After: 0."""
        self.fail(method, *[429] * times)

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
        return wait_for(predicate, timeout, lambda: f"calls so far: {[c.method for c in self.calls]}")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _record(self, call: Call) -> None:
        with self._lock:
            self.calls.append(call)

    def _take_refusal(self, method: str) -> str | None:
        with self._lock:
            return self._refusals.pop(method, None)

    def _take_failure(self, method: str) -> tuple[int, str | None] | None:
        with self._lock:
            queue = self._failures.get(method)
            return queue.pop(0) if queue else None


def _handler(slack: StandInSlack):
    class Handler(QuietHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
            if "json" in (self.headers.get("Content-Type") or ""):
                params = json.loads(raw or "{}")
            else:
                params = dict(parse_qsl(raw))
            is_response = self.path.startswith("/response/")
            method = "response" if is_response else self.path.removeprefix("/api/").split("?")[0]
            slack._record(Call(method, params, self.path))
            if failure := slack._take_failure(method):
                status, retry_after = failure
                if status == 429:
                    headers = {"Retry-After": retry_after} if retry_after is not None else {}
                    return self._send(429, json.dumps({"ok": False, "error": "ratelimited"}), headers=headers)
                return self._send(status, "<html>Internal Server Error</html>", "text/html")
            if is_response:
                return self._send(200, "ok", "text/plain")
            if error := slack._take_refusal(method):
                return self._send(200, json.dumps({"ok": False, "error": error}))
            token = (self.headers.get("Authorization") or "").removeprefix("Bearer ") or params.get("token", "")
            return self._send(200, json.dumps(_answer(slack, method, token, params)))

    return Handler


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answer(slack: StandInSlack, method: str, token: str, params: dict) -> dict:
    if method == "apps.connections.open":
        if token != APP_TOKEN:
            return {"ok": False, "error": "invalid_auth"}
        # Without a Socket Mode stand-in, the URL points at a port nothing listens on.
        url = slack.socket_mode.url if slack.socket_mode else f"ws://127.0.0.1:{_closed_port()}/"
        return {"ok": True, "url": url}
    if token != BOT_TOKEN:
        return {"ok": False, "error": "invalid_auth"}
    if method == "auth.test":
        return {"ok": True, "url": "https://test.slack.com/", "team": "Test", "user": "guidebot", "team_id": TEAM_ID,
                "user_id": BOT_USER_ID, "bot_id": BOT_ID, "is_enterprise_install": False}
    if method in ("chat.postMessage", "chat.postEphemeral"):
        return {"ok": True, "channel": params.get("channel"), "ts": f"{time.time():.6f}", "message": {"text": params.get("text")}}
    return {"ok": False, "error": "unknown_method"}
