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
from urllib.parse import quote

import sqlite_utils

from bot.corpus.model import Clause, Document
from bot.corpus.questions import question_files
from bot.corpus.thesaurus_file import THESAURUS_FILE
from bot.engine import borrow, ranking, tokens
from bot.engine.corpus_terms import FIELD_REPEATS, UNASKED_TEXT_REPEATS, read_corpus
from bot.engine.readings import READING_MIN
from bot.engine.tokens import Tokenizer

FORMAT_VERSION = "11"
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
