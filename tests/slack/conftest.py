"""Fixtures for the Slack tests: a small fixed corpus, the real HTTP server, a stand-in Slack.

Requests are built and signed exactly as Slack sends them (Events API JSON,
slash-command forms, interactivity ``payload=`` forms) and go over real HTTP
to the same server ``guidebot serve --http`` runs.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from bot.engine.search import Engine
from bot.guide import Guide
from bot.questionlog.store import LogStore
from bot.loopback import wait_for
from bot.slack.app import build_app
from bot.slack.client import web_client
from bot.slack.http import PATH, slack_routes
from bot.slack import standin_requests
from bot.slack.standin import BOT_TOKEN, TEAM_ID, StandInSlack
from bot.slack.standin_requests import command_form, dm  # noqa: F401 (dm: for the tests)
from bot.web import listen, web_app, web_server

SECRET = "test-signing-secret-abcdef"
CONTACT = "広報課（内線1234）"

CORPUS = {
    "ashiya.md": """---
id: ashiya
title: 芦屋市職員ソーシャルメディア利用ガイドライン
issuer: 企画部
---

## 【プライベート編】

### 9 禁止事項

#### [9(3)] 勤務時間中の利用禁止

勤務時間中は、ソーシャルメディアを私的に利用して発信してはならない。休憩時間に私的に発信することは差し支えない。

#### [9(4)] 肖像権の侵害

他人の肖像を、本人の同意を得ずに発信してはならない。

#### [9(5)] 匿名での発信

匿名であっても、職員としての立場を踏まえて発信すること。職務上知り得た情報を発信してはならない。

## 【公式アカウント編】

### 5 運用

#### [5(1)] アカウントの管理

公式アカウントのパスワードは、所属長が指名した管理者が厳重に管理すること。

#### [5(2)] 著作権への配慮

他者が著作権を有する文章や画像を、許諾なく転載してはならない。

#### [5(3)] 選挙に関する発信

選挙運動と誤解されるおそれのある発信は行わないこと。

#### [5(4)] 広告の禁止

特定の企業や商品を宣伝する目的で公式アカウントを利用してはならない。

#### [5(5)] 誤った情報の訂正

誤った情報を発信したときは、速やかに訂正し、経緯を説明すること。

#### [5(6)] 災害時の運用

災害時には、正確な情報を迅速に発信するよう努めること。

#### [5(7)] コメントへの対応

利用者からのコメントには、所管課と協議のうえ丁寧に対応すること。

#### [5(8)] なりすましへの対応

なりすましアカウントを発見したときは、運営事業者に報告し、注意を呼びかけること。
""",
    "tsuyama.md": """---
id: tsuyama
title: 津山市職員のソーシャルメディア利用に関するガイドライン
issuer: 総務部
---

## 3 利用上の注意

### [3(1)] 勤務時間中の私的利用

職員は、勤務時間中に私的な目的でソーシャルメディアを利用してはならない。

### [3(2)] 誹謗中傷の禁止

他人を誹謗中傷する発信をしてはならない。

### [3(3)] 秘密の保持

職務上知り得た秘密を漏らしてはならない。退職後も同様とする。

### [3(4)] 個人情報の保護

住民の個人情報を含む内容を書き込んではならない。

### [3(5)] 端末の管理

業務用の端末で私的なアプリを使用してはならない。
""",
    "faq.md": """---
id: faq
title: ソーシャルメディア利用FAQ
kind: faq
---

## [Q1] 昼休みにSNSを見てもいいですか 【ガイドライン 9(3)】

休憩時間中の私的な閲覧や発信は差し支えありません。
""",
    "thesaurus.toml": """[[group]]
words = ["発信", "投稿", "ポスト", "つぶやく", "アップ", "載せる"]

[[group]]
words = ["休憩時間", "昼休み", "昼休憩"]

[[group]]
words = ["勤務時間中", "仕事中", "勤務中"]

[[group]]
words = ["肖像", "写真", "顔写真"]

[[group]]
words = ["ソーシャルメディア", "SNS", "インスタ", "X"]

[[group]]
words = ["匿名", "裏アカ"]

