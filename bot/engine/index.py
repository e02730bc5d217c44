"""The search index: a SQLite file built from corpus/ with sqlite-utils.

Tables: ``meta`` (fingerprint of the corpus it was built from, thesaurus,
statistics), ``documents``, ``clauses`` (row ``n`` = BM25 document number,
with each sentence's terms for picking the best sentence), ``postings``
(per term: document numbers and BM25 contributions as packed arrays) and
``readings`` (katakana reading → term, for questions typed in hiragana) and
``loans`` (which clause searches which other clause's 想定質問, bot.engine.borrow).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote

import sqlite_utils

from bot.corpus.files import load_corpus
from bot.corpus.model import Clause, Document
from bot.corpus.questions import question_files, read_questions
from bot.corpus.thesaurus_file import THESAURUS_FILE, read_groups
from bot.engine import borrow, ranking, tokens
from bot.engine.analyzer import Analysis, Analyzer
from bot.engine.readings import READING_MIN
from bot.engine.thesaurus import Thesaurus
from bot.engine.tokens import Tokenizer

FORMAT_VERSION = "11"
# How many times each field's terms count in a clause's BM25 document.
FIELD_REPEATS = {"heading": 3, "path": 1, "body": 1, "questions": 1}
# A clause without 想定質問 of its own (a newly ingested guideline's) has its
# text count this many times more: own wording would otherwise be most of its
# BM25 document, and borrowed wording is secondhand (bot.engine.borrow).
UNASKED_TEXT_REPEATS = 3
CORPUS_SUFFIXES = (".md", ".toml")  # documents, thesaurus, 想定質問: never an index path


class IndexUnavailable(RuntimeError):
    """The index is missing, unreadable, not a guidebot index, or cannot be written."""


def read_only_uri(index_path: Path | str) -> str:
    """The SQLite URI that opens an index read-only (any path: '#', '?' and '%' are escaped)."""
    return f"file:{quote(str(Path(index_path).resolve()))}?mode=ro"


def rebuild_hint(index_path: Path | str) -> str:
    """The command that rebuilds this index."""
    return f"rebuild it: guidebot index build --index {index_path}"


def unreadable(index_path: Path | str, reason: Exception) -> IndexUnavailable:
    """The error for an index file SQLite cannot read."""
    return IndexUnavailable(f"index {index_path} is unreadable ({reason}); {rebuild_hint(index_path)}")


@dataclass(frozen=True)
class BuildStats:
    documents: int
    clauses: int
    terms: int
    seconds: float


def fingerprint(corpus_dir: Path) -> str:
    """A hash of everything the index depends on: corpus files, thesaurus, questions, token and ranking settings."""
    settings = (
        f"{FORMAT_VERSION} {ranking.K1} {ranking.B} {ranking.EPSILON} {sorted(FIELD_REPEATS.items())} {sorted(ranking.FAQ_B.items())} {UNASKED_TEXT_REPEATS} {borrow.BORROW_FROM} {borrow.MIN_SIMILARITY} {borrow.SURE_SIMILARITY} "
        f"{sorted(tokens.STOP_LEMMAS)} {sorted(tokens.PARTICLE_VERBS)} {sorted(tokens.ENGLISH_STOP_WORDS)} {sorted(tokens.CONTENT_POS)} {sorted(tokens.COMPOUND_POS)} {tokens.MAX_COMPOUND} {READING_MIN}"
    )
    digest = hashlib.sha256(settings.encode())
    for path in [*sorted(corpus_dir.glob("*.md")), corpus_dir / THESAURUS_FILE, *question_files(corpus_dir)]:
        try:
            digest.update(str(path.relative_to(corpus_dir)).encode() + b"\0" + path.read_bytes() + b"\0")
        except OSError:  # absent, a directory, or removed while we looked
            continue
    return digest.hexdigest()


def sentences(clause: Clause) -> list[str]:
    """The sentences of the clause's body (for an FAQ entry, its answer), in order:
    the candidates for the sentence an answer quotes."""
    return [clause.body[start:end].strip() for start, end in tokens.sentence_spans(clause.body)]


class ClauseTerms(NamedTuple):
    """What the index keeps of a clause's text."""

    bm25: list[str]  # its BM25 document: each field's terms repeated by the field's weight
    sentences: list[tuple[str, list[str]]]  # each sentence with its terms
    readings: set[tuple[str, str]]  # (reading, term) of its heading and body nouns
    questions: list[str]  # the terms of its 想定質問, its own or borrowed
    fields: dict[str, list[str]]  # each field's terms, for BM25F (an FAQ entry)
    weights: dict[str, float]  # each field's BM25F weight: its share of the BM25 document, text at FIELD_REPEATS


class ClauseText(NamedTuple):
    """A clause's own text, tokenized once."""

    heading: Analysis
    sentences: list[tuple[str, Analysis]]
    path: list[str]

    def terms(self) -> list[str]:
        """The terms of its heading and body: what it says."""
        return self.heading.terms + [t for _, a in self.sentences for t in a.terms]


