"""例規 structure at question time: a rule's purpose and definition articles.

A rule's first article (趣旨, 目的: 「この要綱は、…必要な事項を定めるものとする」)
names the organization, its media and its aims, so it shares words with
almost any question asked of the rule and outscores the article that
answers it; it answers only a question about what the rule is for. And what
it names is the ground every other article of the rule stands on: 「図書館の
SNSの運用管理者は誰？」 asked of a library's rule is answered by 「運用管理者は、
生涯学習課長とする」, which need not say 図書館 again. A question whether
something is covered (「TikTokも対象？」「Xも入る？」) is answered by the rule's
definition or scope article (定義, 適用範囲, 対象とするソーシャルメディア) and its
items, which share little else with it.
"""

from __future__ import annotations

import bisect
import json
import re

# A purpose article's heading, or its opening sentence: 「この要領は、…を定めるものとする」
# 「この告示は、…を目的とし」「このガイドラインは、…を示し」.
PURPOSE_HEADING = re.compile(r"趣旨|目的")
PURPOSE_OPENING = re.compile(r"^この\S{1,12}?は、[^。]*?(事項を定め|定めるものとする|を目的とし|を示し)")
ASIDE = re.compile(r"[(（][^()（）]*[)）]")  # (以下「町」という。): its 。 ends no sentence
# The terms by which a question asks what a rule is for (one thesaurus group: 目的, 何のため, 趣旨 …).
PURPOSE_WORDS = frozenset({"目的", "趣旨"})
# The heading of a definition or scope article (or of the article an item belongs to).
DEFINITION_HEADING = re.compile(r"定義|範囲|種類|対象とする")
# How much more the organization's definition articles and their items score for a
# question whether something is covered: 2.0 in own2 (issue 11; 1.5 and 3 tried), on
# cities-questions (own-clause hit@3 0.841 -> 0.854), leave-one-out sets unchanged.
DEFINITION_WEIGHT = 2.0
# A rule states its purpose among its first clauses.
PURPOSE_WITHIN = 4
# How much of its score the organization's purpose article keeps for a question
# that does not ask what the rule is for: 0.5 in own2 (issue 11; 0.15-0.7 tried), on
# cities-questions and leave-one-out questions, independent-questions, -2 and style.
PURPOSE_WEIGHT = 0.5


def is_purpose(heading: str, body: str) -> bool:
    """Whether a clause states what its rule is for, by its heading or its opening sentence."""
    return bool(PURPOSE_HEADING.search(heading or "")) or bool(PURPOSE_OPENING.match(ASIDE.sub("", body or "")))


def is_definition(heading: str, path: list[str]) -> bool:
    """Whether a clause defines what its rule covers, or is an item of such an article."""
    return any(DEFINITION_HEADING.search(text or "") for text in (heading, *path))


def asks_purpose(concepts) -> bool:
    """Whether a question (its concepts) asks what a rule is for."""
    return any(not PURPOSE_WORDS.isdisjoint(c.terms) for c in concepts)


class RuleArticles:
    """The purpose and definition articles of an index's documents (read when first asked for),
    and how those of the organization's own documents weigh for a question."""

    def __init__(self, clauses, spans: dict[str, tuple[int, int]], own: set[str]):
        self._clauses = clauses  # IndexStore.clauses: rows by clause number
        self._spans = spans
        self._starts = sorted((first, doc_id) for doc_id, (first, _) in spans.items())
        self._purposes: dict[str, tuple[int, ...]] = {}
        self._own_purposes = [n for doc_id in sorted(own & spans.keys()) for n in self.purposes(doc_id)]
        self._own_definitions = [n for doc_id in sorted(own & spans.keys()) for n in self._definitions(doc_id)]

    def weigh(self, scores, concepts, asks_inclusion: bool) -> None:
        """The own purpose articles down (PURPOSE_WEIGHT) unless the question asks what the rule
        is for; the own definition articles and their items up (DEFINITION_WEIGHT) for a question
        whether something is covered."""
        if not asks_purpose(concepts):
            scores[self._own_purposes] *= PURPOSE_WEIGHT
        if asks_inclusion:
            scores[self._own_definitions] *= DEFINITION_WEIGHT

    def scope(self, n: int) -> tuple[int, ...]:
        """The purpose articles of clause ``n``'s rule: what every article of it stands on."""
        return self.purposes(self._starts[bisect.bisect_right(self._starts, (n, "\uffff")) - 1][1])

    def purposes(self, doc_id: str) -> tuple[int, ...]:
        """The purpose articles among a document's first PURPOSE_WITHIN clauses."""
        if doc_id not in self._purposes:
            rows = self._rows(doc_id, "n, heading, body", PURPOSE_WITHIN)
            self._purposes[doc_id] = tuple(n for n, row in sorted(rows.items()) if is_purpose(row["heading"], row["body"]))
        return self._purposes[doc_id]

    def _definitions(self, doc_id: str) -> list[int]:
        """A document's definition and scope articles and their items."""
        return sorted(n for n, row in self._rows(doc_id, "n, heading, path").items() if is_definition(row["heading"], json.loads(row["path"])))

    def _rows(self, doc_id: str, columns: str, within: int | None = None) -> dict[int, dict]:
        first, last = self._spans[doc_id]
        return self._clauses(list(range(first, last + 1 if within is None else min(last + 1, first + within))), columns)
