"""The engine: a question in, an Answer out.

``Engine.open()`` makes sure the index matches the corpus (rebuilding it
when the corpus or thesaurus changed) and ``Engine.ask()`` ranks clauses
with BM25 over the question's weighted terms and assembles the Answer: the
clauses cited, each hit's best sentence, the 参考 of other documents. The
index file is read through bot.engine.store; when a clause answers, and in
what order clauses are shown, is bot.engine.policy; how a rule's purpose and
definition articles weigh for its own organization, bot.engine.provisions.
(Over 300 lines: one question's path from text to Answer, kept in one class.)
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from bot.corpus.findings import CorpusError
from bot.corpus.model import Clause
from bot.engine import index as index_file
from bot.engine import policy, provisions, ranking
from bot.engine.analyzer import CONTEXT_WEIGHT, Analyzer, Concept, Query
from bot.engine.answer import Answer, Hit, Problem
from bot.engine.chars import KANJI_RANGE, KATAKANA_RANGE
from bot.engine.followup import changes_subject, context_weight, in_context, leans_on_previous
from bot.engine.naming import asks_how_others_rule, document_names, named_documents
from bot.engine.store import IndexStore
from bot.engine.thesaurus import Thesaurus
from bot.engine.tokens import Tokenizer
from bot.engine.verdict import verdict

logger = logging.getLogger("guidebot.engine")

MAX_QUESTION_CHARS = 1000
CANDIDATES = 30  # clauses ranked before the policy reorders them and picks 参考
# The word in a citation limit (GUIDEBOT_CITE, --cite) for the organization's own documents.
OWN = "own"
# A word no clause mentions, in kanji or katakana, makes a follow-up a subject of its own (_may_follow).
KANJI_OR_KATAKANA = re.compile(rf"[{KANJI_RANGE}{KATAKANA_RANGE}]{{2,}}")


class Engine:
    """Answers questions from one index; safe to share between threads."""

    def __init__(self, index_path: Path | str, org: str = "", cite: str = "", tokenizer: Tokenizer | None = None):
        self.index_path = Path(index_path)
        self.store = IndexStore(self.index_path)
        self.size = self.store.size
        self.fingerprint = self.store.meta["fingerprint"]  # of the corpus this index was built from
        self.corpus_dir = Path(self.store.meta["corpus_dir"])
        self.org, self.cite = org.strip(), cite
        tokenizer = tokenizer or Tokenizer()
        self.analyzer = Analyzer(tokenizer, Thesaurus.build(json.loads(self.store.meta["thesaurus"]), tokenizer))
        self.postings = self.store.postings  # postings(term): the term's Postings or None, cached
        self.documents = self.store.documents()
        self.org_documents = self.documents_of([self.org]) if self.org else set()
        names = [name.strip().lower() for name in cite.split(",") if name.strip()]
        # The documents answers may cite: all, or those the citation limit names.
        self.citable = (self.documents_of(names) | (self.org_documents if OWN in names else set())) if names else set(self.documents)
        self.unknown_names = sorted(n for n in names if n != OWN and not self.documents_of([n]))
        self._spans = self.store.document_spans()
        self._org_mask = self._mask(self.org_documents)
        self._articles = provisions.RuleArticles(self.store.clauses, self._spans, self.org_documents)
        self.names = {doc_id: document_names(doc) for doc_id, doc in self.documents.items()}  # how questions name each
        self._cite_mask = self._mask(self.citable) if names else None

    def loans(self) -> list[dict]:
        """Every loan of staff wording (bot.engine.borrow), in corpus order: borrower,
        lender, similarity and how many questions."""
        return self.store.loans()

    def documents_of(self, names: list[str]) -> set[str]:
        """The documents named by id or by their organization."""
        return {doc_id for doc_id, doc in self.documents.items() if doc_id in names or doc["org"] in names}

    def _mask(self, doc_ids: set[str]) -> np.ndarray:
        """True for the clauses of these documents (a document's clauses are numbered consecutively)."""
        mask = np.zeros(self.size, dtype=bool)
        for doc_id in doc_ids:
            if doc_id in self._spans:
                first, last = self._spans[doc_id]
                mask[first : last + 1] = True
        return mask

    @classmethod
    def open(
        cls,
        index_path: Path | str,
        corpus_dir: Path | str | None = None,
        org: str = "",
        cite: str = "",
        tokenizer: Tokenizer | None = None,
    ) -> "Engine":
        """Open an index, first (re)building it if its corpus changed.

        Without ``corpus_dir`` the corpus the index was built from is used,
        if it still exists; an index whose corpus is gone is used as it is.
        When the rebuild fails (a typo in the thesaurus, an unwritable
        folder) the previous index still answers, and the reason is logged
        (logger ``guidebot.engine``, a warning).
        """
        index_path = Path(index_path)
        if corpus_dir is None and index_path.exists():
            try:
                corpus_dir = index_file.read_meta(index_path)["corpus_dir"]
            except index_file.IndexUnavailable:
                corpus_dir = None
        tokenizer = tokenizer or Tokenizer()
        if corpus_dir is not None and not Path(corpus_dir).is_dir() and not index_path.exists():
            raise CorpusError(corpus_dir, 0, "corpus directory not found, and there is no index to answer from")
        if corpus_dir is not None and Path(corpus_dir).is_dir() and not index_file.is_current(index_path, Path(corpus_dir)):
            logger.info("building the index %s from %s ...", index_path, corpus_dir)
            try:
                index_file.build(corpus_dir, index_path, tokenizer)
            except (CorpusError, index_file.IndexUnavailable) as exc:
                if not index_file.is_readable(index_path):
                    raise
                logger.warning("%s\nanswering from the existing index, without the latest corpus changes", exc)
        return cls(index_path, org=org, cite=cite, tokenizer=tokenizer)

    def ask(self, question: str, top: int = 5, previous: Sequence[str] = ()) -> Answer:
        """Rank clauses for a question; abstain when none answers it. ``previous`` are the
        conversation's earlier questions, oldest first: a question that leans on them is
        read with them as context (bot.engine.followup); unusable ones are ignored."""
        with self.store.in_use():
            return self._answer(question, top, previous)

    def close(self) -> None:
        """Close the connection to the index once the questions being answered are done
        (a replaced engine: nothing asks it anything new)."""
        self.store.close()

    def analyze(self, question: str) -> Query:
        """A question as the engine reads it: its concepts and weighted terms (bot.engine.analyzer),
        hiragana and misconverted words repaired from this index's readings."""
        return self.analyzer.query(question, self.store.readings)

    def _context(self, previous: Sequence[str]) -> tuple[Query, str] | None:
        """The earlier questions read as one, each leaning on the one before it, and the
        latest of them; None when none is usable (empty, too long, no words)."""
        context = None
        for earlier in previous:
            text = earlier.strip() if isinstance(earlier, str) else ""
            if not text or len(text) > MAX_QUESTION_CHARS:
                continue
            query = self.analyze(text)
            if not query.weights:
                continue
            if context is not None and (weight := context_weight(text, query)):
                query = in_context(query, context[0], weight)
            context = (query, text)
        return context

    def _answer(self, question: str, top: int, previous: Sequence[str] = ()) -> Answer:
        stripped = question.strip() if isinstance(question, str) else ""
        if not stripped:
            return Answer(question, False, problem=Problem.EMPTY)
        if len(stripped) > MAX_QUESTION_CHARS:
            return Answer(question, False, problem=Problem.TOO_LONG)
        query = self.analyze(stripped)
        if not any(ch.isalnum() for ch in stripped):  # symbols or emoji only, even as a follow-up
            return Answer(question, False, problem=Problem.NO_WORDS)
        named = named_documents(query.text, self.names) & self.citable
        first = self._mask(named) if named else self._org_mask
        context = self._context(previous) if previous and not changes_subject(stripped) else None
        if context is not None and asks_how_others_rule(query.text, {n for d in named for n in self.names[d]}, self.analyze):
            # 「国家公務員の場合は？」「他の自治体では？」: the earlier question, the named (or other) documents first
            return self._cite(question, context[0], top, first if named else ~self._org_mask, follows=context[1], named=named)
        weight = context_weight(stripped, query) if context is not None and self._may_follow(query) else 0.0
        if weight and leans_on_previous(stripped, query):
            return self._cite(question, in_context(query, context[0], weight), top, first, follows=context[1], named=named)
        if not query.weights:
            return Answer(question, False, problem=Problem.NO_WORDS)
        if weight:
            # a question of its own topic, in a thread: the earlier question helps rank, never answers for it
            return self._cite(question, in_context(query, context[0], weight), top, first, named=named, judge=query)
        return self._cite(question, query, top, first, named=named)

    def _cite(self, question: str, query: Query, top: int, first: np.ndarray, follows: str = "",
              named: set[str] = frozenset(), judge: Query | None = None) -> Answer:
        """Rank and pick the clauses for a query, the answering ones of the documents in ``first``
        (those ``named`` by the question, else the organization's) before the others; whether a
        clause answers is judged on ``judge`` (default: the query itself)."""
        judge = judge or query
        scores = ranking.score_groups(self.scoring_groups(query), self.postings, self.size)
        if self._cite_mask is not None:
            scores[~self._cite_mask] = 0.0
        self._articles.weigh(scores, judge.concepts, judge.asks_inclusion)
        candidates = ranking.top(scores, max(top, CANDIDATES))
        if not candidates:
            return Answer(question, False, follows=follows)
        own = self._own_answers(judge, scores, first)
        candidates = own + [n for n in candidates if n not in own]
        answered = bool(own) or self.answers(judge, candidates[0], float(scores[candidates[0]]))
        titled = {n: (row["doc_id"], row["heading"]) for n, row in self.store.clauses(candidates, "n, doc_id, heading").items()}
        doc_of = {n: doc_id for n, (doc_id, _) in titled.items()}
        ranked = policy.parallel_clauses_later(candidates, titled)
        chosen = ranked[:top]
        weights = {c.term: self._concept_weight(c) for c in query.concepts}
        best_covered = self._covered(judge, ranked[0])
        picked = policy.references(self._parallel_first(ranked, scores, query, weights), doc_of, scores, best=ranked[0],
                                   relevant=lambda n: self.answers(judge, n, float(scores[n]))
                                   and policy.agrees(self._covered(judge, n), best_covered, self._concept_weight))
        rows = self.store.clauses([*chosen, *picked])
        hit = {n: self._hit(rows[n], float(scores[n]), query, weights) for n in {*chosen, *picked}}
        silent = tuple(sorted(self.documents[d]["title"] for d in named)) if answered and doc_of[chosen[0]] not in named else ()
        elsewhere = not named and bool(self.org_documents) and answered and doc_of[chosen[0]] not in self.org_documents
        return Answer(question, answered, tuple(hit[n] for n in chosen), references=tuple(hit[n] for n in picked),
                      elsewhere=elsewhere, follows=follows, silent=silent)

    def _parallel_first(self, ranked: list[int], scores: np.ndarray, query: Query, weights: dict[str, float]) -> list[int]:
        """The clauses after the best, in the order the comparison takes them: by their score
        for the question (a share of the best's) plus policy.PARALLEL_WEIGHT of how much they
        read like the sentence the best one answers with (a share of the most alike), so that
        each other document shows its own rule on the same thing."""
        rest = ranked[1:]
        sentences = json.loads(self.store.clauses([ranked[0]], "n, sentences")[ranked[0]]["sentences"])
        answer = _best_sentence(sentences, query, weights)
        terms = {t for text, sentence_terms in sentences if text == answer for t in sentence_terms}
        alike = ranking.score_groups([{t: 1.0} for t in terms], self.postings, self.size)
        return policy.parallel_order(rest, scores, alike, best=ranked[0])

    def _may_follow(self, follow_up: Query) -> bool:
        """Whether a follow-up may be read with the earlier question: not when half or more of
        what it speaks of are things no clause mentions (kanji or katakana words: 「有給は何日？」
        after 「昼休みに投稿していい？」 is another subject)."""
        foreign = [c for c in follow_up.concepts
                   if KANJI_OR_KATAKANA.fullmatch(c.term) and not len(self.store.clauses_with_any(frozenset(c.terms)))]
        return not foreign or 2 * len(foreign) < len(follow_up.concepts)

    def answers(self, query: Query, n: int, score: float, scope: Sequence[int] = ()) -> bool:
        """Whether clause ``n``, scoring ``score``, matches enough of the question to be cited as its answer
        (bot.engine.policy.answers); what the clauses ``scope`` say (its rule's purpose article) counts as said by it."""
        covered = [c for c in query.concepts if any(self._covers(c, m) for m in (n, *scope))]
        return policy.answers(score, self._idf(1), covered, query.concepts, self._concept_weight)

    def _covered(self, query: Query, n: int) -> list[Concept]:
        """The question's concepts clause ``n`` has."""
        return [c for c in query.concepts if self._covers(c, n)]

    def _covers(self, concept: Concept, n: int) -> bool:
        """Whether clause ``n`` has any of the concept's terms."""
        docs = self.store.clauses_with_any(frozenset(concept.terms))
        i = int(np.searchsorted(docs, n))
        return i < len(docs) and int(docs[i]) == n

    def _idf(self, df: int) -> float:
        return math.log((self.size + 1) / max(df, 1))

    def _concept_weight(self, concept: Concept) -> float:
        """The rarity (idf) of a concept: of the clauses containing any of its terms;
        CONTEXT_WEIGHT of it for a word that only introduces the asker."""
        return self._idf(len(self.store.clauses_with_any(frozenset(concept.terms)))) * (CONTEXT_WEIGHT if concept.context else 1.0)

    def scoring_groups(self, query: Query) -> list[dict[str, float]]:
        """The weighted term groups a query is ranked by (bot.engine.ranking.score_groups): each
        group's weights rescaled toward its concept's idf (geometric mean of the term's and the
        concept's), so a question's SNS counts nearly as little as ソーシャルメディア, which almost
        every clause has. A question whether something is covered keeps the rarity of its own
        words: in 「TikTokも対象？」 TikTok is the point, not one more SNS."""
        own = query.own_terms if query.asks_inclusion else frozenset()
        scaled = []
        for group in query.groups:
            concept_idf = self._idf(len(self.store.clauses_with_any(frozenset(group))))
            adjusted = {}
            for term, weight in group.items():
                p = self.postings(term)
                if p is not None:
                    adjusted[term] = weight * (1.0 if term in own else math.sqrt(concept_idf / self._idf(len(p.doc_ids))))
            scaled.append(adjusted)
        return scaled

    def _hit(self, row: dict, score: float, query: Query, weights: dict[str, float]) -> Hit:
        clause = Clause(
            doc_id=row["doc_id"],
            number=row["number"],
            heading=row["heading"],
            body=row["body"],
            path=tuple(json.loads(row["path"])),
            refs=tuple(json.loads(row["refs"])),
            is_faq=bool(row["is_faq"]),
            line=row["line"],
        )
        sentence = _best_sentence(json.loads(row["sentences"]), query, weights)
        return Hit(clause, row["doc_title"], score, sentence, verdict(sentence, clause))

    def _own_answers(self, query: Query, scores: np.ndarray, own_mask: np.ndarray) -> list[int]:
        """The clauses of the documents the question names, else of the organization's
        own, that answer the question (read with their rule's purpose article), best
        first: they are cited before any other document's, unless the best of those
        answers far better (bot.engine.policy.outdone)."""
        if not own_mask.any():
            return []
        own = [n for n in ranking.top(np.where(own_mask, scores, 0.0), policy.OWN_FIRST)
               if self.answers(query, n, float(scores[n]), self._articles.scope(n))]
        other = ranking.top(np.where(own_mask, 0.0, scores), 1)
        if not own or not other or not self.answers(query, other[0], float(scores[other[0]])):
            return own
        best, best_share = float(scores[other[0]]), self._covered_share(query, other[0])
        return [n for n in own if not policy.outdone(float(scores[n]), self._covered_share(query, n), best, best_share)]

    def _covered_share(self, query: Query, n: int) -> float:
        """The share of the question's concepts (by rarity) that clause ``n`` has."""
        return policy.share(self._covered(query, n), query.concepts, self._concept_weight)


def _best_sentence(sentences: list, query: Query, weights: dict[str, float]) -> str:
    """The sentence covering the most (and rarest) of the question's concepts."""
    best, best_score = (sentences[0][0] if sentences else ""), 0.0
    for text, terms in sentences:
        present = set(terms)
        value = sum(weights[c.term] for c in query.concepts if not c.terms.isdisjoint(present))
        if value > best_score:
            best, best_score = text, value
    return best