def read_clause(analyzer: Analyzer, clause: Clause) -> ClauseText:
    """Tokenize a clause's heading, sentences and path."""
    return ClauseText(
        analyzer.analyze(clause.heading),
        [(s, analyzer.analyze(s)) for s in sentences(clause)],
        analyzer.document_terms("\n".join(clause.path)),
    )


def question_terms(analyzer: Analyzer, question: str) -> list[str]:
    """Terms of a 想定質問: no compounds (casual wording glues nouns by accident: インスタ投稿)."""
    return analyzer.document_terms(question, compounds=False)


def clause_terms(text: ClauseText, questions: list[str], unasked: bool = False) -> ClauseTerms:
    """A clause's BM25 document, sentences and readings, from its text and its 想定質問
    terms; the text of a clause ``unasked`` (without 想定質問 of its own) counts
    UNASKED_TEXT_REPEATS times."""
    fields = {
        "heading": text.heading.terms,
        "path": text.path,
        "body": [t for _, a in text.sentences for t in a.terms],
        "questions": questions,
    }
    text_repeats = UNASKED_TEXT_REPEATS if unasked else 1
    repeats = {name: FIELD_REPEATS[name] * (1 if name == "questions" else text_repeats) for name in fields}
    bm25 = [t for name, terms in fields.items() for t in terms * repeats[name]]
    readings = text.heading.readings.union(*(a.readings for _, a in text.sentences))
    weights = {name: repeat / text_repeats for name, repeat in repeats.items()}
    return ClauseTerms(bm25, [(s, a.terms) for s, a in text.sentences], readings, questions, fields, weights)


class Reading(NamedTuple):
    """Everything the index is built from."""

    documents: list[Document]
    clauses: list[Clause]
    terms: list[ClauseTerms]  # aligned with clauses
    loans: list[borrow.Loan]
    groups: list[dict]  # the thesaurus, as read
    analyzer: Analyzer


def read_corpus(corpus_dir: Path, tokenizer: Tokenizer, progress=None) -> Reading:
    """Read and tokenize the corpus, its 想定質問 and thesaurus; lend 想定質問 to the
    clauses that have none (bot.engine.borrow)."""
    documents = load_corpus(corpus_dir)
    questions, _ = read_questions(corpus_dir, documents)
    groups = read_groups(corpus_dir / THESAURUS_FILE)
    analyzer = Analyzer(tokenizer, Thesaurus.build(groups, tokenizer))
    clauses = [clause for doc in documents for clause in doc.clauses]
    texts = [read_clause(analyzer, clause) for clause in (progress(clauses) if progress else clauses)]
    own = {cid: [question_terms(analyzer, q) for q in qs] for cid, qs in questions.items()}
    closed = {doc.id for doc in documents if not doc.borrow}
    group_terms = [[analyzer.thesaurus.group_term(t) for t in text.terms()] for text in texts]
    loans = borrow.lend(
        [c.id for c in clauses], [c.doc_id for c in clauses], group_terms,
        {cid: [[analyzer.thesaurus.group_term(t) for t in q] for q in qs] for cid, qs in own.items()},
        borrowers={c.id for c in clauses if c.id not in questions and c.doc_id not in closed},
    )
    words = {cid: [t for q in qs for t in q] for cid, qs in own.items()}
    for loan in loans:
        words.setdefault(loan.borrower, []).extend(t for i in loan.questions for t in own[loan.lender][i])
    asked = any(own.values())  # the text repeats only weigh unasked clauses against asked ones
    terms = [clause_terms(text, words.get(c.id, []), asked and not own.get(c.id)) for c, text in zip(clauses, texts)]
    return Reading(documents, clauses, terms, loans, groups, analyzer)


