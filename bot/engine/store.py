"""The index store: one read-only connection to an index file, shared between threads.

It runs every query the engine makes (clauses, postings, readings, loans),
caches postings and the clauses each concept's terms reach, and closes the
connection once the questions being answered are done.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import numpy as np

from bot.engine import index as index_file
from bot.engine import ranking

CACHED_TERMS = 4096  # postings, and clause sets of concepts, remembered across questions


class IndexStore:
    """Reads one index file; safe to share between threads."""

    def __init__(self, index_path: Path):
        self.path = index_path
        self.meta = index_file.read_meta(index_path)
        self.size = int(self.meta["clauses"])
        # Opened now: the connection keeps reading this index file even after a rebuild
        # replaces the file at index_path.
        self._db = sqlite3.connect(index_file.read_only_uri(index_path), uri=True, check_same_thread=False)
        self._db.row_factory = sqlite3.Row
        self._db_lock = threading.Lock()
        self._active, self._closing = 0, False  # questions being answered; close() waits for them
        self._activity = threading.Lock()
        # postings(term): the term's Postings or None
        self.postings = lru_cache(maxsize=CACHED_TERMS)(self._load_postings)
        # clauses_with_any(terms): the sorted clause numbers that have any of the terms
        self.clauses_with_any = lru_cache(maxsize=CACHED_TERMS)(self._union_clauses)

    @contextmanager
    def in_use(self) -> Iterator[None]:
        """While a question is answered: close() waits until it is done."""
        with self._activity:
            self._active += 1
        try:
            yield
        finally:
            with self._activity:
                self._active -= 1
                if self._closing and not self._active:
                    self._close_now()

    def close(self) -> None:
        """Close the connection once the questions being answered are done."""
        with self._activity:
            self._closing = True
            if not self._active:
                self._close_now()

    def documents(self) -> dict[str, dict]:
        """Every document's row, by id."""
        return {row["id"]: row for row in self._query("select * from documents")}

    def document_spans(self) -> dict[str, tuple[int, int]]:
        """The first and last clause number of each document (its clauses are numbered consecutively)."""
        rows = self._query("select doc_id, min(n) first, max(n) last from clauses group by doc_id")
        return {row["doc_id"]: (row["first"], row["last"]) for row in rows}

    def clauses(self, ns: list[int], columns: str = "*") -> dict[int, dict]:
        """The rows of these clauses (those ``columns``, which must include n), by number."""
        marks = ",".join("?" * len(ns))
        return {row["n"]: row for row in self._query(f"select {columns} from clauses where n in ({marks})", ns)}

    def loans(self) -> list[dict]:
        """Every loan of staff wording (bot.engine.borrow), in corpus order: borrower,
        lender, similarity and how many questions."""
        return self._query("select loans.* from loans join clauses on clauses.id = loans.borrower order by clauses.n, similarity desc")

    def readings(self, readings: Iterable[str]) -> dict[str, set[str]]:
        """Katakana reading -> the terms read so (bot.engine.readings)."""
        readings = list(readings)
        marks = ",".join("?" * len(readings))
        found: dict[str, set[str]] = {}
        for row in self._execute(f"select reading, term from readings where reading in ({marks})", readings):
            found.setdefault(row[0], set()).add(row[1])
        return found

    def _load_postings(self, term: str) -> ranking.Postings | None:
        rows = self._execute("select doc_ids, weights from postings where term = ?", (term,))
        if not rows:
            return None
        row = rows[0]
        return ranking.Postings(np.frombuffer(row[0], dtype=np.int32), np.frombuffer(row[1], dtype=np.float64))

    def _union_clauses(self, terms: frozenset[str]) -> np.ndarray:
        found = [p.doc_ids for t in terms if (p := self.postings(t)) is not None]
        return np.unique(np.concatenate(found)) if found else np.empty(0, dtype=np.int32)

    def _close_now(self) -> None:
        with self._db_lock:
            self._db.close()

    def _execute(self, sql: str, params=()) -> list[sqlite3.Row]:
        """All rows of a query; a damaged index file becomes IndexUnavailable."""
        try:
            with self._db_lock:
                return self._db.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            raise index_file.unreadable(self.path, exc) from None

    def _query(self, sql: str, params=()) -> list[dict]:
        return [dict(row) for row in self._execute(sql, params)]
