"""An FAQ table whose question and answer columns are swapped is noticed and read the right way round."""

from __future__ import annotations

import csv

from bot.engine.corpus import load_corpus
from bot.ingest.table import swapped_columns

ROWS = [
    ("FAQ-1", "勤務時間中に投稿してもよいですか。", "いけません。休憩時間中は私的な利用も認められていますが、発信の時刻に注意してください。"),
    ("FAQ-2", "匿名のアカウントなら何を書いても問題ありませんか？", "匿名でも職員としての責任は変わりません。身元は特定されうるものと考えてください。"),
    ("FAQ-3", "写真を載せるときの注意点を知りたい。", "写っている人の承諾を得てください。子どもの写真は保護者の同意が必要です。"),
]


def write_table(path, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([("id", "question", "answer"), *rows])


def test_a_swapped_table_is_read_the_right_way_round_with_a_warning(run, tmp_path):
    source = tmp_path / "faq.csv"
    write_table(source, [(number, answer, question) for number, question, answer in ROWS])
    result = run("ingest", source, "--corpus", tmp_path / "c")
    assert result.exit_code == 0, result.output
    assert "faq.csv:1: the columns question and answer look swapped (3 of 3 answers ask" in result.output
    (document,) = load_corpus(tmp_path / "c")
    assert [(c.number, c.heading, c.body) for c in document.clauses] == list(ROWS)


def test_a_table_the_right_way_round_gets_no_warning(run, tmp_path):
    source = tmp_path / "faq.csv"
    write_table(source, ROWS)
    result = run("ingest", source, "--corpus", tmp_path / "c")
    assert result.exit_code == 0 and "swapped" not in result.output
    (document,) = load_corpus(tmp_path / "c")
    assert [c.heading for c in document.clauses] == [question for _, question, _ in ROWS]


def test_both_signs_are_needed_and_a_tiny_table_is_not_judged():
    pairs = [(answer, question) for _, question, answer in ROWS]
    assert swapped_columns(pairs) == 3
    # answers that ask but are longer than the questions: a table of odd questions, not a swap
    assert swapped_columns([(q, a + "。" * 100) for q, a in pairs]) == 0
    assert swapped_columns(pairs[:2]) == 0
