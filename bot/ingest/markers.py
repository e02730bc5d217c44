"""Numbering markers at the start of a line: 第N条, 1 / 1., (1)/（１）, ア, ①, ○/・/-, Q./A.,
and the parts that group them: 【…編】, 第N章, 第N節, 附則."""

from __future__ import annotations

import re
from dataclasses import dataclass

KANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
KANJI_DIGITS = "〇一二三四五六七八九"
WIDE = str.maketrans("０１２３４５６７８９（）．", "0123456789().")
SPACE = r"[ \t]"

PATTERNS = [
    ("part", re.compile(rf"^(?:【([^】]{{1,20}}編)】|(第[0-9０-９{KANJI_DIGITS}十]+[章節](?:{SPACE}+\S.{{0,30}})?)|(附{SPACE}?則))$")),
    ("article", re.compile(rf"^(第([0-9０-９{KANJI_DIGITS}十百]+)条){SPACE}*(.*)$")),
    ("num", re.compile(rf"^(([0-9０-９]{{1,2}})(?:[.．](?![0-9０-９]){SPACE}*|{SPACE}+))(\S.*)$")),
    ("paren", re.compile(rf"^([(（]([0-9０-９]{{1,2}})[)）]){SPACE}*(\S.*)$")),
    ("kana", re.compile(rf"^(([{KANA}])){SPACE}+(\S.*)$")),
    ("circled", re.compile(rf"^(([{CIRCLED}])){SPACE}*(\S.*)$")),
    ("bullet", re.compile(rf"^(([○●◯・])){SPACE}*(\S.*)$")),
    ("question", re.compile(rf"^((Q)(?:[.．:：]|{SPACE})){SPACE}*(\S.*)$")),
    ("answer", re.compile(rf"^((A)[.．:：]){SPACE}*(\S.*)$")),
]
DASH = re.compile(rf"^(?:[-–—#]+{SPACE}+)+(?=\S)")
MINOR = {"kana", "circled", "bullet"}


@dataclass(frozen=True)
class Marker:
    """A numbering marker: its style, ordinal value, how it is shown and the text after it."""

    style: str
    value: int
    shown: str
    text: str

    @property
    def code(self) -> str:
        """The marker as part of a clause number: 3, (1), ア, ①, 第3条."""
        return {"paren": f"({self.value})", "num": str(self.value)}.get(self.style, self.shown)


def find(line: str) -> Marker | None:
    """The marker at the start of ``line`` (after stray '- ' or '#' prefixes), or None."""
    stripped = DASH.sub("", line)
    for style, pattern in PATTERNS:
        match = pattern.match(stripped)
        if match:
            return _marker(style, match)
    if stripped != line:
        return Marker("dash", 0, "" if stripped.startswith(("※", "＊", "*")) else "・", stripped)
    return None


def _marker(style: str, match: re.Match) -> Marker:
    if style == "part":
        shown = "附則" if match.group(3) else match.group(0)  # 附　則 as it is cited
        return Marker(style, 0, shown, next(group for group in match.groups() if group))
    raw, ordinal, text = match.group(1), match.group(2), match.group(3).strip()
    shown = raw.strip().translate(WIDE)
    if style in ("num", "paren"):
        value = int(ordinal.translate(WIDE))
    elif style == "article":
        value = kanji_number(ordinal.translate(WIDE))
    elif style == "kana":
        value = KANA.index(ordinal) + 1
    elif style == "circled":
        value = CIRCLED.index(ordinal) + 1
    else:
        value = 0
    if style == "bullet":
        style = f"bullet{ordinal}"
    return Marker(style, value, shown, text)


def kanji_number(text: str) -> int:
    """3, 三, 十二, 百 as a number."""
    if text.isdigit():
        return int(text)
    total, digit = 0, 0
    for char in text:
        if char in KANJI_DIGITS:
            digit = KANJI_DIGITS.index(char)
        else:
            total += (digit or 1) * (100 if char == "百" else 10)
            digit = 0
    return total + digit
