"""Reading repair: words of a question spelled in hiragana (ひるやすみ) or with the
wrong kanji (投降 for 投稿), found by their katakana reading among the corpus's
and the thesaurus's words.

The index stores (reading, term) pairs (``clause_readings``,
``thesaurus_readings``); a question's candidates are looked up there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from bot.engine.chars import KANA_SPELLING, has_kanji, kana_word, to_katakana
from bot.engine.thesaurus import Thesaurus
from bot.engine.tokens import COMPOUND_POS, STOP_LEMMAS, Morph, Span, Tokenizer, noun_runs

READING_MIN, READING_MAX = 3, 12
LONG_READING = 5
# Kanji words are replaced by a homophone only from four kana up: shorter
# readings are shared by too many real words (機会・機械, 紹介・照会).
KANJI_READING_MIN = 4

# Katakana readings -> the terms the index knows read so (bot.engine.store.IndexStore.readings).
ReadingLookup = Callable[[Iterable[str]], dict[str, set[str]]]


def reading_matches(text: str, morphs: list[Morph], spans: list[Span], lookup: ReadingLookup) -> list[tuple[str, int, int]]:
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
    found = lookup({*kana, *kanji})
    matches = [(term, start, end) for reading, terms in found.items() for term in sorted(terms) for start, end in kana.get(reading, ())]
    for reading, places in kanji.items():
        terms = found.get(reading, set())
        matches += [(term, start, end) for start, end in places if text[start:end] not in terms for term in sorted(terms)]
    return matches


def clause_readings(morphs: list[Morph]) -> set[tuple[str, str]]:
    """(katakana reading, term) for the nouns and noun compounds among a clause's morphs."""
    pairs = {(m.reading, m.lemma) for m in morphs if m.pos == "名詞" and m.is_content and m.reading}
    for start, end in noun_runs(morphs):
        pairs.add((reading(morphs[start:end]), "".join(m.surface for m in morphs[start:end])))
    return {(read, term) for read, term in pairs if len(read) >= READING_MIN}


def thesaurus_readings(thesaurus: Thesaurus, tokenizer: Tokenizer) -> set[tuple[str, str]]:
    """(katakana reading, phrase) for thesaurus words not written in hiragana:
    うらあか finds 裏アカ's group, いんすた インスタ's."""
    pairs = set()
    for phrase in thesaurus.phrases:
        read = reading(tokenizer.morphs(phrase))
        if len(read) >= READING_MIN and not kana_word(phrase):
            pairs.add((read, phrase))
    return pairs


def reading(morphs: list[Morph]) -> str:
    """The katakana reading of a run of morphs, or "" when a part has none."""
    return "".join(m.reading for m in morphs) if morphs and all(m.reading for m in morphs) else ""


def _kana_candidates(text: str, morphs: list[Morph], spans: list[Span]) -> dict[str, list[Span]]:
    """Katakana reading -> places of hiragana runs that may spell a word.

    A run that starts with a light verb or crosses an auxiliary (し|よう,
    書か|ない|よう) is a candidate only from LONG_READING kana up: short ones
    spell real words by accident (使用, 内容), long ones are words the
    tokenizer split (ゆー|ちゅ|ー|ぶ, つ|いっ|た|ー)."""
    candidates: dict[str, list[Span]] = {}
    for i, (start, _) in enumerate(spans):
        if text[start] not in KANA_SPELLING:
            continue
        grammatical = morphs[i].lemma in STOP_LEMMAS
        for j in range(i, len(spans)):
            end = spans[j][1]
            piece = text[start:end]
            if len(piece) > READING_MAX or not KANA_SPELLING.issuperset(piece):
                break
            grammatical = grammatical or morphs[j].pos == "助動詞"
            if len(piece) >= (LONG_READING if grammatical else READING_MIN):
                candidates.setdefault(to_katakana(piece), []).append((start, end))
    return candidates


def _kanji_candidates(text: str, morphs: list[Morph], spans: list[Span]) -> dict[str, list[Span]]:
    """Katakana reading -> places of nouns (one or two morphs, with a prefix or
    suffix) written with kanji that may be a misconverted or half-kana word:
    投降 for 投稿, しごと中 for 仕事中."""
    candidates: dict[str, list[Span]] = {}
    for i in range(len(morphs)):
        for j in (i + 1, i + 2):
            run = morphs[i:j]
            if j > len(morphs) or not all(m.pos in COMPOUND_POS for m in run) or not any(m.pos == "名詞" for m in run):
                break
            surface = text[spans[i][0] : spans[j - 1][1]]
            read = reading(run)
            if len(read) >= KANJI_READING_MIN and has_kanji(surface):
                candidates.setdefault(read, []).append((spans[i][0], spans[j - 1][1]))
    return candidates
