"""`guidebot corpus check`: every problem in the corpus, with file and line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bot.engine.corpus import HEADING, CorpusError, Document, parse_document, read_text
from bot.engine.questions import read_questions
from bot.engine.thesaurus import THESAURUS_FILE, group_line, read_groups
from bot.engine.tokens import search_form
from bot.ingest.reiki import canonical

FRONT_ID = re.compile(r"^id:[ \t]*['\"]?([^\s'\"]+)", re.MULTILINE)
REF_PREFIX = re.compile(r"^(?:ガイドライン|指針|要領|第)")


@dataclass(frozen=True)
class Finding:
    """An error (the corpus cannot be used) or a note (worth a look)."""

    level: str
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.level}: {self.path}:{self.line}: {self.message}"


def check(directory: Path) -> tuple[list[Document], list[Finding]]:
    """Read every document in ``directory`` and report all problems found."""
    findings: list[Finding] = []
    documents: list[tuple[Path, Document]] = []
    owners: dict[str, Path] = {}
    paths = sorted(directory.glob("*.md")) if directory.is_dir() else []
    if not paths:
        return [], [Finding("error", str(directory), 0, "no corpus documents (*.md) found")]
    for path in paths:
        try:
            text = read_text(path, "the document")
        except CorpusError as exc:
            findings.append(_finding("error", exc))
            continue
        doc_id = FRONT_ID.search(text[:2000])
        if doc_id and doc_id.group(1) in owners:
            findings.append(Finding("error", str(path), 2, f"document id '{doc_id.group(1)}' is also used by {owners[doc_id.group(1)]}"))
            continue
        if doc_id:
            owners[doc_id.group(1)] = path
        problems = _scan(path, text)
        findings += problems
        if problems:
            continue
        try:
            documents.append((path, parse_document(text, path)))
        except CorpusError as exc:
            findings.append(_finding("error", exc))
    findings += _references(documents)
    findings += _questions(directory, [doc for _, doc in documents])
    findings += _thesaurus(directory)
    if not any(f.level == "error" for f in findings):
        findings += _borrowing(directory)
    return [doc for _, doc in documents], findings


def _borrowing(directory: Path) -> list[Finding]:
    """A note for each document whose clauses have no 想定質問 and resemble no other
    document's clause that has: they borrow no staff wording (bot.engine.borrow)."""
    from bot.engine.index import read_corpus
    from bot.engine.tokens import Tokenizer

    reading = read_corpus(directory, Tokenizer())
    asked = {c.doc_id for c, t in zip(reading.clauses, reading.terms) if t.questions}
    return [
        Finding("note", str(directory / f"{doc.id}.md"), 1,
                f"'{doc.id}' borrows no staff wording: none of its clauses is like another document's; "
                f"write its 想定質問 in questions/{doc.id}.toml")
        for doc in reading.documents
        if doc.borrow and doc.id not in asked and asked
    ]


def _scan(path: Path, text: str) -> list[Finding]:
    """Duplicate clause numbers and clauses without text, all of them, not just the first."""
    found, seen = [], {}
    open_clause: tuple[int, str] | None = None
    has_text = False

    def close() -> None:
        if open_clause and not has_text:
            found.append(Finding("error", str(path), open_clause[0], f"clause [{open_clause[1]}] has no text"))

    for lineno, line in enumerate(text.splitlines(), start=1):
        match = HEADING.match(line)
        if not match:
            has_text = has_text or bool(line.strip())
            continue
        close()
        number = (match.group(2) or "").strip()
        open_clause, has_text = ((lineno, number) if number else None), False
        if number and number in seen:
            found.append(Finding("error", str(path), lineno, f"clause number [{number}] already used on line {seen[number]}"))
        if number:
            seen.setdefault(number, lineno)
    close()
    return found


def _references(documents: list[tuple[Path, Document]]) -> list[Finding]:
    """FAQ references such as 【ガイドライン 3.1 (5)】 that match no clause of their organization's guideline."""
    numbers: dict[str, set[str]] = {}
    for _, doc in documents:
        if doc.kind == "guideline":
            numbers.setdefault(doc.organization, set()).update(_normal(c.number) for c in doc.clauses)
    findings = []
    for path, doc in documents:
        known = numbers.get(doc.organization)
        referring = [clause for clause in doc.clauses if clause.refs]
        if known is None and referring:
            findings.append(Finding("note", str(path), referring[0].line,
                                    f"{len(referring)} entries cite a guideline of organization '{doc.organization}' "
                                    "that is not in the corpus; their references are not checked"))
            continue
        for clause in referring:
            for ref in clause.refs:
                if not any(n == _normal(ref) or n.startswith(_normal(ref) + "(") for n in known):
                    findings.append(Finding("error", str(path), clause.line,
                                            f"[{clause.number}] refers to 【{ref}】, which matches no clause"))
    return findings


def _questions(directory: Path, documents: list[Document]) -> list[Finding]:
    """A malformed question file (error) and questions for clauses the corpus lacks (note)."""
    try:
        _, stale = read_questions(directory, documents)
    except CorpusError as exc:
        return [_finding("error", exc)]
    return [_finding("note", exc) for exc in stale]


def _thesaurus(directory: Path) -> list[Finding]:
    """A malformed thesaurus file (error: the index cannot be built from it); notes
    for a word listed twice in one group, a group of one word (it links nothing)
    and a word in two groups (its questions search both meanings)."""
    path = directory / THESAURUS_FILE
    try:
        groups = read_groups(path)
    except CorpusError as exc:
        return [_finding("error", exc)]
    findings, first_group = [], {}
    for number, group in enumerate(groups, start=1):
        words = [search_form(w).strip() for w in group["words"]]
        notes = [f"group {number} lists {word!r} more than once" for word in sorted({w for w in words if words.count(w) > 1})]
        if len(set(words)) == 1:
            notes.append(f"group {number} has one word only: it links that word to nothing")
        for word in dict.fromkeys(words):
            if first_group.setdefault(word, number) != number:
                notes.append(f"{word!r} is also in group {first_group[word]}: a question with it searches both groups; keep a group to one meaning")
        findings += [Finding("note", str(path), group_line(path, number), note) for note in notes]
    return findings


def _finding(level: str, exc: CorpusError) -> Finding:
    return Finding(level, exc.path, exc.line, exc.message)


def _normal(number: str) -> str:
    text = REF_PREFIX.sub("", canonical(number))  # 第3条(1) is 第3条第1号
    return text.replace(".(", "(").rstrip(".")
