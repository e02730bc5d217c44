"""The judging tool lists the comparison lines no label judges, and writes judgements back into a set."""

from __future__ import annotations

import json

import pytest

from bot.measure.judge_comparisons import apply, judgement, main, read_rows, unjudged

QUESTION = "投稿は削除すれば消える？"


def test_a_line_is_judged_by_the_first_label_whose_phrase_its_clause_has():
    row = {"answers": {"tsuyama": ["完全には削除できない"]}, "unrelated": {"tsuyama": ["発信する情報は正確"]}}
    assert judgement(row, "tsuyama", "一度公開された情報は 完全には削除できない") == "answers"
    assert judgement(row, "tsuyama", "発信する情報は正確に記述する") == "unrelated"
    assert judgement(row, "ashiya", "完全には削除できない") is None


def test_the_dump_lists_each_unjudged_line_once_and_skips_the_judged(engine):
    follow_up = {"previous": [QUESTION], "question": "津山市は？", "answers": {}, "named": "tsuyama"}
    lines = unjudged(engine, [{"question": QUESTION, "answers": {}}, follow_up])
    shown = engine.ask(QUESTION).references
    assert lines and {(line["doc"], line["number"]) for line in lines} >= {(h.clause.doc_id, h.clause.number) for h in shown}
    assert len({(line["question"], line["doc"], line["number"]) for line in lines}) == len(lines)
    assert all(line["question"] == QUESTION and line["text"] for line in lines)
    first = lines[0]
    judged = {"question": QUESTION, "answers": {}, "related": {first["doc"]: [first["text"][:12]]}}
    assert (first["doc"], first["number"]) not in {(line["doc"], line["number"]) for line in unjudged(engine, [judged])}


def test_a_judgement_is_written_for_the_question_and_its_follow_ups_only():
    rows = [{"question": QUESTION, "answers": {}}, {"previous": [QUESTION], "question": "津山市は？", "answers": {}},
            {"question": "別の質問？", "answers": {}}]
    judged = apply(rows, [{"question": QUESTION, "doc": "tsuyama", "label": "related", "phrase": "削除せずに訂正する"}] * 2)
    assert [row.get("related") for row in judged] == [{"tsuyama": ["削除せずに訂正する"]}] * 2 + [None]


def test_a_judgement_with_another_label_is_refused():
    with pytest.raises(ValueError, match="label must be one of"):
        apply([{"question": QUESTION, "answers": {}}], [{"question": QUESTION, "doc": "tsuyama", "label": "maybe", "phrase": "x"}])


def test_the_command_applies_a_judgements_file(tmp_path):
    (tmp_path / "set.jsonl").write_text(json.dumps({"question": QUESTION, "answers": {}}, ensure_ascii=False) + "\n", encoding="utf-8")
    (tmp_path / "j.jsonl").write_text(json.dumps({"question": QUESTION, "doc": "soumu", "label": "unrelated",
                                                  "phrase": "規約、仕組み"}, ensure_ascii=False), encoding="utf-8")
    main(["apply", str(tmp_path / "set.jsonl"), str(tmp_path / "j.jsonl")])
    assert read_rows(tmp_path / "set.jsonl") == [{"question": QUESTION, "answers": {}, "unrelated": {"soumu": ["規約、仕組み"]}}]
