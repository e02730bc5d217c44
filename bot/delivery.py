"""Delivering a reply: a refused send is retried with back-off until it goes through or a deadline passes.

Any front end uses it with its own ``send()``: a callable that delivers the
reply once, raises ``Transient`` when the service refused it for now (HTTP
429 or 5xx, a dropped connection) and any other exception when it never
will (a channel that does not exist). ``deliver`` returns how it went, for
the question log.
"""

from __future__ import annotations

import logging
import random
import time
from dataclasses import dataclass
from typing import Callable

logger = logging.getLogger("guidebot.delivery")

DEFAULT_SECONDS = 120.0  # GUIDEBOT_DELIVERY_SECONDS: how long a reply is retried
FIRST_WAIT = 0.5  # seconds before the first retry; doubled after each, up to MAX_WAIT
MAX_WAIT = 15.0


class Transient(Exception):
    """A refusal worth retrying; ``retry_after`` is the wait the service asked for, if it said."""

    def __init__(self, reason: str, retry_after: float | None = None):
        super().__init__(reason)
        self.reason, self.retry_after = reason, retry_after


@dataclass(frozen=True)
class Delivery:
    """How one reply went: delivered or not, after how many attempts, and the last refusal."""

    delivered: bool
    attempts: int
    reason: str | None = None


def deliver(send: Callable[[], object], what: str, seconds: float = DEFAULT_SECONDS,
            sleep: Callable[[float], None] = time.sleep) -> Delivery:
    """Call ``send()`` until it succeeds, retrying Transient refusals until ``seconds`` have passed.

    ``what`` names the reply in the operator log (never its text). Never raises."""
    deadline = time.monotonic() + seconds
    wait, attempts = FIRST_WAIT, 0
    while True:
        attempts += 1
        try:
            send()
            if attempts > 1:
                logger.info("delivered %s at attempt %d", what, attempts)
            return Delivery(True, attempts)
        except Transient as exc:
            refusal, reason = exc, exc.reason
            pause = refusal.retry_after if refusal.retry_after is not None else wait * random.uniform(0.8, 1.2)
        except Exception as exc:  # refused for good: retrying cannot help
            reason = _describe(exc)
            logger.error("could not deliver %s: %s", what, reason)
            return Delivery(False, attempts, reason)
        left = deadline - time.monotonic()
        if left <= 0 or (refusal.retry_after or 0) > left:  # Retry-After is honoured, never cut short
            logger.error("could not deliver %s in %.0f s (%d attempts; last: %s)", what, seconds, attempts, reason)
            return Delivery(False, attempts, f"{reason}; gave up after {attempts} attempts")
        logger.warning("could not deliver %s (%s); retry %d in %.1f s", what, reason, attempts, pause)
        sleep(min(pause, left))
        wait = min(wait * 2, MAX_WAIT)


def _describe(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
