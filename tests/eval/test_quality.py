"""Answer quality on the project's evaluation sets.

``questions.jsonl`` was written alongside the engine and its thesaurus;
``office-questions.jsonl`` holds only everyday office questions (pay, leave,
buildings, IT support) that the guidelines do not cover;
``independent-questions.jsonl``, ``independent-questions-2.jsonl`` and
``independent-questions-3.jsonl`` were written separately by three other
authors, from the guidelines alone; the third is held out: it is only ever
measured as a whole, never read to tune the engine. ``style-questions.jsonl``
(a fourth author) asks in the styles the others lack: formal written
Japanese, search-box keywords, and staff who first say who they are; its
odd lines were read to tune the engine, its even lines were not. The
core issue's targets are hit@1 >= 0.90, hit@3 >= 0.97, out-of-scope
abstention >= 0.90 and false abstention <= 0.05: they are checked on the
project's own set, ``questions.jsonl``; on the independent sets they are not
all met yet (see README, "Quality and speed"), so this test also guards the
level reached on each set — FLOORS — and fails on any regression; raise a
floor whenever the engine improves, until it reaches its target.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.evaluate import (Report, by_organization, evaluate, evaluate_comparisons, leave_one_out, leave_one_out_indexes,
                          read_cases, total, with_documents)
from tests.conftest import CORPUS

HERE = Path(__file__).parent
OFFICE_FLOOR = 0.95  # 39 of 40 on 2026-12-02
TARGETS = {"hit@1": 0.90, "hit@3": 0.97, "out-of-scope abstention": 0.90, "false abstention": 0.05}
FLOORS = {
    "questions.jsonl": {"hit@1": 0.90, "hit@3": 0.97, "out-of-scope abstention": 0.99, "false abstention": 0.0},
    "independent-questions.jsonl": {"hit@1": 0.875, "hit@3": 0.96, "out-of-scope abstention": 0.99, "false abstention": 0.006},
    "independent-questions-2.jsonl": {"hit@1": 0.845, "hit@3": 0.92, "out-of-scope abstention": 0.99, "false abstention": 0.0},
    "independent-questions-3.jsonl": {"hit@1": 0.865, "hit@3": 0.94, "out-of-scope abstention": 0.93, "false abstention": 0.034},
    "style-questions.jsonl": {"hit@1": 0.83, "hit@3": 0.94, "out-of-scope abstention": 0.92, "false abstention": 0.034},
}
# Leave-one-out (a seed document without its 想定質問, asked as its organization:
# own-clause hit@k), all documents together; target hit@1 >= 0.80. Measured
# 2026-12-04 (lenders matched on their 想定質問 too, parallel clauses keeping
# theirs; a rule's purpose article down, bot.engine.provisions): hit@1 questions
# 0.830, independent 0.769, -2 0.671, -3 0.720, style 0.649; hit@3 0.956, 0.859,
# 0.802, 0.791, 0.776.
LEAVE_ONE_OUT_FLOORS = {
    "questions.jsonl": {"hit@1": 0.81, "hit@3": 0.93, "out-of-scope abstention": 0.95, "false abstention": 0.015},
    "independent-questions.jsonl": {"hit@1": 0.75, "hit@3": 0.85, "out-of-scope abstention": 0.94, "false abstention": 0.035},
    "independent-questions-2.jsonl": {"hit@1": 0.66, "hit@3": 0.80, "out-of-scope abstention": 0.95, "false abstention": 0.02},
    "independent-questions-3.jsonl": {"hit@1": 0.705, "hit@3": 0.78, "out-of-scope abstention": 0.93, "false abstention": 0.075},
    "style-questions.jsonl": {"hit@1": 0.63, "hit@3": 0.76, "out-of-scope abstention": 0.89, "false abstention": 0.015},
}


def meets(value: float, floor: float, metric: str) -> bool:
    return value <= floor if metric == "false abstention" else value >= floor


@pytest.fixture(scope="module")
def reports(engine):
    return {name: evaluate(engine, read_cases(HERE / name)) for name in FLOORS}


@pytest.mark.parametrize("name", FLOORS)
def test_each_set_is_big_enough(reports, name):
    assert reports[name].in_scope >= 100 and reports[name].out_of_scope >= 20


@pytest.mark.parametrize("name, metric", [(n, m) for n in FLOORS for m in FLOORS[n]])
def test_quality_does_not_regress(reports, name, metric):
    report, floor = reports[name], FLOORS[name][metric]
    value = report.metrics[metric]
    ok = meets(value, floor, metric)
    misses = "\n".join(f"{a.results[0].id if a.results else '-'} <- {c.question}" for c, a in report.misses)
    assert ok, f"{name}: {metric} = {value:.3f} (floor {floor}, target {TARGETS[metric]})\n{misses}"


@pytest.mark.parametrize("metric", TARGETS)
def test_the_targets_are_met_on_the_projects_own_set(reports, metric):
    value, target = reports["questions.jsonl"].metrics[metric], TARGETS[metric]
    assert (value <= target if metric == "false abstention" else value >= target), f"{metric} = {value:.3f}, target {target}"


def test_dev_sample_is_answered(engine):
    dev = evaluate(engine, read_cases(HERE / "dev-questions.jsonl"))
    assert dev.metrics["hit@3"] >= 0.9 and dev.metrics["out-of-scope abstention"] == 1.0


def test_office_questions_are_out_of_scope(engine):
    office = evaluate(engine, read_cases(HERE / "office-questions.jsonl"))
    assert office.out_of_scope >= 40 and office.metrics["out-of-scope abstention"] >= OFFICE_FLOOR, [
        c.question for c, _ in office.misses
    ]


@pytest.fixture(scope="module")
def leave_one_out_reports(tokenizer):
    with leave_one_out_indexes(CORPUS, tokenizer) as indexes:
        reports = {}
        for name in LEAVE_ONE_OUT_FLOORS:
            total = Report()
            for part in leave_one_out(indexes, read_cases(HERE / name), tokenizer).values():
                total.add(part)
            reports[name] = total
    return reports


@pytest.mark.parametrize("name, metric", [(n, m) for n in LEAVE_ONE_OUT_FLOORS for m in LEAVE_ONE_OUT_FLOORS[n]])
def test_a_guideline_without_its_own_questions_answers_in_borrowed_wording(leave_one_out_reports, name, metric):
    report, floor = leave_one_out_reports[name], LEAVE_ONE_OUT_FLOORS[name][metric]
    assert report.in_scope >= 150
    value = report.metrics[metric]
    assert meets(value, floor, metric), f"{name} leave-one-out: {metric} = {value:.3f} (floor {floor}, target 0.80 for hit@1)"


# Follow-ups (followup-questions.jsonl, a dev set: its author read the engine's
# misses once to complete labels). Measured 2026-12-04: leaning 0.707 hit@1
# (0.543 asked alone), standing alone 0.955; target 0.80 for leaning ones.
FOLLOW_UP_FLOORS = {True: {"hit@1": 0.69, "hit@3": 0.84}, False: {"hit@1": 0.93, "hit@3": 0.97}}


@pytest.mark.parametrize("leans", [True, False])
def test_follow_ups_are_read_with_the_earlier_question_and_others_alone(engine, tmp_path, leans):
    lines = [line for line in (HERE / "followup-questions.jsonl").read_text(encoding="utf-8").splitlines()
             if line.strip() and json.loads(line)["leans"] is leans]
    (tmp_path / "part.jsonl").write_text("\n".join(lines), encoding="utf-8")
    report = evaluate(engine, read_cases(tmp_path / "part.jsonl"))
    assert report.in_scope >= 40
    for metric, floor in FOLLOW_UP_FLOORS[leans].items():
        assert report.metrics[metric] >= floor, f"leans={leans}: {metric} = {report.metrics[metric]:.3f} (floor {floor})"


def test_the_comparison_names_the_documents_that_answer(engine):
    """Measured 2026-12-04: 0.827 of the answering documents shown, 0.573 of the
    comparison lines with a labelled phrase, 16 of 16 named documents first
    (targets 0.85 and 0.90 'at least related')."""
    report = evaluate_comparisons(engine, HERE / "comparison-questions.jsonl")
    assert report.questions >= 60 and report.named >= 15
    metrics = report.metrics
    assert metrics["documents shown"] >= 0.81 and metrics["comparison lines answering"] >= 0.55
    assert metrics["named document first"] >= 0.9


# Other cities' guidelines (tests/eval/cities: four real 例規, four modelled on real
# guidelines; an independent author), ingested raw beside the seeds and asked as
# their organization. Measured 2026-12-04: own-clause hit@1 0.707, hit@3 0.854,
# out-of-scope abstention 1.000, false abstention 0.043 (targets 0.85 / 0.95).
CITIES_FLOORS = {"hit@1": 0.685, "hit@3": 0.83, "out-of-scope abstention": 0.92, "false abstention": 0.07}


def test_other_cities_guidelines_ingested_raw_answer_with_their_own_clause(tokenizer, tmp_path):
    cases = [c for c in read_cases(HERE / "cities-questions.jsonl") if not c.own_silent]
    index = with_documents(CORPUS, HERE / "cities", tmp_path, tokenizer)
    report = total(by_organization(index, cases, tokenizer).values())
    assert report.in_scope >= 150 and report.out_of_scope >= 25
    for metric, floor in CITIES_FLOORS.items():
        assert meets(report.metrics[metric], floor, metric), f"{metric} = {report.metrics[metric]:.3f} (floor {floor})"
