"""The thesaurus: phrase matching, lemma matching, expansion and file errors."""

from __future__ import annotations

import pytest

from bot.corpus.findings import CorpusError
from bot.corpus.thesaurus_file import read_groups
from bot.engine.thesaurus import Thesaurus
from bot.engine.tokens import key_lemmas, search_form

GROUPS = [
    {"words": words, "topic": topic}
    for words, topic in [
        (["発信", "投稿", "つぶやく", "アップ"], True),
        (["匿名", "裏アカ", "捨てアカ"], True),
        (["勤務時間中", "仕事中"], False),
        (["ソーシャルメディア", "x", "インスタ", "インスタグラム", "x.com"], True),
    ]
]


@pytest.fixture(scope="module")
def thesaurus(tokenizer):
    return Thesaurus.build(GROUPS, tokenizer)


def test_phrases_are_found_where_the_tokenizer_splits_them(thesaurus):
    assert [p for p, _ in thesaurus.phrase_matches(search_form("裏アカでインスタに"))] == ["裏アカ", "インスタ"]


def test_latin_phrases_need_word_boundaries(thesaurus):
    assert thesaurus.phrase_matches(search_form("Xに投稿")) == [("x", 0), ("投稿", 2)]
    assert thesaurus.phrase_matches(search_form("xbox")) == []
    # x.com fails its boundary in x.community; x still stands alone there
    assert thesaurus.phrase_matches(search_form("x.comに")) == [("x.com", 0)]
    assert thesaurus.phrase_matches(search_form("x.community")) == [("x", 0)]


def test_the_longest_phrase_at_an_offset_wins(thesaurus):
    assert thesaurus.phrase_matches(search_form("インスタグラムに")) == [("インスタグラム", 0)]


def test_conjugated_verbs_expand_by_lemma(thesaurus, tokenizer):
    lemmas = key_lemmas(tokenizer.morphs(search_form("つぶやいた")))
    expansions = thesaurus.expand(set(lemmas), lemmas)
    assert any("発信" in others for others in expansions.values())


def test_compound_words_expand_to_the_guideline_compound(thesaurus, tokenizer):
    morphs = tokenizer.morphs(search_form("仕事中に"))
    terms = set(tokenizer.terms(morphs))
    expansions = thesaurus.expand(terms, [m.lemma for m in morphs])
    assert "勤務時間中" in expansions["仕事中"]


def test_multi_word_entries_match_whatever_the_particles(tokenizer):
    thesaurus = Thesaurus.build([{"words": ["身元を明らかにする", "所属を明かす"], "topic": False}], tokenizer)
    morphs = tokenizer.morphs(search_form("所属は明かすべき？"))
    expansions = thesaurus.expand(set(tokenizer.terms(morphs)), key_lemmas(morphs))
    assert any("身元を明らかにする" in others for others in expansions.values())


def test_topic_groups_mark_their_terms(thesaurus):
    assert {"投稿", "裏アカ", "インスタ"} <= thesaurus.topic_terms
    assert "仕事中" not in thesaurus.topic_terms


def test_everyday_words_find_their_group_but_do_not_name_the_topic(tokenizer):
    thesaurus = Thesaurus.build([{"words": ["拡散", "シェア", "共有"], "topic": True, "everyday": ["共有"]}], tokenizer)
    group = {"拡散", "シェア", "共有"}
    assert thesaurus.expand({"共有"}, ["共有"])["共有"] == {"拡散", "シェア"}
    assert thesaurus.is_topic_word("シェア", group) and not thesaurus.is_topic_word("共有", group)


def test_an_everyday_word_of_one_group_still_names_the_topic_of_another(tokenizer):
    groups = [
        {"words": ["拡散", "共有"], "topic": True, "everyday": ["共有"]},
        {"words": ["情報共有", "共有"], "topic": True},
    ]
    thesaurus = Thesaurus.build(groups, tokenizer)
    assert thesaurus.is_topic_word("共有", {"共有", "情報共有"})


@pytest.mark.parametrize(
    "text, problem",
    [
        ('[[group]]\nwords = ["a", "b"]\n\n[[group]]\nwords = ["c" "d"]\n', r"thesaurus.toml:5: "),  # not TOML
        ('[[group]]\nwords = ["a", "b"]\n[[group]]\nword = "c"\n', r"thesaurus.toml:3: group 2 needs words"),
        ('[[group]]\nwords = ["a", "b"]\ntopic = "yes"\n', r"thesaurus.toml:1: group 1: topic must be true or false"),
        ('[[group]]\nwords = ["a", "b"]\ntopic = true\neveryday = ["c"]\n', r"thesaurus.toml:1: group 1: everyday must list"),
        ('[[group]]\nwords = ["a", "b"]\neveryday = ["a"]\n', r"thesaurus.toml:1: group 1: everyday must list"),
        ('[[group]]\nwords = ["a", "b"]\ntopic = true\neveryday = [["a"]]\n', r"thesaurus.toml:1: group 1: everyday must list"),
        ('[[groups]]\nwords = ["a", "b"]\n', r"thesaurus.toml:1: unknown table 'groups': use \[\[group\]\]"),
        ('[[group]]\nwords = ["a", "b"]\n\n[[group]]\nwords = ["c", "d"]\ntopics = true\n', r"thesaurus.toml:4: group 2: unknown key 'topics'"),
        ('[[group]]\nwords = ["a", " "]\n', r"thesaurus.toml:1: group 1 needs words = .*none of them empty"),
    ],
)
def test_a_malformed_thesaurus_names_file_line_and_problem(tmp_path, text, problem):
    path = tmp_path / "thesaurus.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CorpusError, match=problem):
        read_groups(path)


def test_missing_thesaurus_is_empty(tmp_path):
    assert read_groups(tmp_path / "none.toml") == []
