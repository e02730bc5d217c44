"""Turns clause text into index terms and a question into a weighted Query.

A question becomes *concepts*: each content word (or thesaurus phrase) it
contains, with the alternatives that count as the same idea — the word's
thesaurus group, and for hiragana spellings (ひるやすみ, とうこう) or misconverted
kanji (投降) the corpus words read the same way. Scoring weighs the
question's own terms 1.0 and alternatives EXPANSION_WEIGHT, a topic concept's
TOPIC_WEIGHT times more, and words that only introduce the asker
(「障害福祉課の職員です。」) CONTEXT_WEIGHT; abstention asks how much of the
question's concepts the best clause covers.

``Analyzer.query`` is a pipeline of steps that each return new values:
the question's words and thesaurus phrases (with reading repair,
bot.engine.readings), the self-introduction (bot.engine.introduction), the
thesaurus expansions, one Concept per word, merged synonyms, then the
weighted groups.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from bot.engine.chars import has_kanji
from bot.engine.introduction import introduction_spans
from bot.engine.readings import ReadingLookup, clause_readings, reading_matches, thesaurus_readings
from bot.engine.thesaurus import Thesaurus
from bot.engine.tokens import (
    COMPOUND_POS, GRAMMATICAL_SUFFIXES, Morph, Span, Tokenizer, compound_terms, key_lemmas, morph_spans, noun_runs,
    search_form,
)

EXPANSION_WEIGHT = 0.8
# A noun compound of the question (国民健康保険, 保険証 in 国民健康保険証) is a
# group of its own, weighed this much: its parts already count, so a clause
# that has the whole compound gains for the phrase, not for every word again.
COMPOUND_WEIGHT = 0.5
# Words only in a sentence that introduces the asker (「消防職員です。」) count
# this much, in ranking and in deciding whether a clause answers.
CONTEXT_WEIGHT = 0.5
# A topic concept (悪口, 写真, 匿名: what the guidelines are about) counts this
# much more than an incidental one (上司, イベント) in choosing the clause.
TOPIC_WEIGHT = 2.0
# 「LINEもSNSに入る？」「TikTokも対象？」: a noun with も and one of these asks
# whether that very thing is covered, so its own name must count, not just its group;
# in English, "Is LinkedIn covered?", "Does it count as a post?".
INCLUSION_LEMMAS = frozenset("入る 含む 対象 該当 適用 当て嵌まる".split())
INCLUSION_ENGLISH = (("cover",), ("covered",), ("covers",), ("included",), ("includes",), ("count", "as"), ("counts", "as"), ("applies", "to"))

Phrase = tuple[str, int, int]  # a thesaurus phrase or a repaired word, with its place: (term, start, end)


@dataclass(frozen=True)
class Concept:
    """One idea in the question: the term as asked and what else counts."""

    term: str
    alternatives: frozenset[str] = frozenset()
    topic: bool = False
    context: bool = False  # named only where the asker introduces themselves

    @property
    def terms(self) -> set[str]:
        return {self.term, *self.alternatives}


@dataclass
class Query:
    """A question ready to score: weighted terms and the concepts behind them.

    ``groups`` splits ``weights`` into one group per concept (its own term at
    1.0, its alternatives at EXPANSION_WEIGHT, both times TOPIC_WEIGHT for a
    topic concept) plus one per noun compound (at COMPOUND_WEIGHT); a
    clause scores the best-matching term of each group, so a concept with
    many synonyms counts once, not once per synonym. ``asks_inclusion``
    marks a question whether something is covered (「ブログも含まれる？」);
    ``own_terms`` are the terms the question itself wrote (its words and
    compounds, not their alternatives).
    """

    text: str
    weights: dict[str, float]
    concepts: list[Concept]
    groups: list[dict[str, float]]
    asks_inclusion: bool = False
    own_terms: frozenset[str] = field(default_factory=frozenset)


class Analysis(NamedTuple):
    """Index terms of a text, and (katakana reading, term) pairs of its nouns and noun compounds."""

    terms: list[str]
    readings: set[tuple[str, str]]


class Analyzer:
    """Tokenizer and thesaurus together: the one place text becomes terms."""

    def __init__(self, tokenizer: Tokenizer, thesaurus: Thesaurus):
        self.tokenizer = tokenizer
        self.thesaurus = thesaurus

    def document_terms(self, text: str, compounds: bool = True) -> list[str]:
        """Index terms of a clause or sentence: lemmas, compounds, thesaurus phrases."""
        normalized = search_form(text)
        return self._terms(normalized, self.tokenizer.morphs(normalized), compounds)

    def analyze(self, text: str) -> "Analysis":
        """A clause's text, tokenized once: its index terms and its readings."""
        normalized = search_form(text)
        morphs = self.tokenizer.morphs(normalized)
        return Analysis(self._terms(normalized, morphs, True), clause_readings(morphs))

    def _terms(self, normalized: str, morphs: list[Morph], compounds: bool) -> list[str]:
        terms = self.tokenizer.terms(morphs, compounds)
        present = set(terms)
        return terms + [p for p, _ in self.thesaurus.phrase_matches(normalized) if p not in present]

    def thesaurus_readings(self) -> set[tuple[str, str]]:
        """(katakana reading, phrase) for thesaurus words not written in hiragana (bot.engine.readings)."""
        return thesaurus_readings(self.thesaurus, self.tokenizer)

    def query(self, question: str, lookup_readings: ReadingLookup) -> Query:
        """Analyse a question into weighted terms and concepts."""
        text = search_form(question)
        morphs = self.tokenizer.morphs(text)
        spans = morph_spans(text, morphs)
        found = [(p, s, s + len(p)) for p, s in self.thesaurus.phrase_matches(text)]
        phrases = _outermost(found + reading_matches(text, morphs, spans, lookup_readings))
        mentions = _mentions(morphs, spans, phrases)
        introduction = introduction_spans(text, morphs, spans)
        asked = {term for term, start in mentions if not any(s <= start < e for s, e in introduction)}
        named = dict.fromkeys(term for term, _ in mentions)  # in order, once each
        compounds = _compounds(morphs, spans, phrases, named.keys())
        own = [*named, *compounds]
        own_terms = frozenset(own)
        expansions = self.thesaurus.expand(set(own_terms), key_lemmas(morphs))
        how_to = _how_to(morphs, spans, phrases)
        concepts = _merge_synonyms([
            self._concept(term, _alternatives(term, expansions, named.keys(), self.thesaurus), how_to, asked)
            for term in named
        ])
        weights = dict.fromkeys(own, 1.0) | {
            other: EXPANSION_WEIGHT for others in expansions.values() for other in others if other not in own_terms
        }
        groups = [
            {t: weights[t] * (TOPIC_WEIGHT if c.topic else 1.0) * (CONTEXT_WEIGHT if c.context else 1.0) for t in c.terms}
            for c in concepts
        ]
        groups += [{t: COMPOUND_WEIGHT} for t in compounds if not any(t in c.alternatives for c in concepts)]
        return Query(text, weights, concepts, groups, _asks_inclusion(morphs), own_terms)

    def _concept(self, term: str, alternatives: frozenset[str], how_to: set[str], asked: set[str]) -> Concept:
        """A word of the question with its alternatives: a topic unless it is a way of doing
        (書き方) or an everyday word; context when named only in the self-introduction."""
        topic = term not in how_to and self.thesaurus.is_topic_word(term, {term, *alternatives})
        return Concept(term, alternatives, topic=topic, context=term not in asked)


