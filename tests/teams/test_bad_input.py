"""Bad input to the Teams bot: each gets a clear Japanese reply or is ignored; nothing crashes or is logged as an exception."""

from __future__ import annotations

import pytest

from bot.render.messages import ATTACHMENT_ONLY
from tests.teams.conftest import BOT_ID, activity, card_of, card_text, elements, mention_entity

HELP_TITLE = "guidebot の使い方"


def reply_text(teams_bot, connector, message: dict) -> str:
    status, _ = teams_bot.post(message)
    assert status == 200
    replies = connector.wait_for(lambda: connector.replies_to(message["conversation"]["id"]))
    assert len(replies) == 1
    return card_text(card_of(replies[0]))


@pytest.mark.parametrize("text", ["", "   ", "help", "ヘルプ", None])
def test_an_empty_message_or_help_shows_how_to_ask(teams_bot, connector, text):
    shown = reply_text(teams_bot, connector, activity(text, connector))
    assert HELP_TITLE in shown and "昼休みに投稿していい？" in shown


def test_the_bot_added_to_a_personal_chat_says_how_to_ask(teams_bot, connector):
    added = activity(None, connector, type="conversationUpdate", membersAdded=[{"id": BOT_ID}])
    assert HELP_TITLE in reply_text(teams_bot, connector, added)


def test_a_mention_alone_shows_how_to_ask_in_the_thread(teams_bot, connector):
    thread = "19:general@thread.tacv2;messageid=1733270000100"
    message = activity("<at>guidebot</at>", connector, conversation=thread, kind="channel",
                       activity_id="1733270000100", entities=[mention_entity()])
    assert HELP_TITLE in reply_text(teams_bot, connector, message)


def test_ten_thousand_characters_get_an_answer_or_a_clear_problem(teams_bot, connector):
    shown = reply_text(teams_bot, connector, activity("勤務時間中にSNSを使っていい？" * 625, connector))
    assert "💬 質問: " in shown and len(shown) < 6000


def test_emoji_only_asks_for_words(teams_bot, connector):
    shown = reply_text(teams_bot, connector, activity("😀🎉👍", connector))
    assert "💬 質問: 😀🎉👍" in shown
    assert "使い方は help と送ると表示されます。" in shown  # the engine's problem, then how to get help


def test_an_attachment_without_text_says_it_cannot_be_read(teams_bot, connector):
    message = activity(None, connector, attachments=[{
        "contentType": "application/vnd.microsoft.teams.file.download.info", "name": "写真.png",
        "content": {"downloadUrl": "https://example.invalid/file", "uniqueId": "1", "fileType": "png"}}])
    shown = reply_text(teams_bot, connector, message)
    assert ATTACHMENT_ONLY in shown and HELP_TITLE in shown


def test_mentions_of_people_are_not_echoed_as_mentions(teams_bot, connector):
    message = activity("<at>山田</at> さんの写真を載せていい？ [ここ](https://evil.example) @channel", connector,
                       entities=[{"type": "mention", "text": "<at>山田</at>", "mentioned": {"id": "29:yamada", "name": "山田"}}])
    status, _ = teams_bot.post(message)
    assert status == 200
    reply = connector.wait_for(lambda: connector.replies_to(message["conversation"]["id"]))[0]
    assert "<at>" not in str(reply.activity) and "entities" not in reply.activity
    assert elements(card_of(reply), "TextBlock") == []  # every text is a TextRun, which Teams never reads as Markdown


@pytest.mark.parametrize("other", [
    {"type": "conversationUpdate", "membersAdded": [{"id": "29:new-member"}]},
    {"type": "conversationUpdate", "membersAdded": [{"id": "28:bot-app-id"}], "conversation": "19:team@thread.tacv2",
     "kind": "channel"},
    {"type": "typing"},
    {"type": "messageReaction", "reactionsAdded": [{"type": "like"}]},
    {"type": "invoke", "name": "unknown/kind", "value": {"x": 1}},
    {"type": "event", "name": "application/vnd.microsoft.unknownEvent", "value": {}},
    {"type": "somethingNew"},
])
def test_other_activities_are_acknowledged_and_ignored(teams_bot, connector, other):
    message = activity(None, connector, **other)
    status, _ = teams_bot.post(message)
    assert status in (200, 501)
    assert connector.replies_to(message["conversation"]["id"]) == []


@pytest.mark.parametrize("body", [
    b"not json", b"[1, 2]", b'"message"', b"{}", b'{"type": 5}', b'{"type": "message", "serviceUrl": 7}',
    b'{"type": "message", "id": "1", "text": "hi"}',  # no conversation, from or recipient
    b'{"type": "message", "id": "1", "serviceUrl": "http://127.0.0.1:9/", "from": "me", "conversation": {}, '
    b'"recipient": {"id": "28:x"}, "channelId": "msteams"}',
    "{\"type\": \"message\", \"text\": \"\udcff\"}".encode("utf-8", "surrogatepass"),
])
def test_a_malformed_activity_is_refused_with_400(teams_bot, connector, body):
    status, answer = teams_bot.post(body)
    assert status == 400 and "error" in answer


def test_a_body_over_a_megabyte_is_refused(teams_bot, connector):
    status, _ = teams_bot.post(activity("x" * (1 << 20), connector))
    assert status == 413


def test_a_foreign_service_url_is_refused_in_test_mode(teams_bot, connector):
    before = len(teams_bot.questions())
    message = activity("昼休みに投稿していい？", connector, serviceUrl="https://smba.trafficmanager.net/teams/")
    status, _ = teams_bot.post(message)
    assert status == 403
    assert len(teams_bot.questions()) == before  # not even answered
    assert "refused an Activity whose serviceUrl is not on loopback" in teams_bot.stderr()


def test_no_exception_reached_the_log(teams_bot, connector):
    """Runs last in this module: after all the bad input above, the bot's log holds no traceback."""
    still_answering = activity("勤務時間中にSNSで発信していい？", connector)
    assert "9(3)" in reply_text(teams_bot, connector, still_answering)
    log = teams_bot.stderr()
    assert "Traceback" not in log and " ERROR " not in log, log
