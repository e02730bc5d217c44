"""Follow-up questions: one that leans on the question before is read with it as context.

A question leans on the one before when it opens with a word that continues
the conversation (じゃあ, それなら, その場合 …), is cut short as a reply is
(「鍵アカなら？」), or is short and names no topic of its own (no topic
concept: 「業務用のならどう？」); one that opens with a word that changes the
subject (ところで, 別件) stands alone.
Read in context, the earlier question's concepts join the question's own as
context concepts: they count CONTEXT_WEIGHT in ranking and in deciding
whether a clause answers, so the follow-up's own words decide first. A
question that names its own topic is read with the earlier one too, but
lightly (OWN_TOPIC_CONTEXT): in a thread, 「反論していい？」 after 「市の悪口を
見つけた」 still means that 反論, while a new subject's own words outweigh
what little the earlier question adds; it is not said to follow it, and it
is answered only when it would be alone. A follow-up cut down to one thing
(「TikTokは？」「パスワードは？」) asks about that very thing: it counts as
a topic does, and, as in 「TikTokも対象？」, the words it and the earlier
question name keep their own rarity instead of counting as little as their
group (TikTok is not just one more SNS).
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.engine.analyzer import CONTEXT_WEIGHT, TOPIC_WEIGHT, Query
from bot.engine.tokens import search_form

CONTINUING = ("じゃあ", "じゃ", "では", "それなら", "それって", "それは", "それも", "その場合", "そのとき", "その時",
              "なら", "だったら", "でしたら", "逆に", "同じく", "あと、", "あとは", "ちなみに", "また、")

# A question cut short, as a reply is: 「鍵アカなら？」「TikTokは？」「国の職員だと？」「言い返したら？」
ELLIPTICAL = re.compile(r"(なら|は|だと|では|でも|ても|だったら|でしたら|たら|だら|れば|なければ|の場合|場合は|とか|って|も)[?？!！。…]*$")
SHORT = 2  # a question of more concepts than this, none of them a topic, is a question of its own
CHANGING = ("ところで", "別件", "話は変わ", "別の質問", "話題を変え", "ついでに")
# How much the earlier question's words count for a question that names its own topic.
OWN_TOPIC_CONTEXT = 0.25


def changes_subject(question: str) -> bool:
    """Whether a question opens by changing the subject (ところで, 別件)."""
    return _opening(question).startswith(CHANGING)


def leans_on_previous(question: str, query: Query) -> bool:
    """Whether a question leans on the one before it."""
    text = _opening(question)
    if text.startswith(CHANGING):
        return False
    if text.startswith(CONTINUING) or ELLIPTICAL.search(text) is not None:
        return True
    return not any(c.topic for c in query.concepts) and len(query.concepts) <= SHORT


def context_weight(question: str, query: Query) -> float:
    """How much the earlier question's concepts count in reading this one: CONTEXT_WEIGHT
    when it leans on it, OWN_TOPIC_CONTEXT when it names its own topic, nothing when it
    opens by changing the subject."""
    if changes_subject(question):
        return 0.0
    return CONTEXT_WEIGHT if leans_on_previous(question, query) else OWN_TOPIC_CONTEXT


def in_context(query: Query, earlier: Query, weight: float = CONTEXT_WEIGHT) -> Query:
    """The question with the earlier question's other concepts added as context, counting
    ``weight``; a question of one concept asks about that very thing (see above)."""
    covered = {t for c in query.concepts for t in c.terms}
    concepts, groups = list(query.concepts), list(query.groups)
    one_thing = len(query.concepts) == 1
    if one_thing and not query.concepts[0].topic:
        groups[0] = {t: w * TOPIC_WEIGHT for t, w in groups[0].items()}  # groups[0] is concepts[0]'s
    weights, own = dict(query.weights), set(query.own_terms)
    for concept, group in zip(earlier.concepts, earlier.groups):
        if concept.terms.isdisjoint(covered):
            concepts.append(replace(concept, context=True))
            groups.append({t: w * weight for t, w in group.items()})
            for term in concept.terms - weights.keys():
                weights[term] = earlier.weights.get(term, 0.0)
                own |= {term} & earlier.own_terms
    return Query(query.text, weights, concepts, groups, query.asks_inclusion or one_thing, frozenset(own))


def _opening(question: str) -> str:
    return search_form(question).strip().lstrip("、, ")
