"""Settings from the environment (and a `.env` file beside the repo or in the working directory)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from dotenv import load_dotenv

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONTACT = "広報所管課"


@dataclass(frozen=True)
class Settings:
    """Everything guidebot reads from its environment."""

    corpus_dir: Path
    index_path: Path
    log_path: Path
    org: str
    cite: str  # the documents answers may cite: empty for all, or "own" and/or ids (GUIDEBOT_CITE)
    contact: str
    slack_bot_token: str
    slack_app_token: str
    slack_signing_secret: str
    slack_api_url: str
    reload_seconds: str  # how often `serve` looks for corpus changes; 0 = never (parsed by serve)

    @classmethod
    def from_env(cls) -> "Settings":
        load_dotenv(Path.cwd() / ".env")
        load_dotenv(ROOT / ".env")
        env = os.environ.get
        return cls(
            corpus_dir=Path(env("GUIDEBOT_CORPUS") or ROOT / "corpus"),
            index_path=Path(env("GUIDEBOT_INDEX") or ROOT / "index" / "guidebot.sqlite"),
            log_path=Path(env("GUIDEBOT_LOG") or ROOT / "index" / "questions-log.sqlite"),
            org=(env("GUIDEBOT_ORG") or "").strip(),
            cite=(env("GUIDEBOT_CITE") or "").strip(),
            contact=(env("GUIDEBOT_CONTACT") or DEFAULT_CONTACT).strip(),
            slack_bot_token=(env("SLACK_BOT_TOKEN") or "").strip(),
            slack_app_token=(env("SLACK_APP_TOKEN") or "").strip(),
            slack_signing_secret=(env("SLACK_SIGNING_SECRET") or "").strip(),
            slack_api_url=(env("SLACK_API_URL") or "https://slack.com/api/").strip(),
            reload_seconds=(env("GUIDEBOT_RELOAD_SECONDS") or "30").strip(),
        )
