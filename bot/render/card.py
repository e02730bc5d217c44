"""Teams rendering: an Answer as an Adaptive Card (schema 1.5) plus a plain-text fallback.

Text from users and from the corpus goes only into ``TextRun`` elements of a
``RichTextBlock``, which Teams shows as typed: no Markdown, so no link the
asker did not write, and no ``<at>`` mention (a mention needs an entity the
card never declares). Lengths stay well inside Teams' 28 KB message limit.
"""

from __future__ import annotations

from bot.engine.answer import Answer, Hit
from bot.render import messages
from bot.render.blocks import summary
from bot.render.display import citation, main_hits, note, shown_verdict

CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
VERSION = "1.5"  # Action.Execute needs 1.4; Teams renders up to 1.5
FEEDBACK_VERB = "feedback"
QUOTE_BUDGET = 2400  # characters of clause text in the quote
SENTENCE_BUDGET = 1200
ONE_LINE = 60
MAX_FALLBACK = 1000


def render_card(answer: Answer, contact: str, question_id: str | None = None) -> dict:
    """The answer as an Adaptive Card: question, cited clause (or abstention), 参考, 👍/👎."""
    body = [_runs(_run(messages.asked(_cut(answer.question.strip(), 300)), subtle=True))]
    if answer.follows:
        body.append(_runs(_run(messages.follows(_cut(answer.follows, 300)), subtle=True)))
    if answer.problem:
        body += [_runs(_run(messages.problem(answer.problem))), _runs(_run(messages.help_hint("help"), subtle=True))]
    else:
        body += _cited(answer) if answer.answered else _abstention(answer, contact)
    actions = _feedback_actions(question_id) if question_id and not answer.problem else []
    return _card(body, actions, render_fallback(answer, contact))


def render_fallback(answer: Answer, contact: str) -> str:
    """Plain text for notifications and clients that cannot show the card."""
    return _cut(summary(answer, contact), MAX_FALLBACK)


def render_help_card(contact: str, notice: str | None = None) -> dict:
    """Usage and example questions, for ``help``, a mention alone or a message without text."""
    examples = "\n".join(f"• {example}" for example in messages.EXAMPLES)
    body = [_runs(_run(notice))] if notice else []
    body += [
        _runs(_run(messages.HELP_TITLE, bold=True)),
        _runs(_run(f"{messages.HELP_LEAD}\n{messages.TEAMS_HELP_WAYS}")),
        _runs(_run(messages.EXAMPLES_TITLE, bold=True)),
        _runs(_run(examples)),
        _runs(_run(messages.consult(_cut(contact, 200)), subtle=True)),
    ]
    fallback = notice or messages.TEAMS_HELP_FALLBACK
    return _card(body, [], fallback)


def _cited(answer: Answer) -> list[dict]:
    best, *same_doc = main_hits(answer)
    number, heading = best.clause.number, best.clause.heading
    label = f"{number}「{heading}」" if heading else number
    elements = [_runs(_run(note(answer), subtle=True))] if note(answer) else []
    if best.verdict:
        elements.append(_runs(_run(shown_verdict(best), bold=True), _run(f"　{_cut(best.sentence, ONE_LINE * 3)}")))
    elements.append(_runs(_run(f"📘 {_cut(best.doc_title, 200)}　{_cut(label, 300)}", bold=True)))
    if best.clause.path:
        elements.append(_runs(_run(_cut(" › ".join(best.clause.path), 500), subtle=True)))
    elements.append({"type": "Container", "style": "emphasis", "items": [_quote(best)]})
    if same_doc:
        elements.append(_listing(f"{messages.SAME_DOCUMENT}:", same_doc[:2]))
    if answer.references:
        elements.append(_listing(f"{messages.OTHER_DOCUMENTS}:", answer.references))
    return elements


def _abstention(answer: Answer, contact: str) -> list[dict]:
    elements = [_runs(_run(messages.NOT_FOUND))]
    if answer.results:
        elements.append(_listing(messages.NEARBY, answer.results[:3]))
    return elements + [_runs(_run(messages.consult(_cut(contact, 200)), subtle=True))]


def _quote(hit: Hit) -> dict:
    """The clause, its best-matching sentence highlighted in bold."""
    body, sentence = hit.clause.body, hit.sentence
    start = body.find(sentence) if sentence else -1
    prefix = [_run(f"Q. {_cut(hit.clause.heading, 300)}\nA. ", bold=True)] if hit.clause.is_faq else []
    if start < 0:
        return _runs(*prefix, _run(_cut(body, QUOTE_BUDGET)))
    marked = _cut(sentence, SENTENCE_BUDGET)
    room = QUOTE_BUDGET - len(marked)
    before = _cut(body[:start], room // 2, keep_end=True)
    after = _cut(body[start + len(sentence):], room - len(before))
    runs = [_run(before), _run(marked, bold=True, highlight=True), _run(after)]
    return _runs(*prefix, *(run for run in runs if run["text"]))


def _listing(title: str, hits) -> dict:
    lines = "\n".join(f"• {_cut(citation(h), 200)}: {shown_verdict(h) + ' ' if h.verdict else ''}"
                      f"{_cut(h.sentence.replace(chr(10), ' '), ONE_LINE)}" for h in hits)
    return _runs(_run(title, bold=True, subtle=True), _run("\n" + lines, subtle=True))


def _feedback_actions(question_id: str) -> list[dict]:
    return [
        {"type": "Action.Execute", "title": messages.VOTE_UP, "verb": FEEDBACK_VERB,
         "data": {"vote": "up", "question_id": question_id}},
        {"type": "Action.Execute", "title": messages.VOTE_DOWN, "verb": FEEDBACK_VERB,
         "data": {"vote": "down", "question_id": question_id}},
    ]


def _card(body: list[dict], actions: list[dict], fallback: str) -> dict:
    card = {"type": "AdaptiveCard", "$schema": SCHEMA, "version": VERSION, "fallbackText": fallback,
            "msteams": {"width": "Full"}, "body": body}
    if actions:
        card["actions"] = actions
    return card


def _runs(*runs: dict) -> dict:
    return {"type": "RichTextBlock", "inlines": list(runs)}


def _run(text: str, *, bold: bool = False, subtle: bool = False, highlight: bool = False) -> dict:
    """Text shown exactly as given (a TextRun is never read as Markdown)."""
    run = {"type": "TextRun", "text": text}
    if bold:
        run["weight"] = "Bolder"
    if subtle:
        run["isSubtle"] = True
    if highlight:
        run["highlight"] = True
    return run


def _cut(text: str, limit: int, keep_end: bool = False) -> str:
    """``text`` shortened with … (keeping its end if asked) to at most ``limit`` characters."""
    if len(text) <= limit:
        return text
    return "…" + text[len(text) - limit + 1:] if keep_end else text[: limit - 1] + "…"
