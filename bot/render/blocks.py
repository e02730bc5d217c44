"""Slack rendering: an Answer as Block Kit blocks plus a plain-text fallback.

Everything taken from users or the corpus is escaped (``&``, ``<``, ``>``)
so that ``<!channel>`` and friends stay inert, and every message stays
within Slack's limits: 50 blocks, 3,000 characters per text object.
"""

from __future__ import annotations

import json

from bot.engine.answer import Answer, Hit
from bot.render import messages
from bot.render.display import citation, main_hits, note, shown_verdict

MAX_BLOCKS = 50
MAX_TEXT = 3000
QUOTE_BUDGET = 2400  # characters of clause text in the quote
SENTENCE_BUDGET = 1200
ONE_LINE = 60
ZWSP = "\u200b"  # lets *bold* work next to Japanese characters

FEEDBACK_UP, FEEDBACK_DOWN, SHARE = "feedback_up", "feedback_down", "share"


def escape(text: str) -> str:
    """Escape the three characters Slack treats as markup, ``&`` first."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_message(
    answer: Answer, contact: str, question_id: str | None = None, *, share: bool = False, shared_by: str | None = None
) -> dict:
    """Keyword arguments for ``say``/``respond``/``chat.postMessage``: blocks and fallback text."""
    return {"blocks": render_blocks(answer, contact, question_id, share=share, shared_by=shared_by),
            "text": render_fallback(answer, contact)}


def render_blocks(
    answer: Answer, contact: str, question_id: str | None = None, *, share: bool = False, shared_by: str | None = None
) -> list[dict]:
    """The answer as blocks: question, cited clause (or abstention), 参考, buttons."""
    asked = messages.asked(_fit(answer.question.strip(), 300))
    if shared_by and shared_by.isalnum():
        asked += messages.shared_by(f"<@{shared_by}>")
    blocks = [_context(asked)]
    if answer.follows:
        blocks.append(_context(messages.follows(_fit(answer.follows, 300))))
    if answer.problem:
        return blocks + [_section(escape(messages.problem(answer.problem))), _context(messages.help_hint("`help`"))]
    blocks += _cited(answer) if answer.answered else _abstention(answer, contact)
    blocks = blocks[: MAX_BLOCKS - 1]
    if question_id:
        blocks.append(_actions(question_id, share))
    return blocks


def render_fallback(answer: Answer, contact: str) -> str:
    """Plain text for notifications and clients that cannot show blocks."""
    return _fit(summary(answer, contact), MAX_TEXT)


def summary(answer: Answer, contact: str) -> str:
    """The answer in one unescaped line: the citation and its sentence, the abstention, or the problem."""
    if answer.problem:
        return messages.problem(answer.problem)
    if answer.answered:
        best = answer.results[0]
        return f"{citation(best)}: {best.sentence}"
    return messages.NOT_FOUND + messages.consult(contact)


def render_help(contact: str) -> dict:
    """Usage and example questions, for ``help`` or an empty question."""
    examples = "\n".join(f"• {e}" for e in messages.EXAMPLES)
    text = (f"*{messages.HELP_TITLE}*\n{messages.HELP_LEAD}\n{messages.SLACK_HELP_WAYS}\n\n"
            f"*{messages.EXAMPLES_TITLE}*\n{examples}")
    return {"blocks": [_section(text), _context(messages.consult(escape(contact)))], "text": messages.SLACK_HELP_FALLBACK}


def _cited(answer: Answer) -> list[dict]:
    best, *same_doc = main_hits(answer)
    number, heading = best.clause.number, best.clause.heading
    label = f"{number}「{heading}」" if heading else number
    blocks = [_context(escape(note(answer)))] if note(answer) else []
    blocks.append(_section(f"📘 {_bold(escape(best.doc_title))}　{_fit(label, 300)}"))
    if best.clause.path:
        blocks.append(_context(_fit(" › ".join(best.clause.path), 500)))
    if best.verdict:
        blocks.append(_section(f"*{shown_verdict(best)}*　{_fit(best.sentence, ONE_LINE)}"))
    blocks.append(_section(_quote(best)))
    if same_doc:
        blocks.append(_context(f"{messages.SAME_DOCUMENT}:\n" + "\n".join(_one_line(h) for h in same_doc[:2])))
    if answer.references:
        blocks.append(_context(f"{messages.OTHER_DOCUMENTS}:\n" + "\n".join(_one_line(h) for h in answer.references)))
    return blocks


def _abstention(answer: Answer, contact: str) -> list[dict]:
    blocks = [_section(messages.NOT_FOUND)]
    if answer.results:
        blocks.append(_section(f"*{messages.NEARBY}*\n" + "\n".join(_one_line(h) for h in answer.results[:3])))
    return blocks + [_context(messages.consult(_fit(contact, 200)))]


def _actions(question_id: str, share: bool) -> dict:
    elements = [
        _button(messages.VOTE_UP, FEEDBACK_UP, question_id),
        _button(messages.VOTE_DOWN, FEEDBACK_DOWN, question_id),
    ]
    if share:  # the answer shared is the one the log keeps for this id (bot.slack.app)
        elements.append({**_button(messages.SHARE, SHARE, json.dumps({"id": question_id})), "style": "primary"})
    return {"type": "actions", "block_id": "answer_actions", "elements": elements}


def _quote(hit: Hit) -> str:
    """The clause as a block quote, its best-matching sentence in bold."""
    body, sentence = hit.clause.body, hit.sentence
    start = body.find(sentence) if sentence else -1
    if start < 0:
        text = _fit(body, QUOTE_BUDGET)
    else:
        bold = _fit(sentence, SENTENCE_BUDGET)
        room = QUOTE_BUDGET - len(bold)
        before = _fit(body[:start], room // 2, keep_end=True)
        after = _fit(body[start + len(sentence):], room - len(before))
        text = before + _bold(bold) + after
    if hit.clause.is_faq:
        text = f"Q. {_fit(hit.clause.heading, 300)}\nA. {text}"
    return _clip("\n".join(f">{line}" for line in text.split("\n")))


def _one_line(hit: Hit) -> str:
    verdict = f"{shown_verdict(hit)} " if hit.verdict else ""
    return f"• {_fit(citation(hit), 200)}: {verdict}{_fit(hit.sentence.replace(chr(10), ' '), ONE_LINE)}"


def _bold(text: str) -> str:
    """Bold each line of already-escaped text, even between Japanese characters."""
    return "\n".join(f"{ZWSP}*{line.replace('*', '＊')}*{ZWSP}" if line.strip() else line for line in text.split("\n"))


def _fit(raw: str, limit: int, keep_end: bool = False) -> str:
    """Escape raw text, shortened with … (keeping its end if asked) to at most ``limit`` characters."""
    escaped = escape(raw)
    if len(escaped) <= limit:
        return escaped
    kept, size = [], 1
    for char in reversed(raw) if keep_end else raw:
        piece = escape(char)
        if size + len(piece) > limit:
            break
        kept.append(piece)
        size += len(piece)
    return "…" + "".join(reversed(kept)) if keep_end else "".join(kept) + "…"


def _clip(text: str, limit: int = MAX_TEXT) -> str:
    """Shorten escaped text to ``limit`` characters without cutting an entity in half."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    amp = cut.rfind("&")
    if amp >= 0 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut + "…"


def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": _clip(text)}}


def _context(text: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": _clip(text)}]}


def _button(label: str, action_id: str, value: str) -> dict:
    text = {"type": "plain_text", "text": label, "emoji": True}
    return {"type": "button", "text": text, "action_id": action_id, "value": value}
