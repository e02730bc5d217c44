"""The standard layout of municipal rules (例規: 規程, 要綱 and 要領 issued as 訓令 or 告示)::

    ○桜台市職員のソーシャルメディア利用に関する規程   title (without the ○)
    令和2年4月1日                                  date
    桜台市訓令第3号                                the rule's number: kept as the document's version
    (定義)                                         caption: the heading of the article below it
    第2条 この訓令において、…                       clause 第2条 (the article and its first paragraph)
    (1) ソーシャルメディア　インターネットを…       clause 第2条第1号 (term and definition keep a space)
    2 前項の…                                      clause 第2条第2項
    (1) …                                          clause 第2条第2項第1号
    附　則                                         clause 附則 (its paragraphs 附則第2項 …)
    別表第1(第3条関係)                              clause 別表第1, its rows as lines of text

Numbers are written as the document writes them (第十条, 第3条の2, 第一号).
"""

from __future__ import annotations

import re
import unicodedata

from bot.engine.chars import RAW_SENTENCE_ENDS, is_hiragana
from bot.ingest import Notice
from bot.ingest import lines as L
from bot.ingest.builder import DATE, GROUPS, Builder, Node
from bot.ingest.markers import KANA, KANJI_DIGITS, MINOR, WIDE, find, kanji_number

NUMERAL = rf"[0-9０-９{KANJI_DIGITS}十百]+"
CAPTION = re.compile(r"^[(（]\s*([^()（）\s][^()（）]{0,29}?)\s*[)）]$")
ARTICLE = re.compile(rf"^第\s*({NUMERAL})\s*条(?:の({NUMERAL}))?([ \t]*)(.*)$")
KANJI_ITEM = re.compile(rf"^([{KANJI_DIGITS[1:]}十]+)[ \t]+(\S.*)$")
SUB_ITEM = re.compile(rf"^[(（][{KANA}][)）]")
SUPPLEMENTARY = re.compile(r"^附\s*則\s*(?:[(（]\s*(.+?)\s*[)）])?$")
APPENDIX = re.compile(rf"^((?:別表|別記|様式)(?:第\s*{NUMERAL}\s*号?)?)\s*(?:[(（]\s*(.+?)\s*[)）])?$")
PROMULGATION = re.compile(
    rf"^((?:平成|令和|昭和)\s*[0-9０-９元]+\s*年\s*[0-9０-９]+\s*月\s*[0-9０-９]+\s*日)?\s*"
    rf"(\S{{0,24}}?(?:訓令|告示|規則|規程|要綱|要領|達)[甲乙]?(?:第\s*{NUMERAL}\s*号)?)$"
)
DEFINITION = re.compile(r"^([^\s、。]{1,20})[ \t]+(\S.*)$")
# The longest heading written on an article's own line (第1条 目的); a longer text is the article's.
MAX_ARTICLE_HEADING = 30
TITLE_MARKS = ("○", "◯")
CLAUSES = ("article", "paragraph", "item", "supplementary")


def detect(lines: list[str]) -> bool:
    """Whether cleaned lines are a 例規: articles, with captions above them or a ○title and its number."""
    if not any(ARTICLE.match(text) for text in lines):
        return False
    captioned = any(CAPTION.match(a) and ARTICLE.match(b) for a, b in zip(lines, lines[1:]))
    promulgated = any(PROMULGATION.match(L.tidy(text)) for text in lines[1:4])
    return captioned or promulgated or lines[0].startswith(TITLE_MARKS)


def wrap_width(lines: list[str]) -> int:
    """The length at which lines were wrapped, when many lines are about as long as the longest
    (a PDF); otherwise (one paragraph a line, as 例規集 pages are copied) no wrapping at all."""
    lengths = sorted(len(text) for text in lines if len(text) >= 10)
    if not lengths:
        return L.UNWRAPPED
    longest = lengths[int(len(lengths) * 0.9)]
    full = sum(length >= longest * 0.9 for length in lengths)
    return max(20, int(longest * 0.9)) if full >= len(lengths) * 0.3 else L.UNWRAPPED


def canonical(number: str) -> str:
    """A clause number as this reader writes it, from the short forms people also cite:
    第3条(1) → 第3条第1号, 第3条2項 → 第3条第2項, 第3条第2項(1) → 第3条第2項第1号."""
    text = unicodedata.normalize("NFKC", number).replace(" ", "")
    text = re.sub(r"(条(?:の\d+)?)(\d+)項", r"\1第\2項", text)
    return re.sub(r"(条(?:の\d+)?|項)\((\d+)\)", r"\1第\2号", text)


