"""A seed corpus with a city's guideline beside it, as a city that has just ingested its own would have."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import CORPUS, REPO

CITY = (REPO / "tests" / "data" / "city" / "kitaura.md").read_text(encoding="utf-8")  # also README's example city


@pytest.fixture
def city_corpus(tmp_path):
    directory = tmp_path / "corpus"
    shutil.copytree(CORPUS, directory)
    (directory / "kitaura.md").write_text(CITY, encoding="utf-8")
    return directory


