"""Whether a Document built by ingest can be written as a corpus file and read back unchanged.

Checked on the Document itself, rule by rule of bot.corpus.markdown, so that
ingest writes each file once: what dump_document writes for a Document with
no problems here, parse_document reads back as the same Document.
"""

from __future__ import annotations

import re

from bot.corpus.markdown import HEADING, META_FIELDS, NO_CLAUSES, clause_heading, split_reference
from bot.corpus.model import ID_PATTERN, KINDS, Clause, Document

LINE_BREAK = re.compile(r"[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")  # where str.splitlines() breaks a line
MAX_DEPTH = 4  # headings above a clause: ## to ##### (the clause itself at ###### at most)


def problems(doc: Document) -> list[str]:
    """What keeps ``doc`` from being written as a corpus file and read back the same (none: it can be)."""
    return [*_front_matter(doc), *_clauses(doc)]


def _front_matter(doc: Document) -> list[str]:
    found = []
    if not ID_PATTERN.match(doc.id):
        found.append(f"id '{doc.id}' must be lower-case letters, digits, '-' or '_'")
    if not doc.title:
        found.append("front matter needs 'title'")
    if doc.kind not in KINDS:
        found.append(f"kind must be one of {', '.join(KINDS)}, not '{doc.kind}'")
    for key in META_FIELDS:
        value = getattr(doc, key)
        if isinstance(value, str) and (value != value.strip() or LINE_BREAK.search(value)):
            found.append(f"{key} {value!r} has spaces at its ends or a line break")
    return found


def _clauses(doc: Document) -> list[str]:
    if not doc.clauses:
        return [NO_CLAUSES]
    found, seen = [], set()
    for clause in doc.clauses:
        where = f"clause [{clause.number}]"
        if clause.number in seen:
            found.append(f"clause number [{clause.number}] used twice")
        seen.add(clause.number)
        if clause.doc_id != doc.id:
            found.append(f"{where} belongs to document '{clause.doc_id}', not '{doc.id}'")
        if clause.is_faq != (doc.kind == "faq"):
            found.append(f"{where} {'is' if clause.is_faq else 'is not'} an FAQ entry in a document of kind {doc.kind}")
        if not clause.body.strip():
            found.append(f"{where} has no text")
        body = _body(clause.body) if clause.body.strip() else []
        found += [f"{where}: {problem}" for problem in (*_heading(clause), *_path(clause), *body)]
    return found


def _heading(clause: Clause) -> list[str]:
    if clause.is_faq and not clause.refs and split_reference(clause.heading)[1]:
        return ["the question ends with 【…】, which would be read back as its reference"]
    line = clause_heading(clause)
    match = HEADING.match(line)
    number, heading = ((match.group(2) or "").strip(), match.group(3).strip()) if match else (None, None)
    heading, refs = split_reference(heading) if clause.is_faq and clause.refs else (heading, clause.refs)
    if LINE_BREAK.search(line) or number != clause.number or heading != clause.heading:
        return [f"the number and heading {line[3:]!r} would not read back as written (a ']', a line break, or spaces at an end)"]
    if refs != clause.refs or (refs and not clause.is_faq):
        return [f"the references {clause.refs!r} would not read back as written (only an FAQ entry keeps references)"]
    return []


def _path(clause: Clause) -> list[str]:
    if len(clause.path) > MAX_DEPTH:
        return [f"{len(clause.path)} headings above it; the format holds {MAX_DEPTH}"]
    found = []
    for label in clause.path:
        match = HEADING.match(f"## {label}")
        if not label or LINE_BREAK.search(label) or not match or match.group(2) or match.group(3).strip() != label:
            found.append(f"the heading {label!r} above it would not read back as written")
    return found


def _body(body: str) -> list[str]:
    if body != body.strip():
        return ["the text has spaces or blank lines at its ends"]
    found = []
    for line in body.split("\n"):
        if LINE_BREAK.search(line):
            found.append(f"the line {line!r} holds a line break other than a newline")
        elif line != line.rstrip():
            found.append(f"the line {line!r} has spaces at its end")
        elif HEADING.match(line) or line.startswith("# "):
            found.append(f"the line {line!r} would read as a heading")
    return found
