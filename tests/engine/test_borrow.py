"""Borrowed staff wording: a newly added guideline without 想定質問 answers in staff's words."""

from __future__ import annotations

from click.testing import CliRunner

from bot.cli import cli
from bot.engine import borrow
from bot.engine.corpus_terms import read_corpus
from bot.engine.search import Engine
from tests.engine.conftest import CITY

def loans_of(reading, clause_id):
    return [loan for loan in reading.loans if loan.borrower == clause_id]


def test_a_new_clause_borrows_from_clauses_that_say_the_same_and_an_unlike_one_borrows_nothing(city_corpus, tokenizer):
    reading = read_corpus(city_corpus, tokenizer)
    work = loans_of(reading, "kitaura:1")
    assert work and all(loan.similarity >= borrow.MIN_SIMILARITY and loan.questions for loan in work)
    assert all(not loan.lender.startswith("kitaura:") for loan in reading.loans)
    lenders = {loan.lender for loan in work}
    assert lenders & {"ashiya:9(3)", "ashiya:5(6)", "tsuyama:5(10)", "soumu:3(1)-2", "musashino-faq:Q13"}, lenders
    assert loans_of(reading, "kitaura:3") == []
    # the seed clauses have 想定質問 of their own: they borrow none
    assert all(loan.borrower.startswith("kitaura:") for loan in reading.loans)


def test_the_borrowed_wording_finds_the_own_clause_but_is_never_shown(city_corpus, tmp_path, tokenizer):
    index = tmp_path / "index.sqlite"
    engine = Engine.open(index, city_corpus, org="kitaura", tokenizer=tokenizer)
    answer = engine.ask("昼休みにインスタ見てもいい？")
    assert answer.answered and answer.results[0].id == "kitaura:1"
    shown = answer.results[0].clause.text + answer.results[0].sentence
    assert "インスタ" not in shown and "昼休み" not in shown
    assert any(ref.clause.doc_id != "kitaura" for ref in answer.references)


def test_a_document_or_a_clause_can_switch_borrowing_off(city_corpus, tokenizer):
    (city_corpus / "questions" / "kitaura.toml").write_text('"1" = []\n', encoding="utf-8")
    assert loans_of(read_corpus(city_corpus, tokenizer), "kitaura:1") == []
    assert loans_of(read_corpus(city_corpus, tokenizer), "kitaura:2")
    (city_corpus / "kitaura.md").write_text(CITY.replace("org: kitaura\n", "org: kitaura\nborrow: false\n"), encoding="utf-8")
    assert read_corpus(city_corpus, tokenizer).loans == []


def test_own_questions_take_precedence(city_corpus, tokenizer):
    (city_corpus / "questions" / "kitaura.toml").write_text('"2" = ["人の写った写真をのせたい"]\n', encoding="utf-8")
    reading = read_corpus(city_corpus, tokenizer)
    assert loans_of(reading, "kitaura:2") == [] and loans_of(reading, "kitaura:1")


def test_the_owner_sees_what_each_clause_borrowed(city_corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("GUIDEBOT_CORPUS", str(city_corpus))
    monkeypatch.setenv("GUIDEBOT_INDEX", str(tmp_path / "index.sqlite"))
    result = CliRunner().invoke(cli, ["corpus", "borrowed", "--doc", "kitaura"], catch_exceptions=False)
    assert result.exit_code == 0
    lines = [line for line in result.output.splitlines() if line.startswith("kitaura:")]
    assert lines and all("<-" in line and "questions" in line for line in lines)
    assert not any(line.startswith("kitaura:3 ") for line in lines)


def test_corpus_check_notes_a_document_like_no_other(city_corpus):
    (city_corpus / "kitaura.md").write_text(CITY.split("## [1]")[0] + "## [1] 庁舎の花壇\n\n庁舎の花壇には、季節ごとに市の花であるツツジを植える。\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["corpus", "check", "--corpus", str(city_corpus)], catch_exceptions=False)
    assert "'kitaura' borrows no staff wording" in result.output
    assert "'ashiya' borrows" not in result.output


def test_borrowing_is_a_matrix_product_that_never_lends_within_a_document():
    ids = ["a:1", "a:2", "b:1", "b:2"]
    docs = ["a", "a", "b", "b"]
    terms = [["勤務", "時間", "発信"], ["写真", "同意"], ["勤務", "時間", "利用"], ["写真", "肖像"]]
    questions = {"a:1": [["昼休み", "投稿"], ["勤務", "中"]], "a:2": [["写真", "載せる"]]}
    loans = borrow.lend(ids, docs, terms, questions, borrowers={"a:2", "b:1", "b:2"})
    by_borrower = {loan.borrower: loan for loan in loans}
    assert set(by_borrower) == {"b:1", "b:2"}  # a:2 may not borrow from a:1
    assert by_borrower["b:1"].lender == "a:1" and by_borrower["b:1"].questions == (0, 1)
    assert by_borrower["b:2"].lender == "a:2" and by_borrower["b:2"].questions == (0,)


def test_a_lender_is_matched_on_its_questions_as_well_as_its_text():
    # b:1 shares no word with either lender's text; its words are in the 想定質問 of a:2 only
    ids, docs = ["a:1", "a:2", "b:1"], ["a", "a", "b"]
    terms = [["勤務", "時間", "発信"], ["写真", "同意"], ["位置", "情報", "自宅"]]
    questions = {"a:1": [["昼休み", "投稿"]], "a:2": [["自宅", "位置", "情報", "写真"], ["肖像"]]}
    loans = borrow.lend(ids, docs, terms, questions, borrowers={"b:1"})
    assert [loan.lender for loan in loans] == ["a:2"]
    assert loans[0].similarity >= borrow.MIN_SIMILARITY


def test_parallel_clauses_each_keep_the_wording_of_the_rule_they_restate():
    # b:1 and b:2 state one rule twice (at work, in private life); b:3 is one item of a list
    ids, docs = ["a:1", "a:2", "b:1", "b:2", "b:3"], ["a", "a", "b", "b", "b"]
    terms = [["勤務", "時間", "発信", "禁止"], ["写真", "同意"],
             ["勤務", "時間", "発信", "禁止", "業務"], ["勤務", "時間", "発信", "禁止", "私的"], ["勤務", "写真", "掲載"]]
    questions = {"a:1": [["昼休み", "投稿"], ["仕事", "中", "投稿"], ["業務", "中"]], "a:2": [["写真", "載せる"]]}
    loans = borrow.lend(ids, docs, terms, questions, borrowers={"b:1", "b:2", "b:3"})
    taken = {(loan.borrower, loan.lender): loan for loan in loans}
    assert taken[("b:1", "a:1")].questions == (0, 1, 2) and taken[("b:2", "a:1")].questions == (0, 1, 2)
    assert all(loan.similarity >= borrow.SURE_SIMILARITY for key, loan in taken.items() if key[0] in ("b:1", "b:2"))
