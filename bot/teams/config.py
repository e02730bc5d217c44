"""The Teams bot's settings: the Entra app registration's credentials and the test switch, from the environment."""

from __future__ import annotations

import ipaddress
import os
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
UNAUTHENTICATED = "GUIDEBOT_TEAMS_UNAUTHENTICATED"
DEFAULT_PORT = 3978


class TeamsConfigError(ValueError):
    """A Teams setting is missing or malformed; the message names the variable and what to do."""


@dataclass(frozen=True)
class TeamsSettings:
    """``TEAMS_*`` credentials; ``unauthenticated`` is the loopback-only test switch.

    ``openid_url`` and ``login_url`` point token validation (the Bot Framework
    OpenID metadata, whose ``/keys`` hold the signing keys) and the app's own
    token requests elsewhere than Microsoft's public cloud; tests use them.
    """

    client_id: str
    client_secret: str
    tenant_id: str
    unauthenticated: bool
    openid_url: str
    login_url: str

    @classmethod
    def from_env(cls) -> "TeamsSettings":
        env = os.environ.get
        return cls(
            client_id=(env("TEAMS_CLIENT_ID") or "").strip(),
            client_secret=(env("TEAMS_CLIENT_SECRET") or "").strip(),
            tenant_id=(env("TEAMS_TENANT_ID") or "").strip(),
            unauthenticated=(env(UNAUTHENTICATED) or "").strip() == "1",
            openid_url=(env("TEAMS_OPENID_METADATA_URL") or "").strip(),
            login_url=(env("TEAMS_LOGIN_URL") or "").strip(),
        )

    @property
    def configured(self) -> bool:
        """True when any Teams credential is set: `guidebot start` then runs the Teams bot."""
        return bool(self.client_id or self.client_secret or self.tenant_id)

    def check(self, host: str) -> None:
        """Raise TeamsConfigError, naming the variable, when the bot must not start as configured."""
        if self.unauthenticated:
            if not is_loopback(host):
                raise TeamsConfigError(
                    f"{UNAUTHENTICATED}=1 accepts Activities without a token, so it only runs on a loopback "
                    f"address (--host 127.0.0.1), not on {host}: unset it to serve Teams.")
            return
        if not self.client_id:
            raise TeamsConfigError(
                "TEAMS_CLIENT_ID is not set: copy the Application (client) ID of the bot's Entra app registration "
                "into the environment or .env.")
        if not GUID.match(self.client_id):
            raise TeamsConfigError(
                "TEAMS_CLIENT_ID must be the Application (client) ID, a GUID such as "
                "00000000-0000-0000-0000-000000000000 (Entra admin center → App registrations → Overview).")
        if not self.client_secret:
            raise TeamsConfigError(
                "TEAMS_CLIENT_SECRET is not set: create a client secret (App registrations → Certificates & "
                "secrets → New client secret) and copy its Value, not its Secret ID.")
        if GUID.match(self.client_secret):
            raise TeamsConfigError(
                "TEAMS_CLIENT_SECRET looks like a GUID, the secret's ID: copy the secret's Value instead.")
        if not self.tenant_id:
            raise TeamsConfigError(
                "TEAMS_TENANT_ID is not set: copy the Directory (tenant) ID of the single-tenant app registration.")
        if not GUID.match(self.tenant_id):
            raise TeamsConfigError(
                "TEAMS_TENANT_ID must be the Directory (tenant) ID, a GUID (App registrations → Overview).")
        for name, url in (("TEAMS_OPENID_METADATA_URL", self.openid_url), ("TEAMS_LOGIN_URL", self.login_url)):
            if url and urlsplit(url).scheme not in ("http", "https"):
                raise TeamsConfigError(f"{name} must be an http(s) URL, not {url!r}: leave it empty for Microsoft's.")


def is_loopback(host: str | None) -> bool:
    """True for localhost and loopback addresses (127.0.0.0/8, ::1)."""
    if not host:
        return False
    host = host.strip("[]")
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
