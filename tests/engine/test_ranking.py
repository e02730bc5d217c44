"""The fast inverted-index path ranks exactly as rank-bm25 does, and FAQ entries as BM25F."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

import numpy as np
import pytest

from bot.engine import ranking
from bot.engine.corpus_terms import read_corpus
from bot.engine.index import read_meta
from bot.measure.hits import read_cases
from tests.conftest import CORPUS, REPO


class Reference:
    """rank-bm25 over every clause; for the FAQ entries BM25F, written out by scanning."""

    def __init__(self, reading):
        self.model = ranking.reference_model([t.bm25 for t in reading.terms])
        self.faq = [n for n, c in enumerate(reading.clauses) if c.is_faq]
        self.terms = reading.terms
        self.average = {f: np.mean([len(t.fields[f]) for t in reading.terms]) for f in reading.terms[0].fields}

    def bm25f(self, n: int, term: str) -> float:
        entry = self.terms[n]
        tf = sum(
            entry.weights[f] * words.count(term) / (1 - ranking.FAQ_B[f] + ranking.FAQ_B[f] * len(words) / self.average[f])
            for f, words in entry.fields.items()
        )
        return self.model.idf.get(term, 0.0) * tf * (ranking.K1 + 1) / (tf + ranking.K1)

    def get_scores(self, terms: list[str]) -> np.ndarray:
        scores = self.model.get_scores(terms)
        for n in self.faq:
            scores[n] = sum(self.bm25f(n, t) for t in terms)
        return scores


def reference_and_queries(tokenizer, engine):
    model = Reference(read_corpus(CORPUS, tokenizer))
    questions = [case.question for case in read_cases(REPO / "tests" / "eval" / "questions.jsonl")]
    queries = [engine.analyze(q) for q in questions]
    return model, queries


def test_scores_match_the_reference_for_every_eval_question(tokenizer, engine):
    model, queries = reference_and_queries(tokenizer, engine)
    assert len(queries) >= 100 and model.faq
    for query in queries:
        terms = list(query.weights)
        expected = model.get_scores(terms)
        fast = ranking.score_groups([{t: 1.0} for t in terms], engine.postings, engine.size)
        np.testing.assert_allclose(fast, expected, rtol=1e-9, atol=1e-12)
        top_expected = [int(i) for i in np.argsort(-expected, kind="stable") if expected[i] > 0][:10]
        top_fast = ranking.top(fast, 10)
        np.testing.assert_allclose(expected[top_fast], expected[top_expected], rtol=1e-9)
        # the same clauses in the same order, except where two scores tie to rounding
        for a, b in zip(top_fast, top_expected):
            assert a == b or abs(expected[a] - expected[b]) < 1e-9


def test_engine_scores_are_built_from_reference_scores(tokenizer, engine):
    """What the engine ranks by: per concept group, the best weighted reference score."""
    model, queries = reference_and_queries(tokenizer, engine)
    for query in queries[:40]:
        groups = engine.scoring_groups(query)
        expected = sum(np.max([w * model.get_scores([t]) for t, w in g.items()], axis=0) for g in groups if g)
        fast = ranking.score_groups(groups, engine.postings, engine.size)
        np.testing.assert_allclose(fast, expected, rtol=1e-9, atol=1e-12)


def test_index_stores_the_reference_contributions(engine):
    with closing(sqlite3.connect(engine.index_path)) as index:  # the index file, as bot.engine.index writes it
        term, df = index.execute("select term, df from postings order by df desc limit 1").fetchone()
    postings = engine.postings(term)
    assert len(postings.doc_ids) == df and np.all(np.diff(postings.doc_ids) > 0)
    assert json.loads(read_meta(engine.index_path)["thesaurus"])


def test_top_breaks_ties_by_document_order_and_drops_zero_scores():
    scores = np.array([1.0, 2.0, 2.0, 2.0, 0.0, 3.0])
    assert ranking.top(scores, 3) == [5, 1, 2]
    assert ranking.top(np.zeros(4), 3) == []


def test_a_long_answer_does_not_drown_the_match_of_a_short_question():
    short = {"heading": ["住民票"], "path": [], "body": ["写し", "窓口"], "questions": []}
    long = {**short, "body": ["写し", "窓口"] + [f"語{i}" for i in range(40)]}
    weights = {"heading": 3, "path": 1, "body": 1, "questions": 1}
    documents = [[t for name, terms in d.items() for t in terms * weights[name]] for d in (short, long, {"heading": ["他"]})]
    model = ranking.reference_model(documents)
    okapi = ranking.postings(model)["住民票"].weights
    averages = ranking.field_averages([{name: len(terms) for name, terms in d.items()} for d in (short, long)])
    bm25f = ranking.postings(model, {0: (short, weights), 1: (long, weights)}, averages)["住民票"].weights
    assert okapi[1] < okapi[0]  # one text: the long answer lowers the question's match
    assert bm25f[1] == pytest.approx(bm25f[0])  # fields: the question is matched on its own length