def _mentions(morphs: list[Morph], spans: list[Span], phrases: list[Phrase]) -> list[tuple[str, int]]:
    """Every naming of a concept, as (term, start): content words outside the phrases, the
    phrases, then nouns with a suffix that names a new thing (駐車場, 職員証) outside the phrases."""
    words = [(m.lemma, start) for m, (start, end) in zip(morphs, spans) if m.is_content and not _inside(phrases, start, end)]
    words += [(phrase, start) for phrase, start, _ in phrases]
    for start, end in noun_runs(morphs):
        last = morphs[end - 1]
        if last.pos == "接尾辞" and last.lemma not in GRAMMATICAL_SUFFIXES and has_kanji(last.surface):
            if not _inside(phrases, spans[start][0], spans[end - 1][1]):
                words.append(("".join(m.surface for m in morphs[start:end]), spans[start][0]))
    return words


def _how_to(morphs: list[Morph], spans: list[Span], phrases: list[Phrase]) -> set[str]:
    """Verbs followed by 方 (書き方, 作り方): the way of doing, not the doing — never a topic."""
    return {
        m.lemma for i, (m, (start, end)) in enumerate(zip(morphs, spans))
        if m.pos == "動詞" and i + 1 < len(morphs) and morphs[i + 1].lemma == "方" and m.is_content and not _inside(phrases, start, end)
    }


