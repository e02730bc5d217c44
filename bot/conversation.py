"""What each conversation asked before, so a follow-up can be read with it.

The bot keeps only the questions it answered itself, in memory: for a Slack
DM, the same person's questions in that DM within WINDOW_SECONDS; for a
thread (Slack or Teams), the questions asked in it. So it needs no scope to
read channel history, and a restart forgets (a follow-up then stands alone).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

WINDOW_SECONDS = 10 * 60
KEPT = 3  # earlier questions remembered per conversation
MAX_CONVERSATIONS = 10_000


@dataclass(frozen=True)
class Asked:
    """One question a conversation asked: its text and its question log id."""

    question: str
    question_id: str | None
    at: float


class Conversations:
    """Recent questions by conversation key; thread-safe and bounded."""

    def __init__(self, window_seconds: float = WINDOW_SECONDS):
        self.window = window_seconds
        self._asked: OrderedDict[str, list[Asked]] = OrderedDict()
        self._lock = threading.Lock()

    def earlier(self, key: str | None) -> list[Asked]:
        """The conversation's questions within the window, oldest first."""
        if key is None:
            return []
        cutoff = time.monotonic() - self.window
        with self._lock:
            return [asked for asked in self._asked.get(key, []) if asked.at >= cutoff]

    def remember(self, key: str | None, question: str, question_id: str | None) -> None:
        """Add a question the bot answered to its conversation."""
        if key is None:
            return
        with self._lock:
            kept = self._asked.pop(key, []) + [Asked(question, question_id, time.monotonic())]
            self._asked[key] = kept[-KEPT:]
            while len(self._asked) > MAX_CONVERSATIONS:
                self._asked.popitem(last=False)
