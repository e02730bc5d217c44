"""`guidebot serve` in Socket Mode, the default, as a process against a stand-in Socket Mode WebSocket on loopback."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from bot.slack.standin import APP_TOKEN, BOT_TOKEN
from bot.slack.standin_requests import command_envelope, command_form, dm, event_payload, events_envelope
from bot.slack.standin_socket import StandInSocketMode
from tests.slack.conftest import message_text
from tests.slack.test_serve import environment

QUESTION = "勤務時間中にSNSで発信していい？"
RECONNECT_BOUND = 60  # generous: `make bench` measures the seconds


@pytest.fixture
def socket_mode(slack):
    standin = StandInSocketMode(slack)
    yield standin
    standin.close()


@pytest.fixture
def socket_bot(tmp_path, slack, socket_mode, small_corpus, slack_index):
    env = environment(tmp_path, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_APP_TOKEN=APP_TOKEN, SLACK_API_URL=slack.api_url,
                      GUIDEBOT_CORPUS=str(small_corpus), GUIDEBOT_INDEX=str(slack_index),
                      GUIDEBOT_DELIVERY_SECONDS="20")
    process = subprocess.Popen([sys.executable, "-m", "bot", "serve"], cwd=tmp_path, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        socket_mode.wait_for(lambda: socket_mode.connections, timeout=30)
        yield process
    finally:
        process.terminate()
        try:
            process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()


def ask(slack, socket_mode, text: str, event_id: str, posts: int = 1) -> dict:
    """Send a DM on the current connection; return the answer posted for it (the last of ``posts`` attempts)."""
    envelope = events_envelope(event_payload(dm(text, ts=f"1700000000.{len(slack.calls):06d}"), event_id))
    socket_mode.send(envelope)
    socket_mode.wait_for(lambda: socket_mode.acked(envelope["envelope_id"]))
    answers = slack.wait_for(lambda: len(found := [p for p in slack.posts("chat.postMessage") if text in message_text(p)])
                             >= posts and found)
    return answers[-1]


def test_a_dm_a_slash_command_and_a_retried_envelope_are_each_answered_once(socket_bot, slack, socket_mode, tmp_path):
    slack.fail("chat.postMessage", 500)  # delivery is retried in Socket Mode too
    posted = ask(slack, socket_mode, QUESTION, "EvSM1", posts=2)
    assert posted["channel"] == "D0001" and "9(3)" in message_text(posted)

    command = command_envelope(command_form(QUESTION, slack.response_url("socket-slash")))
    socket_mode.send(command)
    [ack] = socket_mode.wait_for(lambda: socket_mode.acked(command["envelope_id"]))
    [private] = slack.wait_for(lambda: slack.responses("socket-slash"))
    assert private["response_type"] == "ephemeral" and "9(3)" in message_text(private)

    retried = events_envelope(event_payload(dm(QUESTION), "EvSM1"), retry_attempt=1)
    socket_mode.send(retried)
    socket_mode.wait_for(lambda: socket_mode.acked(retried["envelope_id"]))
    socket_bot.terminate()
    _, stderr = socket_bot.communicate(timeout=10)
    assert socket_bot.returncode == 0 and "Traceback" not in stderr  # stopped cleanly
    answers = [p for p in slack.posts("chat.postMessage") if QUESTION in message_text(p)]
    assert len(answers) == 2  # the refused first attempt and the delivered answer: the retry was not answered
    rows = sqlite_rows(tmp_path / "log.sqlite")
    assert [(r["surface"], r["delivery"]) for r in rows] == [("dm", "delivered"), ("slash", "delivered")]


def test_the_bot_reconnects_after_an_abrupt_drop_and_when_connections_open_fails_first(socket_bot, slack, socket_mode):
    socket_mode.drop()
    socket_mode.wait_for(lambda: len(socket_mode.connections) == 2, timeout=RECONNECT_BOUND)
    assert "9(3)" in message_text(ask(slack, socket_mode, f"{QUESTION} (2)", "EvSM2"))

    opened = len(slack.posts("apps.connections.open"))
    slack.fail("apps.connections.open", 500, 500)
    socket_mode.drop()
    socket_mode.wait_for(lambda: len(socket_mode.connections) == 3, timeout=RECONNECT_BOUND)
    assert len(slack.posts("apps.connections.open")) - opened == 3  # two refused, then the one that worked
    assert "9(3)" in message_text(ask(slack, socket_mode, f"{QUESTION} (3)", "EvSM3"))


def sqlite_rows(path) -> list[dict]:
    with sqlite3.connect(path) as db:
        db.row_factory = sqlite3.Row
        return [dict(r) for r in db.execute("select * from questions order by time, rowid")]
