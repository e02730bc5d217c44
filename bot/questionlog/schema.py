"""The question log's schema, as the migrations that make it (sqlite-utils' Migrations).

Each change to the log's tables is a new function appended at the end,
never an edit of one already released: a log records in ``_sqlite_migrations``
which of them it has had, and ``upgrade`` applies the others in order, so a
log written by any earlier version is brought up to date in place.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

MIGRATIONS = Migrations("guidebot.questions")

# The questions table as the first migration leaves it.
QUESTION_COLUMNS = {
    "id": str, "time": str, "surface": str, "user_hash": str, "question": str, "normalized": str,
    "clause_ids": str, "scores": str, "answered": int, "problem": str, "latency_ms": float,
    "error": str,  # why the bot could not answer (for operators), e.g. a damaged index
    "delivery": str,  # 'pending' while the answer is on its way, then 'delivered' or 'failed'; null in the terminal
    "delivery_reason": str,  # why it was not delivered (or what was retried before it was)
    "delivery_attempts": int,
    "follows": str,  # the id of the earlier question a follow-up was read with
}


def upgrade(db: Database) -> None:
    """Apply the migrations this log has not had yet, holding the write lock so that two
    processes opening one log never apply the same migration twice."""
    db.execute("begin immediate")
    try:
        MIGRATIONS.apply(db)
    except BaseException:
        db.execute("rollback")
        raise
    db.execute("commit")


@MIGRATIONS(name="m001_questions_and_feedback")
def _questions_and_feedback(db: Database) -> None:
    """The tables of the first logs; a log from before migrations keeps its rows and gains the
    columns it lacks (the delivery and follow-up columns were added to running logs)."""
    questions = db["questions"]
    questions.create(QUESTION_COLUMNS, pk="id", if_not_exists=True)
    for name, kind in QUESTION_COLUMNS.items():
        if name not in questions.columns_dict:
            questions.add_column(name, kind)
    db["feedback"].create({"id": int, "question_id": str, "time": str, "user_hash": str, "vote": str},
                          pk="id", if_not_exists=True)
    questions.create_index(["normalized"], if_not_exists=True)
    db["feedback"].create_index(["question_id"], if_not_exists=True)


@MIGRATIONS(name="m002_answer_as_given")
def _answer_as_given(db: Database) -> None:
    """Each question keeps the answer it got (``bot.questionlog.record``), for the share button."""
    db["questions"].add_column("answer", str)
