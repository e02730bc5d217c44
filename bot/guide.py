"""The Guide: the engine plus the question log — what every front end that talks to people uses."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from bot.engine.answer import Answer
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

    def ask(self, question: str, surface: str, user: str | None) -> tuple[Answer, str | None]:
        """Answer and log a question; never raises. Returns the answer and its log id."""
        start = time.perf_counter()
        try:
            answer = self.engine.ask(question)
        except Exception:
            logger.exception("the engine failed on a %s question", surface)
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
