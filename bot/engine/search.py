"""The engine: a question in, an Answer out.

``Engine.open()`` makes sure the index matches the corpus (rebuilding it
when the corpus or thesaurus changed) and ``Engine.ask()`` ranks clauses
with BM25 over the question's weighted terms, decides whether the best
clause really answers the question, and picks each hit's best sentence.
"""

from __future__ import annotations

import bisect
import json
import math
import re
import sqlite3
import sys
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from bot.corpus.findings import CorpusError
from bot.corpus.model import Clause
from bot.engine import index as index_file
from bot.engine import provisions, ranking
from bot.engine.analyzer import CONTEXT_WEIGHT, Analyzer, Concept, Query
from bot.engine.answer import Answer, Hit
from bot.engine.followup import changes_subject, context_weight, in_context, leans_on_previous
from bot.engine.thesaurus import Thesaurus
from bot.engine.tokens import Tokenizer, normalize
from bot.engine.verdict import verdict

MAX_QUESTION_CHARS = 1000
CANDIDATES = 30
# Abstain unless the best clause scores at least MIN_SCORE (counted in idfs of
# a word that one clause has, as scores grow with the corpus; MIN_TOPIC_SCORE
# when it matches a topic concept of the question) and covers this
# share of the question's concepts (weighted by rarity), or a smaller share
# that includes a topic concept (a word of a thesaurus group marked
# topic = true, not one of its everyday words). A question without any topic
# concept (休暇, 勤務時間 alone) needs a larger share.
MIN_COVERAGE = 0.55
MIN_TOPIC_COVERAGE = 0.1
MIN_OFFTOPIC_COVERAGE = 0.65
MIN_SCORE = 1.15
MIN_TOPIC_SCORE = 0.8
# Other documents' clauses are shown as 参考 when they would answer the question
# themselves and score this close to the best: at most MAX_REFERENCES, one per
# document. Each document's clause is chosen by its score plus PARALLEL_WEIGHT of
# how much it reads like the best clause's answering sentence (its own rule on it).
REFERENCE_RATIO = 0.4
PARALLEL_WEIGHT = 0.3
MAX_REFERENCES = 5
# At most this many of the organization's own clauses go before the others, unless
# another document's clause answers far better: scores over 1 / OWN_SHORT_RATIO
# times as high and covers OWN_SHORT_GAP more of the question (by rarity), so an
# own clause that merely shares words is not taken for the answer.
OWN_FIRST = 3
OWN_SHORT_RATIO = 0.3
OWN_SHORT_GAP = 0.3
# The word in a citation limit (GUIDEBOT_CITE, --cite) for the organization's own documents.
OWN = "own"

# Words of a follow-up that asks how other documents rule (「他の自治体では？」).
OTHERS = re.compile(r"(他|ほか|別|よそ|各)(の)?(自治体|市町村|市|町|団体|組織|役所|ところ|ガイドライン|規程|指針|文書)|他市|他県|他団体|国の?(場合|ルール)|国家公務員"
                    r"|(どう|どのように|何と|なんて)(書いて|書かれて|定めて|決めて|なって)(ある|いる|る|います|あります)")
# Whom a title names before its first の: 「国家公務員の…」「津山市職員の…」 (not 「ソーシャルメディアの…」).
TITLE_HOLDER = re.compile(r"^((?![本当県市町村])[^の\s]{2,10}?(公務員|職員|市|町|村|区|県|府|都|省|庁|局))の")
# How staff name the national government's guideline besides 国家公務員.
NATIONAL = frozenset({"国の職員", "国の公務員"})
# What else a follow-up that only asks how others rule may say: 「…の場合は？」「…ではどう？」
ASKING_HOW = frozenset("場合 方 所 どう 如何 扱い ルール 規定 決まり 定め 対応 考え方 基準".split())
KANJI_OR_KATAKANA = re.compile(r"[\u4e00-\u9fff\u30a0-\u30ff]{2,}")
# The municipality a title starts with; 市 before 区, 町, 村 and 都道府県, so that 東村山市 is not 東村.
MUNICIPALITIES = [re.compile(rf"^(?![本当同][市区町村都道府県])\S{{1,6}}?{suffix}") for suffix in ("市", "区", "町", "村", "(都|道|府|県)")]

