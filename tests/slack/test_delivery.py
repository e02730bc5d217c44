"""Answers Slack refuses for now (429, 5xx) are retried until delivered or the deadline, once each, and recorded."""

from __future__ import annotations

import json
import logging

import pytest
from click.testing import CliRunner

from bot.cli import cli
from bot.delivery import Transient, deliver
from bot.questionlog.store import LogStore
from tests.slack.conftest import RunningBot, buttons, dm

ANSWERED = "勤務時間中にSNSで発信していい？"


@pytest.fixture
def quick_bot(slack, slack_engine, tmp_path):
    """A bot that gives up on an answer after one second."""
    log = LogStore(tmp_path / "quick-log.sqlite", salt=b"test-salt")
    running = RunningBot(slack, slack_engine, log, delivery_seconds=1)
    yield running
    running.drain()
    log.close()


@pytest.mark.parametrize("statuses", [(500,), (500, 429), (429, 429, 429, 429, 429), (503, 429, 502)],
                         ids=["500", "500_then_429", "five_429s", "503_429_502"])
def test_a_dm_answer_refused_for_now_is_delivered_once(bot, slack, statuses):
    slack.fail("chat.postMessage", *statuses)
    assert bot.event(dm(ANSWERED)) == 200
    calls = slack.wait_for(lambda: len(slack.posts("chat.postMessage")) == len(statuses) + 1 and slack.posts("chat.postMessage"))
    bot.drain()
    assert len(calls) == len(statuses) + 1  # every refusal retried, and the delivered answer sent once
    assert all(ANSWERED in json.dumps(call, ensure_ascii=False) for call in calls)
    [row] = bot.log.db["questions"].rows
    assert (row["delivery"], row["delivery_attempts"]) == ("delivered", len(statuses) + 1)
    assert bot.log.undelivered() == []


def test_a_slash_answer_whose_response_url_fails_is_retried(bot, slack):
    slack.fail("response", 500, 429)
    assert bot.command(ANSWERED, response="flaky")[0] == 200
    answers = slack.wait_for(lambda: len(slack.responses("flaky")) == 3 and slack.responses("flaky"))
    bot.drain()
    assert len(answers) == 3 and answers[-1]["response_type"] == "ephemeral" and "share" in buttons(answers[-1])
    [row] = bot.log.db["questions"].rows
    assert (row["surface"], row["delivery"], row["delivery_attempts"]) == ("slash", "delivered", 3)


def test_the_retry_after_slack_asks_for_is_honoured(bot, slack, caplog):
    caplog.set_level(logging.INFO)
    slack.fail("chat.postMessage", 429, retry_after="1")
    bot.event(dm(ANSWERED))
    slack.wait_for(lambda: len(slack.posts("chat.postMessage")) == 2)
    bot.drain()
    assert any("retry 1 in 1.0 s" in r.getMessage() for r in caplog.records)


def test_an_answer_never_accepted_is_given_up_at_the_deadline_recorded_and_reported(quick_bot, slack):
    slack.fail("chat.postMessage", *[500] * 100)
    quick_bot.event(dm(ANSWERED))
    slack.wait_for(lambda: quick_bot.log.undelivered(), timeout=10)
    quick_bot.drain()
    attempts = len(slack.posts("chat.postMessage"))
    assert 2 <= attempts < 10
    [row] = quick_bot.log.db["questions"].rows
    assert row["delivery"] == "failed" and row["delivery_attempts"] == attempts
    assert "HTTP 500" in row["delivery_reason"] and "gave up" in row["delivery_reason"]
    result = CliRunner().invoke(cli, ["report", "--log", str(quick_bot.log.path)])
    assert result.exit_code == 0
    undelivered = result.output.split("■ 届かなかった回答")[1].split("■")[0]
    assert ANSWERED in undelivered and "HTTP 500" in undelivered and "dm" in undelivered


def test_a_retry_after_beyond_the_deadline_is_not_waited_for(quick_bot, slack):
    slack.fail("response", 429, retry_after="30")
    quick_bot.command(ANSWERED, response="late")
    [reason] = slack.wait_for(lambda: [i.reason for i in quick_bot.log.undelivered()], timeout=10)
    quick_bot.drain()
    assert len(slack.responses("late")) == 1 and "HTTP 429" in reason


def test_deliver_gives_up_on_what_can_never_succeed_at_once():
    calls = []

    def send():
        calls.append(1)
        raise RuntimeError("channel_not_found")

    outcome = deliver(send, "an answer", seconds=60, sleep=lambda s: pytest.fail("must not wait"))
    assert (outcome.delivered, outcome.attempts, len(calls)) == (False, 1, 1)
    assert "channel_not_found" in outcome.reason


def test_deliver_waits_longer_after_each_refusal():
    waits, refusals = [], iter([Transient("HTTP 500")] * 4)

    def send():
        if (refusal := next(refusals, None)) is not None:
            raise refusal

    outcome = deliver(send, "an answer", seconds=600, sleep=waits.append)
    assert outcome.delivered and outcome.attempts == 5
    assert len(waits) == 4 and all(later > earlier for earlier, later in zip(waits, waits[1:]))
