"""The count floors pass one or two changed answers and fail a third."""

from __future__ import annotations

from bot.measure.hits import Report
from tests.eval.floors import shortfalls, report_counts

MEASURED = {"hit@1": (50, 60), "out-of-scope abstention": (2, 2), "false abstention": (3, 60)}


def counts(hit1: int, abstained: int = 2, false_abstentions: int = 3, in_scope: int = 60):
    return report_counts(Report(in_scope=in_scope, out_of_scope=2, hit1=hit1, abstained_out_of_scope=abstained,
                                abstained_in_scope=false_abstentions))


def test_two_fewer_pass_and_three_fewer_fail():
    assert shortfalls(counts(48), MEASURED) == []
    assert shortfalls(counts(47), MEASURED) == ["hit@1: 47 of 60, fewer than the floor 48 (measured 50)"]


def test_a_count_that_should_stay_low_may_rise_by_two():
    assert shortfalls(counts(50, false_abstentions=5), MEASURED) == []
    assert shortfalls(counts(50, false_abstentions=6), MEASURED) == [
        "false abstention: 6 of 60, more than the ceiling 5 (measured 3)"]


def test_a_floor_on_two_questions_still_needs_one():
    assert shortfalls(counts(50, abstained=1), MEASURED) == []
    assert shortfalls(counts(50, abstained=0), MEASURED) == [
        "out-of-scope abstention: 0 of 2, fewer than the floor 1 (measured 2)"]


def test_a_set_of_another_size_asks_to_be_measured_again():
    problems = shortfalls(counts(55, in_scope=61), MEASURED)
    assert problems and all("the set changed" in problem for problem in problems)
