"""The question log: every question asked and every 👍/👎, in SQLite via sqlite-utils.

User ids are stored only as a salted hash. The salt comes from
``GUIDEBOT_LOG_SALT`` or, failing that, a random salt kept in a file beside
the log. The database runs in WAL mode and all access goes through one
connection guarded by a lock, so concurrent handlers lose no writes.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import sqlite3
import threading
import unicodedata
import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlite_utils import Database

from bot.questionlog import record
from bot.engine.answer import Answer
from bot.engine.index import read_only_uri
from bot.questionlog.schema import upgrade

SURFACES = ("dm", "mention", "slash", "terminal", "teams")
VOTES = ("up", "down")
MAX_STORED_CHARS = 2000
SALT_ENV = "GUIDEBOT_LOG_SALT"
# An answer still pending this long after its question was never delivered: the bot stopped while sending it.
LOST_AFTER = timedelta(minutes=10)
LOST = "no delivery recorded: the bot stopped while sending it"


@dataclass(frozen=True)
class ReportLine:
    """One question in the report: how often, when last, and the clause it cited first."""

    question: str
    count: int
    last: str
    clause_id: str


@dataclass(frozen=True)
class Incident:
    """A question that went wrong: its answer never arrived, or the bot could not answer it."""

    time: str
    surface: str
    question: str
    reason: str


class LogUnavailable(RuntimeError):
    """The question log cannot be opened or created: a directory, not a SQLite file, not writable."""

    def __init__(self, path: Path, reason: Exception):
        super().__init__(f"Cannot open the question log {path} ({reason})")


class LogStore:
    """Appends questions and feedback; reads them back for ``guidebot report``."""

    def __init__(self, path: Path | str, salt: bytes, read_only: bool = False):
        """Open or create the log at ``path``; raises LogUnavailable when that is impossible.

        ``read_only`` (for ``guidebot report``) opens an existing log without
        writing to it: a file that is not a question log is left untouched."""
        self.path = Path(path)
        self._salt = salt
        self._lock = threading.Lock()
        try:
            if read_only:
                self.db = Database(sqlite3.connect(read_only_uri(self.path), uri=True, check_same_thread=False))
                if not {"questions", "feedback"} <= set(self.db.table_names()):
                    raise sqlite3.DatabaseError("not a question log")
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self.db = Database(sqlite3.connect(self.path, timeout=30, check_same_thread=False))
                with self._lock:
                    self.db.enable_wal()
                    upgrade(self.db)
        except (sqlite3.Error, OSError) as exc:
            raise LogUnavailable(self.path, exc) from None

    @classmethod
    def open(cls, path: Path | str) -> "LogStore":
        """The log at ``path``, salted from the environment or the salt file beside it."""
        try:
            salt = load_salt(Path(path))
        except OSError as exc:
            raise LogUnavailable(Path(path), exc) from None
        return cls(path, salt)

    def user_hash(self, user: str | None) -> str | None:
        """A stable pseudonym for a user id: an HMAC with the log's salt."""
        if not user:
            return None
        return hmac.new(self._salt, user.encode(), hashlib.sha256).hexdigest()[:24]

    def add_question(self, answer: Answer, surface: str, user: str | None, latency_ms: float,
                     error: str | None = None, follows: str | None = None) -> str:
        """Log one answered (or abstained, or failed: ``error``) question, a follow-up with the id of
        the question it ``follows``; returns its id for the feedback buttons."""
        if surface not in SURFACES:
            raise ValueError(f"unknown surface {surface!r}")
        question_id = uuid.uuid4().hex
        row = {
            "id": question_id,
            "time": _now(),
            "surface": surface,
            "user_hash": self.user_hash(user),
            "question": answer.question[:MAX_STORED_CHARS],
            "normalized": grouping_form(answer.question)[:MAX_STORED_CHARS],
            "clause_ids": json.dumps([hit.id for hit in answer.results], ensure_ascii=False),
            "scores": json.dumps([round(hit.score, 4) for hit in answer.results]),
            "answered": int(answer.answered),
            "problem": answer.problem,
            "latency_ms": round(latency_ms, 2),
            "error": error,
            "delivery": None if surface == "terminal" else "pending",
            "follows": follows,
            "answer": record.dump(replace(answer, question=answer.question[:MAX_STORED_CHARS])),
        }
        with self._lock:
            self.db["questions"].insert(row)
        return question_id

    def given_answer(self, question_id: str) -> Answer | None:
        """The answer a question got, as it was given; None for an id the log does not hold
        (or a question logged before answers were kept)."""
        with self._lock:
            rows = list(self.db.query("select answer from questions where id = ?", [question_id]))
        if not rows or rows[0]["answer"] is None:
            return None
        return record.load(rows[0]["answer"])

    def record_delivery(self, question_id: str, delivered: bool, attempts: int, reason: str | None) -> None:
        """Record whether a question's answer reached the asker."""
        with self._lock:
            self.db["questions"].update(question_id, {
                "delivery": "delivered" if delivered else "failed", "delivery_attempts": attempts,
                "delivery_reason": reason,
            })

    def add_feedback(self, question_id: str, vote: str, user: str | None) -> None:
        """Log one 👍 (``up``) or 👎 (``down``) click on an answer."""
        if vote not in VOTES:
            raise ValueError(f"unknown vote {vote!r}")
        row = {"question_id": question_id, "time": _now(), "user_hash": self.user_hash(user), "vote": vote}
        with self._lock:
            self.db["feedback"].insert(row)

    def unanswered(self, limit: int = 20) -> list[ReportLine]:
        """Questions the bot abstained on, most frequent first."""
        return self._report(
            """select question, count(*) as n, max(time) as last, clause_ids from questions
               where answered = 0 and problem is null
               group by normalized order by n desc, last desc limit ?""",
            limit,
        )

    def disliked(self, limit: int = 20) -> list[ReportLine]:
        """Questions whose answer got 👎, by number of distinct 👎 voters, most first."""
        return self._report(
            """select q.question, count(distinct coalesce(f.user_hash, f.id) || ':' || f.question_id) as n,
                      max(f.time) as last, q.clause_ids
               from feedback f join questions q on q.id = f.question_id
               where f.vote = 'down'
               group by q.normalized order by n desc, last desc limit ?""",
            limit,
        )

    def undelivered(self, limit: int = 20) -> list[Incident]:
        """Answers that never reached the asker (given up, or still pending long after), newest first."""
        lost = (datetime.now(timezone.utc) - LOST_AFTER).isoformat(timespec="seconds")
        return self._incidents("(delivery = 'failed' or (delivery = 'pending' and time < ?))",
                               "coalesce(delivery_reason, ?)", limit, [LOST, lost])

    def failures(self, limit: int = 20) -> list[Incident]:
        """Questions the bot could not answer because something was broken, newest first."""
        return self._incidents("error is not null", "error", limit)

    def close(self) -> None:
        with self._lock:
            self.db.close()

    def _report(self, sql: str, limit: int) -> list[ReportLine]:
        with self._lock:
            rows = list(self.db.query(sql, [limit]))
        return [ReportLine(r["question"], r["n"], r["last"], (json.loads(r["clause_ids"]) or [""])[0]) for r in rows]

    def _incidents(self, where: str, reason: str, limit: int, params: list | None = None) -> list[Incident]:
        with self._lock:
            if "delivery" not in self.db["questions"].columns_dict:  # a log written before these were recorded
                return []
            rows = list(self.db.query(
                f"select time, surface, question, {reason} as reason from questions where {where} "
                "order by time desc limit ?", [*(params or []), limit]))
        return [Incident(r["time"], r["surface"], r["question"], r["reason"] or "") for r in rows]


def grouping_form(question: str) -> str:
    """The form questions are grouped by: NFKC, case-folded, spaces collapsed, no trailing ?/!/。."""
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", question)).strip().casefold()
    return text.rstrip("?!。. ")


def load_salt(log_path: Path) -> bytes:
    """The salt for user-id hashes: ``$GUIDEBOT_LOG_SALT``, else a random one kept beside the log."""
    if env := os.environ.get(SALT_ENV, "").strip():
        return env.encode()
    salt_file = log_path.with_name(log_path.name + ".salt")
    if not salt_file.exists():
        # Write a private temporary file, then link it into place: the first process wins.
        salt_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = salt_file.with_name(f"{salt_file.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="ascii") as out:
            out.write(secrets.token_hex(32))
        try:
            os.link(tmp, salt_file)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return salt_file.read_text(encoding="ascii").strip().encode()


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
