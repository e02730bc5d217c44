"""The Teams app package: manifest.json (schema 1.23) and the two icons, drawn with Pillow, in one zip."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from PIL import Image, ImageDraw

from bot import __version__
from bot.teams.config import GUID, TeamsConfigError

MANIFEST_VERSION = "1.23"
SCHEMA_URL = f"https://developer.microsoft.com/en-us/json-schemas/teams/v{MANIFEST_VERSION}/MicrosoftTeams.schema.json"
SCOPES = ["personal", "team", "groupChat"]
ACCENT = "#1F5FAD"
QUESTION_COMMAND = "質問"
COMMANDS = [
    {"title": "help", "description": "使い方と質問の例を表示します"},
    {"title": QUESTION_COMMAND, "description": "SNS利用ガイドラインについて質問します（例: 昼休みに投稿していい？）"},
]
WEBSITE = "https://www.example.com/guidebot"  # a placeholder: give --website the intranet page about the bot


def manifest(bot_id: str, website: str = WEBSITE) -> dict:
    """The app manifest for the bot whose Entra application (client) ID is ``bot_id``."""
    return {
        "$schema": SCHEMA_URL,
        "manifestVersion": MANIFEST_VERSION,
        "version": __version__,
        "id": bot_id,
        "developer": {"name": "guidebot", "websiteUrl": website, "privacyUrl": website, "termsOfUseUrl": website},
        "name": {"short": "guidebot", "full": "guidebot SNS利用ガイドライン案内"},
        "description": {
            "short": "SNS利用ガイドラインの該当条項を引用して答えます",
            "full": "職員のSNS利用に関する質問に、ガイドラインの該当する条項（文書名・条項番号・見出し）を引用して答えます。"
                    "記載がないときはその旨と問い合わせ先を案内します。個人チャットでは質問をそのまま、"
                    "チャネルとグループチャットでは @guidebot に続けて質問を送ってください。",
        },
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": ACCENT,
        "bots": [{
            "botId": bot_id,
            "scopes": SCOPES,
            "supportsFiles": False,
            "isNotificationOnly": False,
            "commandLists": [{"scopes": SCOPES, "commands": COMMANDS}],
        }],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [],
        "localizationInfo": {"defaultLanguageTag": "ja-jp"},
    }


def color_icon() -> bytes:
    """192×192 full-colour icon: a white open book on the accent colour."""
    image = Image.new("RGBA", (192, 192), ACCENT)
    _book(ImageDraw.Draw(image), 192, (255, 255, 255, 255))
    return _png(image)


def outline_icon() -> bytes:
    """32×32 outline icon: white on a transparent background, as Teams requires."""
    image = Image.new("RGBA", (32, 32), (0, 0, 0, 0))
    _book(ImageDraw.Draw(image), 32, (255, 255, 255, 255))
    return _png(image)


def write_package(bot_id: str, out_path: Path, website: str = WEBSITE) -> None:
    """Write the zip to ``out_path``; TeamsConfigError when ``bot_id`` is not an application ID."""
    if not bot_id:
        raise TeamsConfigError("TEAMS_CLIENT_ID is not set: the package names the bot by its Application (client) ID.")
    if not GUID.match(bot_id):
        raise TeamsConfigError("TEAMS_CLIENT_ID must be the Application (client) ID, a GUID.")
    if not website.startswith("https://") or len(website) > 2048:
        raise TeamsConfigError(f"--website must be an https:// address, not {website!r}.")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest(bot_id, website), ensure_ascii=False, indent=2))
        archive.writestr("color.png", color_icon())
        archive.writestr("outline.png", outline_icon())
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_bytes(buffer.getvalue())


def _book(draw: ImageDraw.ImageDraw, size: int, ink: tuple[int, int, int, int]) -> None:
    """Two pages of an open book, scaled to ``size``."""
    s = size / 32
    draw.polygon([(4 * s, 8 * s), (15 * s, 10 * s), (15 * s, 26 * s), (4 * s, 24 * s)], fill=ink)
    draw.polygon([(17 * s, 10 * s), (28 * s, 8 * s), (28 * s, 24 * s), (17 * s, 26 * s)], fill=ink)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
