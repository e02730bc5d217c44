"""Turns clause text into index terms and a question into a weighted Query.

A question becomes *concepts*: each content word (or thesaurus phrase) it
contains, with the alternatives that count as the same idea — the word's
thesaurus group, and for hiragana spellings (ひるやすみ, とうこう) or misconverted
kanji (投降) the corpus words read the same way. Scoring weighs the
question's own terms 1.0 and alternatives EXPANSION_WEIGHT, a topic concept's
TOPIC_WEIGHT times more, and words that only introduce the asker
(「障害福祉課の職員です。」) CONTEXT_WEIGHT; abstention asks how much of the
question's concepts the best clause covers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from bot.engine.thesaurus import Thesaurus
from bot.engine.tokens import (
    COMPOUND_POS, GRAMMATICAL_SUFFIXES, STOP_LEMMAS, Morph, Tokenizer, compound_terms, key_lemmas, noun_runs, normalize,
    sentence_spans, to_katakana,
)

EXPANSION_WEIGHT = 0.8
# A noun compound of the question (国民健康保険, 保険証 in 国民健康保険証) is a
# group of its own, weighed this much: its parts already count, so a clause
# that has the whole compound gains for the phrase, not for every word again.
COMPOUND_WEIGHT = 0.5
# Words only in a sentence that introduces the asker (「消防職員です。」) count
# this much, in ranking and in deciding whether a clause answers.
CONTEXT_WEIGHT = 0.5
ROLE_WORDS = frozenset("勤務 担当 所属 配属 勤める 働く 務める".split())
# A topic concept (悪口, 写真, 匿名: what the guidelines are about) counts this
# much more than an incidental one (上司, イベント) in choosing the clause.
TOPIC_WEIGHT = 2.0
READING_MIN, READING_MAX = 3, 12
LONG_READING = 5
# Kanji words are replaced by a homophone only from four kana up: shorter
# readings are shared by too many real words (機会・機械, 紹介・照会).
KANJI_READING_MIN = 4
HIRAGANA = frozenset(chr(c) for c in range(0x3041, 0x3097)) | {"ー"}
# 「LINEもSNSに入る？」「TikTokも対象？」: a noun with も and one of these asks
# whether that very thing is covered, so its own name must count, not just its group;
# in English, "Is LinkedIn covered?", "Does it count as a post?".
INCLUSION_LEMMAS = frozenset("入る 含む 対象 該当 適用 当て嵌まる".split())
INCLUSION_ENGLISH = (("cover",), ("covered",), ("covers",), ("included",), ("includes",), ("count", "as"), ("counts", "as"), ("applies", "to"))


@dataclass
class Concept:
    """One idea in the question: the term as asked and what else counts."""

    term: str
    alternatives: set[str] = field(default_factory=set)
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
    marks a question whether something is covered (「ブログも含まれる？」).
    """

    text: str
    weights: dict[str, float]
    concepts: list[Concept]
    groups: list[dict[str, float]]
    asks_inclusion: bool = False


