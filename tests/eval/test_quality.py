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
level reached on each set — FLOORS, counts measured on 2026-12-04 with a
margin of two questions (tests/eval/floors.py) — and fails on a regression
of three; measure a floor again whenever the engine improves, until it
reaches its target. A held-out set's failure reports its totals only, never
its questions.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.measure.hits import (Report, by_organization, evaluate, leave_one_out, leave_one_out_indexes,
                          read_cases, total, with_documents)
from tests.conftest import CORPUS
from tests.eval.floors import report_counts, shortfalls

HERE = Path(__file__).parent
TARGETS = {"hit@1": 0.90, "hit@3": 0.97, "out-of-scope abstention": 0.90, "false abstention": 0.05}
HELD_OUT = {"independent-questions-3.jsonl"}  # and the other cities' set: a failure names no question
# Counts measured on 2026-12-04: (questions scored, out of how many).
FLOORS = {
    "questions.jsonl": {"hit@1": (120, 132), "hit@3": (129, 132), "out-of-scope abstention": (27, 27), "false abstention": (0, 132)},
    "independent-questions.jsonl": {"hit@1": (165, 187), "hit@3": (180, 187), "out-of-scope abstention": (30, 30), "false abstention": (1, 187)},
    "independent-questions-2.jsonl": {"hit@1": (167, 196), "hit@3": (182, 196), "out-of-scope abstention": (30, 30), "false abstention": (0, 196)},
    "independent-questions-3.jsonl": {"hit@1": (130, 150), "hit@3": (141, 150), "out-of-scope abstention": (28, 30), "false abstention": (5, 150)},
    "style-questions.jsonl": {"hit@1": (101, 120), "hit@3": (114, 120), "out-of-scope abstention": (23, 25), "false abstention": (4, 120)},
}
# Leave-one-out (a seed document without its 想定質問, asked as its organization:
# own-clause hit@k), all documents together; target hit@1 >= 0.80. Measured 2026-12-04
# with lenders matched on their 想定質問 too and parallel clauses keeping theirs, and the
# own rule's purpose article down (bot.engine.provisions; independent-questions-2 two
# fewer at hit@1, independent-questions one fewer at hit@3: guideline 目的 sections
# that also state a rule).
LEAVE_ONE_OUT_FLOORS = {
    "questions.jsonl": {"hit@1": (190, 229), "hit@3": (219, 229), "out-of-scope abstention": (105, 108), "false abstention": (1, 229)},
    "independent-questions.jsonl": {"hit@1": (257, 334), "hit@3": (287, 334), "out-of-scope abstention": (115, 120), "false abstention": (7, 334)},
    "independent-questions-2.jsonl": {"hit@1": (230, 343), "hit@3": (275, 343), "out-of-scope abstention": (117, 120), "false abstention": (4, 343)},
    "independent-questions-3.jsonl": {"hit@1": (224, 311), "hit@3": (246, 311), "out-of-scope abstention": (113, 120), "false abstention": (19, 311)},
    "style-questions.jsonl": {"hit@1": (168, 259), "hit@3": (201, 259), "out-of-scope abstention": (91, 100), "false abstention": (0, 259)},
}
DEV_FLOORS = {"hit@3": (17, 17), "out-of-scope abstention": (2, 2)}
OFFICE_FLOORS = {"out-of-scope abstention": (39, 40)}


def failure(name: str, problems: list[str], report: Report) -> str:
    """A failing set's message: what fell, and (except for a held-out set) the questions missed."""
    if name in HELD_OUT:
        return f"{name} (held out: totals only): " + "; ".join(problems)
    misses = "\n".join(f"{a.results[0].id if a.results else '-'} <- {c.question}" for c, a in report.misses)
    return f"{name}: " + "; ".join(problems) + f"\n{misses}"


@pytest.fixture(scope="module")
def reports(engine):
    return {name: evaluate(engine, read_cases(HERE / name)) for name in FLOORS}


@pytest.mark.parametrize("name", FLOORS)
def test_each_set_is_big_enough(reports, name):
    assert reports[name].in_scope >= 100 and reports[name].out_of_scope >= 20


@pytest.mark.parametrize("name", FLOORS)
def test_quality_does_not_regress(reports, name):
    problems = shortfalls(report_counts(reports[name]), FLOORS[name])
    assert not problems, failure(name, problems, reports[name])


@pytest.mark.parametrize("metric", TARGETS)
def test_the_targets_are_met_on_the_projects_own_set(reports, metric):
    value, target = reports["questions.jsonl"].metrics[metric], TARGETS[metric]
    assert (value <= target if metric == "false abstention" else value >= target), f"{metric} = {value:.3f}, target {target}"


def test_dev_sample_is_answered(engine):
    dev = evaluate(engine, read_cases(HERE / "dev-questions.jsonl"))
    problems = shortfalls(report_counts(dev), DEV_FLOORS)
    assert not problems, failure("dev-questions.jsonl", problems, dev)


def test_office_questions_are_out_of_scope(engine):
    office = evaluate(engine, read_cases(HERE / "office-questions.jsonl"))
    problems = shortfalls(report_counts(office), OFFICE_FLOORS)
    assert not problems, failure("office-questions.jsonl", problems, office)


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


@pytest.mark.parametrize("name", LEAVE_ONE_OUT_FLOORS)
def test_a_guideline_without_its_own_questions_answers_in_borrowed_wording(leave_one_out_reports, name):
    problems = shortfalls(report_counts(leave_one_out_reports[name]), LEAVE_ONE_OUT_FLOORS[name])
    assert not problems, f"{name} leave-one-out (target 0.80 for hit@1): " + "; ".join(problems)


# Follow-ups and the comparison: tests/eval/test_followup_quality.py.


# Other cities' guidelines (tests/eval/cities: four real 例規, four modelled on real
# guidelines; an independent author), ingested raw beside the seeds and asked as
# their organization; held out: a failure reports totals only. Measured 2026-12-04:
# own-clause hit@1 116 of 164 (0.707), hit@3 140 (0.854), out-of-scope abstention
# 27 of 27, false abstention 7 (0.043) (targets 0.85 / 0.95).
CITIES_FLOORS = {"hit@1": (116, 164), "hit@3": (140, 164), "out-of-scope abstention": (27, 27), "false abstention": (7, 164)}


def test_other_cities_guidelines_ingested_raw_answer_with_their_own_clause(tokenizer, tmp_path):
    cases = [c for c in read_cases(HERE / "cities-questions.jsonl") if not c.own_silent]
    index = with_documents(CORPUS, HERE / "cities", tmp_path, tokenizer)
    report = total(by_organization(index, cases, tokenizer).values())
    problems = shortfalls(report_counts(report), CITIES_FLOORS)
    assert not problems, "cities-questions.jsonl (held out: totals only): " + "; ".join(problems)