def _compounds(morphs: list[Morph], spans: list[Span], phrases: list[Phrase], named: Collection[str]) -> list[str]:
    """Noun compounds of the question outside the phrases that are not concepts themselves (one per occurrence)."""
    return [
        term
        for start, end in noun_runs(morphs)
        if not _inside(phrases, spans[start][0], spans[end - 1][1])
        for term in compound_terms(morphs[start:end])
        if term not in named
    ]


def _alternatives(term: str, expansions: dict[str, set[str]], named: Collection[str], thesaurus: Thesaurus) -> frozenset[str]:
    """What else counts as a concept's term: the expansions of the matched terms it speaks for —
    itself, or a compound or phrase it is part of, unless it means something else there
    (投稿 in 投稿を消す stays a post; only 消す joins the deletion group)."""
    def speaks_for(matched: str, others: set[str]) -> bool:
        if matched in named:
            return matched == term
        return term in matched and (term in others or not thesaurus.knows(term))

    return frozenset().union(*(others for matched, others in expansions.items() if speaks_for(matched, others)))


def _inside(phrases: list[Phrase], start: int, end: int) -> bool:
    return any(s <= start and end <= e for _, s, e in phrases)


def _asks_inclusion(morphs: list[Morph]) -> bool:
    """Whether the question asks if a thing is covered: a noun with も, then an
    inclusion word (「YouTubeも対象？」, not 「何を書いても入る？」), or an English
    inclusion phrase ("Is LinkedIn covered?", not "What should I include?")."""
    words = [m.lemma for m in morphs]
    if any(tuple(words[i : i + len(phrase)]) == phrase for phrase in INCLUSION_ENGLISH for i in range(len(words))):
        return True
    also = next((i for i, m in enumerate(morphs) if m.surface == "も" and m.pos == "助詞" and i and morphs[i - 1].pos in COMPOUND_POS), None)
    return also is not None and any(m.lemma in INCLUSION_LEMMAS for m in morphs[also:])


def _merge_synonyms(concepts: list[Concept]) -> list[Concept]:
    """One concept per idea: 写真 and 撮る in one question are the same thesaurus group."""
    merged: list[Concept] = []
    for concept in concepts:
        same = next((i for i, m in enumerate(merged) if concept.term in m.alternatives or m.term in concept.alternatives), None)
        if same is None:
            merged.append(concept)
        else:
            kept = merged[same]
            merged[same] = replace(kept, alternatives=kept.alternatives | (concept.terms - {kept.term}),
                                   topic=kept.topic or concept.topic, context=kept.context and concept.context)
    return merged


def _outermost(spans: list[Phrase]) -> list[Phrase]:
    """Drop phrase matches that lie inside a longer match (アカ inside 裏アカ)."""
    return [
        (p, s, e)
        for p, s, e in spans
        if not any(s2 <= s and e <= e2 and (e2 - s2) > (e - s) for _, s2, e2 in spans)
    ]
