"""The README's folder table names every module of bot/, and only modules that exist."""

from __future__ import annotations

import re

from tests.conftest import REPO

ROW = re.compile(r"^\| (?P<places>[^|]+) \| (?P<what>.+) \|$", re.M)


def table_rows(readme: str) -> list[tuple[str, str]]:
    section = readme.split("## How it works", 1)[1].split("\n## ", 1)[0]
    return [(m["places"], m["what"]) for m in ROW.finditer(section)]


def named_modules(rows: list[tuple[str, str]]) -> set[str]:
    """Every ``bot/…py`` path the table names: in full, or as ``name.py`` in a folder's row."""
    named = set()
    for places, what in rows:
        named.update(re.findall(r"`(bot/[\w/]+\.py)`", places))
        for folder in re.findall(r"`(bot/[\w/]+/)`", places):
            named.update(folder + name for name in re.findall(r"`(\w+\.py)`", what))
    return named


def test_every_module_of_bot_is_in_the_folder_table_and_every_module_named_exists():
    rows = table_rows((REPO / "README.md").read_text(encoding="utf-8"))
    named = named_modules(rows)
    modules = {p.relative_to(REPO).as_posix() for p in (REPO / "bot").rglob("*.py")
               if p.name not in ("__init__.py", "__main__.py")}
    assert modules - named == set(), "modules the README's folder table does not describe"
    assert named - modules == set(), "modules the README's folder table names that do not exist"


def test_a_module_missing_from_the_table_is_found():
    rows = table_rows("## How it works\n\n| folder | what |\n|---|---|\n| `bot/engine/` | `search.py` (Engine) |\n\n## Next\n")
    assert named_modules(rows) == {"bot/engine/search.py"}
