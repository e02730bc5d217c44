"""Questions typed in hiragana find the corpus and thesaurus words they spell."""

from __future__ import annotations

import pytest


def concepts(engine, question):
    return {c.term for c in engine.analyzer.query(question, engine._lookup_readings).concepts}


@pytest.mark.parametrize(
    "question, words",
    [
        ("ひるやすみにとうこうしていい？", {"昼休み", "投稿"}),  # corpus words
        ("うらあかってばれる？", {"裏アカ"}),  # a thesaurus word the tokenizer splits into うら + 明く
        ("しごとちゅうにいんすたみてもいい？", {"仕事中", "インスタ"}),
    ],
)
def test_hiragana_spellings_become_the_words_they_read(engine, question, words):
    found = concepts(engine, question)
    assert words <= found


def test_a_kana_word_replaces_the_pieces_the_tokenizer_split_it_into(engine):
    assert "明く" not in concepts(engine, "うらあかってばれる？")


def test_verb_endings_are_not_read_as_nouns(engine):
    # 書か|ない|よう reads ナイヨウ like 内容, a corpus word; an auxiliary never starts a word
    assert "内容" in {t for c in engine.analyzer.query("投稿の内容", engine._lookup_readings).concepts for t in c.terms}
    assert "内容" not in concepts(engine, "悪口を書かないようにする")
