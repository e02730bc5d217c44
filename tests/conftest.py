"""Shared fixtures: the tokenizer and an engine over the repo's own corpus, built once per session."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from bot.engine.search import Engine
from bot.engine.tokens import Tokenizer

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"


@pytest.fixture(scope="session")
def tokenizer() -> Tokenizer:
    return Tokenizer()


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory, tokenizer) -> Path:
    """An index of the repo's corpus in a temporary directory."""
    path = tmp_path_factory.mktemp("index") / "seed.sqlite"
    Engine.open(path, CORPUS, tokenizer=tokenizer)
    return path


@pytest.fixture(scope="session")
def engine(seed_index, tokenizer) -> Engine:
    return Engine(seed_index, tokenizer=tokenizer)


def damage_table(index, table):
    """Overwrite the first page of one table of an SQLite file with garbage."""
    with closing(sqlite3.connect(index)) as db:
        page = db.execute("select rootpage from sqlite_master where name = ?", (table,)).fetchone()[0]
        size = db.execute("pragma page_size").fetchone()[0]
    with open(index, "r+b") as file:
        file.seek((page - 1) * size)
        file.write(bytes(range(256)) * (size // 256))
