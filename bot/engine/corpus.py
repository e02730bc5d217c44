"""The corpus: guideline documents as Markdown files with front matter.

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

import os
import re
import stat
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

KINDS = ("guideline", "faq")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
HEADING = re.compile(r"^(#{2,6})[ \t]+(?:\[([^\]]+)\][ \t]*)?(.*?)[ \t]*$")
TRAILING_REF = re.compile(r"[ \t]*【([^】]+)】[ \t]*$")


class CorpusError(ValueError):
    """A corpus file that cannot be read; the message names file and line."""

    def __init__(self, path: Path | str, line: int, message: str):
        self.path, self.line, self.message = str(path), line, message
        super().__init__(f"{path}:{line}: {message}")


@dataclass(frozen=True)
class Clause:
    """The smallest citable unit: a numbered clause or one FAQ entry."""

    doc_id: str
    number: str
    heading: str
    body: str
    path: tuple[str, ...] = ()
    refs: tuple[str, ...] = ()
    is_faq: bool = False
    line: int = field(default=0, compare=False)

    @property
    def id(self) -> str:
        return f"{self.doc_id}:{self.number}"

    @property
    def label(self) -> str:
        """How the clause appears in a parent path: number and heading."""
        return f"{self.number} {self.heading}".strip()

    @property
    def text(self) -> str:
        """The clause's own full text; for an FAQ entry, question and answer."""
        return f"{self.heading}\n{self.body}" if self.is_faq else self.body


@dataclass(frozen=True)
class Document:
    """One guideline or FAQ, with its clauses in document order."""

    id: str
    title: str
    kind: str = "guideline"
    issuer: str = ""
    org: str = ""
    version: str = ""
    date: str = ""
    source: str = ""
    borrow: bool = True  # whether clauses without 想定質問 borrow other documents' (bot.engine.borrow)
    clauses: tuple[Clause, ...] = field(default=(), repr=False)

    @property
    def organization(self) -> str:
        """The organization this document belongs to (``org``, else its id)."""
        return self.org or self.id


META_FIELDS = ("id", "title", "kind", "issuer", "org", "version", "date", "source", "borrow")


def parse_document(text: str, path: Path | str = "<string>") -> Document:
    """Parse one corpus file's text into a Document, or raise CorpusError."""
    lines = text.splitlines()
    meta, first_body_line = _front_matter(lines, path)
    doc_id = meta["id"]
    is_faq = meta["kind"] == "faq"
    clauses: list[Clause] = []
    stack: list[tuple[int, str]] = []  # (heading level, label) of open headings
    current: dict | None = None

    def close() -> None:
        if current is None:
            return
        body = "\n".join(current["body"]).strip()
        if not body:
            raise CorpusError(path, current["line"], f"clause [{current['number']}] has no text")
        clauses.append(
            Clause(
                doc_id=doc_id,
                number=current["number"],
                heading=current["heading"],
                body=body,
                path=current["path"],
                refs=current["refs"],
                is_faq=is_faq,
                line=current["line"],
            )
        )

    seen: dict[str, int] = {}
    for lineno, line in enumerate(lines[first_body_line:], start=first_body_line + 1):
        match = HEADING.match(line)
        if not match:
            if not line.strip():
                if current is not None:
                    current["body"].append("")
                continue
            if line.startswith("# "):
                raise CorpusError(path, lineno, "use ## or deeper for headings; the title goes in the front matter")
            if current is None:
                raise CorpusError(path, lineno, "text outside a clause: put it under a heading with [number]")
            current["body"].append(line.rstrip())
            continue
        close()
        current = None
        level = len(match.group(1))
        number = (match.group(2) or "").strip()
        heading = match.group(3).strip()
        while stack and stack[-1][0] >= level:
            stack.pop()
        path_labels = tuple(label for _, label in stack)
        if not number:
            if not heading:
                raise CorpusError(path, lineno, "empty heading")
            stack.append((level, heading))
            continue
        if number in seen:
            raise CorpusError(path, lineno, f"clause number [{number}] already used on line {seen[number]}")
        seen[number] = lineno
        refs: tuple[str, ...] = ()
        ref_match = TRAILING_REF.search(heading)
        if is_faq and ref_match:
            refs = tuple(r.strip() for r in ref_match.group(1).split("、") if r.strip())
            heading = heading[: ref_match.start()].strip()
        current = {"number": number, "heading": heading, "path": path_labels, "refs": refs, "line": lineno, "body": []}
        stack.append((level, f"{number} {heading}".strip()))
    close()
    if not clauses:
        raise CorpusError(path, len(lines), "no clauses: add a heading like '## [1] 見出し' followed by text")
    return Document(clauses=tuple(clauses), **meta)


