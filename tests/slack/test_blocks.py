"""Block Kit rendering: Slack's limits, escaping, abstention, and the text fallback."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from bot.corpus.model import Clause
from bot.engine.answer import Answer, Hit, Problem
from bot.render import messages
from bot.render.blocks import MAX_BLOCKS, MAX_TEXT, escape, render_blocks, render_help, render_message
from bot.slack.app import question_text

ENTITY_SAFE = re.compile(r"&(?!amp;|lt;|gt;)")  # an & that does not start one of Slack's three entities


def hit(doc="ashiya", number="9(3)", heading="勤務時間中の利用禁止", body="勤務時間中は私的に発信してはならない。",
        sentence=None, score=10.0, **clause) -> Hit:
    sentence = body.split("。")[0] + "。" if sentence is None else sentence
    return Hit(Clause(doc, number, heading, body, **clause), f"{doc} のガイドライン", score, sentence)


def texts(blocks: list[dict]):
    """Every text object's text, anywhere in the blocks."""
    for value in _walk(blocks):
        if isinstance(value, dict) and isinstance(value.get("text"), str):
            yield value["text"]


def _walk(value):
    yield value
    children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    for child in children:
        yield from _walk(child)


def test_escape_ampersand_first_so_entities_survive_once():
    assert escape("<!channel> & &lt;") == "&lt;!channel&gt; &amp; &amp;lt;"


@pytest.mark.parametrize(
    "raw, question",
    [
        ("<@UBOT> 写真を載せていい？", "写真を載せていい？"),
        ("<@UBOT|guidebot>写真 &amp;lt; と &lt;b&gt;", "写真 &lt; と <b>"),
        ("<@U0THER> さんの写真を <@UBOT> 載せていい？", "<@U0THER> さんの写真を  載せていい？"),
        ("<@UBOT>", ""),
        (None, ""),
        (":wave: 写真を:+1:載せていい？ :pray::skin-tone-2:", "写真を載せていい？"),
        ("12:30:45に投稿 a:b:c", "12:30:45に投稿 a:b:c"),
    ],
)
def test_question_text_strips_only_the_bots_mention_and_emoji_and_undoes_slack_escaping(raw, question):
    assert question_text(raw, "UBOT") == question


def test_typed_text_round_trips_and_slack_markup_becomes_inert():
    typed = "&amp;lt; &lt;b&gt; &amp; 写真"  # what Slack sends when someone types "&lt; <b> & 写真"
    assert escape(question_text(typed, "UBOT")) == typed
    assert escape(question_text("<!channel> 写真", "UBOT")) == "&lt;!channel&gt; 写真"


def test_answer_cites_document_clause_and_heading_with_the_sentence_in_bold():
    best = hit(path=("【プライベート編】", "9 禁止事項"), body="勤務時間中は私的に発信してはならない。休憩時間は差し支えない。",
               sentence="休憩時間は差し支えない。")
    ref = hit(doc="tsuyama", number="3(1)", heading="私的利用", body="勤務時間中に私的に利用してはならない。", score=8.0)
    message = render_message(Answer("昼休みに投稿していい？", True, (best,), references=(ref,)), "広報課", "q1")
    shown = "\n".join(texts(message["blocks"]))
    assert "ashiya のガイドライン" in shown and "9(3)「勤務時間中の利用禁止」" in shown
    assert "【プライベート編】 › 9 禁止事項" in shown
    assert "\u200b*休憩時間は差し支えない。*\u200b" in shown
    assert "他の文書ではどう定めているか" in shown and "tsuyama のガイドライン 3(1)「私的利用」" in shown
    assert message["text"] == "ashiya のガイドライン 9(3)「勤務時間中の利用禁止」: 休憩時間は差し支えない。"
    [actions] = [b for b in message["blocks"] if b["type"] == "actions"]
    assert [e["action_id"] for e in actions["elements"]] == ["feedback_up", "feedback_down"]
    assert {e["value"] for e in actions["elements"]} == {"q1"}


def test_faq_entry_is_quoted_as_question_and_answer():
    faq = hit(doc="faq", number="Q1", heading="昼休みにSNSを見てもいいですか", body="差し支えありません。", is_faq=True)
    shown = "\n".join(texts(render_blocks(Answer("昼休み", True, (faq,)), "広報課")))
    assert ">Q. 昼休みにSNSを見てもいいですか\n>A. " in shown


