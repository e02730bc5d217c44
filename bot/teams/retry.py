"""Retries of the Bot Connector calls (replies) with back-off, as middleware of the Teams SDK's HTTP client.

A stand-in for the shared retry module: it retries 429 and 5xx answers
(waiting as long as Retry-After says, within a cap) and dropped
connections, logs each retry without URL or headers, and gives up after
``attempts`` tries by raising the last error.
"""

from __future__ import annotations

import asyncio
import logging

import httpx
from microsoft_teams.common.http.client import MiddlewareContext, MiddlewareNext

logger = logging.getLogger("guidebot.teams")


class ConnectorRetry:
    """Teams SDK HTTP middleware: try each call up to ``attempts`` times, waiting ``base`` × 2ⁿ seconds between."""

    def __init__(self, attempts: int = 4, base: float = 0.5, cap: float = 10.0):
        self.attempts, self.base, self.cap = attempts, base, cap

    async def send(self, context: MiddlewareContext, next: MiddlewareNext) -> httpx.Response:
        for attempt in range(1, self.attempts):
            try:
                return await next()
            except httpx.HTTPStatusError as exc:
                status = exc.response.status_code
                if status != 429 and status < 500:
                    raise
                reason, delay = f"HTTP {status}", self._delay(attempt, exc.response.headers.get("Retry-After"))
            except httpx.TransportError as exc:
                reason, delay = type(exc).__name__, self._delay(attempt, None)
            logger.warning("Bot Connector %s failed (%s); retry %d of %d in %.1f s",
                           context.method, reason, attempt, self.attempts - 1, delay)
            await asyncio.sleep(delay)
        return await next()

    def _delay(self, attempt: int, retry_after: str | None) -> float:
        """Seconds to wait before the next try: Retry-After when it is a number, else exponential; capped."""
        try:
            wanted = float(retry_after) if retry_after else None
        except ValueError:
            wanted = None
        if wanted is None or wanted < 0:
            wanted = self.base * 2 ** (attempt - 1)
        return min(wanted, self.cap)
