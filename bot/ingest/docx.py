"""Word files: heading styles become numbered headings, then the plain-text path."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from bot.ingest.markers import CIRCLED, find

HEADING_STYLE = re.compile(r"^(?:Heading|見出し)\s*(\d)$", re.IGNORECASE)


def extract(path: Path) -> str:
    """The document's paragraphs as lines; headings without a number get one from their level."""
    from docx import Document as open_docx
    from docx.opc.exceptions import PackageNotFoundError

    from bot.ingest import IngestError

    try:
        word = open_docx(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise IngestError(path, f"this is not a readable Word (.docx) file ({exc})",
                          "Open it in Word and save it again as .docx") from None
    lines: list[str] = []
    counters = [0, 0, 0]
    for paragraph in word.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        style = paragraph.style.name if paragraph.style is not None else ""
        level = HEADING_STYLE.match(style)
        if style == "Title" and not lines:
            lines.append(text)
        elif level and find(text) is None:
            depth = min(int(level.group(1)), 3) - 1
            counters[depth] += 1
            counters[depth + 1 :] = [0] * (2 - depth)
            lines.append(_numbered(depth, counters[depth], text))
        else:
            lines.append(text)
    return "\n".join(lines)


def _numbered(depth: int, count: int, text: str) -> str:
    marker = (str(count), f"({count})", CIRCLED[count - 1] if count <= len(CIRCLED) else str(count))[depth]
    return f"{marker} {text}"

