"""Quality floors as counts with a margin: "hit@1: at least N-2 of M".

N is what the engine scored on a set when its floor was last measured, M the
number of questions it was measured on; a floor fails when a count falls more
than MARGIN questions below N (or, for a count that should stay low, rises
more than MARGIN above it), so one or two changed answers pass and a third
fails; a floor on a count of two or fewer keeps at least one, so it can still
fail. A set whose size changed fails too: measure it again.
"""

from __future__ import annotations

from bot.measure.hits import Report

MARGIN = 2
LOWER_IS_BETTER = {"false abstention"}

Counts = dict[str, tuple[int, int | None]]  # metric -> (count, out of how many; None: no fixed total)


def report_counts(report: Report) -> Counts:
    return {
        "hit@1": (report.hit1, report.in_scope),
        "hit@3": (report.hit3, report.in_scope),
        "out-of-scope abstention": (report.abstained_out_of_scope, report.out_of_scope),
        "false abstention": (report.abstained_in_scope, report.in_scope),
    }


def floor(measured: int) -> int:
    return measured - MARGIN if measured > MARGIN else min(measured, 1)


def shortfalls(counts: Counts, measured: Counts) -> list[str]:
    """One line for each measured metric that falls past its floor (or whose set changed size)."""
    problems = []
    for metric, (then, total) in measured.items():
        count, of = counts[metric]
        out_of = "" if total is None else f" of {total}"
        if of != total and total is not None:
            problems.append(f"{metric}: out of {of}, not {total}: the set changed, measure its floor again")
        elif metric in LOWER_IS_BETTER and count > then + MARGIN:
            problems.append(f"{metric}: {count}{out_of}, more than the ceiling {then + MARGIN} (measured {then})")
        elif metric not in LOWER_IS_BETTER and count < floor(then):
            problems.append(f"{metric}: {count}{out_of}, fewer than the floor {floor(then)} (measured {then})")
    return problems
