"""The Guide: the engine plus the question log — what every front end that talks to people uses."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bot.engine import index as index_file
from bot.engine.answer import Answer
from bot.engine.corpus import CorpusError
from bot.engine.search import Engine
from bot.logstore import LogStore

logger = logging.getLogger("guidebot")

SORRY = "回答の作成中にエラーが発生しました。しばらくしてから、もう一度質問してください。"


@dataclass
class Guide:
    """What the listeners need: the engine, the question log and whom to ask."""

    engine: Engine
    log: LogStore
    contact: str

    def answer(self, question: str, surface: str) -> Answer:
        """The engine's answer, or an apology if it fails; never raises, logs nothing
        (the share button re-renders an answer already logged)."""
        return self._engine_answer(question, surface) or Answer(question, False, problem=SORRY)

    def ask(self, question: str, surface: str, user: str | None) -> tuple[Answer, str | None]:
        """Answer and log a question; never raises. Returns the answer and its log id."""
        start = time.perf_counter()
        answer = self._engine_answer(question, surface)
        if answer is None:
            return Answer(question, False, problem=SORRY), None
        latency = (time.perf_counter() - start) * 1000
        try:
            question_id = self.log.add_question(answer, surface, user, latency)
        except Exception:
            logger.exception("could not log a %s question to %s", surface, self.log.path)
            question_id = None
        top = answer.results[0].id if answer.results else "-"
        logger.info("%s question %s: answered=%s top=%s in %.1f ms", surface, question_id, answer.answered, top, latency)
        return answer, question_id

    def _engine_answer(self, question: str, surface: str) -> Answer | None:
        """The engine's answer, or None (logged) when it fails."""
        try:
            return self.engine.ask(question)
        except Exception:
            logger.exception("the engine failed on a %s question", surface)
            return None

    def watch(self, corpus_dir: Path, every: float) -> threading.Thread:
        """Check the corpus every ``every`` seconds and, when a guideline owner has changed it,
        rebuild the index and answer from the new one; a corpus that does not build is
        logged once and the previous index goes on answering."""
        def loop() -> None:
            failed, retired = None, None
            while True:
                time.sleep(every)
                if retired is not None:  # replaced a whole interval ago: no question still uses it
                    retired.close()
                    retired = None
                engine = self.engine
                try:
                    failed = self._reload(corpus_dir, failed)
                except Exception:  # the watcher must outlive any surprise
                    logger.exception("could not check the corpus %s for changes", corpus_dir)
                if self.engine is not engine:
                    retired = engine

        thread = threading.Thread(target=loop, name="corpus-watcher", daemon=True)
        thread.start()
        return thread

    def _reload(self, corpus_dir: Path, failed: str | None) -> str | None:
        """Swap in an engine for the changed corpus, rebuilding the index unless another
        command already did; returns the fingerprint that last failed to build."""
        engine, fingerprint = self.engine, index_file.fingerprint(corpus_dir)
        if fingerprint in (failed, engine.fingerprint):
            return failed
        try:
            if not index_file.is_current(engine.index_path, corpus_dir):
                index_file.build(corpus_dir, engine.index_path, engine.analyzer.tokenizer)
            self.engine = Engine(engine.index_path, org=engine.org, cite=engine.cite, tokenizer=engine.analyzer.tokenizer)
        except (CorpusError, index_file.IndexUnavailable) as exc:
            logger.error("the corpus changed but the index could not be rebuilt: %s; still answering from the previous index", exc)
            return fingerprint
        except Exception:
            logger.exception("the corpus changed but the index could not be rebuilt; still answering from the previous index")
            return fingerprint
        logger.info("the corpus changed: now answering from %d clauses", self.engine.size)
        return None

