"""Turn guideline files (text, PDF, Word, FAQ tables) into corpus documents."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bot.engine.corpus import Document


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


@dataclass
class Result:
    """One ingested document and the warnings found on the way."""

    document: Document
    warnings: list[Notice] = field(default_factory=list)
