"""A stand-in for Slack on loopback, for the tests and `guidebot bench --http`.

``StandInSlack`` serves the Web API methods the bot calls and response_urls:
it records every call, answers ``auth.test`` for one bot token, and can be
told to refuse the next calls of a method (HTTP 429 with Retry-After, 5xx,
or ``ok: false``). ``StandInSocketMode`` is Slack's Socket Mode WebSocket:
it says hello, sends envelopes, records the acks, and can drop the
connection abruptly. Nothing here is used by the running bot.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
import uuid
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

from slack_sdk.signature import SignatureVerifier
from websockets.asyncio.server import ServerConnection, serve

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


class QuietHandler(BaseHTTPRequestHandler):
    """A stand-in's request handler: ``_send`` answers with a body; nothing is logged."""

    def _send(self, status: int, body: str, content_type: str = "application/json", headers: dict | None = None) -> None:
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


def serve_on_loopback(handler) -> ThreadingHTTPServer:
    """A stand-in's HTTP server on a free loopback port, serving in a thread of its own."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    server.request_queue_size = 1024
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return server


def wait_for(predicate, timeout: float, context=lambda: ""):
    """Poll until ``predicate()`` returns something truthy; return it, or raise AssertionError at the deadline."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := predicate():
            return result
        time.sleep(0.02)
    raise AssertionError(f"timed out after {timeout} s; {context()}")


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


class StandInSocketMode:
    """Slack's Socket Mode WebSocket on loopback, on an event loop of its own thread."""

    def __init__(self, slack: StandInSlack):
        self.connections: list[float] = []  # monotonic time each connection said hello
        self.acks: list[dict] = []
        self._current: ServerConnection | None = None
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._server = None
        started = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(started,), daemon=True)
        self._thread.start()
        if not started.wait(10):
            raise RuntimeError("the Socket Mode stand-in did not start")
        slack.socket_mode = self

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self._port}/link/?ticket={uuid.uuid4().hex}"

    def send(self, envelope: dict) -> None:
        """Send an envelope on the current connection."""
        connection = self._require_connection()
        asyncio.run_coroutine_threadsafe(connection.send(json.dumps(envelope)), self._loop).result(10)

    def drop(self) -> None:
        """Cut the current connection abruptly: no close frame, the TCP connection reset."""
        connection = self._require_connection()
        with self._lock:
            self._current = None
        self._loop.call_soon_threadsafe(connection.transport.abort)

    def acked(self, envelope_id: str) -> list[dict]:
        with self._lock:
            return [a for a in self.acks if a.get("envelope_id") == envelope_id]

    def wait_for(self, predicate, timeout: float = 15.0):
        return wait_for(predicate, timeout, lambda: f"connections: {len(self.connections)}, acks: {len(self.acks)}")

    def close(self) -> None:
        async def stop():
            self._server.close()
            await self._server.wait_closed()

        asyncio.run_coroutine_threadsafe(stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def _require_connection(self) -> ServerConnection:
        with self._lock:
            if self._current is None:
                raise AssertionError("the bot is not connected to the Socket Mode stand-in")
            return self._current

    def _run(self, started: threading.Event) -> None:
        asyncio.set_event_loop(self._loop)

        async def start():
            self._server = await serve(self._serve, "127.0.0.1", 0, ping_interval=None)
            self._port = self._server.sockets[0].getsockname()[1]

        self._loop.run_until_complete(start())
        started.set()
        self._loop.run_forever()

    async def _serve(self, connection: ServerConnection) -> None:
        await connection.send(json.dumps({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0001"},
                                          "debug_info": {"host": "standin", "approximate_connection_time": 3600}}))
        with self._lock:
            self._current = connection
            self.connections.append(time.monotonic())
        try:
            async for message in connection:
                with self._lock:
                    self.acks.append(json.loads(message))
        except Exception:  # dropped: the bot reconnects on a new connection
            pass


def events_envelope(payload: dict, retry_attempt: int = 0) -> dict:
    """A Socket Mode envelope around an Events API payload."""
    return {"envelope_id": f"env-{payload['event_id']}-{retry_attempt}", "type": "events_api", "payload": payload,
            "accepts_response_payload": False, "retry_attempt": retry_attempt,
            "retry_reason": "timeout" if retry_attempt else ""}


def command_envelope(form: dict) -> dict:
    """A Socket Mode envelope around a slash command (the fields Slack posts as a form in HTTP mode)."""
    return {"envelope_id": f"env-cmd-{uuid.uuid4().hex[:8]}", "type": "slash_commands", "payload": form,
            "accepts_response_payload": True}


# What Slack sends: signed requests, Events API envelopes, slash-command forms.

def signature_headers(body: str | bytes, secret: str, timestamp: int | str | None = None) -> dict:
    """The headers with which Slack signs a request body."""
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
    return {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature}


def event_payload(event: dict, event_id: str | None = None) -> dict:
    """An Events API envelope around ``event``."""
    return {
        "token": "legacy-verification-token", "team_id": TEAM_ID, "api_app_id": "A0001", "event": event,
        "type": "event_callback", "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
        "event_time": int(time.time()),
        "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True, "is_enterprise_install": False}],
    }


def dm(text: str, user: str = "U0001", ts: str = "1700000000.000100", **extra) -> dict:
    """A message event in the bot's DM channel."""
    return {"type": "message", "channel": "D0001", "channel_type": "im", "user": user, "text": text, "ts": ts,
            "event_ts": ts, "team": TEAM_ID, **extra}


def command_form(text: str, response_url: str, user: str = "U0001") -> dict:
    """The fields of a /guideline command, as Slack posts them."""
    return {
        "token": "legacy-verification-token", "team_id": TEAM_ID, "team_domain": "test", "channel_id": "C0001",
        "channel_name": "general", "user_id": user, "user_name": "staff", "command": "/guideline", "text": text,
        "api_app_id": "A0001", "response_url": response_url, "trigger_id": "1.2.3",
    }
