"""Writing the corpus files of one ingest all or nothing."""

from __future__ import annotations

import os
import secrets
import stat
import tempfile
from pathlib import Path

from bot.corpus.files import write_text_atomic


def write_all(files: list[tuple[Path, str]]) -> None:
    """Write every ``(path, text)``: first each beside its place, then all moved into place. If a
    move fails, the files already moved are put back as they were. Raises OSError; on failure
    the corpus is as it was."""
    staged: list[tuple[Path, Path]] = []
    moved: list[tuple[Path, Path | None]] = []
    try:
        for path, text in files:
            aside = path.with_name(f".{path.name}.{secrets.token_hex(4)}.new")
            staged.append((path, aside))
            write_text_atomic(aside, text)
            if path.exists():
                os.chmod(aside, stat.S_IMODE(path.stat().st_mode))  # a replaced file keeps its permissions
        for path, aside in staged:
            backup = _set_aside(path)
            try:
                os.replace(aside, path)
            except OSError:
                if backup:
                    os.replace(backup, path)
                raise
            moved.append((path, backup))
    except OSError:
        for path, backup in reversed(moved):
            if backup:
                os.replace(backup, path)
            else:
                path.unlink(missing_ok=True)
        raise
    finally:
        for _, aside in staged:
            aside.unlink(missing_ok=True)
    for _, backup in moved:
        if backup:
            backup.unlink(missing_ok=True)


def _set_aside(path: Path) -> Path | None:
    """Move an existing file out of the way (to be put back if a later move fails)."""
    if not path.is_file():
        return None
    fd, backup = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".old", dir=path.parent)
    os.close(fd)
    os.replace(path, backup)
    return Path(backup)
