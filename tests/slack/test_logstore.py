"""The question log: what is stored, hashed user ids, concurrent writers, and the report."""

from __future__ import annotations

import sqlite3
import stat
import threading
from datetime import datetime, timedelta, timezone

import pytest
from click.testing import CliRunner

from bot.cli import cli
from bot.corpus.model import Clause
from bot.engine.answer import Answer, Hit, Problem
from bot.questionlog.store import LogStore, LogUnavailable, load_salt

CITED = Hit(Clause("ashiya", "9(3)", "勤務時間中の利用禁止", "本文。"), "芦屋市", 12.34567, "本文。")


@pytest.fixture
def log(tmp_path):
    store = LogStore(tmp_path / "log.sqlite", salt=b"salt")
    yield store
    store.close()


def test_a_question_is_stored_with_everything_the_owner_needs(log):
    question_id = log.add_question(Answer("昼休みに投稿していい？", True, (CITED,)), "dm", "U0001", 3.14159)
    [row] = log.db["questions"].rows
    assert row["id"] == question_id and row["time"].endswith("+00:00")
    assert (row["surface"], row["question"], row["answered"], row["problem"]) == ("dm", "昼休みに投稿していい？", 1, None)
    assert (row["clause_ids"], row["scores"], row["latency_ms"]) == ('["ashiya:9(3)"]', "[12.3457]", 3.14)
    assert row["user_hash"] and "U0001" not in row["user_hash"]
    assert log.db.journal_mode == "wal"


def test_user_ids_are_hashed_stably_and_depend_on_the_salt(tmp_path, log):
    other = LogStore(tmp_path / "other.sqlite", salt=b"another salt")
    assert log.user_hash("U0001") == log.user_hash("U0001") != log.user_hash("U0002")
    assert other.user_hash("U0001") != log.user_hash("U0001")
    assert log.user_hash(None) is None
    other.close()


def test_salt_comes_from_the_environment_or_a_private_file(tmp_path, monkeypatch):
    monkeypatch.delenv("GUIDEBOT_LOG_SALT", raising=False)
    path = tmp_path / "log.sqlite"
    first = load_salt(path)
    salt_file = tmp_path / "log.sqlite.salt"
    assert len(first) == 64 and load_salt(path) == first
    assert stat.S_IMODE(salt_file.stat().st_mode) == 0o600
    monkeypatch.setenv("GUIDEBOT_LOG_SALT", "from-env")
    assert load_salt(path) == b"from-env"


def test_unknown_surface_or_vote_is_refused(log):
    with pytest.raises(ValueError):
        log.add_question(Answer("q", True), "email", None, 1.0)
    with pytest.raises(ValueError):
        log.add_feedback("q1", "meh", None)


