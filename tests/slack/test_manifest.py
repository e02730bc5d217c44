"""The Slack app manifest and the Procfile match what the bot listens to."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from bot.cli import cli
from bot.slack.app import COMMAND

REPO = Path(__file__).resolve().parents[2]


def test_manifest_creates_the_app_in_one_paste():
    manifest = yaml.safe_load((REPO / "slack" / "manifest.yml").read_text(encoding="utf-8"))
    features, settings = manifest["features"], manifest["settings"]
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == {
        "app_mentions:read", "chat:write", "commands", "im:history", "im:read", "im:write"}
    assert set(settings["event_subscriptions"]["bot_events"]) == {"app_mention", "message.im"}
    assert [c["command"] for c in features["slash_commands"]] == [COMMAND]
    assert settings["interactivity"]["is_enabled"] and settings["socket_mode_enabled"]
    assert features["app_home"]["messages_tab_enabled"] and not features["app_home"]["messages_tab_read_only_enabled"]


def test_procfile_runs_http_socket_mode_and_the_index_build():
    processes = dict(line.split(": ", 1) for line in (REPO / "Procfile").read_text().splitlines() if line.strip())
    assert processes == {"web": "guidebot serve --http --port $PORT", "worker": "guidebot serve",
                         "release": "guidebot index build"}
    for command in processes.values():
        args = command.replace("$PORT", "5000").split()[1:]
        assert CliRunner().invoke(cli, [*args, "--help"]).exit_code == 0
