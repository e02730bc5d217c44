"""Answer quality on the project's own evaluation set, against the targets of the core issue."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.evaluate import evaluate, read_cases

HERE = Path(__file__).parent
TARGETS = {"hit@1": 0.90, "hit@3": 0.97, "out-of-scope abstention": 0.90}
MAX_FALSE_ABSTENTION = 0.05


@pytest.fixture(scope="module")
def report(engine):
    return evaluate(engine, read_cases(HERE / "questions.jsonl"))


def test_the_set_is_big_enough(report):
    assert report.in_scope >= 100 and report.out_of_scope >= 20


@pytest.mark.parametrize("metric", TARGETS)
def test_quality_target(report, metric):
    misses = "\n".join(f"{a.results[0].id if a.results else '-'} <- {c.question}" for c, a in report.misses)
    assert report.metrics[metric] >= TARGETS[metric], f"{metric} = {report.metrics[metric]:.3f}\n{misses}"


def test_false_abstention_target(report):
    assert report.metrics["false abstention"] <= MAX_FALSE_ABSTENTION


def test_dev_sample_is_answered(engine):
    dev = evaluate(engine, read_cases(HERE / "dev-questions.jsonl"))
    assert dev.metrics["hit@3"] >= 0.9 and dev.metrics["out-of-scope abstention"] == 1.0
