"""The Guide: answers are logged, and corpus edits reach a running bot."""

from __future__ import annotations

import shutil

from bot.engine import index as index_file
from bot.engine.search import Engine
from bot.guide import Guide
from bot.logstore import LogStore
from tests.conftest import CORPUS

ZOO = "---\nid: zoo\ntitle: 動物園\n---\n\n## [1] ペンギンの飼育\n\nペンギンの写真の発信は広報が行う。\n"


def guide_over_a_copy(tmp_path, tokenizer):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    engine = Engine.open(tmp_path / "index.sqlite", corpus, tokenizer=tokenizer)
    return Guide(engine, LogStore(tmp_path / "log.sqlite", salt=b"salt"), "広報課"), corpus


def test_an_edit_is_picked_up_even_when_another_command_rebuilt_the_index_first(tmp_path, tokenizer):
    guide, corpus = guide_over_a_copy(tmp_path, tokenizer)
    first = guide.engine
    (corpus / "zoo.md").write_text(ZOO, encoding="utf-8")
    index_file.build(corpus, first.index_path, tokenizer)  # as `guidebot ask` run by the owner would
    assert not guide.ask("ペンギンの飼育について", "terminal", None)[0].answered  # still the engine it started with
    assert guide._reload(corpus, None) is None and guide.engine is not first
    assert guide.ask("ペンギンの飼育について", "terminal", None)[0].results[0].id == "zoo:1"


def test_a_corpus_that_does_not_build_keeps_the_engine_and_is_tried_once(tmp_path, tokenizer, caplog):
    guide, corpus = guide_over_a_copy(tmp_path, tokenizer)
    first = guide.engine
    (corpus / "thesaurus.toml").write_text('[[group]]\nwords = ["a"\n', encoding="utf-8")
    failed = guide._reload(corpus, None)
    assert failed == index_file.fingerprint(corpus) and guide.engine is first
    assert guide._reload(corpus, failed) == failed
    assert sum("could not be rebuilt" in r.getMessage() for r in caplog.records) == 1
    assert guide.ask("昼休みに投稿していい?", "terminal", None)[0].answered