ReadingLookup = Callable[[Iterable[str]], dict[str, set[str]]]


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
        normalized = normalize(text)
        return self._terms(normalized, self.tokenizer.morphs(normalized), compounds)

    def analyze(self, text: str) -> "Analysis":
        """A clause's text, tokenized once: its index terms and its readings."""
        normalized = normalize(text)
        morphs = self.tokenizer.morphs(normalized)
        return Analysis(self._terms(normalized, morphs, True), _readings(morphs))

    def _terms(self, normalized: str, morphs: list[Morph], compounds: bool) -> list[str]:
        terms = self.tokenizer.terms(morphs, compounds)
        present = set(terms)
        return terms + [p for p, _ in self.thesaurus.phrase_matches(normalized) if p not in present]

    def thesaurus_readings(self) -> set[tuple[str, str]]:
        """(katakana reading, phrase) for thesaurus words not written in hiragana:
        うらあか finds 裏アカ's group, いんすた インスタ's."""
        pairs = set()
        for phrase in self.thesaurus.phrases:
            reading = _reading(self.tokenizer.morphs(phrase))
            if len(reading) >= READING_MIN and not set(phrase) <= HIRAGANA:
                pairs.add((reading, phrase))
        return pairs

    def query(self, question: str, lookup_readings: ReadingLookup) -> Query:
        """Analyse a question into weighted terms and concepts."""
        text = normalize(question)
        morphs = self.tokenizer.morphs(text)
        spans = _spans(text, morphs)
        found = [(p, s, s + len(p)) for p, s in self.thesaurus.phrase_matches(text)]
        phrases = _outermost(found + self._reading_matches(text, morphs, spans, lookup_readings))
        covered = [(s, e) for _, s, e in phrases]

        def inside_phrase(start: int, end: int) -> bool:
            return any(s <= start and end <= e for s, e in covered)

        context = _context_spans(text, morphs, spans)
        asked: set[str] = set()  # concepts named outside the self-introduction

        def note(key: str, start: int) -> None:
            if not any(s <= start < e for s, e in context):
                asked.add(key)

        concepts: dict[str, Concept] = {}
        how_to = set()  # 書き方, 作り方: the way of doing, not the doing — never a topic
        for i, (morph, (start, end)) in enumerate(zip(morphs, spans)):
            if morph.is_content and not inside_phrase(start, end):
                concepts.setdefault(morph.lemma, Concept(morph.lemma))
                note(morph.lemma, start)
                if morph.pos == "動詞" and i + 1 < len(morphs) and morphs[i + 1].lemma == "方":
                    how_to.add(morph.lemma)
        for phrase, start, _ in phrases:
            concepts.setdefault(phrase, Concept(phrase))
            note(phrase, start)
        for start, end in noun_runs(morphs):
            last = morphs[end - 1]
            if last.pos == "接尾辞" and last.lemma not in GRAMMATICAL_SUFFIXES and _has_kanji(last.surface):
                if not inside_phrase(spans[start][0], spans[end - 1][1]):
                    compound = "".join(m.surface for m in morphs[start:end])
                    concepts.setdefault(compound, Concept(compound))
                    note(compound, spans[start][0])

        compounds = [
            term
            for start, end in noun_runs(morphs)
            if not inside_phrase(spans[start][0], spans[end - 1][1])
            for term in compound_terms(morphs[start:end])
            if term not in concepts
        ]
        weights = {t: 1.0 for t in [*concepts, *compounds]}
        lemmas = key_lemmas(morphs)
        expansions = self.thesaurus.expand(set(weights), lemmas)
        for term, others in expansions.items():
            for concept in self._owners(term, concepts, others):
                concept.alternatives |= others
            for other in others:
                weights.setdefault(other, EXPANSION_WEIGHT)
        for concept in concepts.values():
            concept.topic = concept.term not in how_to and self.thesaurus.is_topic_word(concept.term, concept.terms)
            concept.context = concept.term not in asked
        merged = _merge_synonyms(list(concepts.values()))
        groups = [
            {t: weights[t] * (TOPIC_WEIGHT if c.topic else 1.0) * (CONTEXT_WEIGHT if c.context else 1.0) for t in c.terms}
            for c in merged
        ]
        groups += [{t: COMPOUND_WEIGHT} for t in compounds if not any(t in c.alternatives for c in merged)]
        return Query(text, weights, merged, groups, _asks_inclusion(morphs))

    def _owners(self, term: str, concepts: dict[str, Concept], others: set[str]) -> list[Concept]:
        """The concepts a matched term speaks for: itself, or the parts of a
        compound or phrase — except a part that means something else (投稿 in
        投稿を消す stays a post; only 消す joins the deletion group)."""
        if term in concepts:
            return [concepts[term]]
        return [c for key, c in concepts.items() if key in term and (key in others or not self.thesaurus.knows(key))]

    @staticmethod
    def _reading_matches(text, morphs, spans, lookup_readings) -> list[tuple[str, int, int]]:
        """Corpus and thesaurus words spelled in hiragana or with the wrong kanji, as (term, start, end).

        Hiragana candidates are runs from a morph boundary to a morph
        boundary (the tokenizer splits unknown kana words, but rarely
        inside a real word) without an auxiliary and not starting with a
        light verb, so that 書かないよう is not read as 内容, nor しよう as
        使用. Kanji candidates are nouns of one or two morphs read like a
        known word but not known themselves: an IME slip such as 投降 for 投稿.
        """
        kana = _kana_candidates(text, morphs, spans)
        kanji = _kanji_candidates(text, morphs, spans)
        if not kana and not kanji:
            return []
        found = lookup_readings({*kana, *kanji})
        matches = [(term, start, end) for reading, terms in found.items() for term in sorted(terms) for start, end in kana.get(reading, ())]
        for reading, places in kanji.items():
            terms = found.get(reading, set())
            matches += [(term, start, end) for start, end in places if text[start:end] not in terms for term in sorted(terms)]
        return matches


def _kana_candidates(text, morphs, spans) -> dict[str, list[tuple[int, int]]]:
    """Katakana reading -> places of hiragana runs that may spell a word.

    A run that starts with a light verb or crosses an auxiliary (し|よう,
    書か|ない|よう) is a candidate only from LONG_READING kana up: short ones
    spell real words by accident (使用, 内容), long ones are words the
    tokenizer split (ゆー|ちゅ|ー|ぶ, つ|いっ|た|ー)."""
    candidates: dict[str, list[tuple[int, int]]] = {}
    for i, (start, _) in enumerate(spans):
        if text[start] not in HIRAGANA:
            continue
        grammatical = morphs[i].lemma in STOP_LEMMAS
        for j in range(i, len(spans)):
            end = spans[j][1]
            piece = text[start:end]
            if len(piece) > READING_MAX or not all(c in HIRAGANA for c in piece):
                break
            grammatical = grammatical or morphs[j].pos == "助動詞"
            if len(piece) >= (LONG_READING if grammatical else READING_MIN):
                candidates.setdefault(to_katakana(piece), []).append((start, end))
    return candidates


