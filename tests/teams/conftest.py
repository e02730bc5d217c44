"""Fixtures for the Teams tests: the real `guidebot serve --teams` process, a stand-in Bot Connector, Activities.

Activities are JSON as the Bot Framework Connector posts them; the bot's
replies go to the Activity's serviceUrl, the stand-in on loopback.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from contextlib import closing
from pathlib import Path

import pytest

from tests.slack.conftest import CONTACT, small_corpus  # noqa: F401 (a fixture)
from tests.teams.standin import OPENID_PATH, StandInConnector

REPO = Path(__file__).resolve().parents[2]
BOT_ID, BOT_NAME = "28:bot-app-id", "guidebot"
CLIENT_ID = "6f1b1c8e-5a4d-4b6f-9c0d-1a2b3c4d5e6f"
TENANT_ID = "0c2d4e6f-1a3b-4c5d-8e9f-a0b1c2d3e4f5"
TEAMS_VARIABLES = ("TEAMS_CLIENT_ID", "TEAMS_CLIENT_SECRET", "TEAMS_TENANT_ID", "TEAMS_OPENID_METADATA_URL",
                   "TEAMS_LOGIN_URL", "GUIDEBOT_TEAMS_UNAUTHENTICATED")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bot_environment(directory: Path, corpus: Path, **teams) -> dict:
    """The environment of a bot process: the test corpus, its own index and log, no proxy, only these TEAMS_* values."""
    env = {key: value for key, value in os.environ.items() if key.lower() not in ("https_proxy", "http_proxy")}
    env.update({name: "" for name in TEAMS_VARIABLES})
    env.update({
        "GUIDEBOT_CORPUS": str(corpus), "GUIDEBOT_INDEX": str(directory / "index.sqlite"),
        "GUIDEBOT_LOG": str(directory / "log.sqlite"), "GUIDEBOT_LOG_SALT": "test-salt",
        "GUIDEBOT_CONTACT": CONTACT, "GUIDEBOT_RELOAD_SECONDS": "0", "GUIDEBOT_ORG": "",
        "NO_PROXY": "127.0.0.1,localhost", **teams,
    })
    return env


class BotProcess:
    """`guidebot serve --teams` on a loopback port, its stderr kept in a file."""

    def __init__(self, directory: Path, env: dict, *more: str):
        directory.mkdir(parents=True, exist_ok=True)
        self.directory, self.port = directory, free_port()
        self.log_path = Path(env["GUIDEBOT_LOG"])
        self.stderr_path = directory / "stderr.txt"
        self._stderr = self.stderr_path.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve", "--teams", *more, "--host", "127.0.0.1", "--port", str(self.port)],
            cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=self._stderr, stderr=self._stderr)
        self._wait_until_healthy()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/messages"

    def post(self, activity, headers: dict | None = None) -> tuple[int, object]:
        """POST an Activity (a dict, or raw bytes as they are); returns the status and the JSON body, if any."""
        data = activity if isinstance(activity, bytes) else json.dumps(activity, ensure_ascii=False).encode()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("POST", "/api/messages", body=data,
                               headers={"Content-Type": "application/json", **(headers or {})})
            response = connection.getresponse()
            raw = response.read()
            return response.status, json.loads(raw) if raw else None
        finally:
            connection.close()

    def stderr(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")

    def questions(self) -> list[dict]:
        with closing(sqlite3.connect(self.log_path)) as db:
            db.row_factory = sqlite3.Row
            return [dict(row) for row in db.execute("select * from questions order by time")]

    def feedback(self) -> list[dict]:
        with closing(sqlite3.connect(self.log_path)) as db:
            db.row_factory = sqlite3.Row
            return [dict(row) for row in db.execute("select * from feedback")]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self._stderr.close()

    def _wait_until_healthy(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the bot exited with {self.process.returncode}:\n{self.stderr()}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", "/healthz")
                if connection.getresponse().read() == b"ok":
                    return
            except OSError:
                time.sleep(0.1)
            finally:
                connection.close()
        self.stop()
        raise AssertionError(f"the bot did not answer /healthz within {timeout} s:\n{self.stderr()}")


@pytest.fixture(scope="module")
def connector():
    standin = StandInConnector()
    yield standin
    standin.close()


@pytest.fixture(scope="module")
def teams_bot(tmp_path_factory, small_corpus):
    """The bot with the loopback test switch on (no tokens)."""
    directory = tmp_path_factory.mktemp("teams-bot")
    bot = BotProcess(directory, bot_environment(directory, small_corpus, GUIDEBOT_TEAMS_UNAUTHENTICATED="1"))
    yield bot
    bot.stop()


@pytest.fixture(scope="module")
def secured_bot(tmp_path_factory, small_corpus, connector):
    """The bot with credentials, validating tokens against the stand-in's keys, never Microsoft's."""
    directory = tmp_path_factory.mktemp("teams-secured")
    env = bot_environment(directory, small_corpus, TEAMS_CLIENT_ID=CLIENT_ID, TEAMS_CLIENT_SECRET="test-secret~value",
                          TEAMS_TENANT_ID=TENANT_ID, TEAMS_OPENID_METADATA_URL=connector.base + OPENID_PATH,
                          TEAMS_LOGIN_URL=connector.base)
    bot = BotProcess(directory, env)
    yield bot
    bot.stop()


def activity(text: str | None, connector: StandInConnector, *, conversation: str | None = None,
             kind: str = "personal", activity_id: str | None = None, **extra) -> dict:
    """A message Activity as the connector posts it for a personal chat (or a ``kind`` of channel/groupChat)."""
    conversation = conversation or f"a:{uuid.uuid4().hex}"
    body = {
        "type": "message", "id": activity_id or str(int(time.time() * 1000) + uuid.uuid4().int % 1000),
        "timestamp": "2026-12-04T01:00:00.000Z", "serviceUrl": connector.service_url, "channelId": "msteams",
        "from": {"id": "29:user-1", "name": "職員 太郎", "aadObjectId": "00000000-0000-0000-0000-0000000000aa"},
        "conversation": {"id": conversation, "conversationType": kind, "tenantId": TENANT_ID},
        "recipient": {"id": BOT_ID, "name": BOT_NAME},
        "channelData": {"tenant": {"id": TENANT_ID}},
        "locale": "ja-JP", "textFormat": "plain",
    }
    if text is not None:
        body["text"] = text
    body.update(extra)
    return body


def mention_entity() -> dict:
    return {"type": "mention", "text": f"<at>{BOT_NAME}</at>", "mentioned": {"id": BOT_ID, "name": BOT_NAME}}


def card_of(reply) -> dict:
    """The Adaptive Card a reply carries."""
    attachments = reply.activity.get("attachments") or []
    assert len(attachments) == 1 and attachments[0]["contentType"] == "application/vnd.microsoft.card.adaptive"
    return attachments[0]["content"]


def card_text(card: dict) -> str:
    """Every text the card's body shows, in order."""
    return "".join(element["text"] for element in elements(card.get("body", []), "TextRun"))

def elements(card: dict, kind: str) -> list[dict]:
    """Every element of type ``kind`` anywhere in the card, in order."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == kind:
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(card)
    return found
