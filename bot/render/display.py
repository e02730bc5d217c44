"""What every front end shows of an Answer: the main clauses, the note above them,
each hit's citation and verdict."""

from __future__ import annotations

from bot.engine.answer import Answer, Hit
from bot.engine.verdict import SHOWN
from bot.render import messages

# Other clauses of the best document are shown when they score this close to the best.
RELATED_RATIO = 0.6


def main_hits(answer: Answer) -> tuple[Hit, ...]:
    """The best clause, then the best document's other clauses that score close to it."""
    if not answer.results:
        return ()
    best = answer.results[0]
    return (best,) + tuple(
        hit for hit in answer.results[1:]
        if hit.clause.doc_id == best.clause.doc_id and hit.score >= RELATED_RATIO * best.score
    )


def note(answer: Answer) -> str:
    """Why the clause cited is not from the document asked for first, or ""."""
    if answer.silent:
        return messages.SILENT.format(titles="、".join(answer.silent))
    return messages.ELSEWHERE if answer.elsewhere else ""


def citation(hit: Hit) -> str:
    """How a clause is cited: document title, clause number and heading."""
    heading = f"「{hit.clause.heading}」" if hit.clause.heading else ""
    return f"{hit.doc_title} {hit.clause.number}{heading}"


def shown_verdict(hit: Hit) -> str:
    """The verdict as front ends show it (「✕ 禁止」), or "" when there is none."""
    return SHOWN.get(hit.verdict or "", "")
