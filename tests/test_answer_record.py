"""A kept answer turns back into the Answer that was given, whatever kind of answer it was."""

from __future__ import annotations

import pytest

from bot.questionlog import record
from bot.render.blocks import render_message
from bot.render.terminal import render_text


@pytest.mark.parametrize("question, previous", [
    ("昼休みに投稿していい？", ()),  # answered, with 参考 from other documents
    ("庁舎の駐車場を予約できる？", ()),  # abstained, with the nearest clauses
    ("😀", ()),  # a problem: no words
    ("じゃあ業務用スマホからなら？", ("昼休みに投稿していい？",)),  # a follow-up read with the question before
])
def test_a_kept_answer_is_equal_to_the_answer_and_renders_the_same(engine, question, previous):
    answer = engine.ask(question, previous=previous)
    kept = record.load(record.dump(answer))
    assert kept == answer
    assert render_message(kept, "広報課", "q1") == render_message(answer, "広報課", "q1")
    assert render_text(kept, "広報課") == render_text(answer, "広報課")


def test_the_kinds_of_answer_above_are_all_there(engine):
    answered, abstained = engine.ask("昼休みに投稿していい？"), engine.ask("庁舎の駐車場を予約できる？")
    assert answered.answered and answered.references and any(h.clause.path for h in answered.results)
    assert not abstained.answered and abstained.results
    assert engine.ask("😀").problem and engine.ask("じゃあ業務用スマホからなら？", previous=("昼休みに投稿していい？",)).follows


@pytest.mark.parametrize("text", ["", "not json", "[]", '{"question": "q"}'])
def test_text_that_holds_no_answer_is_refused(text):
    with pytest.raises(ValueError, match="not a kept answer"):
        record.load(text)
