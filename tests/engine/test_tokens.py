"""Tokens: normalisation, lemmas without glosses, unknown words, compounds, stop words."""

from __future__ import annotations

import pytest

from bot.engine.chars import to_katakana
from bot.engine.tokens import search_form


def terms(tokenizer, text):
    return tokenizer.terms(tokenizer.morphs(search_form(text)))


def test_search_form_folds_width_case_and_control_characters():
    assert search_form("ＳＮＳ\x00で\u200bＬＩＮＥ") == "sns で line"


@pytest.mark.parametrize("typed", ["\x1b[2J\x1b[31m写真を\x1b]0;title\x07載せて\udcffいい？\x1b[0m", "\x1b]写真を載せていい？"])
def test_escape_sequences_and_undecodable_bytes_are_not_words(tokenizer, typed):
    assert terms(tokenizer, typed) == terms(tokenizer, "写真を載せていい？")


def test_loanword_lemmas_lose_their_english_gloss(tokenizer):
    assert "ソーシャル" in terms(tokenizer, "ソーシャルメディア")
    assert not any("-" in t for t in terms(tokenizer, "ソーシャルメディアにポストする"))


def test_unknown_words_keep_their_surface(tokenizer):
    assert {"sns", "line", "x"} <= set(terms(tokenizer, "SNSやLINEやXを使う"))


def test_compounds_are_findable_with_their_parts(tokenizer):
    found = terms(tokenizer, "勤務時間中に肖像権を侵害しない")
    assert {"勤務", "時間", "勤務時間中", "勤務時間", "肖像", "肖像権"} <= set(found)


def test_spelling_variants_share_a_lemma(tokenizer):
    assert set(terms(tokenizer, "つぶやく")) == set(terms(tokenizer, "呟く"))


@pytest.mark.parametrize("question", ["投稿していいですか？ダメ？", "投稿したらまずい？NG？", "投稿してもアウトじゃない？構わない？"])
def test_particles_auxiliaries_and_permission_words_are_dropped(tokenizer, question):
    assert terms(tokenizer, question) == ["投稿"]


def test_hiragana_to_katakana():
    assert to_katakana("とうこうー") == "トウコウー"


def test_compound_particles_and_formal_nouns_are_grammar(tokenizer):
    assert terms(tokenizer, "市政について意見を述べる際の留意点は？") == ["市政", "意見", "述べる", "留意", "留意点"]
    assert "付く" in terms(tokenizer, "写真に位置情報が付く") and "付く" in terms(tokenizer, "写真に付いた位置情報")


@pytest.mark.parametrize("formal, plain", [("勤務時間中の利用は認められますか", "勤務時間中の利用"), ("投稿に関してのお願い", "投稿のお願い")])
def test_formal_framing_adds_no_words(tokenizer, formal, plain):
    assert terms(tokenizer, formal) == terms(tokenizer, plain)
