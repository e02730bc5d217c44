"""Clean-up of extracted text lines: page numbers, contents pages, broken lines and stray spaces."""

from __future__ import annotations

import re
from collections.abc import Collection

from bot.engine.chars import CLOSING_BRACKETS, LINE_ENDS, OPENING_BRACKETS
from bot.ingest.markers import find

PAGE_NUMBER = re.compile(r"^(?:[-－‐ー]?\s*\d{1,3}\s*[-－‐ー]?|P\.?\s*\d{1,3}|\d{1,3}\s*/\s*\d{1,3})$")
CONTENTS_LINE = re.compile(r"(?:\t|…|\.{3}|・{3}).*P\s*\.?\s*\d{1,3}\s*$|\tP\s*\d{1,3}\s*$")
COVER_WORDS = {"目次", "改定履歴", "改定履歷", "以上", "以 上"}
NO_START = set("るをんっゃゅょぁぃぅぇぉッャュョァィゥェォー、。）」』") | set("のがはにでとへ")  # particles never start a line
CJK = r"\u3001-\u303f\u3040-\u30ff\u3400-\u9fff\uff01-\uff5e"  # with Japanese punctuation (、。「」)
CJK_SPACE = re.compile(rf"(?<=[{CJK}])[ \t\u3000]+(?=[{CJK}])")
PUNCTUATION_SPACE = re.compile(r"[ \t\u3000]+(?=[、。，．」』）】])|(?<=[「『（【])[ \t\u3000]+")
DIGIT_SPACE = re.compile(rf"(?:(?<=[{CJK}])[ \t\u3000]+|^)([0-9]+)[ \t\u3000]+(?=[{CJK}])")
CONTINUED = re.compile(r"[ \t]*[(（](?:その\s*[0-9０-９]+|続き)[)）]$")
DIGITS = re.compile(r"[0-9０-９]+")
BREAKS = re.compile(r"\r\n|[\n\r\v\x1c-\x1e\x85\u2028\u2029]")  # what str.splitlines() breaks at, except the form feed
# The width of a document whose lines are never wrapped (one paragraph a line): no line is that long.
UNWRAPPED = 10**6
EDGE = 2  # lines at the top and at the bottom of a page where running heads are looked for


def running_heads(raw: list[str]) -> dict[int, str]:
    """Header and footer lines repeated at the edges of most pages (of both, in a
    two-page document), by line number.

    A page starts at a line with a form feed (as pdftotext and the PDF reader write them).
    Lines that differ only in their digits (``ガイドライン 3/12``) count as the same.
    """
    pages: list[list[tuple[int, str]]] = [[]]
    for number, line in enumerate(raw, start=1):
        if "\f" in line:
            pages.append([])
        text = line.replace("\f", "").replace("\u3000", " ").strip()
        if text:
            pages[-1].append((number, text))
    pages = [page for page in pages if page]
    if len(pages) < 2:
        return {}
    edges = [{(n, t) for n, t in page[:EDGE] + page[-EDGE:] if len(t) <= 60 and find(t) is None} for page in pages]
    on_pages: dict[str, int] = {}
    for edge in edges:
        for key in {DIGITS.sub("#", t) for _, t in edge}:
            on_pages[key] = on_pages.get(key, 0) + 1
    needed = len(pages) if len(pages) < 3 else max(3, (len(pages) + 1) // 2)  # two pages: on both
    heads = {key for key, count in on_pages.items() if count >= needed}
    first, title = pages[0][0]  # a first line without a page number is the title, even if every page repeats it
    return {n: t for edge in edges for n, t in edge
            if DIGITS.sub("#", t) in heads and not (n == first and not DIGITS.search(title))}


def clean(raw: list[str], title: str = "", skip: Collection[int] = ()) -> list[tuple[int, str]]:
    """Numbered, stripped lines without blanks, page numbers, contents lines, ``skip`` lines or repeated titles."""
    out: list[tuple[int, str]] = []
    for number, line in enumerate(raw, start=1):
        text = line.replace("\f", "").replace("\u3000", " ").strip()
        if not text or PAGE_NUMBER.match(text) or CONTENTS_LINE.search(text) or number in skip:
            continue
        if text in COVER_WORDS or (out and text == (title or out[0][1])):
            continue
        out.append((number, text))
    return out


def tidy(text: str) -> str:
    """Remove spaces a PDF puts between Japanese characters, before Japanese punctuation and around numbers."""
    return DIGIT_SPACE.sub(r"\1", CJK_SPACE.sub("", PUNCTUATION_SPACE.sub("", text))).strip()


def wrap_width(lines: list[str]) -> int:
    """The length at which this document's lines wrap: lines this long continue on the next line."""
    lengths = sorted(len(line) for line in lines if len(line) >= 10 and not line.endswith(LINE_ENDS))
    if not lengths:
        return UNWRAPPED
    return max(20, int(lengths[min(len(lengths) - 1, int(len(lengths) * 0.9))] * 0.85))


def continues(previous: str, following: str, width: int) -> bool:
    """Whether ``following`` is the rest of ``previous``, broken by the page layout."""
    if following.startswith("【"):
        return False
    if previous.endswith(LINE_ENDS):
        return previous.endswith(("）", ")")) and _unbalanced(previous)
    return previous.endswith("、") or following[:1] in NO_START or _unbalanced(previous) or len(previous) >= width


def join(previous: str, following: str) -> str:
    """Join two pieces of one line, with a space only between two Latin words."""
    gap = " " if previous[-1:].isascii() and previous[-1:].isalnum() and following[:1].isascii() and following[:1].isalnum() else ""
    return previous + gap + following


def _unbalanced(text: str) -> bool:
    return sum(text.count(c) for c in OPENING_BRACKETS) > sum(text.count(c) for c in CLOSING_BRACKETS)
