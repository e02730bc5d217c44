"""BM25 ranking: rank-bm25 as the reference, an inverted index as the fast path.

rank-bm25 scores a query by scanning every document for every term. Its
BM25Okapi score is a sum over query terms of a per-(term, document)
contribution that is zero where the term is absent, so the same numbers
can be precomputed once per posting and summed only over the documents
that contain a query term. ``postings()`` does that from the reference
model itself; a test proves the rankings match.

An FAQ entry is scored with BM25F instead, so that its question is a
field of its own: question, answer, path and 想定質問 are each normalised
by their own length against the same field of every clause (a long
answer no longer drowns a short question), the fields' weighted term
frequencies are added up and saturated once. It is still one contribution
per (term, entry), with the reference model's idf.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rank_bm25 import BM25Okapi

K1, B, EPSILON = 1.5, 0.1, 0.25
# BM25F length normalisation of an FAQ entry's fields: its question as BM25
# usually is; its answer less, as an answer's length is partly the FAQ
# genre (answers run longer than the guideline clauses they compete with);
# 想定質問 as in any clause (their number, not the entry, sets their length).
FAQ_B = {"heading": 0.75, "path": 0.75, "body": 0.5, "questions": B}


@dataclass(frozen=True)
class Postings:
    """The documents containing one term and the term's BM25 contribution to each."""

    doc_ids: np.ndarray  # int32, ascending
    weights: np.ndarray  # float64


def reference_model(doc_terms: list[list[str]]) -> BM25Okapi:
    """The reference BM25 model over documents given as term lists."""
    return BM25Okapi(doc_terms, k1=K1, b=B, epsilon=EPSILON)


def postings(
    model: BM25Okapi,
    faq: dict[int, tuple[dict[str, list[str]], dict[str, float]]] | None = None,
    averages: dict[str, float] | None = None,
) -> dict[str, Postings]:
    """Every term's postings: for the FAQ entries in ``faq`` (document number ->
    its fields' terms and weights) BM25F contributions, each field normalised by
    its mean length over all documents (``averages``); for every other document
    the reference's own."""
    faq = faq or {}
    ids: dict[str, list[int]] = {}
    contributions: dict[str, list[float]] = {}
    for doc_id, (freqs, length) in enumerate(zip(model.doc_freqs, model.doc_len)):
        if doc_id in faq:
            freqs, norm = field_frequencies(*faq[doc_id], averages), model.k1
        else:
            norm = model.k1 * (1 - model.b + model.b * length / model.avgdl)
        for term, tf in freqs.items():
            ids.setdefault(term, []).append(doc_id)
            contributions.setdefault(term, []).append(model.idf[term] * (tf * (model.k1 + 1) / (tf + norm)))
    return {
        term: Postings(np.asarray(ids[term], dtype=np.int32), np.asarray(contributions[term], dtype=np.float64))
        for term in ids
    }


def field_averages(lengths: list[dict[str, int]]) -> dict[str, float]:
    """Each field's mean length over documents given as {field: length}."""
    names = {name for document in lengths for name in document}
    return {name: sum(document.get(name, 0) for document in lengths) / max(len(lengths), 1) for name in names}


def field_frequencies(fields: dict[str, list[str]], weights: dict[str, float], averages: dict[str, float]) -> dict[str, float]:
    """BM25F's term frequencies of one entry: per field, the term's count times the
    field's weight over the field's length normalisation, summed over fields."""
    weighted: dict[str, float] = {}
    for name, terms in fields.items():
        b = FAQ_B[name]
        share = weights[name] / (1 - b + b * len(terms) / averages[name]) if terms else 0.0
        for term in terms:
            weighted[term] = weighted.get(term, 0.0) + share
    return weighted


def score_groups(groups: list[dict[str, float]], lookup, size: int) -> np.ndarray:
    """Scores of all ``size`` documents: per group of alternative terms, the best
    weighted contribution, summed over groups. ``lookup(term)`` returns the
    term's Postings or None. With one term per group, each weighted 1.0, this
    equals the reference model's ``get_scores`` of the same terms."""
    scores = np.zeros(size, dtype=np.float64)
    for group in groups:
        found = [(weight, p) for term, weight in group.items() if (p := lookup(term)) is not None]
        if len(found) == 1:
            weight, p = found[0]
            scores[p.doc_ids] += weight * p.weights  # a term's doc_ids are unique
            continue
        best = np.zeros(size, dtype=np.float64)
        for weight, p in found:
            np.maximum.at(best, p.doc_ids, weight * p.weights)
        scores += best
    return scores


def top(scores: np.ndarray, k: int) -> list[int]:
    """Indices of the k best positive scores, best first, ties by document order."""
    positive = np.flatnonzero(scores > 0)
    if len(positive) > k:
        kth = np.partition(scores[positive], len(positive) - k)[len(positive) - k]
        positive = positive[scores[positive] >= kth]
    order = np.lexsort((positive, -scores[positive]))
    return [int(i) for i in positive[order][:k]]
