"""Borrowed staff wording: 想定質問 carried over to clauses that have none.

Every social-media guideline covers much the same ground, and the 想定質問
written for one document's clauses are staff's wording for that ground.
When the index is built, a clause with no 想定質問 of its own borrows those
of the clauses of *other* documents that say the same thing: the most
similar ones by what the clauses say (TF-IDF cosine of the borrower's
heading and body terms to the lender's heading, body and 想定質問 terms,
thesaurus words counted as their group), at most BORROW_FROM of
them, each at least MIN_SIMILARITY alike — so a clause like no other
borrows nothing. When several clauses of one document borrow from the same
clause, each of its questions goes to the borrower it is most like, so
that sibling clauses (the items of one list) do not all get the same
wording — except that a borrower very like its most alike lender (at least
SURE_SIMILARITY) takes all of that lender's questions. All pairs are
compared in sparse matrix products, not one search per clause.

Borrowed questions are searched, never shown. A document opts out with
``borrow: false`` in its front matter; a clause with an empty entry in its
question file (``"5(10)" = []``) has questions of its own — none — and
borrows nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

BORROW_FROM = 2
MIN_SIMILARITY = 0.15
# A borrower at least this alike to its most alike lender takes all that lender's
# questions, whatever its siblings take: parallel clauses (芦屋市 states the same
# rules for work and for private use) each keep the wording of the rule they restate.
SURE_SIMILARITY = 0.3
CELLS = 1 << 24  # similarities held at once: questions × borrowing clauses per matrix product


@dataclass(frozen=True)
class Loan:
    """Clause ``borrower`` searches ``questions`` (their positions) of clause ``lender``'s 想定質問."""

    borrower: str
    lender: str
    similarity: float
    questions: tuple[int, ...]


def lend(clause_ids: list[str], doc_ids: list[str], terms: list[list[str]],
         questions: dict[str, list[list[str]]], borrowers: set[str]) -> list[Loan]:
    """Loans to the clauses in ``borrowers`` from the clauses of other documents
    with 想定質問 (``questions``: each one's terms, by clause id); ``terms`` are
    each clause's terms, aligned with ``clause_ids`` and ``doc_ids``.

    Per borrowing document, each question of a lender goes to the one
    borrower it fits best — by how alike the lender is to the borrower (at
    least MIN_SIMILARITY, among the borrower's BORROW_FROM most alike
    lenders) and, equally, how alike the question is to it."""
    lend_rows = [i for i, cid in enumerate(clause_ids) if questions.get(cid)]
    if not lend_rows or not borrowers:
        return []
    # A lender is known by its text and its 想定質問 (staff's words for what it says),
    # a borrower by its text alone: the lender's questions widen what it is matched on.
    said = [[*t, *(w for q in questions.get(cid, ()) for w in q)] for cid, t in zip(clause_ids, terms)]
    vectorizer = TfidfVectorizer(analyzer=_same, sublinear_tf=True).fit(said)
    vectors = vectorizer.transform(terms)
    asked = [(j, q) for j, row in enumerate(lend_rows) for q in range(len(questions[clause_ids[row]]))]
    question_vectors = vectorizer.transform([questions[clause_ids[lend_rows[j]]][q] for j, q in asked])
    lender_of = np.array([j for j, _ in asked])
    first = np.searchsorted(lender_of, np.arange(len(lend_rows)))  # each lender's first question
    lending, lender_docs = vectorizer.transform([said[i] for i in lend_rows]).T.tocsc(), np.array([doc_ids[i] for i in lend_rows])
    by_document: dict[str, list[int]] = {}
    for i, cid in enumerate(clause_ids):
        if cid in borrowers:
            by_document.setdefault(doc_ids[i], []).append(i)
    loans, block = [], max(1, CELLS // len(asked))
    for doc_id, rows in by_document.items():
        for start in range(0, len(rows), block):
            loans += _loans(rows[start : start + block], vectors, lending, lender_docs == doc_id,
                            question_vectors, lender_of, first, [clause_ids[r] for r in lend_rows], clause_ids)
    return loans


def _loans(rows, vectors, lending, same_document, question_vectors, lender_of, first, lender_ids, clause_ids) -> list[Loan]:
    """The loans to the borrowers ``rows`` (of one document); ``lender_of`` gives each question's
    lender, ``first`` each lender's first question."""
    alike = (vectors[rows] @ lending).toarray().T  # lender × borrower
    alike[same_document] = 0.0
    ranks = np.argsort(np.argsort(-alike, axis=0, kind="stable"), axis=0, kind="stable")
    eligible = (alike >= MIN_SIMILARITY) & (ranks < BORROW_FROM)
    fit = alike[lender_of] + (question_vectors @ vectors[rows].T).toarray()  # question × borrower
    fit[~eligible[lender_of]] = -1.0
    best = fit.argmax(axis=1)
    taken = fit[np.arange(len(best)), best] >= 0
    grouped: dict[tuple[int, int], list[int]] = {}
    for q in np.flatnonzero(taken):
        grouped.setdefault((int(best[q]), int(lender_of[q])), []).append(int(q))
    nearest, counts = alike.argmax(axis=0), np.bincount(lender_of, minlength=len(alike))
    for b in np.flatnonzero(alike[nearest, np.arange(len(rows))] >= SURE_SIMILARITY):
        j = int(nearest[b])
        grouped[(int(b), j)] = list(range(int(first[j]), int(first[j]) + int(counts[j])))
    return [
        Loan(clause_ids[rows[b]], lender_ids[j], float(alike[j, b]), tuple(q - int(first[j]) for q in qs))
        for (b, j), qs in sorted(grouped.items())
    ]


def _same(terms: list[str]) -> list[str]:
    """The vectorizer's analyzer: the terms are already made."""
    return terms
