"""Japanese character classes, defined once for the engine and for ingest.

Ranges are written for regular expressions (``HIRAGANA_RANGE`` goes inside
``[...]``); the predicates test whole strings.
"""

from __future__ import annotations

HIRAGANA_RANGE = "\u3041-\u3096"  # ぁ … ゖ: the letters, not the voicing and iteration marks
KATAKANA_RANGE = "\u30a0-\u30ff"  # with ー and ・
KANJI_RANGE = "\u4e00-\u9fff"  # the CJK unified ideographs
LONG_VOWEL = "ー"  # written in hiragana words too (ゆーちゅーぶ)
# Distance from a hiragana letter to its katakana one (あ U+3042, ア U+30A2).
KATAKANA_OFFSET = 0x60
HIRAGANA = frozenset(map(chr, range(0x3041, 0x3097)))
KANA_SPELLING = HIRAGANA | {LONG_VOWEL}  # what a word spelled in hiragana is written with

OPENING_BRACKETS = "（(「『【"
CLOSING_BRACKETS = "）)」』】"  # each closes the opening bracket at the same place
# What ends a sentence, in NFKC-normalised text (the engine's sentences).
SENTENCE_ENDS = "。！？!?"
# What ends a sentence in extracted text not yet normalised (ingest): the full-width period too.
RAW_SENTENCE_ENDS = tuple(SENTENCE_ENDS + "．")
# A line ending so is complete, not broken by the page layout: a sentence, a closing bracket, a colon.
LINE_ENDS = RAW_SENTENCE_ENDS + tuple(CLOSING_BRACKETS + "：:")


def is_hiragana(char: str) -> bool:
    """Whether a character is a hiragana letter."""
    return char in HIRAGANA


def kana_word(text: str) -> bool:
    """Whether text is written in hiragana alone (the long vowel mark allowed): ひるやすみ, ゆーちゅーぶ."""
    return bool(text) and KANA_SPELLING.issuperset(text)


def has_kanji(text: str) -> bool:
    """Whether any character of text is a kanji."""
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def to_katakana(text: str) -> str:
    """Hiragana to katakana, other characters unchanged."""
    return "".join(chr(ord(c) + KATAKANA_OFFSET) if is_hiragana(c) else c for c in text)
