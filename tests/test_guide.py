"""The Guide: answers are logged, corpus edits reach a running bot, and a replaced or damaged index is repaired."""

from __future__ import annotations

import os
import shutil
import time

from click.testing import CliRunner

from bot.cli import cli
from bot.engine import index as index_file
from bot.engine.search import Engine
from bot.engine.answer import Problem
from bot.guide import Guide
from bot.questionlog.store import LogStore
from tests.conftest import CORPUS, damage_table

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
    assert guide.reload_changed(corpus, None) is None and guide.engine is not first
    assert guide.ask("ペンギンの飼育について", "terminal", None)[0].results[0].id == "zoo:1"


def test_a_corpus_that_does_not_build_keeps_the_engine_and_is_tried_once(tmp_path, tokenizer, caplog):
    guide, corpus = guide_over_a_copy(tmp_path, tokenizer)
    first = guide.engine
    (corpus / "thesaurus.toml").write_text('[[group]]\nwords = ["a"\n', encoding="utf-8")
    failed = guide.reload_changed(corpus, None)
    assert failed == index_file.fingerprint(corpus) and guide.engine is first
    assert guide.reload_changed(corpus, failed) == failed
    assert sum("could not be rebuilt" in r.getMessage() for r in caplog.records) == 1
    assert guide.ask("昼休みに投稿していい?", "terminal", None)[0].answered


QUESTION = "昼休みに投稿していい?"


def overwrite(path, data: bytes) -> None:
    """Write over a file in place (same inode), as a backup copied over it would."""
    with open(path, "r+b") as file:
        file.write(data)
        file.truncate()


def test_a_damaged_index_is_rebuilt_at_the_first_question_when_reloading_is_off(tmp_path, tokenizer):
    guide, _ = guide_over_a_copy(tmp_path, tokenizer)
    damage_table(guide.engine.index_path, "clauses")
    answer, question_id = guide.ask(QUESTION, "terminal", None)
    assert answer.answered and answer.problem is None
    assert index_file.is_readable(guide.engine.index_path)
    [row] = guide.log.db["questions"].rows
    assert row["id"] == question_id and row["error"] is None


def test_while_the_index_cannot_be_repaired_each_question_gets_an_error_reply_and_a_logged_reason(tmp_path, tokenizer):
    guide, corpus = guide_over_a_copy(tmp_path, tokenizer)
    shutil.rmtree(corpus)  # nothing to rebuild from
    overwrite(guide.engine.index_path, b"not a database" * 100)
    for _ in range(2):
        answer, _ = guide.ask(QUESTION, "dm", "U1")
        assert not answer.answered and answer.problem is Problem.INDEX_BROKEN
    [first, second] = guide.log.failures()
    assert first.question == QUESTION and first.surface == "dm" and "index" in first.reason
    assert guide.log.unanswered() == []  # not a gap in the guidelines
    result = CliRunner().invoke(cli, ["report", "--log", str(guide.log.path)])
    failures = result.output.split("■ エラーで答えられなかった質問")[1]
    assert QUESTION in failures and "unreadable" in failures


