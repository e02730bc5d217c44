"""The comparison (参考): each other document that answers shows its own rule on the same thing."""

from __future__ import annotations

import pytest

from bot.engine.analyzer import Concept
from bot.engine.policy import REFERENCE_RATIO, agrees


@pytest.mark.parametrize("question, doc_id, rule", [
    # 津山市 4(7) says a post cannot be wholly deleted; 6(5) is about correcting an official post
    ("投稿は削除すれば消える？", "tsuyama", "一度ネットワーク上に公開された情報は完全には削除できない"),
    # 芦屋市 4 is its scope for official accounts, as 津山市 3 (the best) is for all staff
    ("ガイドラインは誰に適用される？", "ashiya", "適用する"),
])
def test_each_document_shows_the_clause_that_reads_like_the_answer(engine, question, doc_id, rule):
    answer = engine.ask(question)
    assert answer.answered and answer.results[0].clause.doc_id != doc_id
    [reference] = [hit for hit in answer.references if hit.clause.doc_id == doc_id]
    assert rule in reference.clause.text


def test_the_comparison_shows_one_clause_per_other_document(engine):
    answer = engine.ask("勤務時間中にSNSに投稿していい？")
    documents = [hit.clause.doc_id for hit in answer.references]
    assert len(documents) == len(set(documents)) >= 2 and answer.results[0].clause.doc_id not in documents


def test_a_clause_agrees_with_the_best_by_its_share_of_the_concepts_the_best_has():
    rare, frame = Concept("友達", topic=True), Concept("sns", topic=True)
    weight = {"友達": 0.9, "sns": 0.1}.get
    assert agrees([rare], [rare, frame], lambda c: weight(c.term))
    assert not agrees([frame], [rare, frame], lambda c: weight(c.term))  # only the frame, not the point
    assert not agrees([], [rare], lambda c: weight(c.term))


@pytest.mark.parametrize("question, doc_id, off_topic", [
    # lines judged unrelated (tests/eval/comparison-questions.jsonl) that only shared the question's frame
    ("SNSの友達関係で気をつけることは？", "tsuyama", "公序良俗に反する情報発信をしないよう"),
    ("噂を拡散するのはダメ？", "musashino-faq", "「リポスト」「いいね」を押すことで情報拡散"),
    ("いいねボタンを押すときの注意は？", "ashiya", "相手との距離感を正しく認識"),
    ("SNSのパスワードの管理について決まりは？", "ashiya", "委託された業者を含む"),
])
def test_a_clause_sharing_only_the_frame_of_the_question_is_not_compared(engine, question, doc_id, off_topic):
    answer = engine.ask(question)
    assert answer.answered and answer.references
    assert not [hit for hit in answer.references if hit.clause.doc_id == doc_id and off_topic in hit.clause.text]
    assert all(hit.score >= REFERENCE_RATIO * answer.results[0].score for hit in answer.references)
