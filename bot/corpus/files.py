"""Corpus files on disk: reading documents and TOML files with the line at fault, writing atomically."""

from __future__ import annotations

import os
import re
import stat
import tempfile
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.corpus.findings import ERROR, CorpusError, Finding, find_line
from bot.corpus.markdown import parse_document
from bot.corpus.model import Document


def read_documents(directory: Path) -> tuple[list[tuple[Path, Document]], list[Finding]]:
    """Every document of a corpus directory (``*.md``, by file name) with its file, and every
    problem found reading them; a file with an error gives no document."""
    paths = sorted(directory.glob("*.md")) if directory.is_dir() else []
    if not paths:
        return [], [Finding(ERROR, str(directory), 0, "no corpus documents (*.md) found")]
    documents, findings, owners = [], [], {}
    for path in paths:
        try:
            parsed = parse_document(read_text(path, "the document"), path)
        except CorpusError as exc:
            findings.append(exc.finding())
            continue
        if parsed.doc_id in owners:
            findings.append(Finding(ERROR, str(path), 2, f"document id '{parsed.doc_id}' is also used by {owners[parsed.doc_id]}"))
            continue
        if parsed.doc_id:
            owners[parsed.doc_id] = path
        findings += parsed.findings
        if parsed.document:
            documents.append((path, parsed.document))
    return documents, findings


def load_corpus(directory: Path | str) -> list[Document]:
    """The documents of a corpus directory, sorted by file name, or CorpusError for the first problem."""
    directory = Path(directory)
    if not directory.is_dir():
        raise CorpusError(directory, 0, "corpus directory not found")
    documents, findings = read_documents(directory)
    error = next((f for f in findings if f.level == ERROR), None)
    if error:
        raise CorpusError(error.path, error.line, error.message)
    return [doc for _, doc in documents]


def document_ids(directory: Path) -> dict[str, Path]:
    """The document file of each id in a corpus directory; a file whose front matter gives
    no id (or that cannot be read) counts under its file name."""
    ids = {}
    for path in sorted(p for p in directory.glob("*.md") if p.is_file()) if directory.is_dir() else []:
        try:
            doc_id = parse_document(read_text(path, "the document"), path).doc_id
        except CorpusError:
            doc_id = ""
        ids[doc_id or path.stem] = path
    return ids


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


@dataclass(frozen=True)
class TomlFile:
    """A TOML file of the corpus (thesaurus, 想定質問): its data, and its lines for messages."""

    path: Path
    data: dict
    lines: tuple[str, ...]

    def line(self, matches: Callable[[str], bool]) -> int:
        """The number of the first line that ``matches``, or 1."""
        return find_line(self.lines, matches)


def read_toml(path: Path, what: str) -> TomlFile:
    """A TOML file of the corpus, or CorpusError with its line."""
    text = read_text(path, what)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        line = int(found.group(1)) if found else max(1, len(text.splitlines()))
        raise CorpusError(path, line, f"{what} is not valid TOML: {exc}") from None
    return TomlFile(path, data, tuple(text.splitlines()))


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
