"""BM25 ranking: rank-bm25 as the reference, an inverted index as the fast path.

rank-bm25 scores a query by scanning every document for every term. Its
BM25Okapi score is a sum over query terms of a per-(term, document)
contribution that is zero where the term is absent, so the same numbers
can be precomputed once per posting and summed only over the documents
that contain a query term. ``postings()`` does that from the reference
model itself; a test proves the rankings match.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rank_bm25 import BM25Okapi

K1, B, EPSILON = 1.5, 0.1, 0.25


@dataclass(frozen=True)
class Postings:
    """The documents containing one term and the term's BM25 contribution to each."""

    doc_ids: np.ndarray  # int32, ascending
    weights: np.ndarray  # float64


def reference_model(doc_terms: list[list[str]]) -> BM25Okapi:
    """The reference BM25 model over documents given as term lists."""
    return BM25Okapi(doc_terms, k1=K1, b=B, epsilon=EPSILON)


def postings(model: BM25Okapi) -> dict[str, Postings]:
    """Every term's postings, with contributions computed as the reference does."""
    ids: dict[str, list[int]] = {}
    contributions: dict[str, list[float]] = {}
    for doc_id, (freqs, length) in enumerate(zip(model.doc_freqs, model.doc_len)):
        norm = model.k1 * (1 - model.b + model.b * length / model.avgdl)
        for term, tf in freqs.items():
            ids.setdefault(term, []).append(doc_id)
            contributions.setdefault(term, []).append(model.idf[term] * (tf * (model.k1 + 1) / (tf + norm)))
    return {
        term: Postings(np.asarray(ids[term], dtype=np.int32), np.asarray(contributions[term], dtype=np.float64))
        for term in ids
    }


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