def test_share_button_carries_the_question_id_only_and_only_when_asked():
    def share_values(answer: Answer, share: bool) -> list[str]:
        return [e["value"] for b in render_blocks(answer, "広報課", "q1", share=share) if b["type"] == "actions"
                for e in b["elements"] if e["action_id"] == "share"]

    # the answer shared is the one the log keeps for the id, so a long question still has the button
    for question in ("写真を載せていい？", "写" * 3000):
        [value] = share_values(Answer(question, True, (hit(),)), share=True)
        assert json.loads(value) == {"id": "q1"} and len(value) <= 2000  # Slack's limit for a button's value
    assert share_values(Answer("写真を載せていい？", True, (hit(),)), share=False) == []


def test_abstention_says_so_lists_nearest_clauses_and_names_the_contact():
    answer = Answer("出張旅費は？", False, (hit(number="1"), hit(number="2"), hit(number="3"), hit(number="4")))
    message = render_message(answer, "広報課（内線1234）", "q1")
    shown = "\n".join(texts(message["blocks"]))
    assert "該当する記載は見つかりませんでした" in shown and "広報課（内線1234）に確認してください" in shown
    assert "近い記載" in shown and shown.count("• ashiya のガイドライン") == 3
    assert "見つかりませんでした" in message["text"] and "広報課（内線1234）" in message["text"]


def test_abstention_without_nearby_clauses_still_names_the_contact():
    shown = "\n".join(texts(render_blocks(Answer("給与は？", False), "人事課", "q1")))
    assert "見つかりませんでした" in shown and "人事課" in shown and "近い記載" not in shown


def test_problem_is_shown_without_buttons():
    message = render_message(Answer("😀", False, problem=Problem.NO_WORDS), "広報課", "q1")
    told = messages.problem(Problem.NO_WORDS)
    assert told in "\n".join(texts(message["blocks"])) and message["text"] == told
    assert all(b["type"] != "actions" for b in message["blocks"])


def test_a_huge_answer_stays_within_slacks_limits_and_cuts_no_entity():
    body = ("A&B <注意> " * 300 + "\n") * 10  # ~35,000 characters, ~60,000 escaped
    hits = tuple(hit(doc=f"d{n}", number=f"{n}(1)", heading="見出し&<>" * 40, body=body, sentence=body[1000:9000],
                     path=("部" * 500,)) for n in range(200))
    answer = Answer("<!channel> " * 1000, True, hits, references=hits[1:])
    for message in (render_message(answer, "広報課" * 2000, "q" * 100, share=True),
                    render_message(Answer(answer.question, False, hits), "広報課" * 2000, "q1")):
        assert len(message["blocks"]) <= MAX_BLOCKS
        all_texts = list(texts(message["blocks"])) + [message["text"]]
        assert all(len(t) <= MAX_TEXT for t in all_texts)
        assert not any(ENTITY_SAFE.search(t) for t in all_texts)
        assert not any("<!" in t for t in all_texts)


def test_user_and_corpus_text_is_escaped_everywhere():
    best = hit(heading="<b>見出し</b>", body="<!here> & 本文", sentence="<!here> & 本文")
    message = render_message(Answer("<!channel> & <@U1>", True, (best,), references=(hit(doc="x", body="<!everyone>"),)), "<!subteam^S1>", "q1")
    shown = "\n".join(texts(message["blocks"])) + message["text"]
    assert "<" not in shown  # no link, mention or broadcast markup at all
    assert "&lt;!channel&gt; &amp; &lt;@U1&gt;" in shown and "&lt;b&gt;見出し&lt;/b&gt;" in shown


def test_help_lists_the_three_ways_to_ask_and_examples():
    message = render_help("広報課")
    shown = "\n".join(texts(message["blocks"]))
    assert "/guideline" in shown and "@guidebot" in shown and "DM" in shown and "質問の例" in shown
    assert "広報課" in shown and message["text"]


def test_the_verdict_comes_first_and_each_other_document_says_how_it_rules():
    best = replace(hit(body="勤務時間中は私的に発信してはならない。"), verdict="禁止")
    ref = replace(hit(doc="musashino", number="Q13", heading="", body="昼休みは自由に利用できる。", score=8.0), verdict="可")
    silent = hit(doc="soumu", number="1", heading="", body="発信の前に読み返す。", score=7.0)
    blocks = render_message(Answer("昼休みに投稿していい？", True, (best,), references=(ref, silent)), "広報課", "q1")["blocks"]
    shown = list(texts(blocks))
    first_quote = next(i for i, text in enumerate(shown) if text.startswith(">"))
    assert shown[first_quote - 1].startswith("*✕ 禁止*")
    comparison = next(text for text in shown if text.startswith("他の文書ではどう定めているか"))
    assert "○ 原則可 昼休みは自由に利用できる。" in comparison and "soumu のガイドライン 1: 発信の前に読み返す。" in comparison
