"""GUIDEBOT_ORG, from the environment or from a .env file, picks the organization cited first.

Run as real processes, as a user runs them: no --org on the command line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import CORPUS

QUESTION = "仕事中にSNSを見ていい？"  # answered from ashiya first when no organization is set


@pytest.fixture
def ask(seed_index, tmp_path):
    """Run `python -m bot ask --json QUESTION` in a folder with these environment variables; the first result's document."""

    def first_document(cwd, **variables) -> str:
        env = {key: value for key, value in os.environ.items() if not key.startswith("GUIDEBOT_")}
        env |= {"GUIDEBOT_INDEX": str(seed_index), "GUIDEBOT_CORPUS": str(CORPUS), "GUIDEBOT_LOG": str(tmp_path / "log.sqlite")}
        result = subprocess.run([sys.executable, "-m", "bot", "ask", "--json", QUESTION], cwd=cwd,
                                env=env | variables, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)["results"][0]["doc_id"]

    return first_document


def test_without_an_organization_another_document_comes_first(ask, tmp_path):
    assert ask(tmp_path, GUIDEBOT_ORG="") != "tsuyama"


def test_the_environment_variable_picks_the_organization(ask, tmp_path):
    assert ask(tmp_path, GUIDEBOT_ORG="tsuyama") == "tsuyama"


def test_a_dot_env_file_in_the_working_directory_picks_the_organization(ask, tmp_path):
    (tmp_path / ".env").write_text("GUIDEBOT_ORG=tsuyama\n", encoding="utf-8")
    assert ask(tmp_path) == "tsuyama"
