"""FAQ tables (.csv, .xlsx) with columns id, question, answer and optional refs, category."""

from __future__ import annotations

import csv
import io
import itertools
import statistics
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from bot.corpus.markdown import split_reference
from bot.corpus.model import Clause, Document
from bot.ingest import IngestError, Notice, Result
from bot.ingest.lines import BREAKS

REQUIRED = ("id", "question", "answer")
Progress = Callable[[Iterable, int], Iterator]


def read_rows(path: Path) -> tuple[list[str], Iterator[tuple[int, list[str]]], int]:
    """Header, (line, cells) rows and an estimate of the row count of a CSV or XLSX file."""
    if path.suffix.lower() == ".xlsx":
        return _xlsx_rows(path)
    text = decode(path)
    first = text.split("\n", 1)[0]
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))  # a cell may be as long as the file
    reader = csv.reader(io.StringIO(text), delimiter="\t" if "\t" in first and "," not in first else ",", strict=True)
    rows = _records(reader, path)
    header = next(rows, (0, None))[1]
    if not header:
        raise IngestError(path, "the table has no header row", "Put the column names id, question, answer in the first row")
    return header, rows, text.count("\n")


def _records(reader, path: Path) -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) of each record; a quote that is never closed, or text after a closing
    quote, stops the ingest with the line and row where it is, rather than merging rows."""
    for row in itertools.count(1):
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "unexpected end of data" in str(exc):
                problem = f"line {start} (row {row}): a quote (\") opens a cell and is never closed, so all the lines after it would be one cell"
            else:
                problem = f"line {reader.line_num} (row {row}): text follows the quote (\") that closes a cell ({exc})"
            raise IngestError(path, problem, 'Close the quote; write a quote inside a cell as two ("")') from None
        yield start, cells


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
    formulas = load_workbook(path, read_only=True).worksheets[0].iter_rows(values_only=True)
    rows = zip(sheet.iter_rows(values_only=True), formulas)
    header = next(rows, (None, None))[0]
    if not header:
        raise IngestError(path, "the first sheet is empty", "Put the column names id, question, answer in the first row")
    names = [str(h or "") for h in header]
    cells = ((line, _values(path, line, names, values, written)) for line, (values, written) in enumerate(rows, start=2))
    return names, cells, sheet.max_row or 0


def _values(path: Path, line: int, names: list[str], values: tuple, written: tuple) -> list[str]:
    """A row's cells as text; a formula whose value was never saved (the file was not saved by Excel) stops the ingest."""
    for column, (value, formula) in enumerate(zip(values, written)):
        if value is None and isinstance(formula, str) and formula.startswith("="):
            name = names[column] if column < len(names) and names[column] else f"column {column + 1}"
            raise IngestError(path, f"row {line}: the '{name}' cell is a formula ({formula[:40]}) without a saved value",
                              "Open the file in Excel and save it (Excel saves each formula's value), then ingest it again")
    return ["" if v is None else str(v) for v in values]


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
        if not any(cell.values()):
            continue
        problem = _problem(*(cell[name] for name in REQUIRED), seen)
        if problem:
            notices.append(Notice(line, f"{problem}; row left out"))
            continue
        seen[cell["id"]] = line
        entries.append(cell)
    if not entries:
        raise IngestError(path, "the table has no usable rows", "Fill in id, question and answer for at least one row")
    swapped = _swapped(entries)
    if swapped:
        notices.append(Notice(1, swapped))
    clauses = [_clause(doc_id, cell, swapped) for cell in entries]
    document = Document(id=doc_id, title=title or path.stem.strip(), kind="faq", org=org, source=path.name.strip(), clauses=tuple(clauses))
    return Result(document, notices)


def _clause(doc_id: str, cell: dict[str, str], swapped: bool) -> Clause:
    question, answer = (cell["answer"], cell["question"]) if swapped else (cell["question"], cell["answer"])
    refs = tuple(" ".join(r.split()) for r in cell.get("refs", "").replace(",", "、").split("、") if r.strip())
    heading = " ".join(question.split())
    if not refs:  # a question ending in 【ガイドライン 3】 names its reference
        heading, refs = split_reference(heading)
    category = " ".join(cell.get("category", "").split())
    return Clause(doc_id, cell["id"], heading, _safe_body(answer), (category,) if category else (), refs, is_faq=True)


def _swapped(entries: list[dict[str, str]]) -> str:
    """Why the question and answer columns look swapped ('' if they do not): most 'answer'
    cells end with ？ and few 'question' cells do, and the 'answer' cells are the shorter."""
    def asks(text: str) -> bool:
        return text.endswith(("？", "?"))

    in_answers = sum(asks(cell["answer"]) for cell in entries)
    in_questions = sum(asks(cell["question"]) for cell in entries)
    shorter = statistics.median(len(c["answer"]) for c in entries) < statistics.median(len(c["question"]) for c in entries)
    if not (shorter and in_answers * 2 > len(entries) and in_questions * 5 <= len(entries)):
        return ""
    return (f"the columns question and answer look swapped: {in_answers} of {len(entries)} 'answer' cells are short "
            f"and end with ？, and {in_questions} 'question' cells do; read the other way round "
            "(if that is wrong, fix the column names in the first row)")


def _problem(number: str, question: str, answer: str, seen: dict[str, int]) -> str:
    if not number:
        return "empty id"
    if "]" in number or BREAKS.search(number) or "\f" in number:
        return f"id {number!r} may not contain ']' or a line break"
    if number in seen:
        return f"id '{number}' already used on line {seen[number]}"
    if not question or not answer:
        return f"id '{number}' has no {'question' if not question else 'answer'}"
    return ""


def _safe_body(text: str) -> str:
    """The answer with line breaks kept (spaces at line ends dropped), and lines that would read as headings defused."""
    lines = BREAKS.split(text.replace("\f", "\n"))  # every line break the corpus reader would see
    return "\n".join("＃" + line[1:] if line.startswith("#") else line for line in (line.rstrip() for line in lines))