def test_concurrent_writers_lose_nothing(tmp_path, log):
    second = LogStore(tmp_path / "log.sqlite", salt=b"salt")  # a second connection, as a second process would have

    def write(store: LogStore, n: int) -> None:
        for i in range(25):
            question_id = store.add_question(Answer(f"質問 {n}-{i}", bool(i % 2)), "slash", f"U{n}", 1.0)
            store.add_feedback(question_id, "down", f"U{n}")

    threads = [threading.Thread(target=write, args=(log if n % 2 else second, n)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    second.close()
    assert log.db["questions"].count == 500 and log.db["feedback"].count == 500


def test_report_lists_unanswered_and_disliked_questions_most_frequent_first(log):
    for question in ["出張旅費は？", "出張旅費は?", "  出張旅費は ", "休暇は？", "給与は？", "給与は？"]:
        log.add_question(Answer(question, False), "dm", "U1", 1.0)
    log.add_question(Answer("写真", True, (CITED,)), "dm", "U1", 1.0)  # answered: not listed
    log.add_question(Answer("😀", False, problem=Problem.NO_WORDS), "dm", "U1", 1.0)  # bad input: not listed
    unanswered = log.unanswered()
    assert [(line.question.strip()[:4], line.count) for line in unanswered] == [("出張旅費", 3), ("給与は？", 2), ("休暇は？", 1)]

    photo = log.add_question(Answer("写真を載せていい？", True, (CITED,)), "slash", "U1", 1.0)
    lunch = log.add_question(Answer("昼休みは？", True, (CITED,)), "dm", "U1", 1.0)
    for user in ["U1", "U2", "U2"]:  # the same person's second 👎 counts once
        log.add_feedback(photo, "down", user)
    log.add_feedback(lunch, "down", "U3")
    log.add_feedback(lunch, "up", "U4")
    disliked = log.disliked()
    assert [(line.question, line.count, line.clause_id) for line in disliked] == [
        ("写真を載せていい？", 2, "ashiya:9(3)"), ("昼休みは？", 1, "ashiya:9(3)")]
    assert len(log.unanswered(limit=1)) == 1


def test_report_command_prints_both_lists(tmp_path, log):
    log.add_question(Answer("出張旅費は？", False), "dm", "U1", 1.0)
    question_id = log.add_question(Answer("写真を載せていい？", True, (CITED,)), "mention", "U1", 1.0)
    log.add_feedback(question_id, "down", "U1")
    result = CliRunner().invoke(cli, ["report", "--log", str(log.path)])
    assert result.exit_code == 0, result.output
    unanswered, disliked = result.output.split("■ 👎")
    assert "回答できなかった質問" in unanswered and "1回" in unanswered and "出張旅費は？" in unanswered
    assert "写真を載せていい？  → ashiya:9(3)" in disliked


def test_report_shows_no_escape_sequences_a_question_carried(log):
    log.add_question(Answer("\x1b]0;owned\x07\x1b[2J出張旅費は？", False), "dm", "U1", 1.0)
    result = CliRunner().invoke(cli, ["report", "--log", str(log.path)])
    assert result.exit_code == 0 and "出張旅費は？" in result.output and "\x1b" not in result.output


def test_report_command_without_a_log_says_where_it_looked(tmp_path):
    result = CliRunner().invoke(cli, ["report", "--log", str(tmp_path / "missing.sqlite")])
    assert result.exit_code == 1 and "No question log at" in result.output and "Traceback" not in result.output


@pytest.fixture(params=["text_file", "directory"])
def not_a_log(request, tmp_path):
    """A path no question log can be opened at: a text file, or a directory."""
    path = tmp_path / "log.sqlite"
    if request.param == "directory":
        path.mkdir()
    else:
        path.write_text("not a database\n", encoding="utf-8")
    return path


def test_a_path_that_is_no_log_raises_log_unavailable_naming_it(not_a_log, monkeypatch):
    monkeypatch.setenv("GUIDEBOT_LOG_SALT", "salt")
    with pytest.raises(LogUnavailable, match=f"Cannot open the question log {not_a_log}"):
        LogStore.open(not_a_log)


def test_report_command_on_a_path_that_is_no_log_fails_in_one_line(not_a_log):
    result = CliRunner().invoke(cli, ["report", "--log", str(not_a_log)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exception
    [line] = result.output.splitlines()
    assert line.startswith(f"Error: Cannot open the question log {not_a_log}") and "--log" in line
    assert not_a_log.is_dir() or not_a_log.read_text(encoding="utf-8") == "not a database\n"


def test_report_on_another_sqlite_file_leaves_it_untouched(seed_index, tmp_path):
    index = tmp_path / "index.sqlite"
    index.write_bytes(seed_index.read_bytes())
    result = CliRunner().invoke(cli, ["report", "--log", str(index)])
    assert result.exit_code == 1 and "not a question log" in result.output
    assert index.read_bytes() == seed_index.read_bytes() and sorted(p.name for p in tmp_path.iterdir()) == ["index.sqlite"]


def test_an_answer_still_pending_long_after_is_reported_as_lost(log):
    sent = log.add_question(Answer("届いた？", True, (CITED,)), "dm", "U1", 1.0)
    lost = log.add_question(Answer("届かなかった？", True, (CITED,)), "slash", "U1", 1.0)
    recent = log.add_question(Answer("送信中？", True, (CITED,)), "dm", "U1", 1.0)
    log.add_question(Answer("端末から", True, (CITED,)), "terminal", None, 1.0)
    log.record_delivery(sent, True, 1, None)
    an_hour_ago = (datetime.now(timezone.utc) - timedelta(hours=1)).isoformat(timespec="seconds")
    for question_id in (sent, lost):
        log.db["questions"].update(question_id, {"time": an_hour_ago})
    assert log.db["questions"].get(recent)["delivery"] == "pending"
    [incident] = log.undelivered()
    assert (incident.question, incident.surface) == ("届かなかった？", "slash")
    assert "the bot stopped while sending it" in incident.reason


def test_a_log_from_an_earlier_version_gains_the_delivery_columns(tmp_path):
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as db:  # the questions table as the previous version created it
        db.execute("create table questions (id text primary key, time text, surface text, user_hash text, question text, "
                   "normalized text, clause_ids text, scores text, answered integer, problem text, latency_ms float)")
        db.execute("insert into questions (id, time, surface, question, normalized, clause_ids, scores, answered) "
                   "values ('old', '2026-01-01T00:00:00+00:00', 'dm', '古い質問', '古い質問', '[]', '[]', 1)")
        db.execute("create table feedback (id integer primary key, question_id text, time text, user_hash text, vote text)")
    report = LogStore(path, salt=b"s", read_only=True)
    assert report.undelivered() == [] and report.failures() == []  # report reads it as it is
    report.close()
    log = LogStore(path, salt=b"s")
    question_id = log.add_question(Answer("新しい質問", True, (CITED,)), "dm", "U1", 1.0)
    log.record_delivery(question_id, False, 3, "HTTP 500")
    assert [i.question for i in log.undelivered()] == ["新しい質問"]
    log.close()


# The question log as the version before migrations created it, with rows in both tables.
TODAYS_SCHEMA = [
    "create table questions (id text primary key, time text, surface text, user_hash text, question text, "
    "normalized text, clause_ids text, scores text, answered integer, problem text, latency_ms real, error text, "
    "delivery text, delivery_reason text, delivery_attempts integer, follows text)",
    "create table feedback (id integer primary key, question_id text, time text, user_hash text, vote text)",
    "create index idx_questions_normalized on questions (normalized)",
    "create index idx_feedback_question_id on feedback (question_id)",
    "insert into questions values ('q1', '2026-11-01T09:00:00+00:00', 'dm', 'h1', '写真を載せていい？', '写真を載せていい？', "
    "'[\"ashiya:9(3)\"]', '[12.3457]', 1, null, 3.1, null, 'delivered', null, 1, null)",
    "insert into questions values ('q2', '2026-11-01T09:01:00+00:00', 'slash', 'h2', '出張旅費は？', '出張旅費は？', "
    "'[]', '[]', 0, null, 2.0, null, 'failed', 'HTTP 500; gave up after 3 attempts', 3, 'q1')",
    "insert into feedback values (1, 'q1', '2026-11-01T09:02:00+00:00', 'h3', 'down')",
]


def test_a_log_written_before_migrations_upgrades_in_place_losing_nothing(tmp_path):
    path = tmp_path / "log.sqlite"
    with sqlite3.connect(path) as db:
        for statement in TODAYS_SCHEMA:
            db.execute(statement)
    reader = LogStore(path, salt=b"s", read_only=True)
    before = {table: list(reader.db[table].rows) for table in ("questions", "feedback")}
    reader.close()

    log = LogStore(path, salt=b"s")
    assert [row | {"answer": None} for row in before["questions"]] == list(log.db["questions"].rows)
    assert before["feedback"] == list(log.db["feedback"].rows)
    assert [line.question for line in log.disliked()] == ["写真を載せていい？"]
    assert [i.reason for i in log.undelivered()] == ["HTTP 500; gave up after 3 attempts"]
    assert log.given_answer("q1") is None  # logged before answers were kept
    kept = log.add_question(Answer("新しい質問", True, (CITED,)), "slash", "U1", 1.0)
    assert log.given_answer(kept) == Answer("新しい質問", True, (CITED,))
    applied = list(log.db["_sqlite_migrations"].rows)
    log.close()

    again = LogStore(path, salt=b"s")  # opened again: nothing is applied twice
    assert list(again.db["_sqlite_migrations"].rows) == applied and len(applied) >= 2
    assert again.db["questions"].count == 3 and again.given_answer(kept).question == "新しい質問"
    again.close()


def test_processes_opening_a_new_log_at_once_apply_each_migration_once(tmp_path):
    path, errors = tmp_path / "log.sqlite", []

    def open_log() -> None:
        try:
            LogStore(path, salt=b"s").close()
        except Exception as exc:  # any failure to open is the test's failure
            errors.append(exc)

    threads = [threading.Thread(target=open_log) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    log = LogStore(path, salt=b"s")
    names = [row["name"] for row in log.db["_sqlite_migrations"].rows]
    assert len(names) == len(set(names)) >= 2
    log.close()


def test_a_kept_answer_has_its_question_cut_as_the_question_column_is_and_unknown_ids_have_none(log):
    long = Answer("長い質問" * 1000, False, problem=Problem.TOO_LONG)
    question_id = log.add_question(long, "dm", "U1", 1.0)
    kept = log.given_answer(question_id)
    assert kept.problem == long.problem and kept.question == long.question[:2000]
    assert log.given_answer("0" * 32) is None
