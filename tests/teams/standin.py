"""A stand-in Bot Connector and Bot Framework key service on loopback.

It records every reply the bot posts to ``/v3/conversations/{id}/activities[/{replyToId}]``,
can be told to answer the next calls with an error status (429, 503 …), and
serves the OpenID metadata and the signing keys (a JWKS of an RSA key the
tests generate) that the bot reads to validate Bot Framework tokens.
"""

from __future__ import annotations

import base64
import json
import threading
import time
import uuid
from dataclasses import dataclass
from urllib.parse import unquote

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from bot.loopback import QuietHandler, serve_on_loopback, wait_for

ISSUER = "https://api.botframework.com"  # what Bot Framework tokens carry; the SDK checks it
KEYS_PATH = "/v1/.well-known/keys"
OPENID_PATH = "/v1/.well-known/openidconfiguration"


@dataclass(frozen=True)
class Reply:
    """One activity the bot posted: the conversation id, the replyToId in the path (if any), the JSON body."""

    conversation: str
    reply_to: str | None
    activity: dict
    authorization: str


class SigningKey:
    """An RSA key with a key id: signs tokens and publishes its public half as a JWK."""

    def __init__(self) -> None:
        self.kid = uuid.uuid4().hex
        self.private = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def jwk(self) -> dict:
        numbers = self.private.public_key().public_numbers()
        return {"kty": "RSA", "use": "sig", "alg": "RS256", "kid": self.kid,
                "n": _b64(numbers.n), "e": _b64(numbers.e)}

    def token(self, **claims) -> str:
        now = int(time.time())
        payload = {"iat": now - 10, "nbf": now - 10, "exp": now + 3600, **claims}
        return jwt.encode(payload, self.private, algorithm="RS256", headers={"kid": self.kid})


class StandInConnector:
    def __init__(self) -> None:
        self.replies: list[Reply] = []
        self.key = SigningKey()
        self.key_requests = 0
        self._faults: list[tuple[int, dict]] = []
        self._lock = threading.Lock()
        self.server = serve_on_loopback(_handler(self))

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def service_url(self) -> str:
        return f"{self.base}/"

    def fail_next(self, status: int, times: int = 1, headers: dict | None = None) -> None:
        """Answer the next ``times`` replies with ``status`` (and ``headers``), recording them all the same."""
        with self._lock:
            self._faults += [(status, headers or {})] * times

    def replies_to(self, conversation: str) -> list[Reply]:
        with self._lock:
            return [r for r in self.replies if r.conversation == conversation]

    def wait_for(self, predicate, timeout: float = 15.0):
        """Poll until ``predicate()`` returns something truthy; return it, or fail at the deadline."""
        return wait_for(predicate, timeout, lambda: f"replies so far: {[r.conversation for r in self.replies]}")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _record(self, reply: Reply) -> tuple[int, dict]:
        with self._lock:
            self.replies.append(reply)
            return self._faults.pop(0) if self._faults else (200, {})


def _handler(connector: StandInConnector):
    class Handler(QuietHandler):
        def do_GET(self):
            if self.path == KEYS_PATH:
                connector.key_requests += 1
                return self._send(200, {"keys": [connector.key.jwk()]})
            if self.path == OPENID_PATH:
                return self._send(200, {"issuer": ISSUER, "jwks_uri": connector.base + KEYS_PATH,
                                        "id_token_signing_alg_values_supported": ["RS256"]})
            return self._send(404, {"error": "not found"})

        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
            parts = unquote(self.path).removeprefix("/v3/conversations/").split("/activities")
            if not self.path.startswith("/v3/conversations/") or len(parts) != 2:
                return self._send(404, {"error": "not found"})
            reply = Reply(parts[0], parts[1].strip("/") or None, body, self.headers.get("Authorization") or "")
            status, headers = connector._record(reply)
            if status != 200:
                return self._send(status, {"error": {"code": "ServiceError", "message": "stand-in fault"}}, headers)
            return self._send(200, {"id": uuid.uuid4().hex})

        def _send(self, status: int, body: dict, headers: dict | None = None) -> None:
            super()._send(status, json.dumps(body), headers=headers)

    return Handler


def _b64(number: int) -> str:
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
