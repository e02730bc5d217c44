"""One input file to one corpus document: checks first, then the reader for its format."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from bot.corpus import writable
from bot.ingest import IngestError, Result, docx, pdf, table, text

MAX_BYTES = 100 * 1024 * 1024
FORMATS = (".txt", ".md", ".pdf", ".docx", ".csv", ".xlsx")
OLD_OFFICE = "an old Office file (.doc or .xls)"
DOCUMENT_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
RESAVE = {".doc": "Open it in Word and save it as .docx", ".xls": "Open it in Excel and save it as .xlsx"}


def document_id(path: Path, given: str | None) -> str:
    """The corpus id: ``--id`` if given, else made from the file name; lower-case letters, digits and '-'."""
    candidate = given if given is not None else re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    if not DOCUMENT_ID.fullmatch(candidate):
        problem = f"cannot use {candidate!r} as a document id" if given is not None else "the file name gives no document id (it has no Latin letters or digits)"
        raise IngestError(path, problem, "Pass --id with lower-case letters, digits and '-' (e.g. --id ashiya)")
    return candidate


def ingest_file(path: Path, doc_id: str, title: str = "", org: str = "", progress=None) -> Result:
    """Read ``path`` into a corpus document that can be written as a corpus file, or raise IngestError saying what to do."""
    result = _read(path, doc_id, title.strip(), org.strip(), progress)
    problems = writable.problems(result.document)
    if problems:
        raise IngestError(path, f"the document read from it cannot be written as a corpus file: {problems[0]}",
                          "Change that part of the input and ingest it again")
    return result


def _read(path: Path, doc_id: str, title: str, org: str, progress) -> Result:
    """The reader for the file's format, after checks that it is one."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise IngestError(path, f"unsupported file type '{suffix or '(none)'}'",
                          RESAVE.get(suffix, f"Use one of {', '.join(FORMATS)}"))
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise IngestError(path, f"the file is {size // (1024 * 1024)} MB; the limit is {MAX_BYTES // (1024 * 1024)} MB",
                          "Split it into smaller files, or remove images and save again")
    if size == 0:
        raise IngestError(path, "the file is empty", "Check that you chose the right file and that it was saved")
    actual = _sniff(path)
    if actual == OLD_OFFICE:
        raise IngestError(path, f"this is {OLD_OFFICE}", "Open it in Word or Excel and save it as .docx or .xlsx")
    if actual and actual != suffix:
        raise IngestError(path, f"this is a {actual} file, but its name ends in {suffix}",
                          f"Rename it to {path.stem}{actual}" if actual in FORMATS else "Give the guideline or FAQ file itself")
    if suffix in (".csv", ".xlsx"):
        return table.build(path, doc_id, title, org, progress)
    if suffix == ".pdf":
        content = pdf.extract(path)
    elif suffix == ".docx":
        content = docx.extract(path)
    else:
        content = _read_text(path)
    return text.build(content, path, doc_id, title, org, path.name.strip())


def _read_text(path: Path) -> str:
    content = table.decode(path)
    if not content.strip():
        raise IngestError(path, "the file has no text", "Check that you chose the right file")
    return content


def _sniff(path: Path) -> str | None:
    """What a binary file really is (.pdf, .docx, .xlsx, .zip or an old Office file), from its first bytes; None for text."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"%PDF-"):
        return ".pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return OLD_OFFICE
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return ".zip"
    return ".docx" if "word/document.xml" in names else ".xlsx" if "xl/workbook.xml" in names else ".zip"
