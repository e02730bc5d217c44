"""The Teams bot end to end: the real server process, Activities over HTTP, replies to a stand-in Bot Connector."""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from tests.slack.conftest import CONTACT
from tests.teams.conftest import REPO, activity, card_of, card_text, elements, mention_entity

NOT_FOUND = "該当する記載は見つかりませんでした"


def only_reply(connector, conversation: str):
    replies = connector.wait_for(lambda: connector.replies_to(conversation))
    assert len(replies) == 1, [r.activity for r in replies]
    return replies[0]


def test_a_personal_chat_is_answered_with_a_card_citing_the_clause(teams_bot, connector):
    message = activity("勤務時間中にSNSで発信していい？", connector)
    status, _ = teams_bot.post(message)
    assert status == 200
    reply = only_reply(connector, message["conversation"]["id"])
    card = card_of(reply)
    shown = card_text(card)
    assert "芦屋市職員ソーシャルメディア利用ガイドライン" in shown
    assert "9(3)「勤務時間中の利用禁止」" in shown
    highlighted = [run["text"] for run in elements(card, "TextRun") if run.get("highlight")]
    assert highlighted and "勤務時間中は" in highlighted[0]
    assert reply.reply_to == message["id"] or reply.activity.get("replyToId") == message["id"]
    logged = [q for q in teams_bot.questions() if q["question"] == "勤務時間中にSNSで発信していい？"]
    assert len(logged) == 1 and logged[0]["surface"] == "teams" and logged[0]["answered"] == 1
    assert "29:user-1" not in json.dumps(logged[0])  # the user id is stored only as a hash


def test_a_channel_mention_is_answered_in_its_thread_without_the_mention(teams_bot, connector):
    thread = "19:general@thread.tacv2;messageid=1733270000001"
    message = activity("<at>guidebot</at> 他人の写真を本人の同意なしに載せていい？", connector, conversation=thread,
                       kind="channel", activity_id="1733270000001", entities=[mention_entity()])
    assert teams_bot.post(message)[0] == 200
    reply = only_reply(connector, thread)
    shown = card_text(card_of(reply))
    assert "9(4)「肖像権の侵害」" in shown
    assert "<at>" not in json.dumps(reply.activity, ensure_ascii=False)
    assert reply.activity.get("replyToId") == "1733270000001"
    logged = [q["question"] for q in teams_bot.questions() if "写真" in q["question"]]
    assert logged == ["他人の写真を本人の同意なしに載せていい？"]


def test_a_top_level_channel_post_is_answered_in_the_thread_it_starts(teams_bot, connector):
    message = activity("<at>guidebot</at> 匿名で発信してもいい？", connector, conversation="19:random@thread.tacv2",
                       kind="channel", activity_id="1733270000777", entities=[mention_entity()])
    assert teams_bot.post(message)[0] == 200
    reply = only_reply(connector, "19:random@thread.tacv2;messageid=1733270000777")
    assert "9(5)" in card_text(card_of(reply))


def test_a_group_chat_mention_is_answered_in_the_chat(teams_bot, connector):
    message = activity("<at>guidebot</at> 誹謗中傷はだめ？", connector, conversation="19:group@thread.v2",
                       kind="groupChat", activity_id="1733270000888", entities=[mention_entity()])
    assert teams_bot.post(message)[0] == 200
    assert "3(2)" in card_text(card_of(only_reply(connector, "19:group@thread.v2")))


def test_a_channel_message_without_a_mention_is_ignored(teams_bot, connector):
    message = activity("勤務時間中にSNSで発信していい？", connector, conversation="19:quiet@thread.tacv2;messageid=1",
                       kind="channel", activity_id="1733270000002")
    assert teams_bot.post(message)[0] == 200
    group = activity("勤務時間中にSNSで発信していい？", connector, kind="groupChat")
    assert teams_bot.post(group)[0] == 200
    # The reply is sent before the HTTP response: anything the bot were to post would already be here.
    assert connector.replies_to("19:quiet@thread.tacv2;messageid=1") == []
    assert connector.replies_to(group["conversation"]["id"]) == []


def test_feedback_is_stored_in_the_log_and_the_report_shows_it(teams_bot, connector):
    message = activity("昼休みに投稿していい？", connector)
    teams_bot.post(message)
    card = card_of(only_reply(connector, message["conversation"]["id"]))
    down = next(a for a in card["actions"] if a["data"]["vote"] == "down")
    assert {a["data"]["vote"] for a in card["actions"]} == {"up", "down"}
    click = activity(None, connector, conversation=message["conversation"]["id"], type="invoke",
                     name="adaptiveCard/action",
                     value={"action": {"type": "Action.Execute", "verb": down["verb"], "data": down["data"]},
                            "trigger": "manual"})
    status, body = teams_bot.post(click)
    assert status == 200
    assert body["type"] == "application/vnd.microsoft.activity.message" and CONTACT in body["value"]
    votes = [f for f in teams_bot.feedback() if f["question_id"] == down["data"]["question_id"]]
    assert [v["vote"] for v in votes] == ["down"]
    asked = next(q for q in teams_bot.questions() if q["id"] == down["data"]["question_id"])
    assert asked["surface"] == "teams" and asked["question"] == "昼休みに投稿していい？"
    report = subprocess.run([sys.executable, "-m", "bot", "report", "--log", str(teams_bot.log_path)],
                            cwd=REPO, capture_output=True, text=True, timeout=60)
    disliked = report.stdout.split("👎", 1)[1]
    assert report.returncode == 0 and "昼休みに投稿していい？" in disliked


