"""A seed corpus with a city's guideline beside it, as a city that has just ingested its own would have."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import CORPUS

CITY = """---
id: kitaura
title: 北浦市職員のソーシャルメディア利用指針
org: kitaura
---

## [1] 勤務時間中の利用

職員は、勤務時間中に私的な目的でソーシャルメディアを閲覧し、又は発信してはならない。

## [2] 肖像権の尊重

他人が写った写真や動画を掲載するときは、写っている人の同意を得ること。

## [3] 庁舎の花壇

庁舎の花壇には、季節ごとに市の花であるツツジを植える。
"""


@pytest.fixture
def city_corpus(tmp_path):
    directory = tmp_path / "corpus"
    shutil.copytree(CORPUS, directory)
    (directory / "kitaura.md").write_text(CITY, encoding="utf-8")
    return directory


