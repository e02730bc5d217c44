"""Adaptive Card rendering: the same content as Slack's answer, within Teams' limits, user text never markup."""

from __future__ import annotations

import json

from bot.corpus.model import Clause
from bot.engine.answer import Answer, Hit, Problem
from bot.render.messages import ELSEWHERE, NOT_FOUND, problem
from bot.render.card import QUOTE_BUDGET, render_card, render_fallback, render_help_card
from bot.teams.app import mentions_bot, question_text
from microsoft_teams.api import MessageActivity
from tests.teams.conftest import BOT_ID, card_text, elements

CONTACT = "広報課（内線1234）"
MAX_MESSAGE_BYTES = 28_000  # Teams refuses larger messages


def hit(number="9(3)", heading="勤務時間中の利用禁止", body="勤務時間中は私的に発信してはならない。休憩時間は差し支えない。",
        sentence="勤務時間中は私的に発信してはならない。", doc="ashiya", score=10.0, **clause) -> Hit:
    return Hit(Clause(doc, number, heading, body, **clause), f"{doc} のガイドライン", score, sentence)


def test_an_answer_cites_title_number_heading_and_highlights_the_best_sentence():
    best = hit(path=("【プライベート編】", "9 禁止事項"))
    other = hit(doc="tsuyama", number="3(1)", heading="勤務時間中の私的利用", sentence="勤務時間中に私的に利用しない。")
    card = render_card(Answer("仕事中に投稿していい？", True, (best,), references=(other,)), CONTACT, "q123")
    shown = card_text(card)
    assert "ashiya のガイドライン　9(3)「勤務時間中の利用禁止」" in shown
    assert "【プライベート編】 › 9 禁止事項" in shown
    assert "他の文書ではどう定めているか:" in shown and "tsuyama のガイドライン 3(1)「勤務時間中の私的利用」" in shown
    [marked] = [run for run in elements(card, "TextRun") if run.get("highlight")]
    assert marked["text"] == "勤務時間中は私的に発信してはならない。" and marked["weight"] == "Bolder"
    assert "休憩時間は差し支えない。" in shown
    assert [a["data"] for a in card["actions"]] == [{"vote": "up", "question_id": "q123"},
                                                   {"vote": "down", "question_id": "q123"}]
    assert card["fallbackText"] == "ashiya のガイドライン 9(3)「勤務時間中の利用禁止」: 勤務時間中は私的に発信してはならない。"


def test_another_organizations_clause_says_so_first():
    shown = card_text(render_card(Answer("仕事中に投稿していい？", True, (hit(),), elsewhere=True), CONTACT, "q1"))
    assert shown.startswith("💬 質問: 仕事中に投稿していい？" + ELSEWHERE)
    assert ELSEWHERE not in card_text(render_card(Answer("仕事中に投稿していい？", True, (hit(),)), CONTACT, "q1"))


def test_an_faq_entry_is_shown_as_question_and_answer():
    faq = hit(number="Q1", heading="昼休みにSNSを見てもいいですか", body="差し支えありません。", sentence="差し支えありません。",
              is_faq=True)
    shown = card_text(render_card(Answer("昼休みにSNS", True, (faq,)), CONTACT, "q1"))
    assert "Q. 昼休みにSNSを見てもいいですか\nA. 差し支えありません。" in shown


def test_an_abstention_says_so_lists_the_nearest_clauses_and_names_the_contact():
    near = hit(number="5(1)", heading="アカウントの管理", sentence="パスワードは管理者が管理する。")
    card = render_card(Answer("有給は何日？", False, (near,)), CONTACT, "q9")
    shown = card_text(card)
    assert NOT_FOUND in shown and "近い記載（参考）" in shown and "5(1)「アカウントの管理」" in shown
    assert f"判断に迷うときは{CONTACT}に確認してください。" in shown
    assert card["actions"]  # an abstention can be voted on too
    assert NOT_FOUND in render_fallback(Answer("有給は何日？", False, (near,)), CONTACT)


def test_a_problem_is_shown_without_buttons():
    card = render_card(Answer("😀", False, problem=Problem.NO_WORDS), CONTACT, None)
    assert problem(Problem.NO_WORDS) in card_text(card) and "actions" not in card


def test_a_huge_clause_and_question_stay_within_the_message_limit():
    body = "あ" * 20_000 + "勤務時間中は発信しない。" + "い" * 20_000
    big = hit(body=body, sentence="勤務時間中は発信しない。", heading="見出し" * 500)
    card = render_card(Answer("質問" * 5000, True, (big,), references=(big,) * 5), CONTACT, "q" * 32)
    assert len(json.dumps(card, ensure_ascii=False).encode()) < MAX_MESSAGE_BYTES
    quote = [run["text"] for run in elements(card, "Container")[0]["items"][0]["inlines"]]
    assert "勤務時間中は発信しない。" in quote and sum(map(len, quote)) <= QUOTE_BUDGET
    assert card_text(card).startswith("💬 質問: " + "質問" * 149 + "質")


def test_user_text_is_never_read_as_markdown():
    question = "[ここをクリック](https://evil.example) **太字** <at>全員</at>"
    card = render_card(Answer(question, False, ()), CONTACT, "q")
    assert elements(card, "TextBlock") == []  # TextBlock reads Markdown; TextRun never does
    assert question in card_text(card)


def test_help_lists_examples_and_the_contact():
    card = render_help_card(CONTACT, "添付ファイルは読めません。")
    shown = card_text(card)
    assert shown.startswith("添付ファイルは読めません。") and "昼休みに投稿していい？" in shown and CONTACT in shown


def message(text: str, entities=()) -> MessageActivity:
    return MessageActivity.model_validate({
        "type": "message", "id": "1", "text": text, "entities": list(entities), "channelId": "msteams",
        "from": {"id": "29:u"}, "conversation": {"id": "c"}, "recipient": {"id": BOT_ID, "name": "guidebot"},
    })


def test_question_text_drops_the_bots_mention_and_keeps_others_as_plain_names():
    bot = {"type": "mention", "text": "<at>guidebot</at>", "mentioned": {"id": BOT_ID, "name": "guidebot"}}
    person = {"type": "mention", "text": "<at>山田</at>", "mentioned": {"id": "29:yamada", "name": "山田"}}
    activity = message("<at>guidebot</at> <at>山田</at>さんの写真を載せていい？ A&amp;B", [bot, person])
    assert question_text(activity) == "山田さんの写真を載せていい？ A&B"
    assert mentions_bot(activity) and not mentions_bot(message("<at>山田</at> こんにちは", [person]))


def test_the_question_command_word_is_not_part_of_the_question():
    assert question_text(message("質問 昼休みに投稿していい？")) == "昼休みに投稿していい？"
    assert question_text(message("質問")) == ""  # the command alone: how to ask
    assert question_text(message("質問です。昼休みは？")) == "質問です。昼休みは？"
