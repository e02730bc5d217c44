"""The share button posts the answer the asker was given, kept in the question log, even after the corpus changed."""

from __future__ import annotations

import json

import pytest

from bot.engine.search import Engine
from bot.questionlog.store import LogStore
from bot.render.blocks import render_message
from bot.render.messages import NOT_KEPT
from tests.slack.conftest import CONTACT, CORPUS, RunningBot, buttons, message_text

QUESTION = "勤務時間中にSNSで発信していい？"
BEFORE = "勤務時間中は、ソーシャルメディアを私的に利用して発信してはならない。"
AFTER = "勤務時間中のソーシャルメディアでの発信は、所属長の許可を得た場合に限る。"


@pytest.fixture
def corpus(tmp_path):
    directory = tmp_path / "corpus"
    directory.mkdir()
    for name, text in CORPUS.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


@pytest.fixture
def reloading_bot(slack, corpus, tmp_path, tokenizer):
    """The bot over a corpus of its own, reloading it when it changes, as `guidebot serve` does."""
    log = LogStore(tmp_path / "log.sqlite", salt=b"test-salt")
    running = RunningBot(slack, Engine.open(tmp_path / "index.sqlite", corpus, tokenizer=tokenizer), log)
    running.guide.watch(corpus, 0.2)
    yield running
    running.drain()
    log.close()


def ask_privately(bot, slack, response: str) -> dict:
    bot.command(QUESTION, response=response)
    [private] = slack.wait_for(lambda: slack.responses(response))
    return private


def test_after_a_corpus_reload_the_shared_answer_is_the_one_given(reloading_bot, slack, corpus):
    bot, first = reloading_bot, reloading_bot.guide.engine
    given = first.ask(QUESTION)
    assert given.answered and BEFORE in given.results[0].clause.body
    private = ask_privately(bot, slack, "slash1")
    question_id = buttons(private)["feedback_up"]

    ashiya = corpus / "ashiya.md"
    ashiya.write_text(ashiya.read_text(encoding="utf-8").replace(BEFORE, AFTER), encoding="utf-8")
    slack.wait_for(lambda: bot.guide.engine is not first, timeout=60)
    assert AFTER in bot.guide.engine.ask(QUESTION).results[0].clause.body  # asked now, the answer differs

    assert bot.click("share", buttons(private)["share"], response="share1", user="U0001") == 200
    public, delete = slack.wait_for(lambda: len(slack.responses("share1")) == 2 and slack.responses("share1"))
    expected = render_message(given, CONTACT, question_id, shared_by="U0001")
    assert (public["blocks"], public["text"]) == (expected["blocks"], expected["text"])
    assert BEFORE in message_text(public) and AFTER not in message_text(public)
    assert public["response_type"] == "in_channel" and delete["delete_original"] is True
    assert bot.log.db["questions"].count == 1  # sharing asks nothing again


@pytest.mark.parametrize("value", [
    json.dumps({"id": "0" * 32}),  # an id the log does not hold
    json.dumps({"id": "0" * 32, "q": QUESTION}),  # a button posted before answers were kept
    "not json", "{}",
])
def test_an_answer_the_log_does_not_hold_gets_a_notice_and_nothing_is_posted(bot, slack, value):
    assert bot.click("share", value, response="share2", user="U0001") == 200
    [notice] = slack.wait_for(lambda: slack.responses("share2"))
    assert notice["text"] == NOT_KEPT and notice["response_type"] == "ephemeral" and notice["replace_original"] is False
    bot.drain()
    assert len(slack.responses("share2")) == 1 and not slack.posts("chat.postMessage")


def test_a_question_logged_before_answers_were_kept_cannot_be_shared(bot, slack):
    private = ask_privately(bot, slack, "slash3")
    question_id = buttons(private)["feedback_up"]
    bot.log.db["questions"].update(question_id, {"answer": None})  # as a row the upgrade found has it
    bot.click("share", buttons(private)["share"], response="share3", user="U0001")
    [notice] = slack.wait_for(lambda: slack.responses("share3"))
    assert notice["text"] == NOT_KEPT
