"""The document file format: Markdown with front matter, read with every problem found.

A corpus file looks like this (see README, "Editing the corpus")::

    ---
    id: ashiya
    title: 芦屋市職員ソーシャルメディア利用ガイドライン
    issuer: 企画部市長公室 DX行革推進課
    kind: guideline            # or: faq
    borrow: false              # optional: no staff wording borrowed (bot.engine.borrow)
    ---

    ## 【プライベート編】

    ### 9 禁止事項

    #### [9(3)] 勤務時間中の利用禁止

    勤務時間中にソーシャルメディアを利用してはならない。

A heading with ``[number]`` is a clause: its text runs to the next heading.
A heading without one is a group (a part or a section title) and holds no
text of its own. Deeper headings nest under shallower ones; the labels of
the enclosing headings form the clause's ``path``. In an FAQ document each
clause heading is the question, the text is the answer, and a trailing
``【ガイドライン 3.1 (5)】`` in the heading is kept as the entry's reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.corpus.findings import ERROR, CorpusError, Finding, find_line
from bot.corpus.model import ID_PATTERN, KINDS, Clause, Document

HEADING = re.compile(r"^(#{2,6})[ \t]+(?:\[([^\]]+)\][ \t]*)?(.*?)[ \t]*$")
TRAILING_REF = re.compile(r"[ \t]*【([^】]+)】[ \t]*$")
META_FIELDS = ("id", "title", "kind", "issuer", "org", "version", "date", "source", "borrow")
NO_CLAUSES = "no clauses: add a heading like '## [1] 見出し' followed by text"


@dataclass(frozen=True)
class Parsed:
    """One corpus file as read: its document (None if the file has an error), every
    problem found in it, and the id its front matter gives (even when it has errors)."""

    document: Document | None
    findings: tuple[Finding, ...]
    doc_id: str = ""


def parse_document(text: str, path: Path | str = "<string>") -> Parsed:
    """Read one corpus file's text: the Document, or every problem with its line."""
    lines = text.splitlines()
    try:
        end = _front_matter_end(lines, path)
    except CorpusError as exc:
        return Parsed(None, (exc.finding(),))
    findings: list[Finding] = []
    meta: dict = {}
    try:
        meta = _load_meta(lines, end, path)
        meta = _check_meta(meta, lines, end, path)
    except CorpusError as exc:
        findings.append(exc.finding())
    doc_id = str(meta.get("id") or "")
    body = _Body(path, doc_id, meta.get("kind") == "faq")
    body.read(lines, end + 1)
    findings += body.findings
    if findings:
        return Parsed(None, tuple(findings), doc_id)
    return Parsed(Document(clauses=tuple(body.clauses), **meta), (), doc_id)


def split_reference(question: str) -> tuple[str, tuple[str, ...]]:
    """An FAQ question without the ``【ガイドライン 3.1 (5)、4】`` at its end, and the references it names."""
    match = TRAILING_REF.search(question)
    if not match:
        return question, ()
    return question[: match.start()].strip(), tuple(r.strip() for r in match.group(1).split("、") if r.strip())


class _Body:
    """Reads the lines after the front matter into clauses, noting each problem and reading on."""

    def __init__(self, path: Path | str, doc_id: str, is_faq: bool):
        self.path, self.doc_id, self.is_faq = path, doc_id, is_faq
        self.clauses: list[Clause] = []
        self.findings: list[Finding] = []
        self.stack: list[tuple[int, str]] = []  # (heading level, label) of open headings
        self.current: dict | None = None
        self.seen: dict[str, int] = {}  # clause number: the line it was first used on
        self.stray = False  # text outside a clause reported since the last heading

    def read(self, lines: list[str], start: int) -> None:
        text: list[str] | None = None  # the open clause's lines
        for lineno, line in enumerate(lines[start:], start=start + 1):
            match = HEADING.match(line)
            if match:
                self._close()
                self._heading(lineno, match)
                text = self.current["body"] if self.current else None
            elif not line.strip():
                if text is not None:
                    text.append("")
            elif line.startswith("# "):
                self._problem(lineno, "use ## or deeper for headings; the title goes in the front matter")
            elif text is not None:
                text.append(line.rstrip())
            elif not self.stray:
                self.stray = True
                self._problem(lineno, "text outside a clause: put it under a heading with [number]")
        self._close()
        if not self.seen:
            self._problem(len(lines), NO_CLAUSES)

    def _heading(self, lineno: int, match: re.Match) -> None:
        self.stray = False
        level = len(match.group(1))
        number = (match.group(2) or "").strip()
        heading = match.group(3).strip()
        stack = self.stack
        while stack and stack[-1][0] >= level:
            stack.pop()
        path_labels = tuple(label for _, label in stack)
        if not number:
            if heading:
                stack.append((level, heading))
            else:
                self._problem(lineno, "empty heading")
            return
        if number in self.seen:
            self._problem(lineno, f"clause number [{number}] already used on line {self.seen[number]}")
        self.seen.setdefault(number, lineno)
        refs: tuple[str, ...] = ()
        if self.is_faq:
            heading, refs = split_reference(heading)
        self.current = {"number": number, "heading": heading, "path": path_labels, "refs": refs, "line": lineno, "body": []}
        stack.append((level, f"{number} {heading}".strip()))

    def _close(self) -> None:
        current, self.current = self.current, None
        if current is None:
            return
        body = "\n".join(current["body"]).strip()
        if not body:
            self._problem(current["line"], f"clause [{current['number']}] has no text")
            return
        self.clauses.append(Clause(self.doc_id, current["number"], current["heading"], body, current["path"],
                                   current["refs"], self.is_faq, current["line"]))

    def _problem(self, line: int, message: str) -> None:
        self.findings.append(Finding(ERROR, str(self.path), line, message))