def build(corpus_dir: Path | str, index_path: Path | str, tokenizer: Tokenizer | None = None, progress=None) -> BuildStats:
    """Build the index for a corpus directory, replacing ``index_path`` atomically."""
    started = time.perf_counter()
    corpus_dir, index_path = Path(corpus_dir).resolve(), Path(index_path)
    if index_path.is_dir():
        raise IndexUnavailable(f"cannot write the index {index_path}: it is a directory; give a file path")
    if index_path.suffix in CORPUS_SUFFIXES and index_path.resolve().is_relative_to(corpus_dir):
        raise IndexUnavailable(f"cannot write the index {index_path}: it would replace a corpus file, which only people and `guidebot ingest` write")
    # Taken before reading: an edit saved while we build changes the corpus's
    # fingerprint, so the index is not taken as current and is built again.
    stamp = fingerprint(corpus_dir)
    tokenizer = tokenizer or Tokenizer()
    documents, clauses, terms, loans, groups, analyzer = read_corpus(corpus_dir, tokenizer, progress)
    titles = {doc.id: doc.title for doc in documents}
    doc_terms = [t.bm25 for t in terms]
    readings = analyzer.thesaurus_readings().union(*(t.readings for t in terms))
    rows = [_clause_row(n, clause, titles[clause.doc_id], t.sentences) for n, (clause, t) in enumerate(zip(clauses, terms))]

    model = ranking.reference_model(doc_terms)
    faq = {n: (t.fields, t.weights) for n, (clause, t) in enumerate(zip(clauses, terms)) if clause.is_faq}
    averages = ranking.field_averages([{name: len(field) for name, field in t.fields.items()} for t in terms])
    postings = ranking.postings(model, faq, averages)

    meta = {
        "format": FORMAT_VERSION,
        "fingerprint": stamp,
        "corpus_dir": str(corpus_dir),
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "clauses": str(len(clauses)),
        "thesaurus": json.dumps(groups, ensure_ascii=False),
    }
    tmp = temporary_path(index_path)
    try:
        index_path.parent.mkdir(parents=True, exist_ok=True)
        tmp.unlink(missing_ok=True)
        _write(tmp, documents, rows, postings, readings, loans, meta)
        os.replace(tmp, index_path)
    except (OSError, sqlite3.Error) as exc:
        raise IndexUnavailable(f"cannot write the index {index_path} ({exc})") from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
    return BuildStats(len(documents), len(clauses), len(postings), time.perf_counter() - started)


def temporary_path(index_path: Path) -> Path:
    """Where this process writes a new index before it replaces ``index_path``."""
    return index_path.with_name(f".{index_path.name}.{os.getpid()}.tmp")


def _write(path: Path, documents: list[Document], rows: list[dict], postings: dict, readings: set, loans: list, meta: dict[str, str]) -> None:
    """Write the index tables into a new SQLite file."""
    db = sqlite_utils.Database(path)
    db["documents"].insert_all((_document_row(doc) for doc in documents), pk="id")
    db["clauses"].insert_all(rows, pk="n", batch_size=2000)
    db["clauses"].create_index(["id"], unique=True)
    db["postings"].insert_all(
        ({"term": t, "df": len(p.doc_ids), "doc_ids": p.doc_ids.tobytes(), "weights": p.weights.tobytes()} for t, p in postings.items()),
        pk="term",
        batch_size=5000,
    )
    db["readings"].insert_all(({"reading": r, "term": t} for r, t in sorted(readings)), batch_size=5000)
    db["readings"].create_index(["reading"])
    db["loans"].create({"borrower": str, "lender": str, "similarity": float, "questions": int})
    db["loans"].insert_all(
        ({"borrower": l.borrower, "lender": l.lender, "similarity": l.similarity, "questions": len(l.questions)} for l in loans),
        batch_size=5000,
    )
    db["meta"].insert_all(({"key": k, "value": v} for k, v in meta.items()), pk="key")
    db.close()


def _document_row(doc: Document) -> dict:
    return {
        "id": doc.id, "title": doc.title, "kind": doc.kind, "issuer": doc.issuer, "org": doc.organization,
        "version": doc.version, "date": doc.date, "source": doc.source,
    }


def _clause_row(n: int, clause: Clause, doc_title: str, sentence_terms: list[tuple[str, list[str]]]) -> dict:
    return {
        "n": n,
        "id": clause.id,
        "doc_id": clause.doc_id,
        "doc_title": doc_title,
        "number": clause.number,
        "heading": clause.heading,
        "path": json.dumps(clause.path, ensure_ascii=False),
        "body": clause.body,
        "refs": json.dumps(clause.refs, ensure_ascii=False),
        "is_faq": int(clause.is_faq),
        "line": clause.line,
        "sentences": json.dumps([[s, sorted(set(t))] for s, t in sentence_terms], ensure_ascii=False),
    }


def read_meta(index_path: Path | str) -> dict[str, str]:
    """The meta table of an index, or IndexUnavailable if it is missing or unreadable."""
    index_path = Path(index_path)
    if not index_path.exists():
        raise IndexUnavailable(f"index not found: {index_path} (build it: guidebot index build --index {index_path})")
    try:
        connection = sqlite3.connect(read_only_uri(index_path), uri=True)
        try:
            meta = dict(connection.execute("select key, value from meta").fetchall())
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise unreadable(index_path, exc) from None
    if meta.get("format") != FORMAT_VERSION:
        raise IndexUnavailable(f"index {index_path} was built by another guidebot version; {rebuild_hint(index_path)}")
    return meta


def is_readable(index_path: Path) -> bool:
    """True when the file is an index this version can read."""
    try:
        read_meta(index_path)
    except IndexUnavailable:
        return False
    return True


def is_current(index_path: Path, corpus_dir: Path) -> bool:
    """True when the index exists, is readable and matches the corpus."""
    try:
        return read_meta(index_path).get("fingerprint") == fingerprint(corpus_dir)
    except IndexUnavailable:
        return False
