"""The document being read: a stack of open headings fed one cleaned line at a time."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.engine.chars import RAW_SENTENCE_ENDS
from bot.ingest import Notice
from bot.ingest import lines as L
from bot.ingest.markers import MINOR, Marker, find

DATE = re.compile(r"^[(（]?((?:平成|令和|昭和)\s*[0-9０-９元]+\s*年[^。]*?)[)）]?$")
VERSION = re.compile(r"^第\s*[0-9０-９.．]+\s*版$")
GROUPS = ("root", "part", "group")
# A numbered line longer than this, or ending like a sentence, is the clause's text, not its heading.
MAX_HEADING = 60
# A line before the first clause longer than this is not the issuer's name.
MAX_ISSUER = 40


@dataclass
class Node:
    """A heading of the document being read, with its text and children."""

    style: str
    value: int
    number: str
    label: str
    heading: str
    line: int
    body: list[str] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    bullets: int = 0
    last: dict[str, int] = field(default_factory=dict)  # the last number given to each kind of child


class Builder:
    """Reads cleaned lines one at a time and keeps the stack of open headings."""

    def __init__(self, width: int):
        self.root = Node("root", 0, "", "", "", 0)
        self.stack = [self.root]
        self.width = width
        self.notices: list[Notice] = []
        self.meta: dict[str, str] = {}
        self.last: dict[str, int] = {}
        self.questions = 0
        self.numbered = False

    def feed(self, line: int, text: str, following: str | None) -> None:
        marker = find(text)
        next_marker = find(following) if following else None
        if marker is None or marker.style == "answer" and not self._answer(marker):
            if next_marker and next_marker.style == "question" and self._is_title(text):
                self._open_group(line, L.tidy(text))
            else:
                self._text(line, text)
            return
        if marker.style == "answer":
            return
        if marker.style == "part":
            self._open_part(line, marker)
        elif marker.style == "question":
            self.questions += 1
            self._pop_to(GROUPS)
            self._push(Node("question", 0, f"Q{self.questions}", "", L.tidy(marker.text), line))
        else:
            self._numbered(line, text, marker)

    def _answer(self, marker: Marker) -> bool:
        top = self.stack[-1]
        if top.style != "question" or top.body:
            return False
        top.body.append(L.tidy(marker.text))
        return True

    def _numbered(self, line: int, text: str, marker: Marker) -> None:
        depth = next((i for i in range(len(self.stack) - 1, 0, -1) if self.stack[i].style == marker.style), None)
        top = self.stack[-1]
        is_minor = marker.style in MINOR or marker.style.startswith("bullet") or marker.style == "dash"
        if is_minor and depth is None and (top.body or top.style == "question"):
            self._body_item(top, marker)
            return
        if self._resume(depth, marker):
            return
        expected = (self.stack[depth].value if depth is not None else self.last.get(marker.style, 0)) + 1
        if marker.value and marker.value != expected and not (depth is None and marker.value == 1):
            # 第N条 may skip numbers (repealed articles); a list item that jumps is more likely text
            furthest = marker.value if marker.style == "article" else expected + 2
            if depth is None or not expected < marker.value <= furthest:
                self.notices.append(Notice(line, f"'{marker.shown}' breaks the numbering (expected {expected}); kept as text"))
                self._text(line, text)
                return
            self.notices.append(Notice(line, f"'{marker.shown}' follows {expected - 1}: number(s) missing"))
        if depth is not None:
            del self.stack[depth:]
        parent = self.stack[-1]
        if marker.value:
            number = parent.number + marker.code
        else:
            parent.bullets += 1
            number = f"{parent.number}-{parent.bullets}" if parent.number else str(parent.bullets)
        self.last[marker.style] = marker.value
        text = L.CONTINUED.sub("", L.tidy(marker.text))
        node = Node(marker.style, marker.value, number, f"{marker.shown} {text}".strip(), "", line)
        if marker.value == 0 or text.endswith(RAW_SENTENCE_ENDS) or len(text) > MAX_HEADING:
            node.body.append(text)
        else:
            node.heading = text
        self.numbered = True
        self._push(node)

    def _resume(self, depth: int | None, marker: Marker) -> bool:
        """A heading repeated on a later page (``(その2)``, ``（続き）``): carry on under it."""
        if not marker.value:
            return False
        if depth is not None and marker.value == self.stack[depth].value:
            del self.stack[depth + 1 :]
            return True
        last = self.stack[-1].children[-1] if self.stack[-1].children else None
        if depth is None and last and last.style == marker.style and last.value == marker.value:
            self.stack.append(last)
            return True
        return False

    def _body_item(self, node: Node, marker: Marker) -> None:
        gap = " " if marker.style in ("kana", "circled") else ""
        node.body.append(f"{marker.shown}{gap}{L.tidy(marker.text)}")

    def _text(self, line: int, text: str) -> None:
        top, text = self.stack[-1], L.tidy(text)
        if top.style == "root" and not self.numbered and self._meta(text):
            return
        if top.style in GROUPS and not top.body:
            where = f"[{top.label or '前文'}]"
            self.notices.append(Notice(line, f"text without a number; kept as clause {where}"))
        if not top.body and top.heading and not top.children and L.continues(top.heading, text, L.UNWRAPPED):
            joined = L.join(top.heading, text)  # a wrapped heading, or a first sentence taken for one
            if joined.endswith(RAW_SENTENCE_ENDS) or len(joined) > MAX_HEADING:
                top.body.append(joined)
                top.heading = ""
            else:
                top.heading = joined
        elif top.body and L.continues(top.body[-1], text, self.width):
            top.body[-1] = L.join(top.body[-1], text)
        else:
            top.body.append(text)

    def _meta(self, text: str) -> bool:
        if "title" not in self.meta:
            self.meta["title"] = text
        elif DATE.match(text) and "date" not in self.meta:
            self.meta["date"] = DATE.match(text).group(1)
        elif VERSION.match(text) and "version" not in self.meta:
            self.meta["version"] = text
        elif "issuer" not in self.meta and not self.root.body and self._is_title(text):
            self.meta["issuer"] = text
        else:
            return False
        return True

    @staticmethod
    def _is_title(text: str) -> bool:
        return len(text) <= MAX_ISSUER and not text.endswith(RAW_SENTENCE_ENDS) and "、" not in text

    def _open_part(self, line: int, marker: Marker) -> None:
        self._pop_to(GROUPS[:1])
        self._push(Node("part", 0, "", marker.shown, "", line))

    def _open_group(self, line: int, text: str) -> None:
        self._pop_to(("root", "part"))
        self._push(Node("group", 0, "", text, "", line))

    def _pop_to(self, styles: tuple[str, ...]) -> None:
        while self.stack[-1].style not in styles:
            self.stack.pop()

    def _push(self, node: Node) -> None:
        self.stack[-1].children.append(node)
        self.stack.append(node)