def _front_matter(lines: list[str], path: Path | str) -> tuple[dict, int]:
    if not lines or lines[0].strip() != "---":
        raise CorpusError(path, 1, "missing front matter: the file must start with a '---' line")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise CorpusError(path, 1, "front matter is not closed by a '---' line") from None
    try:
        meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        raise CorpusError(path, line, f"front matter is not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(meta, dict):
        raise CorpusError(path, 2, "front matter must be 'key: value' lines")
    unknown = sorted(map(str, set(meta) - set(META_FIELDS)))  # YAML keys may be numbers or dates
    if unknown:
        raise CorpusError(path, 2, f"unknown front matter field(s): {', '.join(unknown)}")
    for key in ("id", "title"):
        if not meta.get(key):
            raise CorpusError(path, 2, f"front matter needs '{key}'")
    if not isinstance(meta.get("borrow", True), bool):
        raise CorpusError(path, _meta_line(lines, end, "borrow"), "borrow must be true or false")
    meta = {key: value if key == "borrow" else str(value).strip() for key, value in meta.items() if value is not None}
    meta.setdefault("kind", "guideline")
    if not ID_PATTERN.match(meta["id"]):
        raise CorpusError(path, 2, f"id '{meta['id']}' must be lower-case letters, digits, '-' or '_'")
    if meta["kind"] not in KINDS:
        raise CorpusError(path, 2, f"kind must be one of {', '.join(KINDS)}, not '{meta['kind']}'")
    return meta, end + 1


def _meta_line(lines: list[str], end: int, key: str) -> int:
    """The line of a front matter key, for messages."""
    return next((i + 1 for i in range(1, end) if lines[i].split(":", 1)[0].strip() == key), 2)


def dump_document(doc: Document) -> str:
    """Write a Document in the corpus format; parse_document reads it back unchanged."""
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
        heading = clause.heading
        if clause.is_faq and clause.refs:
            heading = f"{heading}【{'、'.join(clause.refs)}】"
        level = min(len(clause.path) + 2, 6)
        out += ["", f"{'#' * level} [{clause.number}] {heading}".rstrip(), "", clause.body]
        open_labels = [*clause.path, clause.label]
    return "\n".join(out) + "\n"


def _yaml_scalar(value: str) -> str:
    dumped = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10**6)
    return dumped.removesuffix("\n...\n").strip()


def load_corpus(directory: Path | str) -> list[Document]:
    """Read every ``*.md`` document in a corpus directory, sorted by file name."""
    directory = Path(directory)
    if not directory.is_dir():
        raise CorpusError(directory, 0, "corpus directory not found")
    documents, owners = [], {}
    for path in sorted(directory.glob("*.md")):
        doc = parse_document(read_text(path, "the document"), path)
        if doc.id in owners:
            raise CorpusError(path, 2, f"document id '{doc.id}' is also used by {owners[doc.id]}")
        owners[doc.id] = path
        documents.append(doc)
    if not documents:
        raise CorpusError(directory, 0, "no corpus documents (*.md) found")
    return documents


def read_text(path: Path, what: str) -> str:
    """A corpus file's UTF-8 text (a byte-order mark dropped), or CorpusError with the line at fault."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(path, 0, f"cannot read {what} ({exc.strerror or exc})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CorpusError(path, line, f"{what} is not UTF-8 text ({exc.reason})") from None


def read_toml(path: Path, what: str) -> dict:
    """A TOML file of the corpus (thesaurus, questions), or CorpusError with its line."""
    text = read_text(path, what)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        line = int(found.group(1)) if found else max(1, len(text.splitlines()))
        raise CorpusError(path, line, f"{what} is not valid TOML: {exc}") from None


def write_text_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so a reader never sees a half-written file; the
    file keeps its permissions, or a new one gets the usual ones (not the temporary file's 0600)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