def item_text(raw: str) -> str:
    """An item's text, tidied; a defined term keeps one space before its definition
    (「ソーシャルメディア インターネットを…」)."""
    match = DEFINITION.match(raw)
    if match:
        term, rest = match.groups()
        if not is_hiragana(term[-1:]) and (not L.CJK_SPACE.search(rest) or rest.endswith(("をいう。", "をいう。)", "をいう。）"))):
            return f"{L.tidy(term)} {L.tidy(rest)}"
    return L.tidy(raw)


class ReikiBuilder(Builder):
    """Reads a 例規 line by line: every article, paragraph and item is a clause cited as the rule cites it."""

    def __init__(self, width: int):
        super().__init__(width)
        self.caption = ""
        self.previous = ""

    def feed(self, line: int, text: str, following: str | None) -> None:
        previous, self.previous = self.previous, text
        if not previous and text.startswith(TITLE_MARKS) and "title" in self.meta:
            return  # the rule's own title line, when --title gives another
        if not self.numbered and self.stack[-1] is self.root and (self._wrapped_title(text, previous) or self._meta(text)):
            return
        caption = CAPTION.match(text)
        if caption and self._caption(line, L.tidy(caption.group(1)), following or "", len(previous) >= self.width):
            return
        article = ARTICLE.match(text)
        if article and (article.group(3) or not article.group(4) or self.caption):
            self._article(line, *article.groups())
            return
        supplementary = SUPPLEMENTARY.match(text)
        if supplementary:
            self._supplementary(line, supplementary.group(1))
            return
        appendix = APPENDIX.match(text) if self.numbered else None
        if appendix:  # 別表第1(第3条関係): a table or form at the end, its rows kept as lines of text
            number, note = "".join(appendix.group(1).split()), appendix.group(2) or ""
            self._open(self.root, Node("appendix", 0, number, "", L.tidy(note), line), "")
            return
        kanji = KANJI_ITEM.match(text) if self.numbered else None
        if kanji:
            self._item(line, text, kanji_number(kanji.group(1)), kanji.group(1), kanji.group(2))
            return
        marker = find(text)
        style = marker.style if marker else ""
        if style == "part":
            self.caption = ""
            self._open_part(line, marker)
        elif style == "num" and self.numbered:
            self._paragraph(line, text, marker.value, marker.text)
        elif style == "paren" and self.numbered:
            self._item(line, text, marker.value, str(marker.value), marker.text)
        elif (style in MINOR or style.startswith("bullet") or style == "dash") and self.stack[-1].body:
            self._body_item(self.stack[-1], marker)
        elif SUB_ITEM.match(text) and self.stack[-1].body:
            self.stack[-1].body.append(L.tidy(text))
        else:
            self._line(line, text, previous)

    def _meta(self, text: str) -> bool:
        """Front matter before the first article: title, repeated title, date, the rule's number."""
        plain = L.tidy(text.lstrip("".join(TITLE_MARKS)))
        if CAPTION.match(text) or ARTICLE.match(text):
            return False
        if "title" not in self.meta:
            self.meta["title"] = plain
            return True
        if plain == self.meta["title"]:
            return True
        number = PROMULGATION.match(plain)
        if number and "version" not in self.meta:
            if number.group(1):
                self.meta.setdefault("date", "".join(number.group(1).split()))
            self.meta["version"] = L.tidy(number.group(2))
            return True
        date = DATE.match(plain)
        if date and "date" not in self.meta:
            self.meta["date"] = "".join(date.group(1).split())
            return True
        return False

    def _wrapped_title(self, text: str, previous: str) -> bool:
        """The rest of a title too long for one line of a PDF."""
        title = self.meta.get("title", "")
        if len(self.meta) != 1 or not title or len(previous) < self.width or not L.tidy(previous).endswith(title[-5:]):
            return False
        self.meta["title"] = L.join(title, L.tidy(text))
        return True

    def _caption(self, line: int, caption: str, following: str, wrapped: bool) -> bool:
        """A (見出し) line: the heading of the article (or paragraph) below it. Followed by text
        without a number, it is an article whose number is missing (unless the line is the
        rest of a wrapped line, such as a law's number in brackets)."""
        below = find(following)
        if ARTICLE.match(following) or SUPPLEMENTARY.match(following) or (below and below.style == "num"):
            self.caption = caption
            return True
        if below or CAPTION.match(following) or not following or wrapped:
            return False
        parent = self._parent()
        counter = parent if parent.style == "supplementary" else self.root
        value = counter.last.get("article", 0) + 1
        number = f"{self._prefix(parent)}第{value}条"
        self.notices.append(Notice(line, f"'({caption})' is followed by text without an article number; "
                                         f"kept as clause [{number}]: check the number"))
        counter.last["article"] = value
        self._open(parent, Node("article", value, number, "", caption, line), "")
        return True

    def _article(self, line: int, ordinal: str, branch: str | None, _gap: str, rest: str) -> None:
        parent = self._parent()
        value = kanji_number(ordinal.translate(WIDE))
        number = f"{self._prefix(parent)}第{ordinal.translate(WIDE)}条" + (f"の{branch.translate(WIDE)}" if branch else "")
        text = L.tidy(rest)
        node = Node("article", value, number, "", self.caption, line)
        if not self.caption and text and not text.endswith(RAW_SENTENCE_ENDS) and len(text) <= MAX_ARTICLE_HEADING:
            node.heading = text  # 第1条 目的: a heading on the article's own line
        elif text:
            node.body.append(text)
        counter = parent if parent.style == "supplementary" else self.root  # numbered through the chapters
        if not branch:
            self._order(line, number, value, counter.last.get("article", 0) + 1)
            counter.last["article"] = value
        self._open(parent, node, "")

    def _supplementary(self, line: int, note: str | None) -> None:
        """附則, or 附則(令和3年3月31日訓令第5号) for an amendment's."""
        number = f"附則({L.tidy(note)})" if note else "附則"
        self._open(self.root, Node("supplementary", 0, number, "", self.caption, line), "")

    def _paragraph(self, line: int, text: str, value: int, raw: str) -> None:
        owner = self._owner(("article", "supplementary"))
        if owner is None:
            self._text(line, text)
            return
        expected = owner.last.get("paragraph", 1 if owner.body else 0) + 1
        if expected == 1 and value == 1:  # a 附則 that numbers its first paragraph
            del self.stack[self.stack.index(owner) + 1 :]
            owner.body.append(L.tidy(raw))
            owner.heading, self.caption = owner.heading or self.caption, ""
            owner.last["paragraph"] = 1
            return
        if not self._plausible(line, str(value), value, expected):
            self._text(line, text)
            return
        number = f"{owner.number}第{value}項"
        self._order(line, number, value, expected)
        self._open(owner, Node("paragraph", value, number, "", self.caption, line, [L.tidy(raw)]), "paragraph")

    def _item(self, line: int, text: str, value: int, shown: str, raw: str) -> None:
        owner = self._owner(("paragraph", "article", "supplementary"))
        expected = owner.last.get("item", 0) + 1 if owner else 0
        if owner is None or not self._plausible(line, shown, value, expected):
            self._text(line, text)
            return
        number = f"{owner.number}第{shown}号"
        self._order(line, number, value, expected)
        self._open(owner, Node("item", value, number, "", "", line, [item_text(raw)]), "item")

    def _line(self, line: int, text: str, previous: str) -> None:
        """Text without a number: the rest of the line above, or a paragraph whose number is missing."""
        top = self.stack[-1]
        if top.style == "appendix":
            top.body.append(" ".join(text.split()))  # a table row: its cells apart
            return
        owner = self._owner(("article", "supplementary"))
        if top.style in CLAUSES and top.body and (len(previous) >= self.width or L.continues(top.body[-1], text, self.width)):
            top.body[-1] = L.join(top.body[-1], L.tidy(text))
            return
        if top.style in CLAUSES and top.body and owner is not None:
            value = owner.last.get("paragraph", 1) + 1
            number = f"{owner.number}第{value}項"
            self.notices.append(Notice(line, f"text without a paragraph number in [{owner.number}]; "
                                             f"kept as clause [{number}]: check the number"))
            self._open(owner, Node("paragraph", value, number, "", "", line, [L.tidy(text)]), "paragraph")
            return
        self._text(line, text)

    def _plausible(self, line: int, shown: str, value: int, expected: int) -> bool:
        """A number close enough to the one expected to be a paragraph or item, not a line that starts with a number."""
        if 1 <= value <= expected + 2:
            return True
        self.notices.append(Notice(line, f"'{shown}' breaks the numbering (expected {expected}); kept as text"))
        return False

    def _order(self, line: int, number: str, value: int, expected: int) -> None:
        if value > expected:
            self.notices.append(Notice(line, f"[{number}] follows number {expected - 1}: number(s) missing"))
        elif value < expected:
            self.notices.append(Notice(line, f"[{number}] is out of order (expected number {expected})"))

    def _open(self, parent: Node, node: Node, kind: str) -> None:
        """Close what is open below ``parent`` and open ``node`` under it."""
        del self.stack[self.stack.index(parent) + 1 :]
        if kind:
            parent.last[kind] = node.value
        self.caption = ""
        self.numbered = True
        self._push(node)

    def _parent(self) -> Node:
        """Where an article goes: its chapter, or the 附則 it belongs to."""
        return next(node for node in reversed(self.stack) if node.style in (*GROUPS, "supplementary"))

    @staticmethod
    def _prefix(parent: Node) -> str:
        return parent.number if parent.style == "supplementary" else ""

    def _owner(self, styles: tuple[str, ...]) -> Node | None:
        return next((node for node in reversed(self.stack) if node.style in styles), None)
