"""Answer quality on a question file: hit@1, hit@3, MRR and abstention.

A question file is JSON Lines: ``{"question", "expect_any": [phrases]}`` —
a result is right when its clause text (NFKC, whitespace removed) contains
any phrase — or ``{"question", "out_of_scope": true}`` — the engine should
abstain.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from bot.engine.answer import Answer
from bot.engine.search import Engine

RANKS = 10


@dataclass(frozen=True)
class Case:
    question: str
    expect_any: tuple[str, ...] = ()
    out_of_scope: bool = False


@dataclass
class Report:
    """Evaluation results; rates are fractions of the in-scope or out-of-scope questions.

    hit@k and MRR measure the ranking: they count the top clauses even when
    the engine abstained (false abstention counts those separately)."""

    in_scope: int = 0
    out_of_scope: int = 0
    hit1: int = 0
    hit3: int = 0
    reciprocal_ranks: float = 0.0
    abstained_out_of_scope: int = 0
    abstained_in_scope: int = 0
    misses: list[tuple[Case, Answer]] = field(default_factory=list)

    def rate(self, count: int, of: int) -> float | None:
        return count / of if of else None

    @property
    def metrics(self) -> dict[str, float | None]:
        """Each rate, or None when the file has no questions of its kind."""
        return {
            "hit@1": self.rate(self.hit1, self.in_scope),
            "hit@3": self.rate(self.hit3, self.in_scope),
            "MRR": self.rate(self.reciprocal_ranks, self.in_scope),
            "out-of-scope abstention": self.rate(self.abstained_out_of_scope, self.out_of_scope),
            "false abstention": self.rate(self.abstained_in_scope, self.in_scope),
        }


def compact(text: str) -> str:
    """NFKC with all whitespace removed: how expected phrases are matched."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def read_cases(path: Path | str) -> list[Case]:
    """The questions of a JSON Lines file; ValueError with file:line on a malformed line."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise ValueError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    cases = []
    for lineno, line in enumerate(lines, start=1):
        if line.strip():
            try:
                cases.append(_case(json.loads(line)))
            except ValueError as exc:  # json.JSONDecodeError is one
                raise ValueError(f"{path}:{lineno}: {exc}") from None
    if not cases:
        raise ValueError(f"{path}: no questions")
    return cases


def _case(data) -> Case:
    """One question line, checked: a non-empty question, and non-empty phrases or out_of_scope: true."""
    if not isinstance(data, dict) or not isinstance(data.get("question"), str) or not data["question"].strip():
        raise ValueError('not a question line: {"question": "...", "expect_any": ["..."]} or {"question": "...", "out_of_scope": true}')
    out_of_scope = data.get("out_of_scope", False)
    if not isinstance(out_of_scope, bool):
        raise ValueError("out_of_scope must be true or false")
    phrases = data.get("expect_any", [])
    if not isinstance(phrases, list) or not all(isinstance(p, str) and compact(p) for p in phrases):
        raise ValueError("expect_any must be a list of non-empty phrases")
    if not out_of_scope and not phrases:
        raise ValueError("needs expect_any phrases or out_of_scope: true")
    return Case(data["question"], tuple(phrases), out_of_scope)


def rank_of_first_hit(case: Case, answer: Answer) -> int | None:
    """1-based rank of the first result containing an expected phrase."""
    phrases = [compact(p) for p in case.expect_any]
    for rank, hit in enumerate(answer.results, start=1):
        text = compact(hit.clause.text)
        if any(p in text for p in phrases):
            return rank
    return None


def evaluate(engine: Engine, cases: list[Case]) -> Report:
    """Ask every question and score the answers."""
    report = Report()
    for case in cases:
        answer = engine.ask(case.question, top=RANKS)
        if case.out_of_scope:
            report.out_of_scope += 1
            report.abstained_out_of_scope += not answer.answered
            if answer.answered:
                report.misses.append((case, answer))
            continue
        report.in_scope += 1
        report.abstained_in_scope += not answer.answered
        rank = rank_of_first_hit(case, answer)
        report.hit1 += rank == 1
        report.hit3 += rank is not None and rank <= 3
        report.reciprocal_ranks += 1 / rank if rank else 0.0
        if rank != 1 or not answer.answered:
            report.misses.append((case, answer))
    return report
