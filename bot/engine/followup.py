"""Follow-up questions: one that leans on the question before is read with it as context.

A question leans on the one before when it names no topic of its own (no
topic concept: 「じゃあ業務用のなら？」「その場合は誰に相談？」) or opens with
a word that continues the conversation (じゃあ, それなら, その場合 …); one
that opens with a word that changes the subject (ところで, 別件) stands alone.
Read in context, the earlier question's concepts join the question's own as
context concepts: they count CONTEXT_WEIGHT in ranking and in deciding
whether a clause answers, so the follow-up's own words decide first.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.engine.analyzer import CONTEXT_WEIGHT, Query
from bot.engine.tokens import normalize

CONTINUING = ("じゃあ", "じゃ", "では", "それなら", "それって", "それは", "それも", "その場合", "そのとき", "その時",
              "なら", "だったら", "でしたら", "逆に", "同じく", "あと", "あとは", "ちなみに", "また")

# A question cut short, as a reply is: 「鍵アカなら？」「TikTokは？」「国の職員だと？」
ELLIPTICAL = re.compile(r"(なら|は|だと|では|でも|だったら|でしたら|の場合|場合は|とか|って|も)[?？!！。…]*$")
CHANGING = ("ところで", "別件", "話は変わ", "別の質問", "話題を変え")


def leans_on_previous(question: str, query: Query) -> bool:
    """Whether a question leans on the one before it."""
    text = normalize(question).strip().lstrip("、, ")
    if text.startswith(CHANGING):
        return False
    return text.startswith(CONTINUING) or ELLIPTICAL.search(text) is not None or not any(c.topic for c in query.concepts)


def in_context(query: Query, earlier: Query) -> Query:
    """The question with the earlier question's other concepts added as context."""
    own_terms = {t for c in query.concepts for t in c.terms}
    concepts, groups = list(query.concepts), list(query.groups)
    weights = dict(query.weights)
    for concept, group in zip(earlier.concepts, earlier.groups):
        if concept.terms.isdisjoint(own_terms):
            concepts.append(replace(concept, alternatives=set(concept.alternatives), context=True))
            groups.append({t: w * CONTEXT_WEIGHT for t, w in group.items()})
            for term in concept.terms:
                weights.setdefault(term, earlier.weights.get(term, 0.0))
    return Query(query.text, weights, concepts, groups, query.asks_inclusion)
