"""The bot over real HTTP: signed Events API, slash-command and interactivity requests in, Web API calls out."""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
from urllib.parse import urlencode

import pytest
from slack_bolt.adapter.socket_mode.internals import run_bolt_app
from slack_sdk.socket_mode.request import SocketModeRequest

from bot.engine.answer import Problem
from bot.render.display import citation
from bot.render.messages import problem
from tests.slack.conftest import (CONTACT, SECRET, buttons, command_form, dm, event_body, mention, message_text,
                                  raw_post, signature_headers)
from bot.slack.standin import BOT_ID, BOT_TOKEN, BOT_USER_ID

ANSWERED = "勤務時間中にSNSで発信していい？"  # the small corpus answers this, with 参考 from other documents
ABSTAINED = "庁舎の駐車場をSNSで予約できる？"  # ... and abstains on this one, offering nearby clauses
PHOTO = {"id": "F0001", "name": "photo.jpg", "mimetype": "image/jpeg", "filetype": "jpg"}  # as in a file_share message


def capture_all_logs(caplog) -> None:
    """Capture every record at DEBUG, also from the loggers bolt set to the root level it saw when built."""
    caplog.set_level(logging.DEBUG)
    for name in list(logging.root.manager.loggerDict):
        if name.startswith(("slack_bolt", "guidebot")):
            caplog.set_level(logging.DEBUG, logger=name)