def _front_matter_end(lines: list[str], path: Path | str) -> int:
    """The index of the line that closes the front matter."""
    if not lines or lines[0].strip() != "---":
        raise CorpusError(path, 1, "missing front matter: the file must start with a '---' line")
    try:
        return next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise CorpusError(path, 1, "front matter is not closed by a '---' line") from None


def _load_meta(lines: list[str], end: int, path: Path | str) -> dict:
    try:
        meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        raise CorpusError(path, line, f"front matter is not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(meta, dict):
        raise CorpusError(path, 2, "front matter must be 'key: value' lines")
    return meta


def _check_meta(meta: dict, lines: list[str], end: int, path: Path | str) -> dict:
    """The front matter's fields as Document takes them, or CorpusError for the first one at fault."""
    unknown = sorted(map(str, set(meta) - set(META_FIELDS)))  # YAML keys may be numbers or dates
    if unknown:
        raise CorpusError(path, 2, f"unknown front matter field(s): {', '.join(unknown)}")
    for key in ("id", "title"):
        if not meta.get(key):
            raise CorpusError(path, 2, f"front matter needs '{key}'")
    if not isinstance(meta.get("borrow", True), bool):
        line = find_line(lines[:end], lambda text: text.split(":", 1)[0].strip() == "borrow", default=2)
        raise CorpusError(path, line, "borrow must be true or false")
    meta = {key: value if key == "borrow" else str(value).strip() for key, value in meta.items() if value is not None}
    meta.setdefault("kind", "guideline")
    if not ID_PATTERN.match(meta["id"]):
        raise CorpusError(path, 2, f"id '{meta['id']}' must be lower-case letters, digits, '-' or '_'")
    if meta["kind"] not in KINDS:
        raise CorpusError(path, 2, f"kind must be one of {', '.join(KINDS)}, not '{meta['kind']}'")
    return meta


def dump_document(doc: Document) -> str:
    """Write a Document in the corpus format; parse_document reads back the same document
    when bot.corpus.writable finds nothing wrong with it."""
    out = ["---"]
    for key in META_FIELDS:
        value = getattr(doc, key)
        if key == "borrow":
            out += [] if value else ["borrow: false"]
        elif value or key in ("id", "title"):
            out.append(f"{key}: {_yaml_scalar(value)}")
    out.append("---")
    open_labels: list[str] = []
    for clause in doc.clauses:
        shared = 0
        while shared < min(len(open_labels), len(clause.path)) and open_labels[shared] == clause.path[shared]:
            shared += 1
        for depth in range(shared, len(clause.path)):
            out += ["", f"{'#' * (depth + 2)} {clause.path[depth]}"]
        out += ["", clause_heading(clause, min(len(clause.path) + 2, 6)), "", clause.body]
        open_labels = [*clause.path, clause.label]
    return "\n".join(out) + "\n"


def clause_heading(clause: Clause, level: int = 2) -> str:
    """A clause's heading line: ``## [number] heading``, an FAQ entry's references at its end."""
    heading = clause.heading
    if clause.is_faq and clause.refs:
        heading = f"{heading}【{'、'.join(clause.refs)}】"
    return f"{'#' * level} [{clause.number}] {heading}".rstrip()


def _yaml_scalar(value: str) -> str:
    dumped = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10**6)
    return dumped.removesuffix("\n...\n").strip()
