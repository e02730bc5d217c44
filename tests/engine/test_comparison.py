"""The comparison (参考): each other document that answers shows its own rule on the same thing."""

from __future__ import annotations

import pytest


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
