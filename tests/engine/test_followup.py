"""Follow-ups: a question that leans on the one before is read with it as context."""

from __future__ import annotations

import pytest

from bot.engine.followup import leans_on_previous


@pytest.mark.parametrize("question, leans", [
    ("じゃあ業務用スマホからなら？", True),   # opens by continuing
    ("その場合は誰に相談すればいい？", True),
    ("業務用のならどう？", True),            # names no topic of its own
    ("ところで、写真を載せてもいい？", False),  # changes the subject
    ("写真を載せてもいい？", False),          # names its own topic
])
def test_which_questions_lean_on_the_one_before(engine, question, leans):
    assert leans_on_previous(question, engine.analyzer.query(question, engine._lookup_readings)) is leans


def test_a_follow_up_is_read_with_the_earlier_question(engine):
    alone = engine.ask("業務用のならどう？")
    followed = engine.ask("業務用のならどう？", previous=["昼休みにSNSに投稿していい？"])
    assert followed.follows == "昼休みにSNSに投稿していい？" and not alone.follows
    assert followed.answered
    assert [h.id for h in followed.results[:3]] != [h.id for h in alone.results[:3]]


def test_a_question_naming_its_own_topic_stands_alone(engine):
    alone = engine.ask("写真を載せてもいい？")
    after = engine.ask("写真を載せてもいい？", previous=["昼休みにSNSに投稿していい？"])
    assert not after.follows and [h.id for h in after.results] == [h.id for h in alone.results]


@pytest.mark.parametrize("previous", [[""], ["x" * 5000], ["！？…😀"], []])
def test_unusable_earlier_questions_are_ignored(engine, previous):
    answer = engine.ask("じゃあ業務用スマホからなら？", previous=previous)
    assert answer.problem is None and not answer.follows
    assert [h.id for h in answer.results] == [h.id for h in engine.ask("じゃあ業務用スマホからなら？").results]


def test_an_earlier_question_that_leans_too_is_read_with_its_own_context(engine):
    answer = engine.ask("誰に相談すれば？", previous=["写真を載せていい？", "子どもが写ってたら？"])
    assert answer.follows == "子どもが写ってたら？" and answer.answered


def test_how_others_rule_is_the_earlier_question_with_the_named_document_first(engine):
    earlier = engine.ask("昼休みに投稿していい？")
    national = engine.ask("国家公務員の場合は？", previous=["昼休みに投稿していい？"])
    assert national.follows == "昼休みに投稿していい？" and national.results[0].clause.doc_id == "soumu"
    assert national.results[0].verdict == "禁止"
    others = engine.ask("他の自治体では？", previous=["昼休みに投稿していい？"])
    assert [h.id for h in others.results] == [h.id for h in earlier.results]
    assert len({h.clause.doc_id for h in others.references}) >= 2


def test_a_question_naming_a_document_cites_it_first(engine):
    answer = engine.ask("津山市では写真を載せていい？")
    assert answer.results[0].clause.doc_id == "tsuyama" and answer.references
    assert engine.names["soumu"] >= {"soumu", "国家公務員"} and "芦屋市" in engine.names["ashiya"]
