"""The Slack Web API client (configurable base URL, logged retries) and the two ways an answer is sent.

Answers go through ``bot.delivery``: ``post_message`` and ``post_response``
make one attempt each and say whether a refusal is worth retrying, so one
policy (and one deadline) governs every retry of an answer.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Callable
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient
from slack_sdk.http_retry import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler, RetryHandler

from bot.delivery import Transient

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


# ok=false errors that mean "not now" rather than "never"
TRANSIENT_ERRORS = {"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"}
TIMEOUT = 15


def web_client(token: str, base_url: str, retries: bool = True) -> WebClient:
    """A WebClient for the bot token against ``base_url`` (``SLACK_API_URL``); without ``retries``
    each call is made once (answers are retried by ``bot.delivery``)."""
    base_url = base_url if base_url.endswith("/") else base_url + "/"
    return WebClient(token=token, base_url=base_url, retry_handlers=retry_handlers() if retries else [], timeout=TIMEOUT)


def post_message(client: WebClient, **message) -> Callable[[], None]:
    """A send() for ``bot.delivery``: one chat.postMessage of ``message``."""
    return partial(_once, lambda: client.chat_postMessage(**message))


def post_response(response_url: str, proxy: str | None = None, **message) -> Callable[[], None]:
    """A send() for ``bot.delivery``: one POST of ``message`` to a response_url."""
    def send() -> None:
        response = WebhookClient(response_url, timeout=TIMEOUT, proxy=proxy, retry_handlers=[]).send_dict(message)
        if response.status_code == 429 or response.status_code >= 500:
            raise Transient(f"HTTP {response.status_code}", _seconds(response.headers.get("Retry-After")))
        if not 200 <= response.status_code < 300:
            raise RuntimeError(f"the response_url refused the answer (HTTP {response.status_code})")

    return partial(_once, send)


def _once(call: Callable[[], object]) -> None:
    """Make one call; what Slack refuses for now becomes Transient."""
    try:
        call()
    except SlackApiError as exc:
        response = exc.response
        error = response.get("error") if isinstance(response.data, dict) else None
        reason = error if response.status_code == 200 else f"HTTP {response.status_code}"
        if response.status_code == 429 or response.status_code >= 500 or error in TRANSIENT_ERRORS:
            headers = response.headers or {}
            raise Transient(reason, _seconds(headers.get("Retry-After") or headers.get("retry-after"))) from None
        raise RuntimeError(f"Slack refused the answer ({reason})") from None
    except (URLError, TimeoutError, ConnectionError) as exc:
        raise Transient(f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}") from None


def _seconds(raw) -> float | None:
    """A Retry-After header's seconds, or None."""
    if isinstance(raw, list):
        raw = raw[0] if raw else None
    try:
        return max(0.0, float(raw))
    except (TypeError, ValueError):
        return None
