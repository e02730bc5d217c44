"""Servers on loopback for the stand-ins (Slack's, Teams'): a quiet request handler, a server in a
thread of its own, and polling until what a test waits for has happened."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


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
