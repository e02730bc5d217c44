"""Self-introduction: the sentences before a question in which the asker says who
they are (「障害福祉課の職員です。」) or where they work (「消防署に勤務しています。」).

Words named only there are context, not what is asked (bot.engine.analyzer
weighs them CONTEXT_WEIGHT).
"""

from __future__ import annotations

from bot.engine.tokens import Morph, Span, sentence_spans

ROLE_WORDS = frozenset("勤務 担当 所属 配属 勤める 働く 務める".split())


def introduction_spans(text: str, morphs: list[Morph], spans: list[Span]) -> list[Span]:
    """Character ranges of the sentences before the last that introduce the
    asker — statements, not questions."""
    found = []
    for s, e in sentence_spans(text)[:-1]:
        inside = [m for m, (start, _) in zip(morphs, spans) if s <= start < e]
        if not _asks(text[s:e], inside) and _introduces(inside):
            found.append((s, e))
    return found


def _asks(sentence: str, morphs: list[Morph]) -> bool:
    """Whether a sentence is a question: a question mark, or か near its end."""
    return any(c in sentence for c in "？?") or any(m.surface == "か" and m.pos == "助詞" for m in morphs[-3:])


def _introduces(morphs: list[Morph]) -> bool:
    """Whether a statement says who the asker is (a copula without a predicate of its own:
    「職員です」) or where they work (a role word as a verb or with する: 「勤務しています」)."""
    copula = any(m.lemma in ("です", "だ") and m.pos == "助動詞" for m in morphs)
    predicate = any(m.is_content and m.pos in ("動詞", "形容詞") for m in morphs)
    works = any(
        m.lemma in ROLE_WORDS and (m.pos == "動詞" or (i + 1 < len(morphs) and morphs[i + 1].lemma == "為る"))
        for i, m in enumerate(morphs)
    )
    return (copula and not predicate) or works
