"""`guidebot serve` as a process: clean refusals on bad credentials, and HTTP mode end to end."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.slack.conftest import SECRET, dm, event_body, message_text, signed_post
from bot.slack.standin import APP_TOKEN, BOT_TOKEN

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(tmp_path: Path, **slack) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "GUIDEBOT_")) and "proxy" not in k.lower()}
    env.update({"GUIDEBOT_LOG": str(tmp_path / "log.sqlite"), "SLACK_BOT_TOKEN": "", "SLACK_APP_TOKEN": "",
                "SLACK_SIGNING_SECRET": "", **slack})
    return env


NEITHER = "Neither SLACK_APP_TOKEN nor SLACK_SIGNING_SECRET is set"


def guidebot(tmp_path: Path, *args: str, **slack) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=tmp_path, env=environment(tmp_path, **slack),
                          capture_output=True, text=True, timeout=60)


def serve(tmp_path: Path, *args: str, **slack) -> subprocess.CompletedProcess:
    return guidebot(tmp_path, "serve", *args, **slack)


@pytest.mark.parametrize(
    "args, slack, variable",
    [
        ((), {}, "SLACK_BOT_TOKEN is not set"),
        ((), {"SLACK_BOT_TOKEN": APP_TOKEN}, "SLACK_BOT_TOKEN must be a bot token"),
        ((), {"SLACK_BOT_TOKEN": BOT_TOKEN}, NEITHER),
        ((), {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SECRET}, "SLACK_APP_TOKEN is not set"),
        ((), {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_APP_TOKEN": BOT_TOKEN}, "SLACK_APP_TOKEN must be an app-level token"),
        (("--http",), {"SLACK_BOT_TOKEN": BOT_TOKEN}, NEITHER),
        (("--http",), {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_APP_TOKEN": APP_TOKEN}, "SLACK_SIGNING_SECRET is not set"),
    ],
)
def test_missing_or_mixed_up_credentials_are_named(tmp_path, args, slack, variable):
    result = serve(tmp_path, *args, **slack)
    assert result.returncode == 1
    assert variable in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("variable", ["GUIDEBOT_RELOAD_SECONDS", "GUIDEBOT_DELIVERY_SECONDS"])
def test_a_number_of_seconds_that_is_no_number_is_named(tmp_path, slack, small_corpus, slack_index, variable):
    result = serve(tmp_path, "--http", SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=slack.api_url,
                   GUIDEBOT_CORPUS=str(small_corpus), GUIDEBOT_INDEX=str(slack_index), **{variable: "soon"})
    assert result.returncode == 1 and f"{variable} must be a number of seconds" in result.stderr
    assert "Traceback" not in result.stderr


def test_make_run_with_only_a_bot_token_names_both_ways_to_connect(tmp_path):
    result = guidebot(tmp_path, "start", SLACK_BOT_TOKEN=BOT_TOKEN)  # what `make run` runs
    assert result.returncode == 1
    assert NEITHER in result.stderr and "--http" in result.stderr and "Traceback" not in result.stderr


def test_a_question_log_that_cannot_be_opened_is_named(tmp_path, slack, small_corpus, slack_index):
    (tmp_path / "log-directory").mkdir()
    result = serve(tmp_path, "--http", SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SECRET,
                   SLACK_API_URL=slack.api_url, GUIDEBOT_CORPUS=str(small_corpus), GUIDEBOT_INDEX=str(slack_index),
                   GUIDEBOT_LOG=str(tmp_path / "log-directory"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"Cannot open the question log {tmp_path / 'log-directory'}" in result.stderr
    assert "set GUIDEBOT_LOG to a writable file" in result.stderr


def test_socket_mode_with_fake_tokens_and_no_slack_fails_cleanly(tmp_path):
    result = serve(tmp_path, SLACK_BOT_TOKEN="xoxb-fake", SLACK_APP_TOKEN="xapp-fake",
                   SLACK_API_URL=f"http://127.0.0.1:{free_port()}/api/")
    assert result.returncode == 1
    assert "Cannot reach the Slack Web API" in result.stderr and "SLACK_BOT_TOKEN" in result.stderr
    assert "Traceback" not in result.stderr and "xoxb-fake" not in result.stderr


@pytest.mark.parametrize(
    "credentials, message",
    [
        ({"SLACK_BOT_TOKEN": "xoxb-fake", "SLACK_APP_TOKEN": APP_TOKEN}, "Slack rejected SLACK_BOT_TOKEN (invalid_auth)"),
        ({"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_APP_TOKEN": "xapp-fake"}, "Slack rejected SLACK_APP_TOKEN (invalid_auth)"),
    ],
)
def test_tokens_slack_rejects_are_named(tmp_path, slack, credentials, message):
    result = serve(tmp_path, SLACK_API_URL=slack.api_url, **credentials)
    assert result.returncode == 1
    assert message in result.stderr and "Traceback" not in result.stderr


def test_socket_mode_that_cannot_open_its_websocket_fails_cleanly(tmp_path, slack, small_corpus, slack_index):
    result = serve(tmp_path, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_APP_TOKEN=APP_TOKEN, SLACK_API_URL=slack.api_url,
                   GUIDEBOT_CORPUS=str(small_corpus), GUIDEBOT_INDEX=str(slack_index))
    assert result.returncode == 1
    assert "WebSocket could not be opened" in result.stderr and "Traceback" not in result.stderr
    assert "apps.connections.open" in [c.method for c in slack.calls]


def test_serve_http_answers_a_dm_end_to_end_and_refuses_a_forged_one_in_one_line(tmp_path, slack, small_corpus,
                                                                                 slack_index):
    port = free_port()
    env = environment(tmp_path, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=slack.api_url,
                      GUIDEBOT_CORPUS=str(small_corpus), GUIDEBOT_INDEX=str(slack_index), PORT=str(port))
    process = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--http", "--host", "127.0.0.1"],
                               cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/healthz", process)
        status, _, _ = signed_post(f"http://127.0.0.1:{port}/slack/events", event_body(dm("写真を載せていい？")), "application/json")
        assert status == 200
        [posted] = slack.wait_for(lambda: slack.posts("chat.postMessage"))
        assert posted["channel"] == "D0001" and "写真を載せていい？" in message_text(posted)
        forged = event_body(dm("フォージされた質問"))
        assert signed_post(f"http://127.0.0.1:{port}/slack/events", forged, "application/json", secret="forged")[0] == 401
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=10)
    assert "Traceback" not in stderr and BOT_TOKEN not in stderr and SECRET not in stderr
    assert "フォージされた質問" not in stderr and "legacy-verification-token" not in stderr
    assert stderr.count("rejected a request with an invalid signature") == 1
    assert (tmp_path / "log.sqlite").exists()


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"serve exited with {process.returncode}: {process.stderr.read()}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"serve did not come up at {url} within {timeout} s")


def test_serve_picks_up_a_corpus_change_without_a_restart(tmp_path, slack, small_corpus):
    corpus, port = tmp_path / "corpus", free_port()
    shutil.copytree(small_corpus, corpus)
    env = environment(tmp_path, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=slack.api_url,
                      GUIDEBOT_CORPUS=str(corpus), GUIDEBOT_INDEX=str(tmp_path / "index.sqlite"), PORT=str(port),
                      GUIDEBOT_RELOAD_SECONDS="0.2")
    process = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--http", "--host", "127.0.0.1"],
                               cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url, question = f"http://127.0.0.1:{port}/slack/events", "ペンギンの飼育について教えて"

    def answer() -> str:
        before = len(slack.posts("chat.postMessage"))
        assert signed_post(url, event_body(dm(question, ts=str(time.time()))), "application/json")[0] == 200
        return message_text(slack.wait_for(lambda: slack.posts("chat.postMessage")[before:])[0])

    try:
        wait_until_up(f"http://127.0.0.1:{port}/healthz", process)
        assert "動物園ガイドライン" not in answer()
        (corpus / "thesaurus.toml").write_text('[[group]]\nwords = ["a"\n', encoding="utf-8")  # a typo first
        time.sleep(1)
        assert "動物園ガイドライン" not in answer()  # still answering, from the previous index
        (corpus / "thesaurus.toml").unlink()
        (corpus / "zoo.md").write_text(
            "---\nid: zoo\ntitle: 動物園ガイドライン\n---\n\n## [1] ペンギンの飼育\n\nペンギンの飼育は飼育係が行う。\n",
            encoding="utf-8",
        )
        deadline = time.monotonic() + 30
        while "動物園ガイドライン" not in answer():
            assert time.monotonic() < deadline, "the new document was never picked up"
            time.sleep(0.2)
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=10)
    assert "Traceback" not in stderr
    assert stderr.count("could not be rebuilt") == 1 and "thesaurus.toml:" in stderr
    assert "the corpus changed: now answering from" in stderr



def test_serve_rebuilds_an_index_overwritten_under_it_and_reports_the_questions_it_failed(tmp_path, slack, small_corpus):
    corpus, index, port = tmp_path / "corpus", tmp_path / "index.sqlite", free_port()
    shutil.copytree(small_corpus, corpus)
    env = environment(tmp_path, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=slack.api_url,
                      GUIDEBOT_CORPUS=str(corpus), GUIDEBOT_INDEX=str(index), PORT=str(port),
                      GUIDEBOT_RELOAD_SECONDS="3")
    process = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--http", "--host", "127.0.0.1"],
                               cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/slack/events"

    def answer(question: str) -> str:
        before = len(slack.posts("chat.postMessage"))
        assert signed_post(url, event_body(dm(question, ts=str(time.time()))), "application/json")[0] == 200
        return message_text(slack.wait_for(lambda: slack.posts("chat.postMessage")[before:])[0])

    try:
        wait_until_up(f"http://127.0.0.1:{port}/healthz", process)
        assert "9(3)" in answer("勤務時間中にSNSで発信していい？")
        with open(index, "r+b") as file:  # a file copied over the index in place
            file.write(b"this is no index " * 1000)
        assert "索引ファイルが壊れている" in answer("写真を載せていい？")
        deadline = time.monotonic() + 30
        while "9(3)" not in answer("勤務時間中にSNSで発信していい？"):
            assert time.monotonic() < deadline, "the index was never rebuilt"
            time.sleep(0.2)
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=10)
    assert "Traceback" not in stderr and "rebuilding it from" in stderr
    report = guidebot(tmp_path, "report", "--log", str(tmp_path / "log.sqlite"))
    failures = report.stdout.split("■ エラーで答えられなかった質問")[1]
    assert "写真を載せていい？" in failures and "unreadable" in failures


def test_serve_records_an_answer_slack_never_took_and_report_lists_it(tmp_path, slack, small_corpus, slack_index):
    port = free_port()
    env = environment(tmp_path, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=slack.api_url,
                      GUIDEBOT_CORPUS=str(small_corpus), GUIDEBOT_INDEX=str(slack_index), PORT=str(port),
                      GUIDEBOT_DELIVERY_SECONDS="1")
    process = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--http", "--host", "127.0.0.1"],
                               cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    slack.fail("chat.postMessage", *[503] * 50)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/healthz", process)
        event = event_body(dm("写真を載せていい？"))
        assert signed_post(f"http://127.0.0.1:{port}/slack/events", event, "application/json")[0] == 200
        deadline = time.monotonic() + 20
        while "写真を載せていい？" not in (undelivered := undelivered_section(tmp_path)):
            assert time.monotonic() < deadline, "the undelivered answer was never reported"
            time.sleep(0.2)
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=10)
    assert "HTTP 503" in undelivered and "dm" in undelivered
    assert "could not deliver the dm answer" in stderr and "Traceback" not in stderr


def undelivered_section(tmp_path: Path) -> str:
    """What `guidebot report` lists under undelivered answers."""
    return guidebot(tmp_path, "report").stdout.split("■ 届かなかった回答")[1].split("■")[0]
