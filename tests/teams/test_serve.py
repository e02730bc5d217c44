"""`guidebot serve --teams` and `guidebot start` refuse to start, in one line naming the variable, when Teams is misconfigured."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import pytest

from tests.teams.conftest import CLIENT_ID, REPO, TEAMS_VARIABLES, TENANT_ID

GOOD = {"TEAMS_CLIENT_ID": CLIENT_ID, "TEAMS_CLIENT_SECRET": "abc~secret-value", "TEAMS_TENANT_ID": TENANT_ID}


def run(tmp_path, *args, **env) -> subprocess.CompletedProcess:
    environment = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "GUIDEBOT_INDEX": str(tmp_path / "index.sqlite"),
                   "GUIDEBOT_LOG": str(tmp_path / "log.sqlite"), **{name: "" for name in TEAMS_VARIABLES},
                   "SLACK_BOT_TOKEN": "", "SLACK_APP_TOKEN": "", "SLACK_SIGNING_SECRET": "", **env}
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=REPO, env=environment, capture_output=True,
                          text=True, timeout=60, stdin=subprocess.DEVNULL)


@pytest.mark.parametrize("env, message", [
    ({}, "TEAMS_CLIENT_ID is not set"),
    ({**GOOD, "TEAMS_CLIENT_ID": "guidebot"}, "TEAMS_CLIENT_ID must be the Application (client) ID"),
    ({**GOOD, "TEAMS_CLIENT_SECRET": ""}, "TEAMS_CLIENT_SECRET is not set"),
    ({**GOOD, "TEAMS_CLIENT_SECRET": TENANT_ID}, "TEAMS_CLIENT_SECRET looks like a GUID"),
    ({**GOOD, "TEAMS_TENANT_ID": ""}, "TEAMS_TENANT_ID is not set"),
    ({**GOOD, "TEAMS_TENANT_ID": "contoso.onmicrosoft.com"}, "TEAMS_TENANT_ID must be the Directory (tenant) ID"),
    ({**GOOD, "TEAMS_LOGIN_URL": "login.example"}, "TEAMS_LOGIN_URL must be an http(s) URL"),
    ({"GUIDEBOT_TEAMS_UNAUTHENTICATED": "1"}, "GUIDEBOT_TEAMS_UNAUTHENTICATED=1 accepts Activities without a token"),
])
def test_a_misconfigured_teams_bot_does_not_start(tmp_path, env, message):
    done = run(tmp_path, "serve", "--teams", **env)
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 1 and len(lines) == 1 and lines[0].startswith(f"Error: {message}"), done.stderr
    assert not (tmp_path / "log.sqlite").exists()


def test_the_test_switch_is_refused_on_a_public_address_even_with_credentials(tmp_path):
    done = run(tmp_path, "serve", "--teams", "--host", "0.0.0.0", GUIDEBOT_TEAMS_UNAUTHENTICATED="1", **GOOD)
    assert done.returncode == 1 and "only runs on a loopback address" in done.stderr


def test_slack_http_mode_and_teams_share_one_port_in_one_process(tmp_path, small_corpus, connector):
    from bot.slack.standin import BOT_TOKEN, StandInSlack
    from tests.slack.conftest import SECRET, dm, event_body, message_text, signed_post
    from tests.teams.conftest import BotProcess, activity, bot_environment, card_of, card_text

    slack = StandInSlack()
    env = bot_environment(tmp_path, small_corpus, GUIDEBOT_TEAMS_UNAUTHENTICATED="1", SLACK_BOT_TOKEN=BOT_TOKEN,
                          SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=slack.api_url, SLACK_APP_TOKEN="")
    bot = BotProcess(tmp_path / "bot", env, "--http")
    try:
        slack_url = f"http://127.0.0.1:{bot.port}/slack/events"
        assert signed_post(slack_url, event_body(dm("写真を載せていい？")), "application/json")[0] == 200
        [posted] = slack.wait_for(lambda: slack.posts("chat.postMessage"))
        assert "写真を載せていい？" in message_text(posted)
        message = activity("勤務時間中にSNSで発信していい？", connector)
        assert bot.post(message)[0] == 200
        [reply] = connector.wait_for(lambda: connector.replies_to(message["conversation"]["id"]))
        assert "9(3)" in card_text(card_of(reply))
        assert {q["surface"] for q in bot.questions()} == {"dm", "teams"}
    finally:
        bot.stop()
        slack.close()


def test_start_runs_the_teams_bot_when_teams_credentials_are_set(tmp_path):
    done = run(tmp_path, "start", TEAMS_CLIENT_ID="not-a-guid")
    assert done.returncode == 1 and "TEAMS_CLIENT_ID must be the Application (client) ID" in done.stderr


def test_a_port_in_use_is_one_line_naming_the_port(tmp_path, small_corpus):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run(tmp_path, "serve", "--teams", "--host", "127.0.0.1", "--port", str(port),
                   GUIDEBOT_TEAMS_UNAUTHENTICATED="1", GUIDEBOT_CORPUS=str(small_corpus))
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == (
        f"Error: Cannot listen on 127.0.0.1:{port} (Address already in use): choose another --port or $PORT.")


def test_the_teams_port_defaults_to_3978(tmp_path, small_corpus):
    env = {key: value for key, value in os.environ.items() if key != "PORT"}
    env.update({name: "" for name in TEAMS_VARIABLES})
    env.update(GUIDEBOT_TEAMS_UNAUTHENTICATED="1", GUIDEBOT_CORPUS=str(small_corpus), GUIDEBOT_RELOAD_SECONDS="0",
               GUIDEBOT_INDEX=str(tmp_path / "index.sqlite"), GUIDEBOT_LOG=str(tmp_path / "log.sqlite"))
    stderr = tmp_path / "stderr.txt"
    with stderr.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--teams", "--host", "127.0.0.1"], cwd=REPO,
                                   env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=out)
        try:
            deadline = time.monotonic() + 60
            while "serving http://" not in stderr.read_text() and process.poll() is None:
                assert time.monotonic() < deadline, stderr.read_text()
                time.sleep(0.1)
        finally:
            process.terminate()
            process.wait(timeout=10)
    assert "serving http://127.0.0.1:3978" in stderr.read_text() and "/api/messages" in stderr.read_text()
