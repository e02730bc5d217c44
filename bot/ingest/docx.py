"""Word files: heading styles and list numbering become numbered lines, then the plain-text path."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from bot.ingest.markers import CIRCLED, KANA, KANJI_DIGITS, find

HEADING_STYLE = re.compile(r"^(?:Heading|見出し)\s*(\d)$", re.IGNORECASE)
BULLETS = "○●◯・"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def extract(path: Path) -> str:
    """The document's paragraphs and table rows as lines, with Word's numbering written out."""
    from docx import Document as open_docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from lxml.etree import XMLSyntaxError

    from bot.ingest import IngestError

    try:
        word = open_docx(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError) as exc:
        raise IngestError(path, f"this is not a readable Word (.docx) file ({exc})",
                          "Open it in Word and save it again as .docx") from None
    numbering = Numbering(word)
    lines: list[str] = []
    counters = [0, 0, 0]
    for block in word.iter_inner_content():
        if isinstance(block, Table):
            lines += _rows(block)
            continue
        label, text = numbering.label(block), block.text.strip()
        if not text:
            continue
        text = f"{label} {text}" if label else text
        style = block.style.name if block.style is not None else ""
        level = HEADING_STYLE.match(style)
        if level:
            depth = min(int(level.group(1)), 3) - 1
            counters[depth] += 1
            counters[depth + 1 :] = [0] * (2 - depth)
            if find(text) is None:
                text = f"{_heading_number(depth, counters[depth])} {text}"
        lines.append(text)
    return "\n".join(lines)


def _heading_number(depth: int, count: int) -> str:
    """A number for an unnumbered heading of Word level 1, 2 or 3: 2, (2), ②."""
    return (str(count), f"({count})", _format("decimalEnclosedCircle", count))[depth]


def _rows(table) -> list[str]:
    """One line per table row: its cells' text (a merged cell once), separated by ' / '."""
    lines = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        if cells:
            lines.append(" / ".join(cells))
    return lines


class Numbering:
    """Word's automatic list numbering (numbering.xml), counted paragraph by paragraph."""

    def __init__(self, word):
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counts: dict[str, list[int]] = {}
        try:
            root = word.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        abstract = {a.get(f"{W}abstractNumId"): a for a in root.iter(f"{W}abstractNum")}
        for num in root.iter(f"{W}num"):
            definition = abstract.get(_val(num.find(f"{W}abstractNumId")))
            if definition is None:
                continue
            starts = {int(o.get(f"{W}ilvl", "0")): int(_val(o.find(f"{W}startOverride")) or 1)
                      for o in num.iter(f"{W}lvlOverride") if o.find(f"{W}startOverride") is not None}
            for lvl in definition.iter(f"{W}lvl"):
                ilvl = int(lvl.get(f"{W}ilvl", "0"))
                start = starts.get(ilvl, int(_val(lvl.find(f"{W}start")) or 1))
                fmt, text = _val(lvl.find(f"{W}numFmt")) or "decimal", _val(lvl.find(f"{W}lvlText")) or ""
                self.levels[(num.get(f"{W}numId"), ilvl)] = (fmt, text, start)

    def label(self, paragraph) -> str:
        """The number Word shows before ``paragraph`` ('3.', '(2)', 'ア', '①', '・'), or ''."""
        num_id, ilvl = _num_pr(paragraph)
        level = self.levels.get((num_id, ilvl))
        if level is None:
            return ""
        fmt, text, start = level
        counts = self.counts.setdefault(num_id, [0] * 9)
        counts[ilvl] = max(counts[ilvl], start - 1) + 1
        counts[ilvl + 1 :] = [0] * (8 - ilvl)
        if fmt == "bullet":
            return text if text and text in BULLETS else "・"

        def shown(match: re.Match) -> str:
            at = int(match.group(1)) - 1
            fmt_at, _, start_at = self.levels.get((num_id, at), ("decimal", "", 1))
            return _format(fmt_at, counts[at] or start_at)

        return re.sub(r"%([1-9])", shown, text).strip()


def _num_pr(paragraph) -> tuple[str | None, int]:
    """(numId, level) from the paragraph or else from its style and the styles it is based on."""
    elements = [paragraph._p]
    style = paragraph.style
    while style is not None:
        elements.append(style.element)
        style = style.base_style
    for element in elements:
        num_pr = element.find(f"{W}pPr/{W}numPr")
        if num_pr is not None:
            num_id = _val(num_pr.find(f"{W}numId"))
            return (None if num_id in (None, "0") else num_id), int(_val(num_pr.find(f"{W}ilvl")) or 0)
    return None, 0


def _val(element) -> str | None:
    return None if element is None else element.get(f"{W}val")


def _format(fmt: str, n: int) -> str:
    """``n`` in one of Word's number formats: 3, ③, ウ, 三, c."""
    if fmt == "decimalEnclosedCircle" and n <= len(CIRCLED):
        return CIRCLED[n - 1]
    if fmt in ("aiueo", "aiueoFullWidth") and n <= len(KANA):
        return KANA[n - 1]
    if fmt == "japaneseCounting" and n < 100:
        tens = (KANJI_DIGITS[n // 10] if n >= 20 else "") + "十" if n >= 10 else ""
        return tens + (KANJI_DIGITS[n % 10] if n % 10 else "")
    if fmt in ("upperLetter", "lowerLetter") and n <= 26:
        return chr((65 if fmt == "upperLetter" else 97) + n - 1)
    return str(n)
