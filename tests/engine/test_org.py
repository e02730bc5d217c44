"""The organization's own clause first (GUIDEBOT_ORG, --org) and citations limited to named documents (GUIDEBOT_CITE, --cite)."""

from __future__ import annotations

import pytest

from bot.render.json import answer_object
from bot.render.messages import ELSEWHERE
from bot.engine.search import Engine
from bot.render.terminal import render_text


@pytest.fixture
def city_index(city_corpus, tmp_path, tokenizer):
    path = tmp_path / "index.sqlite"
    Engine.open(path, city_corpus, tokenizer=tokenizer)
    return path


def test_the_organizations_clause_comes_first_even_when_another_scores_higher(seed_index, tokenizer):
    outscored = 0
    for org in ("ashiya", "tsuyama", "soumu"):
        answer = Engine(seed_index, org=org, tokenizer=tokenizer).ask("勤務時間中にSNSを使っていい？")
        first = answer.results[0]
        assert answer.answered and first.clause.doc_id == org and not answer.elsewhere
        assert answer.references and all(ref.clause.doc_id != org for ref in answer.references)
        outscored += any(ref.score > first.score for ref in answer.references)
    assert outscored, "no case where a seed clause scored higher: the test shows nothing"


def test_without_an_org_the_best_clause_comes_first(seed_index, tokenizer):
    answer = Engine(seed_index, tokenizer=tokenizer).ask("勤務時間中にSNSを使っていい？")
    assert answer.results[0].score == max(hit.score for hit in (*answer.results, *answer.references))


def test_when_the_own_guideline_is_silent_another_is_cited_and_said_to_be_anothers(city_index, tokenizer):
    answer = Engine(city_index, org="kitaura", tokenizer=tokenizer).ask("SNSのパスワードはどう管理すればいい？")
    assert answer.answered and answer.elsewhere and answer.results[0].clause.doc_id != "kitaura"
    assert render_text(answer, "広報課").startswith(ELSEWHERE)
    assert answer_object(answer)["elsewhere"] is True


def test_citations_limited_to_the_own_guideline_never_cite_another(city_index, tokenizer):
    engine = Engine(city_index, org="kitaura", cite="own", tokenizer=tokenizer)
    silent = engine.ask("SNSのパスワードはどう管理すればいい？")
    assert not silent.answered and not silent.elsewhere
    assert all(hit.clause.doc_id == "kitaura" for hit in (*silent.results, *silent.references))
    covered = engine.ask("昼休みにインスタ見てもいい？")
    assert covered.answered and covered.results[0].id == "kitaura:1" and covered.references == ()


def test_a_citation_limit_may_name_other_documents_too(city_index, tokenizer):
    engine = Engine(city_index, org="kitaura", cite="own,soumu", tokenizer=tokenizer)
    assert engine.citable == {"kitaura", "soumu"} and engine.unknown_names == []
    answer = engine.ask("SNSのパスワードはどう管理すればいい？")
    assert answer.answered and answer.results[0].clause.doc_id == "soumu"
    assert Engine(city_index, cite="own,nowhere", tokenizer=tokenizer).unknown_names == ["nowhere"]