def wait_until_answered(guide, seconds: float = 30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        answer, _ = guide.ask(QUESTION, "dm", None)
        if answer.answered:
            return answer
        assert answer.problem is Problem.INDEX_BROKEN
        time.sleep(0.05)
    raise AssertionError(f"the index was not repaired within {seconds} s")


def test_the_watcher_rebuilds_an_index_damaged_in_place(tmp_path, tokenizer):
    guide, corpus = guide_over_a_copy(tmp_path, tokenizer)
    guide.watch(corpus, 0.2)
    overwrite(guide.engine.index_path, b"\0" * 4096)
    assert guide.ask(QUESTION, "dm", None)[0].problem is Problem.INDEX_BROKEN  # the engine's file is garbage now
    wait_until_answered(guide)
    assert [f.question for f in guide.log.failures()][-1] == QUESTION


def test_the_watcher_reopens_an_index_replaced_by_another_file(tmp_path, tokenizer):
    guide, corpus = guide_over_a_copy(tmp_path, tokenizer)
    first = guide.engine
    other = tmp_path / "other-corpus"
    other.mkdir()
    (other / "zoo.md").write_text(ZOO, encoding="utf-8")
    index_file.build(other, tmp_path / "other.sqlite", tokenizer)
    os.replace(tmp_path / "other.sqlite", first.index_path)  # an old backup restored over the index
    guide.watch(corpus, 0.2)
    deadline = time.monotonic() + 30
    while guide.engine is first or not index_file.is_current(guide.engine.index_path, corpus):
        assert time.monotonic() < deadline, "the replaced index was never noticed"
        time.sleep(0.05)
    assert guide.ask(QUESTION, "dm", None)[0].answered
    assert guide.engine.fingerprint == index_file.fingerprint(corpus)


def test_a_conversation_reads_follow_ups_with_its_questions_and_forgets_after_the_window(seed_index, tokenizer, tmp_path):
    from bot.conversation import Conversations

    guide = Guide(Engine(seed_index, tokenizer=tokenizer), LogStore(tmp_path / "log.sqlite", salt=b"salt"), "広報課")
    first, first_id = guide.ask("昼休みに投稿していい？", "dm", "U1", "slack:D1:")
    follow, follow_id = guide.ask("じゃあ業務用スマホからなら？", "dm", "U1", "slack:D1:")
    other, _ = guide.ask("じゃあ業務用スマホからなら？", "dm", "U2", "slack:D2:")
    assert follow.follows == "昼休みに投稿していい？" and not other.follows
    assert guide.log.db["questions"].get(follow_id)["follows"] == first_id
    assert guide.ask("", "dm", "U1", "slack:D1:")[0].problem  # a problem is not remembered
    assert [a.question for a in guide.conversations.earlier("slack:D1:")] == ["昼休みに投稿していい？", "じゃあ業務用スマホからなら？"]
    forgetful = Guide(guide.engine, guide.log, "広報課", conversations=Conversations(window_seconds=0))
    forgetful.ask("昼休みに投稿していい？", "dm", "U1", "k")
    time.sleep(0.01)
    assert not forgetful.ask("じゃあ業務用スマホからなら？", "dm", "U1", "k")[0].follows


def closed(engine: Engine) -> bool:
    """True once ``engine`` has closed its index: a question that needs it fails (the file it opened is
    still readable: a rebuild puts a new file in its place)."""
    try:
        engine.ask(f"ペンギンの飼育{time.monotonic_ns()}について")  # a word no cache holds
    except index_file.IndexUnavailable:
        return True
    return False


def test_the_watcher_closes_each_engine_it_replaced_and_keeps_the_current_one_open(tmp_path, tokenizer):
    guide, corpus = guide_over_a_copy(tmp_path, tokenizer)
    guide.watch(corpus, 0.1)
    engines = [guide.engine]
    for text in (ZOO, ZOO.replace("ペンギン", "ペンギンとアザラシ")):  # two edits: two engines retired in turn
        (corpus / "zoo.md").write_text(text, encoding="utf-8")
        deadline = time.monotonic() + 60
        while guide.engine is engines[-1]:
            assert time.monotonic() < deadline, "the edit was never picked up"
            time.sleep(0.05)
        engines.append(guide.engine)
    deadline = time.monotonic() + 60
    while not all(closed(engine) for engine in engines[:-1]):
        assert time.monotonic() < deadline, "a replaced engine was never closed"
        time.sleep(0.05)
    current = engines[-1]
    assert guide.engine is current and not closed(current)
    assert guide.ask("アザラシの飼育について", "dm", None)[0].results[0].id == "zoo:1"


def test_a_shared_answer_the_log_cannot_read_is_none_and_logged(tmp_path, tokenizer, caplog):
    guide, _ = guide_over_a_copy(tmp_path, tokenizer)
    _, question_id = guide.ask(QUESTION, "slash", "U1")
    assert guide.given(question_id).question == QUESTION
    guide.log.close()
    assert guide.given(question_id) is None
    assert any("could not read the answer" in r.getMessage() for r in caplog.records)