def _kanji_candidates(text, morphs, spans) -> dict[str, list[tuple[int, int]]]:
    """Katakana reading -> places of nouns (one or two morphs, with a prefix or
    suffix) written with kanji that may be a misconverted or half-kana word:
    投降 for 投稿, しごと中 for 仕事中."""
    candidates: dict[str, list[tuple[int, int]]] = {}
    for i in range(len(morphs)):
        for j in (i + 1, i + 2):
            run = morphs[i:j]
            if j > len(morphs) or not all(m.pos in COMPOUND_POS for m in run) or not any(m.pos == "名詞" for m in run):
                break
            surface = text[spans[i][0] : spans[j - 1][1]]
            reading = _reading(run)
            if len(reading) >= KANJI_READING_MIN and _has_kanji(surface):
                candidates.setdefault(reading, []).append((spans[i][0], spans[j - 1][1]))
    return candidates


def _context_spans(text, morphs, spans) -> list[tuple[int, int]]:
    """Character ranges of the sentences before the question that introduce the
    asker: who they are (「障害福祉課の職員です。」) or where they work
    (「消防署に勤務しています。」) — statements, not questions."""
    found = []
    for s, e in sentence_spans(text)[:-1]:
        inside = [m for m, (start, _) in zip(morphs, spans) if s <= start < e]
        if any(c in text[s:e] for c in "？?") or any(m.surface == "か" and m.pos == "助詞" for m in inside[-3:]):
            continue
        copula = any(m.lemma in ("です", "だ") and m.pos == "助動詞" for m in inside)
        predicate = any(m.is_content and m.pos in ("動詞", "形容詞") for m in inside)
        works = any(
            m.lemma in ROLE_WORDS and (m.pos == "動詞" or (i + 1 < len(inside) and inside[i + 1].lemma == "為る"))
            for i, m in enumerate(inside)
        )
        if (copula and not predicate) or works:
            found.append((s, e))
    return found


def _asks_inclusion(morphs: list[Morph]) -> bool:
    """Whether the question asks if a thing is covered: a noun with も, then an
    inclusion word (「YouTubeも対象？」, not 「何を書いても入る？」), or an English
    inclusion phrase ("Is LinkedIn covered?", not "What should I include?")."""
    words = [m.lemma for m in morphs]
    if any(tuple(words[i : i + len(phrase)]) == phrase for phrase in INCLUSION_ENGLISH for i in range(len(words))):
        return True
    also = next((i for i, m in enumerate(morphs) if m.surface == "も" and m.pos == "助詞" and i and morphs[i - 1].pos in COMPOUND_POS), None)
    return also is not None and any(m.lemma in INCLUSION_LEMMAS for m in morphs[also:])


def _has_kanji(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def _merge_synonyms(concepts: list[Concept]) -> list[Concept]:
    """One concept per idea: 写真 and 撮る in one question are the same thesaurus group."""
    merged: list[Concept] = []
    for concept in concepts:
        same = next((m for m in merged if concept.term in m.alternatives or m.term in concept.alternatives), None)
        if same is None:
            merged.append(concept)
        else:
            same.alternatives |= concept.terms - {same.term}
            same.topic = same.topic or concept.topic
            same.context = same.context and concept.context
    return merged


def _readings(morphs: list[Morph]) -> set[tuple[str, str]]:
    """(katakana reading, term) for the nouns and noun compounds among morphs."""
    pairs = {(m.reading, m.lemma) for m in morphs if m.pos == "名詞" and m.is_content and m.reading}
    for start, end in noun_runs(morphs):
        pairs.add((_reading(morphs[start:end]), "".join(m.surface for m in morphs[start:end])))
    return {(reading, term) for reading, term in pairs if len(reading) >= READING_MIN}


def _reading(morphs: list[Morph]) -> str:
    """The katakana reading of a run of morphs, or "" when a part has none."""
    return "".join(m.reading for m in morphs) if morphs and all(m.reading for m in morphs) else ""


def _spans(text: str, morphs: list[Morph]) -> list[tuple[int, int]]:
    """Character offsets of each morph in the normalised text."""
    spans, position = [], 0
    for morph in morphs:
        start = text.find(morph.surface, position)
        if start < 0:
            start = position
        spans.append((start, start + len(morph.surface)))
        position = start + len(morph.surface)
    return spans


def _outermost(spans: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Drop phrase matches that lie inside a longer match (アカ inside 裏アカ)."""
    return [
        (p, s, e)
        for p, s, e in spans
        if not any(s2 <= s and e <= e2 and (e2 - s2) > (e - s) for _, s2, e2 in spans)
    ]
