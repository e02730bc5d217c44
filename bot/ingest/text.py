"""Structure detection: numbered plain text (often extracted from a PDF) to a corpus Document."""

from __future__ import annotations

import bisect
from pathlib import Path

from bot.corpus.markdown import split_reference
from bot.corpus.model import Clause, Document
from bot.ingest import IngestError, Notice, Result, reiki
from bot.ingest import lines as L
from bot.ingest.builder import GROUPS, Builder, Node


def build(text: str, path: Path, doc_id: str, title: str = "", org: str = "", source: str = "") -> Result:
    """Detect the numbering of ``text`` and return it as a corpus document."""
    raw = L.BREAKS.split(text)  # a U+2028 or a lone CR breaks the line here as it will in the corpus file
    heads = L.running_heads(raw)
    cleaned = L.clean(raw, title, heads)
    lines = [t for _, t in cleaned]
    builder = reiki.ReikiBuilder(reiki.wrap_width(lines)) if reiki.detect(lines) else Builder(L.wrap_width(lines))
    reported: set[str] = set()
    for number, head in sorted(heads.items()):
        if L.DIGITS.sub("#", head) not in reported:
            reported.add(L.DIGITS.sub("#", head))
            builder.notices.append(Notice(number, f"'{head}' repeats at the top or bottom of the pages; left out as a header/footer"))
    if title:
        builder.meta["title"] = title
    for i, (line, content) in enumerate(cleaned):
        builder.feed(line, content, cleaned[i + 1][1] if i + 1 < len(cleaned) else None)
    if not builder.numbered and not builder.questions:
        raise IngestError(path, "no numbered clauses found (1, (1), 第1条, Q. …)",
                          "Number the clauses as the guideline does, or give an FAQ table with id, question, answer")
    clauses = list(_clauses(builder, doc_id))
    meta = builder.meta
    document = Document(
        id=doc_id, title=meta.get("title") or doc_id, kind="faq" if builder.questions else "guideline",
        issuer=meta.get("issuer", ""), org=org, version=meta.get("version", ""), date=meta.get("date", ""),
        source=source, clauses=tuple(clauses),
    )
    return Result(document, _on_pages(builder.notices, raw))


def _on_pages(notices: list[Notice], raw: list[str]) -> list[Notice]:
    """Notices of a paged text (form feeds) located by page and line on the page."""
    starts = sorted({1} | {number for number, line in enumerate(raw, start=1) if "\f" in line})
    if len(starts) == 1:
        return notices
    located = []
    for notice in notices:
        page = bisect.bisect_right(starts, notice.line)
        located.append(Notice(notice.line - starts[page - 1] + 1, notice.message, page))
    return located


def _clauses(builder: Builder, doc_id: str):
    seen: dict[str, int] = {}
    is_faq = bool(builder.questions)

    def clause(node: Node, number: str, path: tuple[str, ...]) -> Clause:
        if number in seen:
            seen[number] += 1
            builder.notices.append(Notice(node.line, f"clause number [{number}] used twice; renamed [{number}_{seen[number]}]"))
            number = f"{number}_{seen[number]}"
        seen.setdefault(number, 1)
        heading, refs = split_reference(node.heading) if is_faq else (node.heading, ())
        return Clause(doc_id, number, heading, "\n".join(node.body), path, refs, is_faq)

    def walk(node: Node, path: tuple[str, ...]):
        for child in node.children:
            if not child.body and not child.children:
                if child.style == "question" or not child.heading:
                    builder.notices.append(Notice(child.line, "heading without text (or question without A.); left out"))
                    continue
                child.body, child.heading = [child.heading], ""
            if child.style in GROUPS and child.body:
                yield clause(child, child.label.strip("【】"), path)
            elif child.body:
                made = clause(child, child.number, path)
                yield made
                yield from walk(child, (*path, made.label))
                continue
            yield from walk(child, (*path, child.label) if child.label else path)

    if builder.root.body:
        yield clause(builder.root, "前文", ())
    yield from walk(builder.root, ())
