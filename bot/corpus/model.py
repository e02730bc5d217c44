"""The corpus data model: a Document and its Clauses, as the engine reads them and ingest builds them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

KINDS = ("guideline", "faq")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass(frozen=True)
class Clause:
    """The smallest citable unit: a numbered clause or one FAQ entry."""

    doc_id: str
    number: str
    heading: str
    body: str
    path: tuple[str, ...] = ()
    refs: tuple[str, ...] = ()
    is_faq: bool = False
    line: int = field(default=0, compare=False)  # where the clause starts in the file it was read from

    @property
    def id(self) -> str:
        return f"{self.doc_id}:{self.number}"

    @property
    def label(self) -> str:
        """How the clause appears in a parent path: number and heading."""
        return f"{self.number} {self.heading}".strip()

    @property
    def text(self) -> str:
        """The clause's own full text; for an FAQ entry, question and answer."""
        return f"{self.heading}\n{self.body}" if self.is_faq else self.body


@dataclass(frozen=True)
class Document:
    """One guideline or FAQ, with its clauses in document order."""

    id: str
    title: str
    kind: str = "guideline"
    issuer: str = ""
    org: str = ""
    version: str = ""
    date: str = ""
    source: str = ""
    borrow: bool = True  # whether clauses without 想定質問 borrow other documents' (bot.engine.borrow)
    clauses: tuple[Clause, ...] = field(default=(), repr=False)

    @property
    def organization(self) -> str:
        """The organization this document belongs to (``org``, else its id)."""
        return self.org or self.id
