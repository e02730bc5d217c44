"""JSON rendering: one object per answer, the shape `guidebot ask --json` prints."""

from __future__ import annotations

import json

from bot.engine.answer import Answer


def render_json(answer: Answer) -> str:
    """One line of JSON for an answer."""
    return json.dumps(answer.as_dict(), ensure_ascii=False)
