"""When the engine answers, and in what order it shows clauses.

Abstention: a clause is cited as the answer only when it scores enough and
covers enough of the question's concepts (``answers``). Reordering: the
documents a question names (or the organization's own) go first, a clause
repeating a better one's heading goes later, and 参考 takes the best
answering clause of each other document that has the point the best clause
answers (``agrees``), not only the question's frame.

Each threshold says the commit that chose it and the question sets
(tests/eval) it was chosen on; as the README says, thresholds were tuned on
``questions`` and ``independent-questions`` only, ``independent-questions-2``
served as a check and ``independent-questions-3`` is never tuned on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from bot.engine.analyzer import Concept

# Coverage: the share of the question's concepts (weighted by rarity) a clause has.
# 0.55 (was 0.5) in 98e47a9, which added the 想定質問 of all four documents; chosen
# on questions and independent-questions.
MIN_COVERAGE = 0.55
# A clause matching a topic concept (a word of a thesaurus group marked topic = true,
# not one of its everyday words) needs only this share: 0.1 (was 0.2) in b8628bc, on
# questions and independent-questions (added in that commit).
MIN_TOPIC_COVERAGE = 0.1
# A question without any topic concept (休暇, 勤務時間 alone) needs a larger share:
# 0.65 (was 0.6) in a040862, on questions and independent-questions.
MIN_OFFTOPIC_COVERAGE = 0.65
# The least score of an answer, counted in idfs of a word that one clause has (scores
# grow with the corpus): 1.15 in f858137 (was 3.0 in plain BM25 points), so that small
# corpora are answered too; chosen on questions and independent-questions.
MIN_SCORE = 1.15
# The least score when the clause matches a topic concept of the question: 0.8 in
# 94c0a2b, on questions and independent-questions (仕事中にLINEしてもいい？ was not answered).
MIN_TOPIC_SCORE = 0.8
# Other documents' clauses are shown as 参考 when they would answer the question
# themselves and score this close to the best: 0.4 since the first engine (2d1166d);
# 0.45 with MIN_AGREEMENT, on comparison-questions with every line judged (lines at
# least related 0.859 -> 0.911, documents shown 0.898 -> 0.878).
REFERENCE_RATIO = 0.45
# ... and when they have this share of the question's concepts the best clause has
# (weighted by rarity): the point the best answer reads the question as, not only
# its frame (「SNS」「投稿」「気をつける」); 0.4, chosen with REFERENCE_RATIO.
MIN_AGREEMENT = 0.4
# Each other document's 参考 clause is chosen by its share of the best score plus this
# much of how much it reads like the best clause's answering sentence (its own rule on
# the same thing): 0.3 in bf59e75, on comparison-questions (documents shown 0.840 -> 0.860).
PARALLEL_WEIGHT = 0.3
# At most this many 参考 clauses, one per document: 5 in 5adbc46, decided in the engine
# so that every front end shows the same; 参考 counts in no quality metric.
MAX_REFERENCES = 5
# At most this many of the named (or the organization's own) documents' clauses go
# before the others: 3 in b874801 (replacing a score ratio), measured by leave-one-out
# on questions and independent-questions.
OWN_FIRST = 3
# ... unless another document's clause answers far better: scores over 1 / OWN_SHORT_RATIO
# times as high and covers OWN_SHORT_GAP more of the question, so that an own clause that
# merely shares words is not taken for the answer: 0.3 and 0.3 in own2 (issue 11), on the
# other cities' questions their documents are silent on (3 -> 5 of 17 cite the seed
# first), checked by leave-one-out on questions, independent-questions, -2 and style.
OWN_SHORT_RATIO = 0.3
OWN_SHORT_GAP = 0.3

Weight = Callable[[Concept], float]


def answers(score: float, unit: float, covered: Sequence[Concept], concepts: Sequence[Concept], weight: Weight) -> bool:
    """Whether a clause scoring ``score`` (``unit``: the idf of a word one clause has) that has
    the ``covered`` concepts of the question's ``concepts`` is cited as its answer."""
    topical = any(c.topic for c in covered)
    if score < (MIN_TOPIC_SCORE if topical else MIN_SCORE) * unit:
        return False
    coverage = share(covered, concepts, weight)
    if not any(c.topic for c in concepts):
        return coverage >= MIN_OFFTOPIC_COVERAGE
    return coverage >= MIN_COVERAGE or (topical and coverage >= MIN_TOPIC_COVERAGE)


def outdone(score: float, covered: float, best: float, best_covered: float) -> bool:
    """Whether an own clause scoring ``score`` and covering the share ``covered`` of the question
    gives way to another document's answering clause scoring ``best`` and covering ``best_covered``."""
    return score < OWN_SHORT_RATIO * best and covered <= best_covered - OWN_SHORT_GAP


def share(covered: Sequence[Concept], concepts: Sequence[Concept], weight: Weight) -> float:
    """The covered concepts' share of all the question's concepts, weighted by ``weight`` (rarity)."""
    total = sum(weight(c) for c in concepts)
    return sum(weight(c) for c in covered) / total if total else 0.0


def agrees(covered: Sequence[Concept], best_covered: Sequence[Concept], weight: Weight) -> bool:
    """Whether a clause with the ``covered`` concepts has at least MIN_AGREEMENT of the
    concepts the best clause has (``best_covered``), weighted by ``weight`` (rarity)."""
    return share([c for c in covered if c in best_covered], best_covered, weight) >= MIN_AGREEMENT


def parallel_clauses_later(ranked: list[int], titled: dict[int, tuple[str, str]]) -> list[int]:
    """The ranking with a clause that repeats the (document, heading) of a better one
    (芦屋市 5(3) and 8(4), the same rule for work and private use) moved behind the next
    clause of another heading, so that the first places show different rules."""
    seen, order, waiting = set(), [], []
    for n in ranked:
        if titled[n][1] and titled[n] in seen:
            waiting.append(n)
        else:
            seen.add(titled[n])
            order += [n, *waiting]
            waiting = []
    return order + waiting


def parallel_order(rest: list[int], scores: np.ndarray, alike: np.ndarray, best: int) -> list[int]:
    """The clauses after the ``best`` in the order the comparison takes them: by their share
    of the best score plus PARALLEL_WEIGHT of their share of the most ``alike`` (how much
    each reads like the best clause's answering sentence)."""
    most_alike = max((float(alike[n]) for n in rest), default=0.0) or 1.0
    top = float(scores[best]) or 1.0
    return sorted(rest, key=lambda n: -(float(scores[n]) / top + PARALLEL_WEIGHT * float(alike[n]) / most_alike))


def references(ranked: list[int], doc_of: dict[int, str], scores: np.ndarray, best: int,
               relevant: Callable[[int], bool]) -> list[int]:
    """参考: the best clause of each document other than the ``best`` clause's that scores
    at least REFERENCE_RATIO of it and is ``relevant`` (would answer the question itself and agrees with the best),
    best first, at most MAX_REFERENCES."""
    floor = REFERENCE_RATIO * float(scores[best])
    seen, picked = {doc_of[best]}, []
    for n in ranked:
        if len(picked) == MAX_REFERENCES:
            break
        if doc_of[n] not in seen and scores[n] >= floor and relevant(n):
            seen.add(doc_of[n])
            picked.append(n)
    return picked