def test_an_unknown_card_action_gets_a_japanese_message_and_logs_nothing(teams_bot, connector):
    before = len(teams_bot.feedback())
    click = activity(None, connector, type="invoke", name="adaptiveCard/action",
                     value={"action": {"type": "Action.Execute", "verb": "other", "data": {"vote": "up"}}})
    status, body = teams_bot.post(click)
    assert status == 200 and body["value"] == "このボタンには対応していません。"
    forged = {"vote": "up", "question_id": "x\nINFO forged log line"}
    click["value"] = {"action": {"type": "Action.Execute", "verb": "feedback", "data": forged}}
    click["id"] = "1733270009999"
    status, body = teams_bot.post(click)
    assert status == 200 and body["value"] == "このボタンには対応していません。"
    assert len(teams_bot.feedback()) == before and "forged log line" not in teams_bot.stderr()


def test_ten_messages_at_once_are_each_answered_once(teams_bot, connector):
    messages = [activity(f"勤務時間中にSNSを見てもいい？（{n}）", connector) for n in range(10)]
    with ThreadPoolExecutor(10) as pool:
        statuses = list(pool.map(lambda m: teams_bot.post(m)[0], messages))
    assert statuses == [200] * 10
    for message in messages:
        reply = only_reply(connector, message["conversation"]["id"])
        assert message["text"] in card_text(card_of(reply))


def test_a_repeated_activity_is_answered_once(teams_bot, connector):
    message = activity("著作権のある画像を転載していい？", connector)
    assert teams_bot.post(message)[0] == 200
    assert teams_bot.post(message)[0] == 200
    assert len(only_reply(connector, message["conversation"]["id"]).activity["attachments"]) == 1


def test_the_connector_answering_429_and_503_is_retried_with_back_off(teams_bot, connector):
    message = activity("選挙に関する発信をしてもいい？", connector)
    connector.fail_next(429, headers={"Retry-After": "0"})
    connector.fail_next(503)
    assert teams_bot.post(message)[0] == 200
    replies = connector.wait_for(lambda: len(connector.replies_to(message["conversation"]["id"])) >= 3 and
                                 connector.replies_to(message["conversation"]["id"]))
    assert len(replies) == 3 and replies[0].activity == replies[2].activity
    assert "5(3)" in card_text(card_of(replies[2]))
    log = teams_bot.stderr()
    assert "Bot Connector POST failed (HTTP 429); retry 1 of 3" in log
    assert "Bot Connector POST failed (HTTP 503); retry 2 of 3" in log


def test_a_connector_that_stays_down_is_logged_in_one_line(teams_bot, connector):
    message = activity("なりすましアカウントを見つけたら？", connector)
    connector.fail_next(500, times=4, headers={"Retry-After": "0"})
    assert teams_bot.post(message)[0] == 200
    assert len(connector.replies_to(message["conversation"]["id"])) == 4
    assert "could not deliver the answer to Teams conversation " + message["conversation"]["id"] in teams_bot.stderr()



def test_a_follow_up_in_a_personal_chat_is_read_with_the_question_before_and_delivery_is_logged(teams_bot, connector):
    first = activity("勤務時間中にSNSで発信していい？", connector)
    teams_bot.post(first)
    conversation = first["conversation"]["id"]
    only_reply(connector, conversation)
    teams_bot.post(activity("業務用の端末なら？", connector, conversation=conversation))
    replies = connector.wait_for(lambda: connector.replies_to(conversation) if len(connector.replies_to(conversation)) == 2 else None)
    shown = card_text(card_of(replies[1]))
    assert "前の質問「勤務時間中にSNSで発信していい？」に続けて読みました" in shown
    follow_up = next(q for q in teams_bot.questions() if q["question"] == "業務用の端末なら？")
    earlier = next(q for q in teams_bot.questions() if q["id"] == follow_up["follows"])
    assert earlier["question"] == "勤務時間中にSNSで発信していい？"
    ours = {earlier["id"], follow_up["id"]}
    assert connector.wait_for(lambda: all(q["delivery"] == "delivered" for q in teams_bot.questions() if q["id"] in ours) or None)
