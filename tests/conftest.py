"""Shared fixtures: the tokenizer and an engine over the repo's own corpus, built once per session."""

from __future__ import annotations

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
