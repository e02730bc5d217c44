"""The thesaurus: groups of words staff and guidelines use for the same idea.

``corpus/thesaurus.toml`` (read by bot.corpus.thesaurus_file) holds
``[[group]]`` tables with a ``words`` list and, for groups that name what
the guidelines are about (posting, SNS, anonymity, portraits …),
``topic = true``; such a group's ``everyday`` list names its words that
are also plain office words (公開, 共有, パスワード): they still find the
group, but do not make a question one about the topic.
Every word is also a phrase: wherever it occurs in a clause or a question
it becomes a term of its own, so that words the tokenizer splits badly
(インスタ, 裏アカ, いいね) are still found. A question that contains any word
of a group is also searched for the group's other words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import ahocorasick

from bot.engine.chars import is_hiragana
from bot.engine.tokens import Morph, Tokenizer, key_lemmas, search_form

LATIN = re.compile(r"^[a-z0-9][a-z0-9 .+&'-]*$")
ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


@dataclass(frozen=True)
class Word:
    """A thesaurus word: its phrase, the lemmas it matches, the terms it searches."""

    phrase: str
    lemmas: tuple[str, ...]
    terms: tuple[str, ...]


class Thesaurus:
    """Word groups, the phrase matcher built from them, and query expansion."""

    def __init__(self, groups: list[list[Word]], topics: list[bool] | None = None, everyday: list[set[str]] | None = None):
        self.groups = groups
        flags = topics or [False] * len(groups)
        everyday_phrases = everyday or [set()] * len(groups)
        topic_words = [(w, w.phrase in marked) for group, topic, marked in zip(groups, flags, everyday_phrases) if topic for w in group]
        self.topic_terms = {t for w, _ in topic_words for t in (w.phrase, *w.terms)}
        naming_terms = {t for w, is_everyday in topic_words if not is_everyday for t in (w.phrase, *w.terms)}
        # everyday in its group and not a naming word of another topic group
        self.everyday_terms = {t for w, is_everyday in topic_words if is_everyday for t in (w.phrase, *w.terms)} - naming_terms
        self._by_term: dict[str, set[int]] = {}
        self._by_lemmas: dict[tuple[str, ...], set[int]] = {}
        self._keys_by_first: dict[str, set[tuple[str, ...]]] = {}
        for index, group in enumerate(groups):
            for word in group:
                for term in {word.phrase, *word.terms}:
                    self._by_term.setdefault(term, set()).add(index)
                if len(word.lemmas) > 1:
                    self._by_lemmas.setdefault(word.lemmas, set()).add(index)
                    self._keys_by_first.setdefault(word.lemmas[0], set()).add(word.lemmas)
        self.phrases = sorted({w.phrase for g in groups for w in g})
        self._matcher = _matcher([p for p in self.phrases if _is_phrase(p)])

    @classmethod
    def build(cls, groups: list[dict], tokenizer: Tokenizer) -> "Thesaurus":
        """A thesaurus from groups as read_groups returns them."""
        parsed = [
            ([w for text in g["words"] if (w := _word(text, tokenizer)) is not None], g["topic"], {search_form(t).strip() for t in g.get("everyday", ())})
            for g in groups
        ]
        kept = [entry for entry in parsed if len(entry[0]) >= 2]
        return cls([words for words, _, _ in kept], [topic for _, topic, _ in kept], [everyday for _, _, everyday in kept])

    def is_topic_word(self, term: str, group_terms: set[str]) -> bool:
        """Whether a question's word names a guideline topic: its group (``group_terms``)
        is a topic group and the word itself is not an everyday one."""
        return term not in self.everyday_terms and not group_terms.isdisjoint(self.topic_terms)

    def phrase_matches(self, text: str) -> list[tuple[str, int]]:
        """(phrase, offset) for the longest thesaurus phrase starting at each offset
        of normalised text; a Latin phrase only as a whole word (x, not the x of xyz)."""
        if self._matcher is None:
            return []
        longest: dict[int, str] = {}
        for end, (phrase, latin) in self._matcher.iter(text):
            start = end + 1 - len(phrase)
            if latin and not _whole_word(text, start, end + 1):
                continue
            if len(phrase) > len(longest.get(start, "")):
                longest[start] = phrase
        return [(longest[start], start) for start in sorted(longest)]

    def group_term(self, term: str) -> str:
        """One term for all the words of a group (the term itself if in none):
        how clauses that say the same thing in other words are compared."""
        groups = self._by_term.get(term)
        return f"#{min(groups)}" if groups else term

    def knows(self, term: str) -> bool:
        """Whether a term belongs to any group."""
        return term in self._by_term

    def expand(self, terms: set[str], lemmas: list[str]) -> dict[str, set[str]]:
        """For each query term that belongs to a group, the group's other terms."""
        expansions: dict[str, set[str]] = {}
        hits: list[tuple[str, int]] = [(t, g) for t in terms for g in self._by_term.get(t, ())]
        for i, lemma in enumerate(lemmas):
            for key in self._keys_by_first.get(lemma, ()):
                if tuple(lemmas[i : i + len(key)]) == key:
                    hits.extend(("".join(key), g) for g in self._by_lemmas[key])
        for term, index in hits:
            others = {t for word in self.groups[index] for t in (word.phrase, *word.terms)}
            expansions.setdefault(term, set()).update(others - {term})
        return expansions


def _word(text: str, tokenizer: Tokenizer) -> Word | None:
    phrase = search_form(text).strip()
    if not phrase:
        return None
    morphs = tokenizer.morphs(phrase)
    lemmas = tuple(key_lemmas(morphs))
    return Word(phrase, lemmas, tuple(_word_terms(morphs, tokenizer)))


def _word_terms(morphs: list[Morph], tokenizer: Tokenizer) -> list[str]:
    """The one term a word stands for (its lemma, or its compound if it is a
    noun run); a phrase of several words has none and is matched whole."""
    terms = tokenizer.terms(morphs)
    content = [m for m in morphs if m.surface.strip()]
    if len(content) == 1:
        return terms
    if terms and terms[-1] == "".join(m.surface for m in content):
        return [terms[-1]]
    return []


def _is_phrase(phrase: str) -> bool:
    """Phrases long enough to match by substring without false hits."""
    if all(is_hiragana(c) for c in phrase):
        return len(phrase) >= 3
    return len(phrase) >= 2 or bool(LATIN.match(phrase))


def _matcher(phrases: list[str]) -> ahocorasick.Automaton | None:
    """An Aho-Corasick automaton finding every phrase, with whether it is Latin."""
    if not phrases:
        return None
    automaton = ahocorasick.Automaton()
    for phrase in phrases:
        automaton.add_word(phrase, (phrase, bool(LATIN.match(phrase))))
    automaton.make_automaton()
    return automaton


def _whole_word(text: str, start: int, end: int) -> bool:
    return (start == 0 or text[start - 1] not in ALNUM) and (end == len(text) or text[end] not in ALNUM)