EMPTY = "質問が空です。知りたいことを文章で入力してください（例: 昼休みに投稿していい？）。"
TOO_LONG = f"質問が長すぎます（{MAX_QUESTION_CHARS:,}文字まで）。知りたい点を短くまとめて、もう一度質問してください。"
NO_WORDS = "検索に使える言葉が見つかりませんでした。記号や絵文字だけでなく、言葉で質問してください（例: 写真を載せていい？）。"


class Engine:
    """Answers questions from one index; safe to share between threads."""

    def __init__(self, index_path: Path | str, org: str = "", cite: str = "", tokenizer: Tokenizer | None = None):
        self.index_path = Path(index_path)
        meta = index_file.read_meta(self.index_path)
        self.size = int(meta["clauses"])
        self.fingerprint = meta["fingerprint"]  # of the corpus this index was built from
        self.corpus_dir = Path(meta["corpus_dir"])
        self.org, self.cite = org.strip(), cite
        tokenizer = tokenizer or Tokenizer()
        self.analyzer = Analyzer(tokenizer, Thesaurus.build(json.loads(meta["thesaurus"]), tokenizer))
        # One connection, opened now and shared under a lock: it keeps reading this
        # index file even after a rebuild replaces the file at index_path.
        self._db = sqlite3.connect(index_file.read_only_uri(self.index_path), uri=True, check_same_thread=False)
        self._db.row_factory = sqlite3.Row
        self._db_lock = threading.Lock()
        self._active, self._closing = 0, False  # questions being answered; close() waits for them
        self._activity = threading.Lock()
        # postings(term): the term's Postings or None, cached across questions
        self.postings = lru_cache(maxsize=4096)(self._load_postings)
        self._concept_docs = lru_cache(maxsize=4096)(self._union_docs)
        self.documents = {row["id"]: row for row in self._query("select * from documents")}
        self.org_documents = self.documents_of([self.org]) if self.org else set()
        names = [name.strip().lower() for name in cite.split(",") if name.strip()]
        # The documents answers may cite: all, or those the citation limit names.
        self.citable = (self.documents_of(names) | (self.org_documents if OWN in names else set())) if names else set(self.documents)
        self.unknown_names = sorted(n for n in names if n != OWN and not self.documents_of([n]))
        self._spans = {row["doc_id"]: (row["first"], row["last"])
                       for row in self._query("select doc_id, min(n) first, max(n) last from clauses group by doc_id")}
        self._org_mask = self._mask(self.org_documents)
        self._starts = sorted((first, doc_id) for doc_id, (first, _) in self._spans.items())
        self._purpose_articles: dict[str, tuple[int, ...]] = {}
        self._org_purposes = [n for doc_id in sorted(self.org_documents) for n in self._purposes(doc_id)]
        self._org_definitions = [row["n"] for doc_id in sorted(self.org_documents)
                                 for row in self._query("select n, heading, path from clauses where doc_id = ?", (doc_id,))
                                 if provisions.is_definition(row["heading"], json.loads(row["path"]))]
        self.names = {doc_id: document_names(doc) for doc_id, doc in self.documents.items()}
        self._cite_mask = self._mask(self.citable) if names else None

    def loans(self) -> list[dict]:
        """Every loan of staff wording (bot.engine.borrow), in corpus order: borrower,
        lender, similarity and how many questions."""
        return self._query("select loans.* from loans join clauses on clauses.id = loans.borrower order by clauses.n, similarity desc")

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
        folder) the previous index still answers, with the reason on stderr.
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
            print(f"guidebot: building the index {index_path} from {corpus_dir} ...", file=sys.stderr)
            try:
                index_file.build(corpus_dir, index_path, tokenizer)
            except (CorpusError, index_file.IndexUnavailable) as exc:
                if not index_file.is_readable(index_path):
                    raise
                print(f"guidebot: {exc}\nguidebot: answering from the existing index, without the latest corpus changes", file=sys.stderr)
        return cls(index_path, org=org, cite=cite, tokenizer=tokenizer)

    def ask(self, question: str, top: int = 5, previous: Sequence[str] = ()) -> Answer:
        """Rank clauses for a question; abstain when none answers it. ``previous`` are the
        conversation's earlier questions, oldest first: a question that leans on them is
        read with them as context (bot.engine.followup); unusable ones are ignored."""
        with self._activity:
            self._active += 1
        try:
            return self._answer(question, top, previous)
        finally:
            with self._activity:
                self._active -= 1
                if self._closing and not self._active:
                    self._close_now()

    def close(self) -> None:
        """Close the connection to the index once the questions being answered are done
        (a replaced engine: nothing asks it anything new)."""
        with self._activity:
            self._closing = True
            if not self._active:
                self._close_now()

    def _close_now(self) -> None:
        with self._db_lock:
            self._db.close()

    def _context(self, previous: Sequence[str]) -> tuple[Query, str] | None:
        """The earlier questions read as one, each leaning on the one before it, and the
        latest of them; None when none is usable (empty, too long, no words)."""
        context = None
        for earlier in previous:
            text = earlier.strip() if isinstance(earlier, str) else ""
            if not text or len(text) > MAX_QUESTION_CHARS:
                continue
            query = self.analyzer.query(text, self._lookup_readings)
            if not query.weights:
                continue
            if context is not None and (weight := context_weight(text, query)):
                query = in_context(query, context[0], weight)
            context = (query, text)
        return context

    def _answer(self, question: str, top: int, previous: Sequence[str] = ()) -> Answer:
        stripped = question.strip() if isinstance(question, str) else ""
        if not stripped:
            return Answer(question, False, problem=EMPTY)
        if len(stripped) > MAX_QUESTION_CHARS:
            return Answer(question, False, problem=TOO_LONG)
        query = self.analyzer.query(stripped, self._lookup_readings)
        if not any(ch.isalnum() for ch in stripped):  # symbols or emoji only, even as a follow-up
            return Answer(question, False, problem=NO_WORDS)
        named = self._named(query.text)
        first = self._mask(named) if named else self._org_mask
        context = self._context(previous) if previous and not changes_subject(stripped) else None
        if context is not None and self._asks_how_others_rule(query.text, named):
            # 「国家公務員の場合は？」「他の自治体では？」: the earlier question, the named (or other) documents first
            return self._cite(question, context[0], top, first if named else ~self._org_mask, follows=context[1], named=named)
        weight = context_weight(stripped, query) if context is not None and self._may_follow(query) else 0.0
        if weight and leans_on_previous(stripped, query):
            return self._cite(question, in_context(query, context[0], weight), top, first, follows=context[1], named=named)
        if not query.weights:
            return Answer(question, False, problem=NO_WORDS)
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
        scores = ranking.score_groups(self._scoring_groups(query), self.postings, self.size)
        if self._cite_mask is not None:
            scores[~self._cite_mask] = 0.0
        if not provisions.asks_purpose(judge.concepts):
            scores[self._org_purposes] *= provisions.PURPOSE_WEIGHT
        if judge.asks_inclusion:
            scores[self._org_definitions] *= provisions.DEFINITION_WEIGHT
        candidates = ranking.top(scores, max(top, CANDIDATES))
        if not candidates:
            return Answer(question, False, follows=follows)
        own = self._own_answers(judge, scores, first)
        candidates = own + [n for n in candidates if n not in own]
        best = float(scores[candidates[0]])
        answered = bool(own) or self.answers(judge, candidates[0], best)
        titled = {row["n"]: (row["doc_id"], row["heading"]) for row in self._rows(candidates, "n, doc_id, heading")}
        doc_of = {n: doc_id for n, (doc_id, _) in titled.items()}
        ranked = _parallel_clauses_later(candidates, titled)
        chosen = ranked[:top]
        weights = {c.term: self._concept_weight(c) for c in query.concepts}
        picked = _best_per_document(
            self._parallel_first(ranked, scores, query, weights), doc_of, scores, exclude=doc_of[ranked[0]],
            floor=REFERENCE_RATIO * best, relevant=lambda n: self.answers(judge, n, float(scores[n])),
        )
        rows = {row["n"]: row for row in self._rows([*chosen, *picked])}
        hit = {n: self._hit(rows[n], float(scores[n]), query, weights) for n in {*chosen, *picked}}
        silent = tuple(sorted(self.documents[d]["title"] for d in named)) if answered and doc_of[chosen[0]] not in named else ()
        elsewhere = not named and bool(self.org_documents) and answered and doc_of[chosen[0]] not in self.org_documents
        return Answer(question, answered, tuple(hit[n] for n in chosen), references=tuple(hit[n] for n in picked),
                      elsewhere=elsewhere, follows=follows, silent=silent)

    def _parallel_first(self, ranked: list[int], scores: np.ndarray, query: Query, weights: dict[str, float]) -> list[int]:
        """The clauses after the best, in the order the comparison takes them: by their score
        for the question (a share of the best's) plus PARALLEL_WEIGHT of how much they read
        like the sentence the best one answers with (a share of the most alike), so that
        each other document shows its own rule on the same thing."""
        rest = ranked[1:]
        sentences = json.loads(self._rows([ranked[0]], "sentences")[0]["sentences"])
        answer = _best_sentence(sentences, query, weights)
        terms = {t for text, sentence_terms in sentences if text == answer for t in sentence_terms}
        alike = ranking.score_groups([{t: 1.0} for t in terms], self.postings, self.size)
        most_alike = max((float(alike[n]) for n in rest), default=0.0) or 1.0
        best = float(scores[ranked[0]]) or 1.0
        return sorted(rest, key=lambda n: -(float(scores[n]) / best + PARALLEL_WEIGHT * float(alike[n]) / most_alike))

    def _may_follow(self, follow_up: Query) -> bool:
        """Whether a follow-up may be read with the earlier question: not when half or more of
        what it speaks of are things no clause mentions (kanji or katakana words: 「有給は何日？」
        after 「昼休みに投稿していい？」 is another subject)."""
        foreign = [c for c in follow_up.concepts
                   if KANJI_OR_KATAKANA.fullmatch(c.term) and not len(self._concept_docs(frozenset(c.terms)))]
        return not foreign or 2 * len(foreign) < len(follow_up.concepts)

    def _named(self, text: str) -> set[str]:
        """The citable documents a question names (bot.engine.search.document_names); a Latin
        name only as a whole word (kita is not kitaura)."""
        def says(name: str) -> bool:
            if name.isascii():
                return re.search(rf"(?<![a-z0-9]){re.escape(name)}(?![a-z0-9])", text) is not None
            return name in text

        return {d for d, names in self.names.items() if any(says(n) for n in names)} & self.citable

    def answers(self, query: Query, n: int, score: float, scope: Sequence[int] = ()) -> bool:
        """Whether clause ``n``, scoring ``score``, matches enough of the question to be cited as its
        answer; what the clauses ``scope`` say (its rule's purpose article) counts as said by it."""
        covered = [c for c in query.concepts if any(self._covers(c, m) for m in (n, *scope))]
        topical = any(c.topic for c in covered)
        if score < (MIN_TOPIC_SCORE if topical else MIN_SCORE) * self._idf(1):
            return False
        coverage = self._share(covered, query.concepts)
        if not any(c.topic for c in query.concepts):
            return coverage >= MIN_OFFTOPIC_COVERAGE
        return coverage >= MIN_COVERAGE or (topical and coverage >= MIN_TOPIC_COVERAGE)

    def _covers(self, concept: Concept, n: int) -> bool:
        """Whether clause ``n`` has any of the concept's terms."""
        docs = self._concept_docs(frozenset(concept.terms))
        i = int(np.searchsorted(docs, n))
        return i < len(docs) and int(docs[i]) == n

    def _share(self, covered: list[Concept], concepts: list[Concept]) -> float:
        """The covered concepts' share of all the question's concepts, weighted by rarity."""
        total = sum(self._concept_weight(c) for c in concepts)
        return sum(self._concept_weight(c) for c in covered) / total if total else 0.0

    def _idf(self, df: int) -> float:
        return math.log((self.size + 1) / max(df, 1))

    def _concept_weight(self, concept: Concept) -> float:
        """The rarity (idf) of a concept: of the clauses containing any of its terms;
        CONTEXT_WEIGHT of it for a word that only introduces the asker."""
        return self._idf(len(self._concept_docs(frozenset(concept.terms)))) * (CONTEXT_WEIGHT if concept.context else 1.0)

    def _union_docs(self, terms: frozenset[str]) -> np.ndarray:
        """The clauses containing any of the terms."""
        found = [p.doc_ids for t in terms if (p := self.postings(t)) is not None]
        return np.unique(np.concatenate(found)) if found else np.empty(0, dtype=np.int32)

    def _scoring_groups(self, query: Query) -> list[dict[str, float]]:
        """Each group's weights rescaled toward its concept's idf (geometric mean of the
        term's and the concept's): a question's SNS counts nearly as little as
        ソーシャルメディア, which almost every clause has. A question whether
        something is covered keeps the rarity of its own words: in
        「TikTokも対象？」 TikTok is the point, not one more SNS."""
        named = {t for t, weight in query.weights.items() if weight == 1.0} if query.asks_inclusion else set()
        scaled = []
        for group in query.groups:
            concept_idf = self._idf(len(self._concept_docs(frozenset(group))))
            adjusted = {}
            for term, weight in group.items():
                p = self.postings(term)
                if p is not None:
                    adjusted[term] = weight * (1.0 if term in named else math.sqrt(concept_idf / self._idf(len(p.doc_ids))))
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

    def _asks_how_others_rule(self, text: str, named: set[str]) -> bool:
        """Whether a follow-up only asks how other documents rule on the earlier
        question: it names documents or others (他の自治体では？) and nothing else."""
        rest = text
        for name in sorted({n for d in named for n in self.names[d]}, key=len, reverse=True):
            rest = rest.replace(name, "")
        rest, others = OTHERS.subn("", rest)
        if not (named or others):
            return False
        return all(c.term in ASKING_HOW for c in self.analyzer.query(rest, self._lookup_readings).concepts) if rest.strip() else True

    def _own_answers(self, query: Query, scores: np.ndarray, own_mask: np.ndarray) -> list[int]:
        """The clauses of the documents the question names, else of the organization's
        own, that answer the question (read with their rule's purpose article), best
        first: they are cited before any other document's, unless the best of those
        answers far better (OWN_SHORT_RATIO, OWN_SHORT_GAP)."""
        if not own_mask.any():
            return []
        own = [n for n in ranking.top(np.where(own_mask, scores, 0.0), OWN_FIRST)
               if self.answers(query, n, float(scores[n]), self._purposes(self._document_of(n)))]
        other = ranking.top(np.where(own_mask, 0.0, scores), 1)
        if not own or not other or not self.answers(query, other[0], float(scores[other[0]])):
            return own
        best, best_share = float(scores[other[0]]), self._covered_share(query, other[0])
        return [n for n in own if scores[n] >= OWN_SHORT_RATIO * best or self._covered_share(query, n) > best_share - OWN_SHORT_GAP]

    def _covered_share(self, query: Query, n: int) -> float:
        """The share of the question's concepts (by rarity) that clause ``n`` has."""
        return self._share([c for c in query.concepts if self._covers(c, n)], query.concepts)

    def _document_of(self, n: int) -> str:
        return self._starts[bisect.bisect_right(self._starts, (n, "\uffff")) - 1][1]

    def _purposes(self, doc_id: str) -> tuple[int, ...]:
        """The purpose articles among a document's first clauses (bot.engine.provisions)."""
        if doc_id not in self._purpose_articles:
            first, last = self._spans[doc_id]
            rows = self._query("select n, heading, body from clauses where n between ? and ?",
                               (first, min(last, first + provisions.PURPOSE_WITHIN - 1)))
            self._purpose_articles[doc_id] = tuple(r["n"] for r in rows if provisions.is_purpose(r["heading"], r["body"]))
        return self._purpose_articles[doc_id]

    def _execute(self, sql: str, params=()) -> list[sqlite3.Row]:
        """All rows of a query; a damaged index file becomes IndexUnavailable."""
        try:
            with self._db_lock:
                return self._db.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            raise index_file.unreadable(self.index_path, exc) from None

    def _query(self, sql: str, params=()) -> list[dict]:
        return [dict(row) for row in self._execute(sql, params)]

    def _rows(self, ns: list[int], columns: str = "*") -> list[dict]:
        marks = ",".join("?" * len(ns))
        return self._query(f"select {columns} from clauses where n in ({marks})", ns)

    def _load_postings(self, term: str) -> ranking.Postings | None:
        rows = self._execute("select doc_ids, weights from postings where term = ?", (term,))
        if not rows:
            return None
        row = rows[0]
        return ranking.Postings(np.frombuffer(row[0], dtype=np.int32), np.frombuffer(row[1], dtype=np.float64))

    def _lookup_readings(self, readings) -> dict[str, set[str]]:
        readings = list(readings)
        marks = ",".join("?" * len(readings))
        found: dict[str, set[str]] = {}
        for row in self._execute(f"select reading, term from readings where reading in ({marks})", readings):
            found.setdefault(row[0], set()).add(row[1])
        return found


