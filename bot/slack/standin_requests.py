"""What Slack sends the bot, built as Slack builds it: signed requests, Events API payloads,
Socket Mode envelopes, slash-command forms. For the tests and `guidebot bench --http`."""

from __future__ import annotations

import time
import uuid

from slack_sdk.signature import SignatureVerifier

from bot.slack.standin import BOT_USER_ID, TEAM_ID


def events_envelope(payload: dict, retry_attempt: int = 0) -> dict:
    """A Socket Mode envelope around an Events API payload."""
    return {"envelope_id": f"env-{payload['event_id']}-{retry_attempt}", "type": "events_api", "payload": payload,
            "accepts_response_payload": False, "retry_attempt": retry_attempt,
            "retry_reason": "timeout" if retry_attempt else ""}


def command_envelope(form: dict) -> dict:
    """A Socket Mode envelope around a slash command (the fields Slack posts as a form in HTTP mode)."""
    return {"envelope_id": f"env-cmd-{uuid.uuid4().hex[:8]}", "type": "slash_commands", "payload": form,
            "accepts_response_payload": True}


def signature_headers(body: str | bytes, secret: str, timestamp: int | str | None = None) -> dict:
    """The headers with which Slack signs a request body."""
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
    return {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature}


def event_payload(event: dict, event_id: str | None = None) -> dict:
    """An Events API envelope around ``event``."""
    return {
        "token": "legacy-verification-token", "team_id": TEAM_ID, "api_app_id": "A0001", "event": event,
        "type": "event_callback", "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
        "event_time": int(time.time()),
        "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True, "is_enterprise_install": False}],
    }


def dm(text: str, user: str = "U0001", ts: str = "1700000000.000100", **extra) -> dict:
    """A message event in the bot's DM channel."""
    return {"type": "message", "channel": "D0001", "channel_type": "im", "user": user, "text": text, "ts": ts,
            "event_ts": ts, "team": TEAM_ID, **extra}


def command_form(text: str, response_url: str, user: str = "U0001") -> dict:
    """The fields of a /guideline command, as Slack posts them."""
    return {
        "token": "legacy-verification-token", "team_id": TEAM_ID, "team_domain": "test", "channel_id": "C0001",
        "channel_name": "general", "user_id": user, "user_name": "staff", "command": "/guideline", "text": text,
        "api_app_id": "A0001", "response_url": response_url, "trigger_id": "1.2.3",
    }
