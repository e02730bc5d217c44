"""The Guide: the engine plus the question log — what every front end that talks to people uses.

It also keeps the engine healthy: it reloads the corpus when guideline
owners edit it, and reopens or rebuilds the index when the file is replaced
or damaged under the running bot, and it delivers answers (``bot.delivery``)
and records whether they arrived.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from bot import delivery
from bot.conversation import Conversations
from bot.corpus.findings import CorpusError
from bot.engine import index as index_file
from bot.engine.answer import Answer, Problem
from bot.engine.search import Engine
from bot.questionlog.store import LogStore

logger = logging.getLogger("guidebot")

def file_identity(path: Path) -> tuple | None:
    """What changes when a file is replaced or written to (ctime too: a copy that keeps the mtime changes it)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


def intact(index_path: Path) -> bool:
    """True when SQLite finds no damage in the index file."""
    try:
        with closing(sqlite3.connect(index_file.read_only_uri(index_path), uri=True)) as db:
            return db.execute("pragma quick_check").fetchone()[0] == "ok"
    except sqlite3.Error:
        return False


@dataclass
class Guide:
    """What the listeners need: the engine, the question log, whom to ask, and how long to retry an answer."""

    engine: Engine
    log: LogStore
    contact: str
    delivery_seconds: float = delivery.DEFAULT_SECONDS
    watching: bool = False  # True once watch() runs: the watcher, not the question, repairs the index
    conversations: Conversations = field(default_factory=Conversations)
    _opened: tuple | None = field(default=None, init=False, repr=False)  # the index file the engine opened
    _broken: bool = field(default=False, init=False, repr=False)  # a question found the index unreadable
    _repair: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def __post_init__(self) -> None:
        self._opened = file_identity(self.engine.index_path)

    def given(self, question_id: str) -> Answer | None:
        """The answer a question got, as the log keeps it (for the share button, so a corpus
        changed since is not seen); None when the log holds none, or cannot be read: logged, never raised."""
        try:
            return self.log.given_answer(question_id)
        except Exception:
            logger.exception("could not read the answer to question %s from %s", question_id, self.log.path)
            return None

    def ask(self, question: str, surface: str, user: str | None, conversation: str | None = None) -> tuple[Answer, str | None]:
        """Answer and log a question (a failure too, with its reason); never raises. Returns the answer and its log id.
        In a ``conversation`` (bot.conversation), a follow-up is read with the questions asked there before,
        and the log links it to the one it followed."""
        start = time.perf_counter()
        earlier = self.conversations.earlier(conversation)
        answer, error = self._engine_answer(question, surface, [asked.question for asked in earlier])
        latency = (time.perf_counter() - start) * 1000
        follows = next((a.question_id for a in reversed(earlier) if answer.follows and a.question == answer.follows), None)
        try:
            question_id = self.log.add_question(answer, surface, user, latency, error=error, follows=follows)
        except Exception:
            logger.exception("could not log a %s question to %s", surface, self.log.path)
            question_id = None
        if answer.problem is None:
            self.conversations.remember(conversation, question, question_id)
        top = answer.results[0].id if answer.results else "-"
        logger.info("%s question %s: answered=%s top=%s in %.1f ms%s", surface, question_id, answer.answered, top, latency,
                    f" (follows {follows})" if follows else "")
        return answer, question_id

    def deliver(self, send: Callable[[], object], question_id: str | None, what: str) -> delivery.Delivery:
        """Send an answer with retries (``bot.delivery``) and record in the log whether it arrived."""
        outcome = delivery.deliver(send, what, self.delivery_seconds)
        if question_id is not None:
            try:
                self.log.record_delivery(question_id, outcome.delivered, outcome.attempts, outcome.reason)
            except Exception:
                logger.exception("could not record the delivery of question %s in %s", question_id, self.log.path)
        return outcome

    def _engine_answer(self, question: str, surface: str, previous: list[str] | None = None) -> tuple[Answer, str | None]:
        """The engine's answer; or an apology and the reason, logged, when it fails. With
        nobody watching, an unreadable index is repaired at once and asked again."""
        for attempt in (1, 2):
            engine = self.engine
            try:
                return engine.ask(question, previous=previous or ()), None
            except index_file.IndexUnavailable as exc:
                logger.error("the index failed on a %s question: %s", surface, exc)
                self._broken = True
                if attempt == 2 or self.watching or not self._repair_index(engine.corpus_dir, engine):
                    return Answer(question, False, problem=Problem.INDEX_BROKEN), f"index: {exc}"
            except Exception as exc:
                logger.exception("the engine failed on a %s question", surface)
                return Answer(question, False, problem=Problem.ENGINE_FAILED), f"engine: {type(exc).__name__}: {exc}"

    def watch(self, corpus_dir: Path, every: float) -> threading.Thread:
        """Every ``every`` seconds: when a guideline owner has changed the corpus, rebuild the index
        and answer from the new one (a corpus that does not build is logged once and the previous
        index goes on answering); when the index file was replaced or damaged, reopen or rebuild it."""
        self.watching = True

        def loop() -> None:
            failed, retired = None, None
            while True:
                time.sleep(every)
                if retired is not None:  # replaced a whole interval ago: no question still uses it
                    retired.close()
                    retired = None
                engine = self.engine
                try:
                    failed = self.reload_changed(corpus_dir, failed)
                    if self.engine is engine and (self._broken or file_identity(engine.index_path) != self._opened):
                        self._repair_index(corpus_dir, engine)
                except Exception:  # the watcher must outlive any surprise
                    logger.exception("could not check the corpus %s for changes", corpus_dir)
                if self.engine is not engine:
                    retired = engine

        thread = threading.Thread(target=loop, name="corpus-watcher", daemon=True)
        thread.start()
        return thread

    def reload_changed(self, corpus_dir: Path, failed: str | None) -> str | None:
        """Swap in an engine for the changed corpus, rebuilding the index unless another
        command already did; returns the fingerprint that last failed to build."""
        engine, fingerprint = self.engine, index_file.fingerprint(corpus_dir)
        if fingerprint in (failed, engine.fingerprint):
            return failed
        try:
            if not index_file.is_current(engine.index_path, corpus_dir):
                index_file.build(corpus_dir, engine.index_path, engine.analyzer.tokenizer)
            self._swap(engine)
        except (CorpusError, index_file.IndexUnavailable) as exc:
            logger.error("the corpus changed but the index could not be rebuilt: %s; still answering from the previous index", exc)
            return fingerprint
        except Exception:
            logger.exception("the corpus changed but the index could not be rebuilt; still answering from the previous index")
            return fingerprint
        logger.info("the corpus changed: now answering from %d clauses", self.engine.size)
        return None

    def _repair_index(self, corpus_dir: Path, broken: Engine) -> bool:
        """Answer from the index file again after it was replaced or damaged under ``broken``:
        reopen it when it is intact and matches the corpus, else rebuild it. True when repaired."""
        with self._repair:
            if self.engine is not broken:  # another question repaired it meanwhile
                return True
            path = broken.index_path
            try:
                if not (index_file.is_current(path, corpus_dir) and intact(path)):
                    logger.warning("the index %s was replaced or damaged: rebuilding it from %s", path, corpus_dir)
                    index_file.build(corpus_dir, path, broken.analyzer.tokenizer)
                self._swap(broken)
            except Exception as exc:
                logger.error("could not repair the index %s: %s", path, exc)
                # tried on this file: again when it changes or a question fails on it
                self._opened, self._broken = file_identity(path), False
                return False
            if not self.watching:  # the watcher closes what it replaced itself, an interval later
                broken.close()
            logger.info("the index %s was reopened: answering from %d clauses", path, self.engine.size)
            return True

    def _swap(self, engine: Engine) -> None:
        """Answer from a new engine over ``engine``'s index file, as it is now."""
        identity = file_identity(engine.index_path)
        self.engine = Engine(engine.index_path, org=engine.org, cite=engine.cite, tokenizer=engine.analyzer.tokenizer)
        self._opened, self._broken = identity, False
