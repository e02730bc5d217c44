"""One input file to one corpus document: checks first, then the reader for its format."""

from __future__ import annotations

import re
from pathlib import Path

from bot.engine.corpus import ID_PATTERN
from bot.ingest import IngestError, Result, docx, pdf, table, text

MAX_BYTES = 100 * 1024 * 1024
FORMATS = (".txt", ".md", ".pdf", ".docx", ".csv", ".xlsx")


def document_id(path: Path, given: str | None) -> str:
    """The corpus id: ``--id`` if given, else made from the file name."""
    candidate = given or re.sub(r"[^a-z0-9_-]+", "-", path.stem.lower()).strip("-_")
    if not ID_PATTERN.match(candidate):
        raise IngestError(path, f"cannot use '{candidate}' as a document id",
                          "Pass --id with lower-case letters, digits, '-' or '_' (e.g. --id ashiya)")
    return candidate


def ingest_file(path: Path, doc_id: str, title: str = "", org: str = "", progress=None) -> Result:
    """Read ``path`` into a corpus document, or raise IngestError saying what to do."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise IngestError(path, f"unsupported file type '{suffix or '(none)'}'",
                          f"Use one of {', '.join(FORMATS)}")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise IngestError(path, f"the file is {size // (1024 * 1024)} MB; the limit is {MAX_BYTES // (1024 * 1024)} MB",
                          "Split it into smaller files, or remove images and save again")
    if size == 0:
        raise IngestError(path, "the file is empty", "Check that you chose the right file and that it was saved")
    if suffix in (".csv", ".xlsx"):
        return table.build(path, doc_id, title, org, progress)
    if suffix == ".pdf":
        content = pdf.extract(path)
    elif suffix == ".docx":
        content = docx.extract(path)
    else:
        content = _read_text(path)
    return text.build(content, path, doc_id, title, org, path.name)


def _read_text(path: Path) -> str:
    content = table.decode(path)
    if not content.strip():
        raise IngestError(path, "the file has no text", "Check that you chose the right file")
    return content
