"""The Answer: what the engine returns and every front end renders."""

from __future__ import annotations

from dataclasses import dataclass

from bot.corpus.model import Clause
from bot.engine.verdict import SHOWN

# Other clauses of the best document are shown when they score this close to the best.
RELATED_RATIO = 0.6
# Shown above the citation (``Answer.note``) when the document cited is not the one asked for first.
ELSEWHERE = "※ 自組織のガイドラインには該当する記載が見つからないため、他の組織のガイドラインの記載を示します。"
SILENT = "※ {titles}には該当する記載が見つからないため、他の文書の記載を示します。"


@dataclass(frozen=True)
class Hit:
    """One ranked clause, with the sentence in it that matches the question best."""

    clause: Clause
    doc_title: str
    score: float
    sentence: str
    verdict: str | None = None  # of the sentence, in its place in the document (bot.engine.verdict)

    @property
    def id(self) -> str:
        return self.clause.id

    @property
    def shown_verdict(self) -> str:
        """The verdict as front ends show it (「✕ 禁止」), or "" when there is none."""
        return SHOWN.get(self.verdict or "", "")

    @property
    def citation(self) -> str:
        """How the clause is cited: document title, clause number and heading."""
        heading = f"「{self.clause.heading}」" if self.clause.heading else ""
        return f"{self.doc_title} {self.clause.number}{heading}"

    def as_dict(self) -> dict:
        """The JSON shape of one result."""
        return {
            "id": self.clause.id,
            "doc_id": self.clause.doc_id,
            "doc_title": self.doc_title,
            "clause": self.clause.number,
            "heading": self.clause.heading,
            "path": list(self.clause.path),
            "text": self.clause.text,
            "refs": list(self.clause.refs),
            "sentence": self.sentence,
            "verdict": self.verdict,
            "score": round(self.score, 4),
        }


@dataclass(frozen=True)
class Answer:
    """The engine's reply to one question.

    ``results`` are ranked best first (a clause restating a better one of its
    document comes after the next other rule). When ``answered`` is false the engine
    abstains: ``results`` are then only the nearest clauses, offered as
    suggestions. ``references`` holds the best clause of each other document
    that also matches (shown as 参考). ``problem`` is set (in Japanese, for
    the user) when the question itself could not be searched, e.g. it was empty.
    ``elsewhere`` is true when the asker's organization has a guideline but it
    is silent on the question, so the clause cited is another organization's.
    ``follows`` is the earlier question it was read with, when it leant on one.
    ``silent`` holds the titles of the documents the question named (「芦屋市は？」)
    when none of them answers it, so another document is cited.
    """

    question: str
    answered: bool
    results: tuple[Hit, ...] = ()
    problem: str | None = None
    references: tuple[Hit, ...] = ()
    elsewhere: bool = False
    follows: str = ""
    silent: tuple[str, ...] = ()

    @property
    def note(self) -> str:
        """Why the clause cited is not from the document asked for first, or ""."""
        if self.silent:
            return SILENT.format(titles="、".join(self.silent))
        return ELSEWHERE if self.elsewhere else ""

    @property
    def main(self) -> tuple[Hit, ...]:
        """The best clause, then the best document's other clauses that score close to it."""
        if not self.results:
            return ()
        best = self.results[0]
        return (best,) + tuple(
            hit for hit in self.results[1:]
            if hit.clause.doc_id == best.clause.doc_id and hit.score >= RELATED_RATIO * best.score
        )

    def as_dict(self) -> dict:
        """The JSON shape of an answer (``guidebot ask --json``)."""
        data = {
            "question": self.question,
            "answered": self.answered,
            "elsewhere": self.elsewhere,
            "follows": self.follows or None,
            "silent": list(self.silent),
            "results": [hit.as_dict() for hit in self.results],
            "references": [hit.as_dict() for hit in self.references],
        }
        if self.problem:
            data["problem"] = self.problem
        return data