[[group]]
words = ["誹謗中傷", "悪口", "愚痴"]
""",
}


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    """slack_sdk sends through $HTTPS_PROXY when set; the stand-in Slack is on loopback."""
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("corpus")
    for name, text in CORPUS.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


@pytest.fixture(scope="session")
def slack_index(small_corpus, tmp_path_factory, tokenizer) -> Path:
    path = tmp_path_factory.mktemp("slack-index") / "index.sqlite"
    Engine.open(path, small_corpus, tokenizer=tokenizer)
    return path


@pytest.fixture(scope="session")
def slack_engine(slack_index, tokenizer) -> Engine:
    return Engine(slack_index, tokenizer=tokenizer)


@pytest.fixture
def slack():
    standin = StandInSlack()
    yield standin
    standin.close()


def signature_headers(body: str | bytes, *, secret: str = SECRET, timestamp: int | str | None = None) -> dict:
    """The headers with which Slack signs a request body."""
    return standin_requests.signature_headers(body, secret, timestamp)


def raw_post(url: str, body: bytes, headers: dict) -> tuple[int, str]:
    """POST exactly ``body`` with exactly ``headers``, Content-Length included; returns status and response body."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.putrequest("POST", parts.path)
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.endheaders(body)
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def signed_post(url: str, body: str, content_type: str, *, secret: str = SECRET, timestamp: int | None = None,
                headers: dict | None = None) -> tuple[int, str, float]:
    """POST a body signed as Slack signs it; returns status, response body and seconds taken."""
    data = body.encode()
    start = time.monotonic()
    status, text = raw_post(url, data, {
        "Content-Type": content_type, "Content-Length": str(len(data)),
        **signature_headers(body, secret=secret, timestamp=timestamp), **(headers or {}),
    })
    return status, text, time.monotonic() - start


def event_body(event: dict, event_id: str | None = None) -> str:
    """An Events API envelope around ``event``, as JSON."""
    return json.dumps(standin_requests.event_payload(event, event_id))


class RunningBot:
    """The bot's HTTP server (uvicorn, as `guidebot serve --http` runs it) on loopback,
    and helpers that send it what Slack sends."""

    def __init__(self, slack: StandInSlack, engine: Engine, log: LogStore, delivery_seconds: float = 10):
        self.slack, self.log = slack, log
        self.executor = ThreadPoolExecutor(8)
        self.guide = Guide(engine, log, CONTACT, delivery_seconds=delivery_seconds)
        self.app = build_app(web_client(BOT_TOKEN, slack.api_url), SECRET, self.guide, self.executor)
        self.socket = listen("127.0.0.1", 0)
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}{PATH}"
        self.server = web_server(web_app(slack_routes(self.app, SECRET)))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True)
        self.thread.start()
        wait_for(lambda: self.server.started, 10)

    def post(self, body: str, content_type: str, **kwargs) -> tuple[int, str, float]:
        return signed_post(self.url, body, content_type, **kwargs)

    def event(self, event: dict, event_id: str | None = None, **kwargs) -> int:
        return self.post(event_body(event, event_id), "application/json", **kwargs)[0]

    def post_retry(self, event: dict, event_id: str) -> int:
        """Send an event the way Slack retries one it thinks went unanswered."""
        return self.event(event, event_id, headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})

    def command(self, text: str, response: str = "slash", user: str = "U0001") -> tuple[int, float]:
        form = command_form(text, self.slack.response_url(response), user)
        status, _, seconds = self.post(urlencode(form), "application/x-www-form-urlencoded")
        return status, seconds

    def click(self, action_id: str, value: str, response: str, user: str = "U0002") -> int:
        payload = {
            "type": "block_actions", "user": {"id": user, "username": "staff2", "team_id": TEAM_ID},
            "api_app_id": "A0001", "token": "legacy-verification-token", "trigger_id": "4.5.6",
            "team": {"id": TEAM_ID, "domain": "test"}, "channel": {"id": "C0001", "name": "general"},
            "container": {"type": "message", "message_ts": "1700000000.000100", "channel_id": "C0001", "is_ephemeral": True},
            "response_url": self.slack.response_url(response),
            "actions": [{"action_id": action_id, "block_id": "answer_actions", "value": value, "type": "button",
                         "action_ts": str(time.time())}],
        }
        body = urlencode({"payload": json.dumps(payload, ensure_ascii=False)})
        return self.post(body, "application/x-www-form-urlencoded")[0]

    def drain(self) -> None:
        """Stop taking requests and wait for every listener already started to finish."""
        self.server.should_exit = True
        self.thread.join(10)
        self.socket.close()
        self.executor.shutdown(wait=True)


@pytest.fixture
def bot(slack, slack_engine, tmp_path):
    log = LogStore(tmp_path / "log.sqlite", salt=b"test-salt")
    running = RunningBot(slack, slack_engine, log)
    yield running
    running.drain()
    log.close()


def mention(text: str, ts: str = "1700000000.000200", **extra) -> dict:
    return {"type": "app_mention", "channel": "C0001", "user": "U0001", "text": text, "ts": ts, "event_ts": ts,
            "team": TEAM_ID, **extra}


def message_text(message: dict) -> str:
    """Everything a Slack client would show for a posted message: fallback text and all blocks."""
    blocks = message.get("blocks")
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    return (message.get("text") or "") + "\n" + json.dumps(blocks or [], ensure_ascii=False)


def buttons(message: dict) -> dict[str, str]:
    """action_id → value for every button in a posted message."""
    blocks = message.get("blocks")
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    return {e["action_id"]: e["value"] for b in blocks or [] if b["type"] == "actions" for e in b["elements"]}
