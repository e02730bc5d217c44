"""`guidebot bench --http`: the Slack front end under load and faults, against the loopback stand-in Slack.

Runs `guidebot serve` as a child process, as in production:
- burst: 100 signed events whose connections all open at once; how many are
  acknowledged with 200, and whether each is answered exactly once;
- stalled: the ack latency of signed events while 300 connections sit
  open having sent half a request;
- Socket Mode: seconds from an abrupt drop of the WebSocket to the bot's
  new connection, and the same when apps.connections.open fails twice first.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from bot.loopback import wait_for
from bot.slack.standin import APP_TOKEN, BOT_TOKEN, StandInSlack
from bot.slack.standin_requests import dm, event_payload, signature_headers
from bot.slack.standin_socket import StandInSocketMode

SECRET = "bench-signing-secret"
BURST = 100
STALLED = 300
TIMED = 200  # signed events timed while the connections stall
TARGETS = ("targets: burst of 100 all acked 200 and each answered once; ack p99 <= 100 ms with 300 stalled "
           "connections; Socket Mode reconnect <= 15 s after a drop, <= 30 s when apps.connections.open fails twice")


def run(corpus_dir: Path, echo) -> None:
    """Measure the HTTP server and the Socket Mode client; echo one line per figure."""
    echo(TARGETS)
    slack = StandInSlack()
    try:
        with tempfile.TemporaryDirectory(prefix="guidebot-bench-http-") as tmp:
            env = _environment(Path(tmp), corpus_dir, slack, SLACK_SIGNING_SECRET=SECRET)
            port = _free_port()
            with _serving(env, "--http", "--host", "127.0.0.1", "--port", str(port)):
                url = f"http://127.0.0.1:{port}"
                _wait_until_up(f"{url}/healthz")
                _burst(url, slack, echo)
                _stalled(url, port, echo)
            _socket_mode(Path(tmp), corpus_dir, slack, echo)
    finally:
        slack.close()


def _burst(url: str, slack: StandInSlack, echo) -> None:
    before = len(slack.posts("chat.postMessage"))
    barrier, results = threading.Barrier(BURST), [None] * BURST

    def one(n: int) -> None:
        barrier.wait()
        results[n] = _signed_event(url, f"勤務時間中にSNSで発信していい？ burst-{n:03d}")

    threads = [threading.Thread(target=one, args=(n,)) for n in range(BURST)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    acked = [r for r in results if r and r[0] == 200]
    try:
        wait_for(lambda: len(slack.posts("chat.postMessage")) - before >= len(acked), 60)
    except AssertionError:
        pass  # counted below
    time.sleep(1)  # a duplicate would arrive now
    texts = [json.dumps(p, ensure_ascii=False) for p in slack.posts("chat.postMessage")[before:]]
    answered = {n for n in range(BURST) for t in texts if f"burst-{n:03d}" in t}
    latencies = sorted(r[1] for r in acked)
    echo(f"burst     {len(acked)}/{BURST} acked 200, {len(answered)} answered, {len(texts) - len(answered)} duplicates; "
         f"ack p50 {_ms(statistics.median(latencies))} p99 {_ms(_p99(latencies))}" if latencies else
         f"burst     0/{BURST} acked")


def _stalled(url: str, port: int, echo) -> None:
    stalled = []
    for _ in range(STALLED):
        sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n")
        stalled.append(sock)
    try:
        results = [_signed_event(url, f"写真を載せていい？ timed {n}") for n in range(TIMED)]
    finally:
        for sock in stalled:
            sock.close()
    latencies = sorted(seconds for status, seconds in results if status == 200)
    echo(f"stalled   {len(latencies)}/{TIMED} acked 200 with {STALLED} stalled connections open; "
         f"ack p50 {_ms(statistics.median(latencies))} p99 {_ms(_p99(latencies))}")


def _socket_mode(tmp: Path, corpus_dir: Path, slack: StandInSlack, echo) -> None:
    socket_mode = StandInSocketMode(slack)
    env = _environment(tmp, corpus_dir, slack, SLACK_APP_TOKEN=APP_TOKEN)
    try:
        with _serving(env):
            socket_mode.wait_for(lambda: socket_mode.connections, 60)
            for name, failures in (("after a drop", 0), ("connections.open failing twice", 2)):
                slack.fail("apps.connections.open", *[500] * failures)
                count, dropped = len(socket_mode.connections), time.monotonic()
                socket_mode.drop()
                socket_mode.wait_for(lambda: len(socket_mode.connections) > count, 120)
                echo(f"socket    reconnected {name} in {socket_mode.connections[-1] - dropped:.1f} s")
    finally:
        socket_mode.close()


def _signed_event(url: str, question: str) -> tuple[int, float] | None:
    """POST one signed DM event; (status, seconds to the ack), or None when the connection failed."""
    body = json.dumps(event_payload(dm(question, ts=f"{time.time():.6f}"))).encode()
    headers = {"Content-Type": "application/json", **signature_headers(body, SECRET)}
    started = time.perf_counter()
    connection = http.client.HTTPConnection(url.removeprefix("http://"), timeout=30)
    try:
        connection.request("POST", "/slack/events", body, headers)
        response = connection.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    except OSError:
        return None
    finally:
        connection.close()


@contextmanager
def _serving(env: dict, *args: str):
    """`guidebot serve ARGS` as a child process, stopped afterwards."""
    process = subprocess.Popen([sys.executable, "-m", "bot", "serve", *args], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _environment(tmp: Path, corpus_dir: Path, slack: StandInSlack, **slack_settings) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "GUIDEBOT_")) and "proxy" not in k.lower()}
    env.update(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_API_URL=slack.api_url, GUIDEBOT_CORPUS=str(corpus_dir),
               GUIDEBOT_INDEX=str(tmp / "index.sqlite"), GUIDEBOT_LOG=str(tmp / "log.sqlite"), **slack_settings)
    return env


def _wait_until_up(url: str, seconds: float = 60) -> None:
    def up() -> bool:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                return response.status == 200
        except OSError:
            return False

    wait_for(up, seconds, lambda: f"guidebot serve did not answer {url}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _p99(values: list[float]) -> float:
    return values[min(len(values) - 1, int(len(values) * 0.99))]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"
