"""pyproject.toml declares what the code imports, and the lock files pin what pyproject declares.

Every third-party module imported by ``bot/`` (or by ``tests/``) is provided by
a distribution that pyproject.toml lists in ``dependencies`` (or in the ``dev``
extra); every listed distribution is imported, unless NOT_IMPORTED says why it
is needed anyway; and requirements.lock / requirements-dev.lock pin each listed
distribution at a version its specifier allows (run `make lock` when this fails).
"""

from __future__ import annotations

import ast
import functools
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from tests.conftest import REPO

PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
RUNTIME = [Requirement(spec) for spec in PROJECT["dependencies"]]
DEV = [Requirement(spec) for spec in PROJECT["optional-dependencies"]["dev"]]
NOT_IMPORTED = {
    "unidic-lite": "the dictionary fugashi loads",
}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", re.MULTILINE)


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def imported_modules(folder: Path) -> set[str]:
    """Dotted names of the absolute imports in a folder's Python files, two levels deep."""
    names = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module)
    return {".".join(name.split(".")[:2]) for name in names if name.split(".")[0] not in {"bot", "tests", "__future__"}}


@functools.cache
def distribution_of(module: str) -> str | None:
    """The installed distribution that provides a module, or None for the standard library."""
    top = module.split(".")[0]
    if top in sys.stdlib_module_names:
        return None
    candidates = importlib.metadata.packages_distributions().get(top, [])
    if len(candidates) > 1:  # a namespace package shared by several distributions
        folder = module.replace(".", "/") + "/"
        candidates = [d for d in candidates if any(str(f).startswith(folder) for f in importlib.metadata.files(d) or ())]
    assert len(candidates) == 1, f"no single installed distribution provides {module}: {candidates}"
    return canonical(candidates[0])


@functools.cache
def third_party(folder: str) -> dict[str, str]:
    """Each third-party distribution a folder imports -> one module it imports from it."""
    found = {}
    for module in sorted(imported_modules(REPO / folder)):
        if (dist := distribution_of(module)) is not None:
            found.setdefault(dist, module)
    return found


def test_every_import_of_bot_is_a_declared_dependency():
    declared = {canonical(r.name) for r in RUNTIME}
    undeclared = {dist: module for dist, module in third_party("bot").items() if dist not in declared}
    assert not undeclared, f"imported by bot/ but not in pyproject's dependencies: {undeclared}"


def test_every_import_of_the_tests_is_declared():
    declared = {canonical(r.name) for r in (*RUNTIME, *DEV)}
    undeclared = {dist: module for dist, module in third_party("tests").items() if dist not in declared}
    assert not undeclared, f"imported by tests/ but not declared (dev extra): {undeclared}"


def test_every_declared_dependency_is_imported_or_says_why_not():
    used = set(third_party("bot")) | set(third_party("tests"))
    unused = [r.name for r in (*RUNTIME, *DEV) if canonical(r.name) not in used | set(NOT_IMPORTED)]
    assert not unused, f"declared in pyproject.toml but never imported: {unused}"


def pins(lock: str) -> dict[str, str]:
    return {canonical(name): version for name, version in PIN.findall((REPO / lock).read_text(encoding="utf-8"))}


@pytest.mark.parametrize("lock, requirements", [("requirements.lock", RUNTIME), ("requirements-dev.lock", [*RUNTIME, *DEV])])
def test_the_lock_pins_every_declared_dependency_within_its_specifier(lock, requirements):
    pinned = pins(lock)
    stale = [f"{r} (locked: {pinned.get(canonical(r.name), 'not at all')})" for r in requirements
             if canonical(r.name) not in pinned or not r.specifier.contains(pinned[canonical(r.name)], prereleases=True)]
    assert not stale, f"{lock} is out of date with pyproject.toml, run `make lock`: {stale}"

