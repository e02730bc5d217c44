"""Turn guideline files (text, PDF, Word, FAQ tables) into corpus documents."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bot.corpus.model import Document


class IngestError(Exception):
    """An input that cannot be ingested; the message names the file and what to do."""

    def __init__(self, path: Path | str, problem: str, action: str):
        self.path = str(path)
        super().__init__(f"{path}: {problem}. {action}")


@dataclass(frozen=True)
class Notice:
    """Something a person should look at, at a line of the input."""

    line: int
    message: str
    page: int = 0

    def where(self, source: Path | str) -> str:
        """``file:line``, or ``file: page P, line L`` for a paged input such as a PDF."""
        return f"{source}: page {self.page}, line {self.line}" if self.page else f"{source}:{self.line}"


@dataclass
class Result:
    """One ingested document and the warnings found on the way."""

    document: Document
    warnings: list[Notice] = field(default_factory=list)
