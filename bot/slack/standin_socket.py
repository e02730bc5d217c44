"""A stand-in for Slack's Socket Mode WebSocket on loopback: it says hello, sends envelopes, records
the acks, and can drop the connection abruptly. Nothing here is used by the running bot."""

from __future__ import annotations

import asyncio
import json
import threading
import time
import uuid

from websockets.asyncio.server import ServerConnection, serve

from bot.loopback import wait_for
from bot.slack.standin import StandInSlack


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
