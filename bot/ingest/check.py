"""`guidebot corpus check`: every problem in the corpus, with file and line."""

from __future__ import annotations

import re
from pathlib import Path

from bot.corpus.files import read_documents
from bot.corpus.findings import ERROR, NOTE, CorpusError, Finding
from bot.corpus.model import Document
from bot.corpus.questions import read_questions
from bot.corpus.thesaurus_file import THESAURUS_FILE, read_located_groups
from bot.engine.tokens import search_form
from bot.ingest.reiki import canonical

REF_PREFIX = re.compile(r"^(?:ガイドライン|指針|要領|第)")


def check(directory: Path) -> tuple[list[Document], list[Finding]]:
    """Read every document in ``directory`` and report all problems found."""
    documents, findings = read_documents(directory)
    findings += _references(documents)
    findings += _questions(directory, [doc for _, doc in documents])
    findings += _thesaurus(directory)
    if not any(f.level == ERROR for f in findings):
        findings += _borrowing(directory)
    return [doc for _, doc in documents], findings


def _borrowing(directory: Path) -> list[Finding]:
    """A note for each document whose clauses have no 想定質問 and resemble no other
    document's clause that has: they borrow no staff wording (bot.engine.borrow)."""
    from bot.engine.corpus_terms import read_corpus
    from bot.engine.tokens import Tokenizer

    reading = read_corpus(directory, Tokenizer())
    asked = {c.doc_id for c, t in zip(reading.clauses, reading.terms) if t.questions}
    return [
        Finding(NOTE, str(directory / f"{doc.id}.md"), 1,
                f"'{doc.id}' borrows no staff wording: none of its clauses is like another document's; "
                f"write its 想定質問 in questions/{doc.id}.toml")
        for doc in reading.documents
        if doc.borrow and doc.id not in asked and asked
    ]


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
            findings.append(Finding(NOTE, str(path), referring[0].line,
                                    f"{len(referring)} entries cite a guideline of organization '{doc.organization}' "
                                    "that is not in the corpus; their references are not checked"))
            continue
        for clause in referring:
            for ref in clause.refs:
                if not any(n == _normal(ref) or n.startswith(_normal(ref) + "(") for n in known):
                    findings.append(Finding(ERROR, str(path), clause.line,
                                            f"[{clause.number}] refers to 【{ref}】, which matches no clause"))
    return findings


def _questions(directory: Path, documents: list[Document]) -> list[Finding]:
    """A malformed question file (error) and questions for clauses the corpus lacks (note)."""
    try:
        _, stale = read_questions(directory, documents)
    except CorpusError as exc:
        return [exc.finding()]
    return stale


def _thesaurus(directory: Path) -> list[Finding]:
    """A malformed thesaurus file (error: the index cannot be built from it); notes
    for a word listed twice in one group, a group of one word (it links nothing)
    and a word in two groups (its questions search both meanings)."""
    path = directory / THESAURUS_FILE
    try:
        groups = read_located_groups(path)
    except CorpusError as exc:
        return [exc.finding()]
    findings, first_group = [], {}
    for number, (line, group) in enumerate(groups, start=1):
        words = [search_form(w).strip() for w in group["words"]]
        notes = [f"group {number} lists {word!r} more than once" for word in sorted({w for w in words if words.count(w) > 1})]
        if len(set(words)) == 1:
            notes.append(f"group {number} has one word only: it links that word to nothing")
        for word in dict.fromkeys(words):
            if first_group.setdefault(word, number) != number:
                notes.append(f"{word!r} is also in group {first_group[word]}: a question with it searches both groups; keep a group to one meaning")
        findings += [Finding(NOTE, str(path), line, note) for note in notes]
    return findings


def _normal(number: str) -> str:
    text = REF_PREFIX.sub("", canonical(number))  # 第3条(1) is 第3条第1号
    return text.replace(".(", "(").rstrip(".")
