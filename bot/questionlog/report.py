"""What `guidebot report` shows guideline owners from the question log: unanswered and 👎 questions, most
frequent first, and answers that did not arrive or failed, newest first."""

from __future__ import annotations

from pathlib import Path

from bot.engine.tokens import printable
from bot.questionlog.store import Incident, LogStore, ReportLine

SHOWN_CHARS = 80  # a longer question is cut here and ends with …


def read_report(path: Path, limit: int) -> str:
    """The report on the question log at ``path``, at most ``limit`` questions per list (LogUnavailable when
    the file is not a question log)."""
    log = LogStore(path, salt=b"", read_only=True)  # no user ids to hash
    try:
        sections = [("回答できなかった質問（多い順）", [_report_line(line) for line in log.unanswered(limit)]),
                    ("👎 がついた回答（多い順）", [_report_line(line) for line in log.disliked(limit)]),
                    ("届かなかった回答（新しい順）", [_incident_line(i) for i in log.undelivered(limit)]),
                    ("エラーで答えられなかった質問（新しい順）", [_incident_line(i) for i in log.failures(limit)])]
    finally:
        log.close()
    return "".join(f"■ {title}\n" + ("\n".join(lines) if lines else "  （なし）") + "\n\n" for title, lines in sections)


def _shown(question: str) -> str:
    question = " ".join(printable(question).split())  # as logged: escape sequences must not reach the terminal
    return question if len(question) <= SHOWN_CHARS else question[:SHOWN_CHARS] + "…"


def _report_line(line: ReportLine) -> str:
    cited = f"  → {line.clause_id}" if line.clause_id else ""
    return f"  {line.count:>4}回  {line.last[:10]}  {_shown(line.question)}{cited}"


def _incident_line(incident: Incident) -> str:
    when = incident.time[:19].replace("T", " ")
    return f"  {when}  {incident.surface:<7}  {_shown(incident.question)}\n      ({' '.join(printable(incident.reason).split())})"
