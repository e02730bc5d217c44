"""Terminal rendering: a readable Japanese answer for `guidebot ask` and `chat`."""

from __future__ import annotations

from bot.engine.answer import Answer, Hit
from bot.engine.tokens import printable

MAX_CLAUSE_CHARS = 600
WIDTH = 40  # characters per line; Japanese text has no spaces to wrap at


def render_text(answer: Answer, contact: str) -> str:
    """The whole answer as plain text: the deciding sentence, its citation, then the clause."""
    if answer.problem:
        return answer.problem
    follows = [f"（前の質問「{printable(answer.follows)}」に続けて読みました）"] if answer.follows else []
    if not answer.answered:
        return "\n".join([*follows, _abstention(answer, contact)])
    best, *same_doc = answer.main
    lines = follows + ([answer.note] if answer.note else [])
    lines += [f"{best.shown_verdict}「{best.sentence}」", f"  — {best.citation}", *_path(best), "", "■ 条文", *_quote(best)]
    if same_doc:
        lines += ["", "■ 同じ文書の関連箇所", *(f"・{_one_line(h)}" for h in same_doc[:2])]
    if answer.references:
        lines += ["", "■ 他の文書ではどう定めているか", *(f"・{_one_line(h)}" for h in answer.references)]
    return "\n".join(lines)


def _abstention(answer: Answer, contact: str) -> str:
    lines = ["ガイドラインには、この質問に該当する記載は見つかりませんでした。"]
    if answer.results:
        lines += ["", "近い記載（参考）:", *(f"・{_one_line(h)}" for h in answer.results[:3])]
    lines += ["", f"判断に迷うときは{contact}に確認してください。"]
    return "\n".join(lines)


def _path(hit: Hit) -> list[str]:
    return [f"    （{' › '.join(hit.clause.path)}）"] if hit.clause.path else []


def _quote(hit: Hit) -> list[str]:
    """The clause text, indented and wrapped, the best sentence marked with ▶ … ◀."""
    text = hit.clause.body
    if len(text) > MAX_CLAUSE_CHARS:
        text = text[:MAX_CLAUSE_CHARS] + "…（以下略）"
    if hit.sentence and hit.sentence in text:
        text = text.replace(hit.sentence, f"▶{hit.sentence}◀", 1)
    if hit.clause.is_faq:
        text = f"Q. {hit.clause.heading}\nA. {text}"
    return [f"  {paragraph[i:i + WIDTH]}" for paragraph in text.splitlines() for i in range(0, max(len(paragraph), 1), WIDTH)]


def _one_line(hit: Hit) -> str:
    sentence = hit.sentence if len(hit.sentence) <= 60 else hit.sentence[:60] + "…"
    return f"{hit.citation}: {hit.shown_verdict + ' ' if hit.verdict else ''}{sentence}"
