"""`guidebot teams package`: the zip an IT admin uploads, checked field by field against manifest schema 1.23."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile

import pytest
from PIL import Image

from tests.teams.conftest import CLIENT_ID, REPO, TEAMS_VARIABLES

GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def package(tmp_path, client_id: str) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), **{name: "" for name in TEAMS_VARIABLES},
           "TEAMS_CLIENT_ID": client_id}
    return subprocess.run([sys.executable, "-m", "bot", "teams", "package", "--out", str(tmp_path / "app.zip")],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def app_zip(tmp_path_factory) -> zipfile.ZipFile:
    directory = tmp_path_factory.mktemp("package")
    done = package(directory, CLIENT_ID)
    assert done.returncode == 0, done.stderr
    return zipfile.ZipFile(directory / "app.zip")


def test_the_zip_holds_the_manifest_and_both_icons_at_its_root(app_zip):
    assert sorted(app_zip.namelist()) == ["color.png", "manifest.json", "outline.png"]


def test_the_manifest_follows_schema_1_23(app_zip):
    manifest = json.loads(app_zip.read("manifest.json"))
    assert manifest["$schema"] == "https://developer.microsoft.com/en-us/json-schemas/teams/v1.23/MicrosoftTeams.schema.json"
    assert manifest["manifestVersion"] == "1.23"
    required = {"manifestVersion", "version", "id", "developer", "name", "description", "icons", "accentColor"}
    assert required <= manifest.keys()
    assert re.fullmatch(r"\d+\.\d+\.\d+", manifest["version"])
    assert GUID.match(manifest["id"])
    developer = manifest["developer"]
    assert developer["name"] and len(developer["name"]) <= 32
    for url in ("websiteUrl", "privacyUrl", "termsOfUseUrl"):
        assert developer[url].startswith("https://") and len(developer[url]) <= 2048
    assert 0 < len(manifest["name"]["short"]) <= 30 and 0 < len(manifest["name"]["full"]) <= 100
    assert 0 < len(manifest["description"]["short"]) <= 80 and 0 < len(manifest["description"]["full"]) <= 4000
    assert manifest["icons"] == {"color": "color.png", "outline": "outline.png"}
    assert re.fullmatch(r"#[0-9A-Fa-f]{6}", manifest["accentColor"])
    assert set(manifest["permissions"]) <= {"identity", "messageTeamMembers"}
    assert manifest["validDomains"] == []
    assert re.fullmatch(r"[a-z]{2}-[a-z]{2}", manifest["localizationInfo"]["defaultLanguageTag"])


def test_the_bot_is_the_app_registration_in_every_scope_with_help_and_a_question_command(app_zip):
    manifest = json.loads(app_zip.read("manifest.json"))
    [bot] = manifest["bots"]
    assert bot["botId"] == CLIENT_ID == manifest["id"]
    assert sorted(bot["scopes"]) == ["groupChat", "personal", "team"]
    assert bot["isNotificationOnly"] is False and bot["supportsFiles"] is False
    [commands] = bot["commandLists"]
    assert set(commands["scopes"]) <= set(bot["scopes"])
    assert len(commands["commands"]) <= 10
    titles = [c["title"] for c in commands["commands"]]
    assert titles == ["help", "質問"]
    for command in commands["commands"]:
        assert 0 < len(command["title"]) <= 32 and 0 < len(command["description"]) <= 128


def test_the_icons_have_the_sizes_teams_requires_and_the_outline_is_white_on_transparent(app_zip):
    color = Image.open(io.BytesIO(app_zip.read("color.png")))
    outline = Image.open(io.BytesIO(app_zip.read("outline.png")))
    assert color.format == outline.format == "PNG"
    assert color.size == (192, 192) and outline.size == (32, 32)
    assert outline.mode == "RGBA"
    pixels = {pixel for _, pixel in outline.getcolors(32 * 32)}
    transparent = {p for p in pixels if p[3] == 0}
    assert transparent and pixels - transparent == {(255, 255, 255, 255)}
    assert len(color.getcolors(192 * 192)) > 1


@pytest.mark.parametrize("client_id, message", [
    ("", "TEAMS_CLIENT_ID is not set"),
    ("my-bot", "TEAMS_CLIENT_ID must be the Application (client) ID"),
])
def test_without_a_valid_client_id_no_package_is_written(tmp_path, client_id, message):
    done = package(tmp_path, client_id)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {message}")
    assert not (tmp_path / "app.zip").exists()
