"""Verdict quality on a labelled file: coverage, accuracy and 禁止↔可 swaps.

A labelled file is JSON Lines, one sentence a line with the verdict a careful
reader gives it: ``{"doc_id", "clause", "sentence", "verdict"}`` names a clause
of the corpus; ``{"heading", "path", "is_faq", "sentence", "verdict"}`` describes
the clause itself (sentences written in other cities' styles).

``python -m bot.measure.verdicts FILE [--half tune|held-out] [--corpus DIR]``
prints the report and each wrong or missing verdict; ``tune`` is the odd lines
(1st, 3rd …), the only ones read while writing the rules, ``held-out`` the even ones.
With ``--questions QFILE`` (a question file of ``guidebot eval``) it scores instead
the sentence the engine quotes first for each question it answers, as staff see it,
labelled by FILE.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bot.config import Settings
from bot.corpus.files import load_corpus
from bot.corpus.model import Clause
from bot.engine.search import Engine
from bot.engine.verdict import LABELS, verdict
from bot.measure.hits import rate
from bot.measure.hits import read_cases as read_questions

SWAP = {frozenset(("禁止", "可"))}


@dataclass(frozen=True)
class Case:
    """One labelled sentence and the clause it belongs to."""

    sentence: str
    clause: Clause
    expected: str


@dataclass
class Report:
    """How the verdicts compare with the labels."""

    total: int = 0
    given: int = 0
    right: int = 0
    swaps: int = 0
    confusion: Counter = field(default_factory=Counter)  # (expected, given or None) -> count
    wrong: list[tuple[Case, str | None]] = field(default_factory=list)

    @property
    def metrics(self) -> dict[str, float]:
        """Coverage (a verdict given) and accuracy (right, of the verdicts given)."""
        return {"coverage": rate(self.given, self.total) or 0.0, "accuracy": rate(self.right, self.given) or 0.0}

    def summary(self) -> str:
        m = self.metrics
        return (f"{self.total} sentences: verdict for {self.given} ({m['coverage']:.3f}), "
                f"right {self.right} ({m['accuracy']:.3f} of those), 禁止↔可 swaps {self.swaps}")


def read_cases(path: Path | str, corpus: Path | str = "corpus", half: str | None = None) -> list[Case]:
    """The labelled sentences of ``path``; ``half`` is None, "tune" (odd lines) or "held-out"."""
    clauses = {c.id: c for doc in load_corpus(corpus) for c in doc.clauses}
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: cannot read it as UTF-8 text ({exc})") from None
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    if half is not None:
        lines = lines[0::2] if half == "tune" else lines[1::2]
    return [_case(_json_row(path, number, line), clauses, f"{path}: line {number}") for number, line in lines]


def _json_row(path: Path | str, number: int, line: str) -> dict:
    """One line of a labelled file as a JSON object, or ValueError naming the line."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: line {number}: not JSON ({exc.msg})") from None
    if not isinstance(row, dict):
        raise ValueError(f"{path}: line {number}: not a JSON object")
    return row


def _case(row: dict, clauses: dict[str, Clause], where: str) -> Case:
    if row.get("verdict") not in LABELS:
        raise ValueError(f"{where}: verdict must be one of {', '.join(LABELS)}")
    try:
        if "doc_id" in row:
            clause = clauses[f"{row['doc_id']}:{row['clause']}"]
        else:
            clause = Clause("style", "-", row["heading"], row["sentence"], tuple(row["path"]), is_faq=row["is_faq"])
        return Case(row["sentence"], clause, row["verdict"])
    except KeyError as exc:
        raise ValueError(f"{where}: no {exc.args[0]} (a corpus clause id, or a field the line needs)") from None


def cited_cases(engine: Engine, questions: Path | str, labelled: list[Case]) -> tuple[list[Case], int]:
    """The first sentence the engine quotes for each in-scope question it answers, with
    its label from ``labelled``; and how many quoted sentences had no label."""
    labels = {(case.clause.id, case.sentence): case.expected for case in labelled}
    cases, unlabelled = [], 0
    for question in read_questions(questions):
        answer = engine.ask(question.question)
        if question.out_of_scope or not answer.answered:
            continue
        hit = answer.results[0]
        expected = labels.get((hit.clause.id, hit.sentence))
        if expected is None:
            unlabelled += 1
        else:
            cases.append(Case(hit.sentence, hit.clause, expected))
    return cases, unlabelled


def evaluate(cases: list[Case]) -> Report:
    """Run the rules over every case."""
    report = Report()
    for case in cases:
        given = verdict(case.sentence, case.clause)
        report.total += 1
        report.confusion[(case.expected, given)] += 1
        if given is not None:
            report.given += 1
            report.right += given == case.expected
            report.swaps += frozenset((given, case.expected)) in SWAP
        if given != case.expected:
            report.wrong.append((case, given))
    return report


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--half", choices=("tune", "held-out"))
    settings = Settings.from_env()
    parser.add_argument("--corpus", type=Path, default=settings.corpus_dir)
    parser.add_argument("--questions", help="score the sentences quoted for these questions")
    parser.add_argument("--index", type=Path, default=settings.index_path, help="the index to ask (with --questions)")
    args = parser.parse_args(argv)
    try:
        cases = read_cases(args.file, args.corpus, args.half)
        if args.questions:
            cases, unlabelled = cited_cases(Engine.open(args.index, args.corpus), args.questions, cases)
            print(f"quoted sentences without a label in {args.file}: {unlabelled}")
    except ValueError as exc:  # a bad labelled file, question file or corpus
        parser.exit(2, f"guidebot: {exc}\n")
    report = evaluate(cases)
    for case, given in report.wrong:
        print(f"{case.expected} -> {given}: {case.clause.id} {case.sentence}")
    for (expected, given), count in sorted(report.confusion.items(), key=lambda item: -item[1]):
        print(f"  {expected} -> {given}: {count}")
    print(report.summary())


if __name__ == "__main__":
    main()
