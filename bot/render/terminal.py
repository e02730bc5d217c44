"""Terminal rendering: a readable Japanese answer for `guidebot ask` and `chat`."""

from __future__ import annotations

from bot.engine.answer import Answer, Hit
from bot.engine.tokens import printable
from bot.render import messages
from bot.render.display import citation, main_hits, note, shown_verdict

MAX_CLAUSE_CHARS = 600
WIDTH = 40  # characters per line; Japanese text has no spaces to wrap at


def render_text(answer: Answer, contact: str) -> str:
    """The whole answer as plain text: the deciding sentence, its citation, then the clause."""
    if answer.problem:
        return messages.problem(answer.problem)
    follows = [messages.follows(printable(answer.follows))] if answer.follows else []
    if not answer.answered:
        return "\n".join([*follows, _abstention(answer, contact)])
    best, *same_doc = main_hits(answer)
    lines = follows + ([note(answer)] if note(answer) else [])
    lines += [f"{shown_verdict(best)}「{best.sentence}」", f"  — {citation(best)}", *_path(best), "",
              f"■ {messages.CLAUSE_TEXT}", *_quote(best)]
    if same_doc:
        lines += ["", f"■ {messages.SAME_DOCUMENT}", *(f"・{_one_line(h)}" for h in same_doc[:2])]
    if answer.references:
        lines += ["", f"■ {messages.OTHER_DOCUMENTS}", *(f"・{_one_line(h)}" for h in answer.references)]
    return "\n".join(lines)


def _abstention(answer: Answer, contact: str) -> str:
    lines = [messages.NOT_FOUND]
    if answer.results:
        lines += ["", f"{messages.NEARBY}:", *(f"・{_one_line(h)}" for h in answer.results[:3])]
    lines += ["", messages.consult(contact)]
    return "\n".join(lines)


def _path(hit: Hit) -> list[str]:
    return [f"    （{' › '.join(hit.clause.path)}）"] if hit.clause.path else []


def _quote(hit: Hit) -> list[str]:
    """The clause text, indented and wrapped, the best sentence marked with ▶ … ◀."""
    text = hit.clause.body
    if len(text) > MAX_CLAUSE_CHARS:
        text = text[:MAX_CLAUSE_CHARS] + "…" + messages.CUT
    if hit.sentence and hit.sentence in text:
        text = text.replace(hit.sentence, f"▶{hit.sentence}◀", 1)
    if hit.clause.is_faq:
        text = f"Q. {hit.clause.heading}\nA. {text}"
    return [f"  {paragraph[i:i + WIDTH]}" for paragraph in text.splitlines() for i in range(0, max(len(paragraph), 1), WIDTH)]


def _one_line(hit: Hit) -> str:
    sentence = hit.sentence if len(hit.sentence) <= 60 else hit.sentence[:60] + "…"
    return f"{citation(hit)}: {shown_verdict(hit) + ' ' if hit.verdict else ''}{sentence}"