def document_names(doc: dict) -> set[str]:
    """How a question may name a document: its id and organization, the
    municipality its title starts with (芦屋市), and whom its title names
    before the first の (国家公務員) — each of two characters or more. Not its
    issuer: a 総務課 or 広報課 is named in questions about whom to ask."""
    title = normalize(doc["title"])
    names = {doc["id"], doc["org"]}
    if municipality := next((m for pattern in MUNICIPALITIES if (m := pattern.match(title))), None):
        names.add(municipality.group(0))
    if holder := TITLE_HOLDER.match(title):
        names.add(holder.group(1))
        if holder.group(1) == "国家公務員":
            names |= NATIONAL
    return {name for name in names if len(name) >= 2}


def _best_sentence(sentences: list, query: Query, weights: dict[str, float]) -> str:
    """The sentence covering the most (and rarest) of the question's concepts."""
    best, best_score = (sentences[0][0] if sentences else ""), 0.0
    for text, terms in sentences:
        present = set(terms)
        value = sum(weights[c.term] for c in query.concepts if not c.terms.isdisjoint(present))
        if value > best_score:
            best, best_score = text, value
    return best


def _parallel_clauses_later(ranked: list[int], titled: dict[int, tuple[str, str]]) -> list[int]:
    """The ranking with a clause that repeats the heading of a better one of its
    document (芦屋市 5(3) and 8(4), the same rule for work and private use) moved
    behind the next clause of another heading, so that the first places show
    different rules."""
    seen, order, waiting = set(), [], []
    for n in ranked:
        if titled[n][1] and titled[n] in seen:
            waiting.append(n)
        else:
            seen.add(titled[n])
            order += [n, *waiting]
            waiting = []
    return order + waiting


def _best_per_document(ranked: list[int], doc_of: dict[int, str], scores: np.ndarray, exclude: str, floor: float, relevant) -> list[int]:
    """The best clause of each document other than ``exclude`` that scores at
    least ``floor`` and is ``relevant`` (would answer the question itself),
    best first, at most MAX_REFERENCES."""
    seen, picked = {exclude}, []
    for n in ranked:
        if len(picked) == MAX_REFERENCES:
            break
        if doc_of[n] not in seen and scores[n] >= floor and relevant(n):
            seen.add(doc_of[n])
            picked.append(n)
    return picked
