"""Problems found reading the corpus, each with file and line."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ERROR = "error"  # the corpus cannot be used as it is
NOTE = "note"  # worth a look; the corpus still works


@dataclass(frozen=True)
class Finding:
    """An error or a note at a line of a corpus file (line 0: the file or directory as a whole)."""

    level: str
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.level}: {self.path}:{self.line}: {self.message}"


class CorpusError(ValueError):
    """A corpus file that cannot be read; the message names file and line."""

    def __init__(self, path: Path | str, line: int, message: str):
        self.path, self.line, self.message = str(path), line, message
        super().__init__(f"{path}:{line}: {message}")

    def finding(self, level: str = ERROR) -> Finding:
        """This problem as a finding of ``corpus check``."""
        return Finding(level, self.path, self.line, self.message)


def find_line(lines: Sequence[str], matches: Callable[[str], bool], default: int = 1) -> int:
    """The number of the first of ``lines`` that ``matches`` (counting from 1), or ``default``: where a message points."""
    return next((number for number, line in enumerate(lines, start=1) if matches(line)), default)
