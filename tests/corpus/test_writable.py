"""A built Document is checked directly against the corpus format: what passes reads back the same."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.corpus.files import load_corpus
from bot.corpus.markdown import dump_document, parse_document
from bot.corpus.model import Clause, Document
from bot.corpus.writable import problems
from tests.conftest import CORPUS


def guideline(*clauses: Clause, **meta) -> Document:
    return Document(**{"id": "city", "title": "市の指針", **meta}, clauses=clauses)


def clause(number="1", heading="目的", body="本文。", path=(), refs=(), is_faq=False) -> Clause:
    return Clause("city", number, heading, body, path, refs, is_faq)


def faq(*clauses: Clause) -> Document:
    return Document("city", "FAQ", kind="faq", clauses=clauses)


def reads_back(doc: Document) -> bool:
    return parse_document(dump_document(doc)).document == doc


FINE = [
    guideline(clause()),
    guideline(clause(path=("第1章 総則", "1 目的")), clause("2", "", "a\n\n  b", path=("第1章 総則",)), issuer="広報課"),
    guideline(clause(path=("a", "b", "c", "d")), borrow=False),
    faq(clause("Q1", "質問？", "回答。", refs=("ガイドライン 3", "4(1)"), is_faq=True)),
    faq(clause("Q1", "質問【注】", "回答。", refs=("3",), is_faq=True)),
    guideline(clause(body="#タグ を付ける\n＃ 全角")),
]

BROKEN = {
    "a body line read as a heading": guideline(clause(body="本文。\n## 見出し")),
    "a body line read as the title": guideline(clause(body="# 表題")),
    "spaces at a body line's end": guideline(clause(body="本文。 \n次")),
    "a form feed in the body": guideline(clause(body="本文。\f次")),
    "a clause without text": guideline(clause(body="  ")),
    "a number with ']'": guideline(clause(number="1]2")),
    "a number with spaces at its end": guideline(clause(number="1 ")),
    "a heading with a line break": guideline(clause(heading="目\u2028的")),
    "a number used twice": guideline(clause(), clause(heading="再")),
    "a heading above it read as a clause": guideline(clause(path=("[参考] 資料",))),
    "an empty heading above it": guideline(clause(path=("",))),
    "five headings above it": guideline(clause(path=("a", "b", "c", "d", "e"))),
    "a question ending in a reference": faq(clause("Q1", "質問【ガイドライン 3】", "回答。", is_faq=True)),
    "references on a guideline clause": guideline(clause(refs=("3",))),
    "a reference with '、'": faq(clause("Q1", "質問", "回答。", refs=("3、4",), is_faq=True)),
    "an FAQ entry in a guideline": guideline(clause(is_faq=True)),
    "a clause of another document": guideline(replace(clause(), doc_id="other")),
    "a title with spaces at its end": guideline(clause(), title="市の指針 "),
    "an id with capitals": guideline(clause(), id="City"),
    "no clauses": guideline(),
}


@pytest.mark.parametrize("doc", FINE)
def test_a_document_without_problems_reads_back_the_same(doc):
    assert problems(doc) == []
    assert reads_back(doc)


@pytest.mark.parametrize("doc", BROKEN.values(), ids=BROKEN.keys())
def test_each_problem_is_one_the_written_file_would_not_read_back(doc):
    assert problems(doc)
    assert not reads_back(doc)


def test_the_committed_corpus_has_no_problems():
    for doc in load_corpus(CORPUS):
        assert problems(doc) == [], doc.id
