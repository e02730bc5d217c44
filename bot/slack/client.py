"""The Slack Web API client: configurable base URL, retries with back-off that are logged."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.http_retry import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler, RetryHandler

logger = logging.getLogger("guidebot.slack")


class _Logged(RetryHandler):
    """Logs each retry (method and reason, never headers or tokens) before waiting for it."""

    def prepare_for_next_attempt(self, *, state, request, response=None, error=None) -> None:
        reason = f"HTTP {response.status_code}" if response is not None else type(error).__name__
        # Name the API method only: a response_url's path is itself a secret.
        method = request.url.split("/api/", 1)[1].split("?", 1)[0] if "/api/" in request.url else "response_url"
        attempt, most = state.current_attempt + 1, self.max_retry_count
        logger.warning("Slack API %s failed (%s); retry %d of %d", method, reason, attempt, most)
        super().prepare_for_next_attempt(state=state, request=request, response=response, error=error)


class LoggedRateLimitRetry(_Logged, RateLimitErrorRetryHandler):
    """Waits as long as Slack's Retry-After says, then retries."""


class LoggedConnectionRetry(_Logged, ConnectionErrorRetryHandler):
    """Retries on connection errors with exponential back-off."""


def retry_handlers() -> list[RetryHandler]:
    return [LoggedConnectionRetry(max_retry_count=2), LoggedRateLimitRetry(max_retry_count=3)]


def web_client(token: str, base_url: str) -> WebClient:
    """A WebClient for the bot token against ``base_url`` (``SLACK_API_URL``)."""
    base_url = base_url if base_url.endswith("/") else base_url + "/"
    return WebClient(token=token, base_url=base_url, retry_handlers=retry_handlers(), timeout=15)
