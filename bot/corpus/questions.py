"""想定質問: how staff would ask for a clause, kept beside the documents.

``corpus/questions/<document id>.toml`` maps clause numbers of that document
to questions staff ask that the clause answers::

    "9(3)" = ["昼休みにインスタ見てもいい？", "仕事中にXに投稿したらまずい？"]

They are searched with the clause (they bring the staff wording the formal
text lacks) but never shown: an answer always quotes the document itself.
Entries for a document or clause number the corpus no longer has are
skipped and reported by ``guidebot corpus check``.
"""

from __future__ import annotations

import re
from pathlib import Path

from bot.corpus.files import TomlFile, read_toml
from bot.corpus.findings import NOTE, CorpusError, Finding
from bot.corpus.model import Document

QUESTIONS_DIR = "questions"


def question_files(corpus_dir: Path) -> list[Path]:
    """The question files of a corpus directory, sorted by name."""
    return sorted((corpus_dir / QUESTIONS_DIR).glob("*.toml"))


def read_questions(corpus_dir: Path, documents: list[Document]) -> tuple[dict[str, tuple[str, ...]], list[Finding]]:
    """Questions by clause id, and a note (a Finding) for each entry matching no clause. A
    clause whose entry is an empty list has the questions ``()``.

    A file that is not valid TOML, or an entry that is not a list of
    strings, raises CorpusError with file and line.
    """
    clauses = {doc.id: {c.number for c in doc.clauses} for doc in documents}
    found: dict[str, tuple[str, ...]] = {}
    stale: list[Finding] = []
    for path in question_files(corpus_dir):
        file = _read(path)
        doc_id = path.stem
        if doc_id not in clauses:
            stale.append(Finding(NOTE, str(path), 1, f"no corpus document has id '{doc_id}'; these questions are not searched"))
            continue
        for number, questions in file.data.items():
            if number not in clauses[doc_id]:
                stale.append(Finding(NOTE, str(path), _key_line(file, number), f"[{number}] is not a clause of '{doc_id}'; its questions are not searched"))
                continue
            kept = tuple(q.strip() for q in questions if q.strip())
            if kept or not questions:  # an empty list: none, and none borrowed (bot.engine.borrow)
                found[f"{doc_id}:{number}"] = kept
    return found, stale


def _read(path: Path) -> TomlFile:
    """A question file whose every entry is a list of strings."""
    file = read_toml(path, "question file")
    for number, questions in file.data.items():
        if not isinstance(questions, list) or not all(isinstance(q, str) for q in questions):
            raise CorpusError(path, _key_line(file, number), f'[{number}] needs a list of questions: "{number}" = ["...", ...]')
    return file


def _key_line(file: TomlFile, number: str) -> int:
    """The line where a clause number's entry starts, for messages."""
    pattern = re.compile(rf"^\s*[\"']?{re.escape(number)}[\"']?\s*=")
    return file.line(pattern.match)
