"""What reaches the command line as input: piped chat lines and undecodable arguments."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def guidebot(tmp_path: Path, seed_index: Path, *args, stdin: bytes = b"") -> subprocess.CompletedProcess:
    env = {**os.environ, "GUIDEBOT_LOG": str(tmp_path / "log.sqlite"), "GUIDEBOT_INDEX": str(seed_index),
           "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=REPO, env=env, input=stdin,
                          capture_output=True, timeout=60)


def test_piped_chat_answers_every_line_even_one_that_is_an_exit_word(tmp_path, seed_index):
    lines = ["昼休みに投稿していい?", "q", "exit", "終了", "写真を載せていい？"]
    result = guidebot(tmp_path, seed_index, "chat", "--index", str(seed_index), stdin="\n".join(lines).encode())
    assert result.returncode == 0
    shown = result.stdout.decode()
    assert all(f"質問> {line}" in shown for line in lines)


@pytest.mark.parametrize("raw", [b"\xff\xfe", "昼休みに".encode() + b"\x80\x81" + "投稿していい?".encode(), b"\xe6\x98"])
def test_ask_json_prints_valid_json_for_undecodable_arguments(tmp_path, seed_index, raw):
    result = guidebot(tmp_path, seed_index, "ask", "--json", "--index", str(seed_index), os.fsdecode(raw))
    assert result.returncode == 0
    answer = json.loads(result.stdout.decode("utf-8"))  # strict UTF-8, then strict JSON
    assert "\ufffd" in answer["question"]
