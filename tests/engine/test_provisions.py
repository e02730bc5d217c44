"""例規 structure at question time (bot.engine.provisions): a rule's purpose and
definition articles, and own-first precision.

The rule below is written for these tests in the standard 例規 layout: its
第1条 names the library and its media, the articles after it answer, and
第6条 says which media it covers.
"""

from __future__ import annotations

import pytest

from bot.engine.provisions import is_definition, is_purpose
from bot.engine.search import Engine
from bot.measure.hits import with_documents
from tests.conftest import CORPUS

LIBRARY = """○西浜町立図書館ソーシャルメディア運用要領
令和6年4月1日
訓令第12号
(趣旨)
第1条 この要領は、西浜町立図書館及び郷土資料館(以下「本館」という。)が、読書活動の推進を目的として、ソーシャルメディアを活用して情報を発信するために必要な事項を定めるものとする。
(運用管理者)
第2条 本館の公式SNSの運用管理者は、教育委員会生涯学習課長とする。
(運用担当者)
第3条 本館の公式SNSの運用担当者は、生涯学習課の職員及び指定管理者とする。
(発信する情報)
第4条 発信する情報は、次に掲げるものとする。
(1) 本館が主催する行事の案内
(2) 新着資料の紹介
(3) 開館日及び開館時間の変更
(返信)
第5条 利用者からのコメントには、原則として返信しない。
(対象とするソーシャルメディア)
第6条 この要領の対象とするソーシャルメディアは、次に掲げるものとする。
(1) X(旧Twitter)
(2) Instagram
(3) YouTube
"""
ORG = "nishihama-library"


@pytest.fixture(scope="module")
def library(tmp_path_factory, tokenizer) -> Engine:
    """The seeds with the library's rule beside them, asked as the library."""
    work = tmp_path_factory.mktemp("library")
    (work / "documents").mkdir()
    (work / "documents" / f"{ORG}.txt").write_text(LIBRARY, encoding="utf-8")
    (work / "built").mkdir()
    index = with_documents(CORPUS, work / "documents", work / "built", tokenizer)
    return Engine(index, org=ORG, tokenizer=tokenizer)


def test_a_purpose_article_is_known_by_its_heading_or_its_opening():
    assert is_purpose("趣旨", "この要領は、西浜町立図書館(以下「本館」という。)が、…必要な事項を定めるものとする。")
    assert is_purpose("", "この告示は、SNSを利用した情報発信を目的とし、公式SNSの運用に関し、必要な事項を定めるものとする。")
    assert is_purpose("策定の背景及び目的", "近年、ソーシャルメディアを利用する事例が増えている。")
    assert not is_purpose("運用管理者", "運用管理者は、教育委員会生涯学習課長とする。")
    assert not is_purpose("適用範囲", "この訓令は、一般職の職員に適用する。")


def test_a_definition_article_and_its_items_are_known_by_their_heading():
    assert is_definition("対象とするソーシャルメディア", [])
    assert is_definition("", ["第2条 用語の定義"])
    assert is_definition("適用範囲", [])
    assert not is_definition("対象者", []) and not is_definition("", ["第4条 発信する情報"])


@pytest.mark.parametrize("question, article", [
    ("図書館のSNSの担当者は？", "第3条"),
    ("郷土資料館の公式SNSの運用管理者は？", "第2条"),
    ("図書館のSNSで開館時間が変わったことを知らせていい？", "第4条第3号"),
    ("図書館のSNSにコメントが来たら返信する？", "第5条"),
])
def test_the_article_that_answers_comes_before_the_rules_purpose_article(library, question, article):
    answer = library.ask(question)
    ids = [hit.id for hit in answer.results]
    assert answer.answered and ids[0] == f"{ORG}:{article}"
    assert f"{ORG}:第1条" in ids, "the purpose article should still rank, behind the answer"


def test_asked_what_the_rule_is_for_its_purpose_article_answers(library):
    answer = library.ask("この要領は何のためにあるの？")
    assert answer.answered and answer.results[0].id == f"{ORG}:第1条"


def test_an_own_clause_that_only_shares_words_is_not_taken_for_the_answer(library):
    answer = library.ask("個人アカウントでいいねを押すときの注意は？")
    assert answer.answered and answer.elsewhere and answer.results[0].clause.doc_id != ORG


def test_asked_whether_something_is_covered_the_definition_article_answers(library):
    answer = library.ask("公式SNSにTikTokも入る？")
    assert answer.answered and answer.results[0].id == f"{ORG}:第6条"
