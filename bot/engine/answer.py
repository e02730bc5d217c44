"""The Answer: what the engine returns and every front end renders."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.corpus.model import Clause


class Problem(StrEnum):
    """Why a question got no answer at all (not an abstention); each front end shows its
    message (bot.render.messages). The value is what the question log keeps."""

    EMPTY = "empty"  # nothing but spaces
    TOO_LONG = "too_long"  # over bot.engine.search.MAX_QUESTION_CHARS
    NO_WORDS = "no_words"  # symbols or emoji only
    ENGINE_FAILED = "engine_failed"  # the engine raised (bot.guide)
    INDEX_BROKEN = "index_broken"  # the index file is damaged or replaced; being rebuilt (bot.guide)


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


@dataclass(frozen=True)
class Answer:
    """The engine's reply to one question.

    ``results`` are ranked best first (a clause restating a better one of its
    document comes after the next other rule). When ``answered`` is false the engine
    abstains: ``results`` are then only the nearest clauses, offered as
    suggestions. ``references`` holds the best clause of each other document
    that also matches (shown as 参考). ``problem`` is set when the question
    itself could not be searched, e.g. it was empty.
    ``elsewhere`` is true when the asker's organization has a guideline but it
    is silent on the question, so the clause cited is another organization's.
    ``follows`` is the earlier question it was read with, when it leant on one.
    ``silent`` holds the titles of the documents the question named (「芦屋市は？」)
    when none of them answers it, so another document is cited.
    """

    question: str
    answered: bool
    results: tuple[Hit, ...] = ()
    problem: Problem | None = None
    references: tuple[Hit, ...] = ()
    elsewhere: bool = False
    follows: str = ""
    silent: tuple[str, ...] = ()