def test_url_verification_challenge_is_answered(bot):
    body = json.dumps({"token": "legacy", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", "type": "url_verification"})
    status, text, _ = bot.post(body, "application/json")
    assert status == 200
    assert "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" in text


def test_dm_gets_the_cited_clause_with_feedback_buttons(bot, slack, slack_engine):
    expected = slack_engine.ask(ANSWERED)
    assert expected.answered and expected.references
    assert bot.event(dm(ANSWERED)) == 200
    [posted] = slack.wait_for(lambda: slack.posts("chat.postMessage"))
    best = expected.results[0]
    shown = message_text(posted)
    assert posted["channel"] == "D0001" and "thread_ts" not in posted
    assert best.doc_title in shown and best.clause.number in shown and best.clause.heading in shown
    assert f"*{best.sentence}*" in shown  # the matching sentence, emphasised
    assert "他の文書ではどう定めているか" in shown and all(ref.doc_title in shown for ref in expected.references)
    assert best.clause.number in posted["text"]  # the notification fallback cites the clause too
    assert set(buttons(posted)) == {"feedback_up", "feedback_down"}
    [row] = bot.log.db["questions"].rows
    assert (row["surface"], row["question"], row["answered"]) == ("dm", ANSWERED, 1)
    assert row["id"] == buttons(posted)["feedback_up"]
    assert json.loads(row["clause_ids"])[0] == best.id and row["user_hash"] not in (None, "U0001")


def test_abstention_says_so_offers_nearest_clauses_and_names_the_contact(bot, slack, slack_engine):
    expected = slack_engine.ask(ABSTAINED)
    assert not expected.answered and expected.results
    bot.event(dm(ABSTAINED))
    [posted] = slack.wait_for(lambda: slack.posts("chat.postMessage"))
    shown = message_text(posted)
    assert "見つかりませんでした" in shown and CONTACT in shown
    assert citation(expected.results[0]) in shown
    assert "見つかりませんでした" in posted["text"]


def test_mention_is_answered_in_a_thread_without_the_mention(bot, slack):
    bot.event(mention(f"<@{BOT_USER_ID}> {ANSWERED}", ts="1700000000.000300"))
    [posted] = slack.wait_for(lambda: slack.posts("chat.postMessage"))
    assert posted["channel"] == "C0001" and posted["thread_ts"] == "1700000000.000300"
    assert BOT_USER_ID not in message_text(posted)
    assert [r["question"] for r in bot.log.db["questions"].rows] == [ANSWERED]


def test_mention_inside_a_thread_replies_in_that_thread(bot, slack):
    bot.event(mention(f"<@{BOT_USER_ID}> {ANSWERED}", ts="1700000000.000400", thread_ts="1700000000.000001"))
    [posted] = slack.wait_for(lambda: slack.posts("chat.postMessage"))
    assert posted["thread_ts"] == "1700000000.000001"


def test_dm_in_a_thread_is_answered_in_that_thread_without_reading_the_thread(bot, slack):
    # bolt's assistant helpers would fetch the thread first, and answer nothing when that fails
    slack.refuse("conversations.replies", "internal_error")
    bot.event(dm(ANSWERED, ts="1700000000.000600", thread_ts="1700000000.000001"))
    [posted] = slack.wait_for(lambda: slack.posts("chat.postMessage"))
    bot.drain()
    assert posted["channel"] == "D0001" and posted["thread_ts"] == "1700000000.000001"
    assert "conversations.replies" not in [c.method for c in slack.calls]


def test_slash_command_acks_at_once_answers_privately_and_shares_on_click(bot, slack, slack_engine):
    status, seconds = bot.command(ANSWERED, response="slash1")
    assert status == 200 and seconds < 3
    [private] = slack.wait_for(lambda: slack.responses("slash1"))
    assert private["response_type"] == "ephemeral"
    best = slack_engine.ask(ANSWERED).results[0]
    assert best.clause.number in message_text(private)
    share = buttons(private)["share"]
    assert not slack.posts("chat.postMessage")

    assert bot.click("share", share, response="share1", user="U0001") == 200
    public, delete = slack.wait_for(lambda: len(slack.responses("share1")) == 2 and slack.responses("share1"))
    assert public["response_type"] == "in_channel" and public["replace_original"] is False
    assert best.clause.number in message_text(public) and "<@U0001>" in message_text(public)
    assert "share" not in buttons(public) and "feedback_down" in buttons(public)
    assert delete["delete_original"] is True
    assert [r["surface"] for r in bot.log.db["questions"].rows] == ["slash"]


@pytest.mark.parametrize("text", ["", "help", "  ヘルプ "])
def test_slash_alone_or_help_shows_usage_with_examples(bot, slack, text):
    bot.command(text, response="help")
    [shown] = slack.wait_for(lambda: slack.responses("help"))
    assert shown["response_type"] == "ephemeral"
    assert "/guideline" in message_text(shown) and "質問の例" in message_text(shown)
    assert bot.log.db["questions"].count == 0


def test_feedback_click_is_stored_with_the_question_id(bot, slack):
    bot.event(dm(ANSWERED))
    [posted] = slack.wait_for(lambda: slack.posts("chat.postMessage"))
    question_id = buttons(posted)["feedback_down"]
    assert bot.click("feedback_down", question_id, response="vote1") == 200
    [thanks] = slack.wait_for(lambda: slack.responses("vote1"))
    assert thanks["response_type"] == "ephemeral" and "ありがとう" in thanks["text"]
    [row] = bot.log.db["feedback"].rows
    assert (row["question_id"], row["vote"]) == (question_id, "down")
    assert [line.question for line in bot.log.disliked()] == [ANSWERED]


def test_retries_and_repeated_event_ids_are_answered_once(bot, slack):
    event = dm(ANSWERED)
    assert bot.event(event, event_id="Ev0001") == 200
    assert bot.post_retry(event, "Ev0001") == 200
    assert bot.event(event, event_id="Ev0001") == 200
    slack.wait_for(lambda: slack.posts("chat.postMessage"))
    bot.drain()
    assert len(slack.posts("chat.postMessage")) == 1
    assert bot.log.db["questions"].count == 1


def test_a_retry_of_an_event_never_seen_is_answered(bot, slack):
    # the first delivery was lost (the bot was down): the question must not be
    assert bot.post_retry(dm(ANSWERED), "Ev0002") == 200
    slack.wait_for(lambda: slack.posts("chat.postMessage"))
    bot.drain()
    assert len(slack.posts("chat.postMessage")) == 1


@pytest.mark.parametrize("how", ["forged", "stale", "unsigned"])
def test_bad_or_stale_signatures_are_refused_logged_in_one_line_and_do_nothing(bot, slack, caplog, how):
    capture_all_logs(caplog)
    body = event_body(dm(ANSWERED), "Ev0003")
    if how == "forged":
        status = bot.post(body, "application/json", secret="not-the-secret")[0]
    elif how == "stale":
        status = bot.post(body, "application/json", timestamp=int(time.time()) - 600)[0]
    else:
        status = bot.post(body, "application/json", headers={"X-Slack-Signature": ""})[0]
    assert status == 401
    bot.drain()
    assert [c.method for c in slack.calls if c.method != "auth.test"] == []
    assert bot.log.db["questions"].count == 0
    assert "legacy-verification-token" not in caplog.text and ANSWERED not in caplog.text
    [refused] = [r.getMessage() for r in caplog.records if "signature" in r.getMessage()]
    assert refused.startswith("rejected a request with an invalid signature")


@pytest.mark.parametrize(
    "body, headers, signed, status",
    [
        (b"{not json", {}, False, 401),
        (b"payload=%7B", {"Content-Type": "application/x-www-form-urlencoded"}, False, 401),
        (b"\xff{}", {}, False, 401),
        (b"{}", {"X-Slack-Request-Timestamp": "soon"}, False, 401),
        (b"{}", {"X-Slack-Signature": "v0=\xe9"}, False, 401),
        (b"{}", {"Content-Length": "abc"}, False, 400),
        (b"", {"Content-Length": "-1"}, False, 400),
        (b"{not json", {}, True, 400),
        (b"payload=%7B", {"Content-Type": "application/x-www-form-urlencoded"}, True, 400),
    ],
    ids=["bad_json", "bad_payload", "not_utf8", "timestamp_not_a_number", "signature_not_ascii", "length_abc",
         "length_minus_1", "signed_bad_json", "signed_bad_payload"],
)
def test_malformed_requests_are_refused_without_a_traceback(bot, slack, capfd, body, headers, signed, status):
    forged = {"X-Slack-Request-Timestamp": str(int(time.time())), "X-Slack-Signature": "v0=" + "0" * 64}
    signature = signature_headers(body) if signed else forged
    headers = {"Content-Type": "application/json", "Content-Length": str(len(body)), **signature, **headers}
    assert raw_post(bot.url, body, headers)[0] == status
    assert bot.event(dm(ANSWERED)) == 200  # and the server goes on answering
    slack.wait_for(lambda: slack.posts("chat.postMessage"))
    bot.drain()
    assert "Traceback" not in capfd.readouterr().err
    assert bot.log.db["questions"].count == 1


@pytest.mark.parametrize(
    "event",
    [
        dm("写真を載せていい？", bot_id="B0TH3R", subtype="bot_message"),
        dm("写真を載せていい？", bot_id="B0TH3R"),
        dm("写真を載せていい？", user=BOT_USER_ID, bot_id=BOT_ID),
        dm("写真を載せていい？", user=BOT_USER_ID, bot_id=BOT_ID, subtype="file_share", files=[PHOTO]),
        dm("写真を載せていい？", subtype="message_changed"),
        dm("写真を載せていい？", subtype="message_deleted"),
        dm("写真を載せていい？", subtype="channel_join"),
        {**dm(f"<@{BOT_USER_ID}> 写真を載せていい？"), "channel": "C0001", "channel_type": "channel"},
        mention(f"<@{BOT_USER_ID}> 写真を載せていい？", bot_id="B0TH3R"),
    ],
    ids=["bot_message", "bot_id", "own", "own_file", "edit", "delete", "join", "channel_message", "mention_by_bot"],
)
def test_bots_own_messages_edits_and_channel_messages_are_ignored(bot, slack, event):
    assert bot.event(event) == 200
    bot.drain()
    assert slack.posts("chat.postMessage") == []


def test_a_dm_with_an_attachment_answers_its_text(bot, slack):
    bot.event(dm("この写真を載せていい？", subtype="file_share", files=[PHOTO]))
    [posted] = slack.wait_for(lambda: slack.posts("chat.postMessage"))
    assert posted["channel"] == "D0001" and "この写真を載せていい？" in message_text(posted)
    assert [r["question"] for r in bot.log.db["questions"].rows] == ["この写真を載せていい？"]


def test_a_mention_that_also_arrives_as_a_message_is_answered_once(bot, slack):
    text = f"<@{BOT_USER_ID}> {ANSWERED}"
    bot.event({**dm(text), "channel": "C0001", "channel_type": "channel", "ts": "1700000000.000500"})
    bot.event(mention(text, ts="1700000000.000500"))
    slack.wait_for(lambda: slack.posts("chat.postMessage"))
    bot.drain()
    [posted] = slack.posts("chat.postMessage")
    assert posted["thread_ts"] == "1700000000.000500"


def test_broadcast_mentions_in_a_question_are_quoted_inert(bot, slack):
    # Slack sends @channel as <!channel> and a typed "<" as &lt;
    bot.event(dm("<!channel> <!here> <!subteam^S0001> &lt;!everyone&gt; 写真 &amp; 動画を載せていい？"))
    [posted] = slack.wait_for(lambda: slack.posts("chat.postMessage"))
    shown = message_text(posted)
    assert "<!" not in shown
    assert "&lt;!channel&gt;" in shown and "&lt;!subteam^S0001&gt;" in shown and "&amp;lt;!everyone&amp;gt;" not in shown
    assert "&lt;!everyone&gt;" in shown and "&amp; 動画" in shown
    [row] = bot.log.db["questions"].rows
    assert row["question"] == "<!channel> <!here> <!subteam^S0001> <!everyone> 写真 & 動画を載せていい？"


@pytest.mark.parametrize(
    "event, expected",
    [
        (dm("あ" * 10_000), problem(Problem.TOO_LONG)),
        (dm("😀🎉👍"), problem(Problem.NO_WORDS)),
        (mention(f"<@{BOT_USER_ID}>"), "質問の例"),
        (mention(f"  <@{BOT_USER_ID}|guidebot>  "), "質問の例"),
    ],
    ids=["10000_chars", "emoji", "only_a_mention", "only_a_named_mention"],
)
def test_bad_input_gets_a_helpful_reply(bot, slack, event, expected):
    bot.event(event)
    [posted] = slack.wait_for(lambda: slack.posts("chat.postMessage"))
    shown = message_text(posted)
    assert expected in shown and "Traceback" not in shown
    assert len(posted["text"]) <= 3000


@pytest.mark.parametrize(
    "event",
    [dm(":smile: :thumbsup:"), dm(":+1::skin-tone-2:"), dm(":smile: 😀"), mention(f"<@{BOT_USER_ID}> :pray:")],
    ids=["shortcodes", "with_skin_tone", "with_unicode_emoji", "mention"],
)
def test_emoji_shortcodes_alone_ask_for_words_and_are_not_unanswered(bot, slack, event):
    bot.event(event)
    [posted] = slack.wait_for(lambda: slack.posts("chat.postMessage"))
    bot.drain()
    assert problem(Problem.NO_WORDS) in message_text(posted)
    assert bot.log.unanswered() == []
    # the question is shown as sent (Slack draws the emoji), never as a stand-in 「質問: ・」
    blocks = posted["blocks"] if isinstance(posted["blocks"], list) else json.loads(posted["blocks"])
    asked = blocks[0]["elements"][0]["text"].removeprefix("💬 質問: ")
    assert asked and asked in event["text"] and "・" not in asked


def test_emoji_shortcodes_in_a_question_do_not_change_the_answer(bot, slack, slack_engine):
    bot.event(dm(f":wave: {ANSWERED} :pray::skin-tone-3:"))
    [posted] = slack.wait_for(lambda: slack.posts("chat.postMessage"))
    expected = slack_engine.ask(ANSWERED)
    assert citation(expected.results[0]) in message_text(posted)
    [row] = bot.log.db["questions"].rows
    assert row["question"] == ANSWERED and json.loads(row["clause_ids"]) == [hit.id for hit in expected.results]


def test_a_hundred_questions_whose_connections_open_at_once_are_all_acked_answered_once_and_logged(bot, slack):
    questions = [f"{ANSWERED} ({n})" for n in range(100)]
    barrier, statuses = threading.Barrier(100, timeout=30), [0] * 100

    def ask(n: int) -> None:
        barrier.wait()  # every connection opens at the same moment
        statuses[n] = bot.event(dm(questions[n], user=f"U{n:04d}", ts=f"1700000001.{n:06d}"))

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(100)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert statuses == [200] * 100
    slack.wait_for(lambda: len(slack.posts("chat.postMessage")) >= 100, timeout=60)
    bot.drain()
    answered = [buttons(p)["feedback_up"] for p in slack.posts("chat.postMessage")]  # each answer's question id
    rows = list(bot.log.db["questions"].rows)
    assert len(answered) == 100 and set(answered) == {r["id"] for r in rows}  # each question answered once
    assert sorted(r["question"] for r in rows) == sorted(questions)
    assert len({r["user_hash"] for r in bot.log.db["questions"].rows}) == 100


def test_signed_events_are_acked_while_300_connections_stall_half_sent(bot, slack):
    host, port = "127.0.0.1", int(bot.url.split(":")[2].split("/")[0])
    stalled = []
    try:
        for _ in range(300):
            sock = socket.create_connection((host, port), timeout=10)
            sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n")
            stalled.append(sock)
        statuses = [bot.event(dm(f"{ANSWERED} [{n}]", ts=f"1700000002.{n:06d}")) for n in range(5)]
    finally:
        for sock in stalled:
            sock.close()
    assert statuses == [200] * 5
    slack.wait_for(lambda: len(slack.posts("chat.postMessage")) >= 5)


def test_a_rate_limited_post_is_retried_and_logged(bot, slack, caplog):
    caplog.set_level(logging.INFO)
    slack.rate_limit("chat.postMessage")
    bot.event(dm(ANSWERED))
    slack.wait_for(lambda: len(slack.posts("chat.postMessage")) == 2)
    bot.drain()
    assert any("(HTTP 429); retry 1" in r.getMessage() for r in caplog.records)
    [row] = bot.log.db["questions"].rows
    assert (row["delivery"], row["delivery_attempts"]) == ("delivered", 2)


def test_an_answer_slack_refuses_for_good_is_not_retried_and_is_recorded(bot, slack, caplog):
    caplog.set_level(logging.INFO)
    slack.refuse("chat.postMessage", "channel_not_found")
    bot.event(dm(ANSWERED))
    slack.wait_for(lambda: slack.posts("chat.postMessage"))
    bot.drain()
    assert len(slack.posts("chat.postMessage")) == 1
    [failure] = [r for r in caplog.records if r.levelno == logging.ERROR and r.name == "guidebot.delivery"]
    assert "could not deliver the dm answer" in failure.getMessage() and "channel_not_found" in failure.getMessage()
    [row] = bot.log.db["questions"].rows
    assert row["delivery"] == "failed" and "channel_not_found" in row["delivery_reason"]
    [undelivered] = bot.log.undelivered()
    assert undelivered.question == ANSWERED and "channel_not_found" in undelivered.reason


def test_tokens_and_secrets_never_reach_the_logs(bot, slack, caplog):
    capture_all_logs(caplog)
    bot.event(dm(ANSWERED))
    [posted] = slack.wait_for(lambda: slack.posts("chat.postMessage"))
    bot.click("feedback_up", buttons(posted)["feedback_up"], response="vote2")
    slack.wait_for(lambda: slack.responses("vote2"))
    bot.drain()
    assert caplog.records
    assert BOT_TOKEN not in caplog.text and SECRET not in caplog.text


def test_socket_mode_requests_reach_the_same_listeners_and_retries_are_answered_once(bot, slack):
    def envelope(event_id: str, **retry) -> SocketModeRequest:
        payload = json.loads(event_body(dm(ANSWERED), event_id))
        return SocketModeRequest(type="events_api", envelope_id=f"env-{event_id}", payload=payload, **retry)

    assert run_bolt_app(bot.app, envelope("EvS1")).status == 200
    assert run_bolt_app(bot.app, envelope("EvS1", retry_attempt=1, retry_reason="timeout")).status == 200
    slack.wait_for(lambda: slack.posts("chat.postMessage"))
    bot.drain()
    assert len(slack.posts("chat.postMessage")) == 1


@pytest.mark.parametrize("body, content_type", [
    (b"[1, 2]", "application/json"), (b"null", "application/json"), (b'"text"', "application/json"),
    (b"payload=%5B%5D", "application/x-www-form-urlencoded"), (b"payload=null", "application/x-www-form-urlencoded"),
], ids=["array", "null", "string", "payload_array", "payload_null"])
def test_a_signed_body_that_is_no_object_is_refused_with_400(bot, slack, capfd, body, content_type):
    headers = {"Content-Type": content_type, "Content-Length": str(len(body)), **signature_headers(body)}
    assert raw_post(bot.url, body, headers) == (400, "malformed body")
    assert bot.event(dm(ANSWERED)) == 200  # and the server goes on answering
    slack.wait_for(lambda: slack.posts("chat.postMessage"))
    bot.drain()
    assert "Traceback" not in capfd.readouterr().err


def test_a_replayed_slash_command_is_answered_once(bot, slack):
    form = urlencode(command_form(ANSWERED, slack.response_url("replayed")))
    data = form.encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Content-Length": str(len(data)),
               **signature_headers(data)}
    statuses = [raw_post(bot.url, data, headers)[0] for _ in range(3)]
    assert statuses == [200, 200, 200]
    slack.wait_for(lambda: slack.responses("replayed"))
    bot.drain()
    assert len(slack.responses("replayed")) == 1
    assert bot.log.db["questions"].count == 1


def test_the_same_command_signed_again_is_a_new_question(bot, slack):
    for timestamp in (int(time.time()) - 1, int(time.time())):  # a new signature: the staff member asked again
        assert bot.post(urlencode(command_form(ANSWERED, slack.response_url("again"))),
                        "application/x-www-form-urlencoded", timestamp=timestamp)[0] == 200
    slack.wait_for(lambda: len(slack.responses("again")) == 2)
    bot.drain()
    assert bot.log.db["questions"].count == 2


def test_a_follow_up_in_the_same_dm_is_read_with_the_question_before(bot, slack):
    assert bot.event(dm(ANSWERED)) == 200
    slack.wait_for(lambda: slack.posts("chat.postMessage"))
    assert bot.event(dm("業務用の端末なら？")) == 200
    _, follow_up = slack.wait_for(lambda: slack.posts("chat.postMessage") if len(slack.posts("chat.postMessage")) == 2 else None)
    assert f"前の質問「{ANSWERED}」に続けて読みました" in message_text(follow_up)
    first, second = sorted(bot.log.db["questions"].rows, key=lambda row: row["time"])
    assert second["question"] == "業務用の端末なら？" and second["follows"] == first["id"] and first["follows"] is None


def test_a_mention_in_the_thread_of_an_answer_follows_that_threads_question(bot, slack):
    assert bot.event(mention(f"<@{BOT_USER_ID}> {ANSWERED}", ts="1700000001.000100")) == 200
    slack.wait_for(lambda: slack.posts("chat.postMessage"))
    elsewhere = mention(f"<@{BOT_USER_ID}> 業務用の端末なら？", ts="1700000003.000100")
    in_thread = mention(f"<@{BOT_USER_ID}> 業務用の端末なら？", ts="1700000002.000100", thread_ts="1700000001.000100")
    assert bot.event(in_thread) == 200 and bot.event(elsewhere) == 200
    posts = slack.wait_for(lambda: slack.posts("chat.postMessage") if len(slack.posts("chat.postMessage")) == 3 else None)
    threaded = [p for p in posts if p.get("thread_ts") == "1700000001.000100"]
    alone = [p for p in posts if p.get("thread_ts") == "1700000003.000100"]
    assert len(threaded) == 2 and "前の質問" in message_text(threaded[1]) and "前の質問" not in message_text(alone[0])


def test_a_thread_that_began_with_help_gives_a_follow_up_no_context(bot, slack):
    assert bot.event(mention(f"<@{BOT_USER_ID}> help", ts="1700000005.000100")) == 200
    slack.wait_for(lambda: slack.posts("chat.postMessage"))
    follow_up = mention(f"<@{BOT_USER_ID}> 業務用の端末なら？", ts="1700000006.000100", thread_ts="1700000005.000100")
    assert bot.event(follow_up) == 200
    posts = slack.wait_for(lambda: slack.posts("chat.postMessage") if len(slack.posts("chat.postMessage")) == 2 else None)
    assert "前の質問" not in message_text(posts[1])
    [row] = bot.log.db["questions"].rows
    assert row["question"] == "業務用の端末なら？" and row["follows"] is None
