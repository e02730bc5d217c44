"""JSON rendering: one object per answer, the shape `guidebot ask --json` prints."""

from __future__ import annotations

import json

from bot.engine.answer import Answer, Hit
from bot.render import messages


def render_json(answer: Answer) -> str:
    """One line of JSON for an answer."""
    return json.dumps(answer_object(answer), ensure_ascii=False)


def answer_object(answer: Answer) -> dict:
    """The JSON shape of an answer: its results and 参考 (``references``) as hit objects;
    a question that could not be searched has ``problem`` (its kind) and ``message``."""
    data = {
        "question": answer.question,
        "answered": answer.answered,
        "elsewhere": answer.elsewhere,
        "follows": answer.follows or None,
        "silent": list(answer.silent),
        "results": [hit_object(hit) for hit in answer.results],
        "references": [hit_object(hit) for hit in answer.references],
    }
    if answer.problem:
        data["problem"] = answer.problem.value
        data["message"] = messages.problem(answer.problem)
    return data


def hit_object(hit: Hit) -> dict:
    """The JSON shape of one result."""
    return {
        "id": hit.clause.id,
        "doc_id": hit.clause.doc_id,
        "doc_title": hit.doc_title,
        "clause": hit.clause.number,
        "heading": hit.clause.heading,
        "path": list(hit.clause.path),
        "text": hit.clause.text,
        "refs": list(hit.clause.refs),
        "sentence": hit.sentence,
        "verdict": hit.verdict,
        "score": round(hit.score, 4),
    }
