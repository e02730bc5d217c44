"""The LocalgovFAQ measurement: its metrics on hand-made qrels, its reading of the
data, and the whole protocol (table, ingest, index, questions) on a tiny data set
written here in the same JSON layout."""

from __future__ import annotations

import json
import math

import pytest

from bot.measure import localgovfaq
from bot.measure.localgovfaq import DataError, ndcg_at, recall_at, score, split_entry


def test_ndcg_uses_linear_gain_and_the_ideal_of_the_query_own_grades():
    grades = {"a": 2, "c": 1, "d": 2}
    # ranked a, b, c: gains 2, 0, 1; ideal order 2, 2, 1
    expected = (2 + 1 / math.log2(4)) / (2 + 2 / math.log2(3) + 1 / math.log2(4))
    assert ndcg_at(["a", "b", "c"], grades) == pytest.approx(expected)
    assert ndcg_at(["d", "a", "c"], grades) == pytest.approx(1.0)
    assert ndcg_at(["x", "y"], grades) == 0.0


def test_ndcg_counts_only_the_first_k():
    grades = {"z": 2}
    ranked = [str(i) for i in range(10)] + ["z"]
    assert ndcg_at(ranked, grades, k=10) == 0.0
    assert ndcg_at(ranked, grades, k=11) == pytest.approx(1 / math.log2(12))


def test_recall_is_the_share_of_graded_entries_in_the_top_k():
    grades = {"a": 2, "c": 1, "d": 2}
    assert recall_at(["a", "b", "c"], grades) == pytest.approx(2 / 3)
    assert recall_at(["b", "a"], grades, k=1) == 0.0
    assert recall_at(["c", "a", "d"], grades) == 1.0


def test_scores_are_averaged_over_queries_and_a_query_without_results_scores_zero():
    qrels = {"q1": {"a": 1}, "q2": {"b": 2, "c": 1}}
    result = score({"q1": ["a"]}, qrels)
    assert result.queries == 2
    assert result.ndcg == pytest.approx(0.5) and result.recall == pytest.approx(0.5)
    with pytest.raises(DataError):
        score({}, {})


def test_an_entry_splits_into_question_and_answer():
    assert split_entry("Question: 住民票は？\nAnswer: 窓口で。\n郵送も可。") == ("住民票は？", "窓口で。\n郵送も可。")
    with pytest.raises(DataError, match="Answer"):
        split_entry("Question: 答えのない質問")


def write_dataset(folder, corpus, queries, qrels):
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in (("corpus", corpus), ("queries", queries), ("qrels", qrels)):
        (folder / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


CORPUS = {
    "0": "Question: 住民票の写しを取りたい。\nAnswer: 市民課の窓口で請求できます。本人確認書類を持参してください。",
    "1": "Question: 粗大ごみの出し方を知りたい。\nAnswer: 粗大ごみは事前に電話で申し込み、指定日に出してください。",
    "2": "Question: 犬の登録はどこでできますか。\nAnswer: 保健所で狂犬病予防法に基づく犬の登録を受け付けています。",
}


def test_the_protocol_runs_end_to_end_on_real_files(tmp_path):
    folder = tmp_path / "localgovfaq"
    queries = {"0": "住民票の写しが\n欲しい", "1": "粗大ごみを出したい", "2": "飼い犬の登録をしたい"}
    write_dataset(folder, CORPUS, queries, {"0": {"0": 2}, "1": {"1": 2, "2": 1}, "2": {"2": 2}})
    result = localgovfaq.measure(folder)
    assert result.queries == 3
    # each query's best entry is ranked first; query 1's second, weakly graded entry shares no word with it
    assert result.recall == pytest.approx((1 + 0.5 + 1) / 3)
    assert result.ndcg == pytest.approx((1 + 2 / (2 + 1 / math.log2(3)) + 1) / 3)


def test_missing_or_inconsistent_data_is_a_clear_error(tmp_path):
    with pytest.raises(DataError, match="not found; get the data: git clone"):
        localgovfaq.load(tmp_path)
    write_dataset(tmp_path, CORPUS, {"0": "住民票"}, {"0": {"7": 2}})
    with pytest.raises(DataError, match="qrels.json names entries or queries the other files lack: 7"):
        localgovfaq.load(tmp_path)
    (tmp_path / "queries.json").write_text("[1, 2", encoding="utf-8")
    with pytest.raises(DataError, match="queries.json: not readable JSON"):
        localgovfaq.load(tmp_path)
