"""FAQ tables (.csv, .xlsx) with columns id, question, answer and optional refs, category."""

from __future__ import annotations

import csv
import io
import re
import statistics
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from bot.engine.corpus import Clause, Document, dump_document, parse_document
from bot.ingest import IngestError, Notice, Result

REQUIRED = ("id", "question", "answer")
# How a question ends (？, か, 〜たい, 教えてください), before closing brackets or a full stop;
# an answer rarely ends so. A table of fewer rows is not judged.
ASKING = re.compile(r"(?:[?？]|か|たい|たいです|ほしい|欲しい|教えて(?:下さい|ください)?)[。．.)）」』]*$")
MIN_ROWS_TO_JUDGE = 3
Progress = Callable[[Iterable, int], Iterator]


def read_rows(path: Path) -> tuple[list[str], Iterator[tuple[int, list[str]]], int]:
    """Header, (line, cells) rows and an estimate of the row count of a CSV or XLSX file."""
    if path.suffix.lower() == ".xlsx":
        return _xlsx_rows(path)
    text = decode(path)
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text), delimiter="\t" if "\t" in first and "," not in first else ",")
    header = next(reader, None)
    if not header:
        raise IngestError(path, "the table has no header row", "Put the column names id, question, answer in the first row")
    rows = ((reader.line_num, row) for row in reader)
    return header, rows, text.count("\n")


def decode(path: Path) -> str:
    """The text of a CSV or text file in UTF-8 (with or without BOM), Shift_JIS/cp932 or UTF-16 with BOM."""
    data = path.read_bytes()
    utf16 = data[:2] in (b"\xff\xfe", b"\xfe\xff")  # Excel's 'Unicode text' (tab-separated)
    binary = IngestError(path, "this is not a text file (it contains binary data)",
                         "For a table, save it from Excel as 'CSV UTF-8' or .xlsx; for a guideline, give the PDF or Word file")
    if not utf16 and b"\x00" in data[:8192]:
        raise binary
    for encoding in ("utf-16",) if utf16 else ("utf-8-sig", "cp932"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if sum(ord(c) < 32 and c not in "\t\n\r\f" for c in text[:8192]) > len(text[:8192]) // 100:
            raise binary
        return text
    raise IngestError(path, "the text is neither UTF-8 nor Shift_JIS (cp932)", "Save it as UTF-8 (Excel: 'CSV UTF-8')")


def _xlsx_rows(path: Path):
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise IngestError(path, f"this is not a readable Excel workbook ({exc})", "Open it in Excel and save it again as .xlsx") from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if not header:
        raise IngestError(path, "the first sheet is empty", "Put the column names id, question, answer in the first row")
    cells = ((line, ["" if v is None else str(v) for v in row]) for line, row in enumerate(rows, start=2))
    return [str(h or "") for h in header], cells, sheet.max_row or 0


def build(path: Path, doc_id: str, title: str = "", org: str = "", progress: Progress | None = None) -> Result:
    """Read an FAQ table into a corpus document: one clause per row, numbered by its id."""
    header, rows, estimate = read_rows(path)
    columns = {name.strip().lower(): i for i, name in enumerate(header)}
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise IngestError(path, f"missing column(s) {', '.join(missing)} (found: {', '.join(h for h in header if h) or 'none'})",
                          "Name the first row's columns id, question, answer (optional: refs, category)")
    notices: list[Notice] = []
    entries: list[dict[str, str]] = []
    seen: dict[str, int] = {}
    for line, row in progress(rows, estimate) if progress else rows:
        cell = {name: (row[i].strip() if i < len(row) and row[i] else "") for name, i in columns.items()}
        number, question, answer = (cell[name] for name in REQUIRED)
        if not any(cell.values()):
            continue
        problem = _problem(number, question, answer, seen)
        if problem:
            notices.append(Notice(line, f"{problem}; row left out"))
            continue
        seen[number] = line
        entries.append(cell)
    if not entries:
        raise IngestError(path, "the table has no usable rows", "Fill in id, question and answer for at least one row")
    asking = swapped_columns([(cell["question"], cell["answer"]) for cell in entries])
    if asking:
        notices.append(Notice(1, f"the columns question and answer look swapped ({asking} of {len(entries)} answers ask, "
                                 "and answers are shorter than questions): read the other way round; if that is wrong, fix the header"))
        entries = [{**cell, "question": cell["answer"], "answer": cell["question"]} for cell in entries]
    clauses = [_clause(doc_id, cell) for cell in entries]
    document = Document(id=doc_id, title=title or path.stem, kind="faq", org=org, source=path.name, clauses=tuple(clauses))
    return Result(parse_document(dump_document(document), path), notices)


def swapped_columns(pairs: list[tuple[str, str]]) -> int:
    """How many answers ask, when the table's answer column reads as its questions
    (more answers than questions ask, and answers are the shorter), else 0."""
    if len(pairs) < MIN_ROWS_TO_JUDGE:
        return 0
    asking_questions = sum(bool(ASKING.search(q)) for q, _ in pairs)
    asking_answers = sum(bool(ASKING.search(a)) for _, a in pairs)
    shorter = statistics.median(len(a) for _, a in pairs) < statistics.median(len(q) for q, _ in pairs)
    return asking_answers if asking_answers > asking_questions and shorter else 0


def _clause(doc_id: str, cell: dict[str, str]) -> Clause:
    """One FAQ entry: the question as heading, the answer as text."""
    refs = tuple(r.strip() for r in cell.get("refs", "").replace(",", "、").split("、") if r.strip())
    category = " ".join(cell.get("category", "").split())
    return Clause(doc_id, cell["id"], " ".join(cell["question"].split()), _safe_body(cell["answer"]),
                  (category,) if category else (), refs, is_faq=True)


def _problem(number: str, question: str, answer: str, seen: dict[str, int]) -> str:
    if not number:
        return "empty id"
    if "]" in number or "\n" in number:
        return f"id '{number}' may not contain ']' or a line break"
    if number in seen:
        return f"id '{number}' already used on line {seen[number]}"
    if not question or not answer:
        return f"id '{number}' has no {'question' if not question else 'answer'}"
    return ""


def _safe_body(text: str) -> str:
    """The answer with line breaks kept, and lines that would read as headings defused."""
    lines = text.replace("\r\n", "\n").split("\n")
    return "\n".join("＃" + line[1:] if line.startswith("#") else line for line in lines)
