"""Follow-ups and the comparison, measured on their sets, guarded as counts.

``followup-questions.jsonl`` and ``comparison-questions.jsonl`` are dev sets
(their author read the engine's misses once); ``followup-questions-2.jsonl``
and ``comparison-questions-2.jsonl`` were written from the guidelines alone,
before the engine was tuned, and are only measured as a whole. Each floor is
the count measured on 2026-12-04 less two questions (less two lines for the
comparison lines; plus two for the lines that answer nothing, are unrelated
or are not judged: a line the engine starts to show is judged before it
counts). Targets (issue 13): the right clause first for 0.80 of the
follow-ups that lean on the question before; 0.85 of the documents that
answer shown; 0.90 of the comparison lines at least related.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.measure.hits import evaluate_comparisons
from bot.measure.followups import by_leaning, main
from tests.conftest import CORPUS

HERE = Path(__file__).parent

# set -> leans -> (questions, hit@1 floor, hit@3 floor); measured: dev 148 / 169 of 184
# leaning (0.804), 42 / 43 of 44 alone; new set 60 / 67 of 73 leaning (0.822), 32 / 33 of 33 alone.
FOLLOW_UP_FLOORS = {
    "followup-questions.jsonl": {True: (184, 146, 167), False: (44, 40, 41)},
    "followup-questions-2.jsonl": {True: (73, 58, 65), False: (33, 30, 31)},
}
# set -> (answering documents, shown floor, lines answering floor, most lines answering
# nothing, lines at least related floor, most lines unrelated, most lines not judged,
# named, named first floor). Every comparison line shown is judged answers / related /
# unrelated in the set (bot.measure.judge_comparisons); measured: dev 224 of 255 shown (0.878),
# 141 and 164 of 180 lines answering and at least related (0.911), 16 of 16 named
# first; new set 115 of 148 shown (0.777), 68 and 86 of 95 lines (0.905), 6 of 8 named first.
COMPARISON_FLOORS = {
    "comparison-questions.jsonl": (255, 222, 139, 41, 162, 18, 2, 16, 14),
    "comparison-questions-2.jsonl": (148, 113, 66, 29, 84, 11, 2, 8, 4),
}


@pytest.fixture(scope="module")
def reports(engine):
    return {name: by_leaning(engine, HERE / name) for name in FOLLOW_UP_FLOORS}


@pytest.mark.parametrize("name, leans", [(n, leans) for n in FOLLOW_UP_FLOORS for leans in (True, False)])
def test_follow_ups_find_the_clause_that_answers_the_thread(reports, name, leans):
    report = reports[name][leans]
    questions, hit1, hit3 = FOLLOW_UP_FLOORS[name][leans]
    assert report.in_scope == questions
    assert report.hit1 >= hit1 and report.hit3 >= hit3, (
        f"{name} leans={leans}: hit@1 {report.hit1}, hit@3 {report.hit3} of {questions} (floors {hit1}, {hit3})")


@pytest.mark.parametrize("name", COMPARISON_FLOORS)
def test_the_comparison_shows_the_documents_that_answer(engine, name):
    answering, shown, lines_answering, most_not_answering, related, most_unrelated, most_unjudged, named, named_first = (
        COMPARISON_FLOORS[name])
    report = evaluate_comparisons(engine, HERE / name)
    assert report.answering == answering and report.named == named
    assert report.shown >= shown, f"{name}: {report.shown} of {answering} documents shown (floor {shown})"
    assert report.lines_answering >= lines_answering and report.lines - report.lines_answering <= most_not_answering, (
        f"{name}: {report.lines_answering} of {report.lines} comparison lines answer")
    assert report.lines_related >= related and report.lines - report.lines_related <= most_unrelated, (
        f"{name}: {report.lines_related} of {report.lines} comparison lines at least related")
    assert report.lines_unjudged <= most_unjudged, (
        f"{name}: {report.lines_unjudged} comparison lines not judged (python -m bot.measure.judge_comparisons dump)")
    assert report.named_first >= named_first, f"{name}: {report.named_first} of {named} named documents first"


def test_a_comparison_line_on_the_subject_counts_as_related_not_as_answering(engine, tmp_path):
    row = {"question": "投稿は削除すれば消える？", "answers": {"ashiya": ["たとえ削除したとしても"], "soumu": ["第三者によって保存され"]},
           "related": {"tsuyama": ["完全には削除できない"]}}
    (tmp_path / "one.jsonl").write_text(json.dumps(row, ensure_ascii=False), encoding="utf-8")
    report = evaluate_comparisons(engine, tmp_path / "one.jsonl")
    lines = {hit.clause.doc_id for hit in engine.ask(row["question"]).references}
    assert "tsuyama" in lines and report.lines == len(lines)
    assert report.lines_related == report.lines_answering + 1


def test_the_command_prints_whole_set_numbers_only(seed_index, capsys):
    main([str(HERE / "followup-questions-2.jsonl"), str(HERE / "comparison-questions-2.jsonl"), "--index", str(seed_index),
          "--corpus", str(CORPUS)])
    out = capsys.readouterr().out
    assert "73 that lean on the question before: hit@1" in out and "33 that stand alone" in out
    assert "documents shown:" in out and "of 148" in out and "not judged" in out and "named document first:" in out
    assert "?" not in out and "？" not in out  # no question is listed
