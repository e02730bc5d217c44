"""What every chat front end does with a message before it asks: answer each
event once (SeenEvents, since Slack and Teams redeliver) and tell a request for
help from a question (is_help)."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Callable

HELP_WORDS = {"help", "ヘルプ", "使い方", "?"}


class SeenEvents:
    """Event ids seen recently (thread-safe), to answer each event exactly once."""

    def __init__(self, ttl_seconds: float = 3600, max_size: int = 10_000, clock: Callable[[], float] = time.monotonic):
        """Remember ids for ``ttl_seconds`` of ``clock``, at most ``max_size`` of them (the oldest go first)."""
        self.ttl, self.max_size, self._clock = ttl_seconds, max_size, clock
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, event_id: str) -> bool:
        """True the first time an id is seen (within the time to live), False after."""
        now = self._clock()
        with self._lock:
            while self._seen and next(iter(self._seen.values())) < now - self.ttl:
                self._seen.popitem(last=False)
            if event_id in self._seen:
                return False
            if len(self._seen) >= self.max_size:  # full: room is made only for a new id
                self._seen.popitem(last=False)
            self._seen[event_id] = now
            return True


def is_help(question: str) -> bool:
    """An empty message or a help word: shown the help, not searched."""
    return not question or question.casefold() in HELP_WORDS
