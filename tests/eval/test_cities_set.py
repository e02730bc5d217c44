"""Consistency of the other-cities evaluation set (``cities-questions.jsonl``).

The set asks questions of other organizations' social-media rules
(``cities/<id>.txt``), each with ``--org <id>``. This test checks the set
itself, not the engine: every question has exactly one kind of label and an
organization that exists, every expected phrase is copied from a document
the question names, no question repeats its own answer's wording, and each
document has enough questions.

The set is held out: a failure names a line of the file, never its question.
PYTEST_DONT_REWRITE (so that pytest does not print a failing case's values).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

HERE = Path(__file__).parent
CITIES = HERE / "cities"
SEEDS = HERE.parent.parent / "corpus"
SET = HERE / "cities-questions.jsonl"

MIN_PER_DOCUMENT = 15
MIN_ANSWERED = 150
MIN_OUT_OF_SCOPE = 25
MIN_OWN_SILENT = 15
MIN_DOCUMENTS, MAX_DOCUMENTS = 6, 8
SEED_IDS = {"ashiya", "tsuyama", "soumu", "musashino-faq"}


def squash(text: str) -> str:
    """NFKC-normalised text without whitespace: how phrases are compared."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def read_set() -> list[dict]:
    lines = SET.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


CASES = read_set()
CITY_TEXTS = {path.stem: squash(path.read_text(encoding="utf-8")) for path in sorted(CITIES.glob("*.txt"))}
SEED_TEXTS = {doc_id: squash((SEEDS / f"{doc_id}.md").read_text(encoding="utf-8")) for doc_id in SEED_IDS}


def answered(case: dict) -> bool:
    return not case.get("out_of_scope") and not case.get("own_silent")


def test_documents_are_named_and_described():
    assert MIN_DOCUMENTS <= len(CITY_TEXTS) <= MAX_DOCUMENTS, sorted(CITY_TEXTS)
    assert all(re.fullmatch(r"[a-z][a-z0-9-]*", doc_id) for doc_id in CITY_TEXTS), sorted(CITY_TEXTS)
    readme = (CITIES / "README.md").read_text(encoding="utf-8")
    undescribed = [doc_id for doc_id in CITY_TEXTS if f"`{doc_id}`" not in readme]
    assert not undescribed, f"cities/README.md does not give the source of {undescribed}"


def line_ids(cases: list[dict]) -> list[str]:
    """Test ids naming each case's line in the set, e.g. ``line12``."""
    return [f"line{CASES.index(case) + 1}" for case in cases]


@pytest.mark.parametrize("case", CASES, ids=line_ids(CASES))
def test_case_has_one_label_and_a_known_org(case):
    assert isinstance(case.get("question"), str) and case["question"].strip()
    assert case.get("org") in CITY_TEXTS, f"unknown org {case.get('org')!r}"
    if case.get("out_of_scope"):
        assert case["out_of_scope"] is True
        assert not {"expect_any", "docs", "own_silent"} & case.keys(), "an out-of-scope question has no answer"
        return
    phrases, docs = case.get("expect_any"), case.get("docs")
    assert isinstance(phrases, list) and phrases and all(isinstance(p, str) and p.strip() for p in phrases)
    assert isinstance(docs, list) and docs
    if case.get("own_silent"):
        assert case["own_silent"] is True
        assert set(docs) <= SEED_IDS, f"own_silent questions are answered by a seed, not {docs}"
    else:
        assert docs == [case["org"]], "a question is answered by its own organization's document"


WITH_PHRASES = [case for case in CASES if "expect_any" in case]


@pytest.mark.parametrize("case", WITH_PHRASES, ids=line_ids(WITH_PHRASES))
def test_phrases_are_copied_from_the_named_documents(case):
    texts = {doc_id: (SEED_TEXTS | CITY_TEXTS)[doc_id] for doc_id in case["docs"]}
    missing = [p for p in case["expect_any"] if not any(squash(p) in text for text in texts.values())]
    assert not missing, f"not in {case['docs']}: {missing}"
    if case.get("own_silent"):
        own = CITY_TEXTS[case["org"]]
        assert not any(squash(p) in own for p in case["expect_any"]), "the own document says this after all"


def test_questions_do_not_repeat_their_answer():
    copied = [
        line
        for line, case in enumerate(CASES, 1)
        if any(squash(p) in squash(case["question"]) for p in case.get("expect_any", []))
    ]
    assert not copied, f"lines whose question contains its expected phrase: {copied}"


def test_questions_are_unique():
    counts = Counter(squash(case["question"]) for case in CASES)
    repeated = [line for line, case in enumerate(CASES, 1) if counts[squash(case["question"])] > 1]
    assert not repeated, f"lines that repeat another line's question: {repeated}"


def test_counts():
    per_document = Counter(case["org"] for case in CASES if answered(case))
    thin = {doc_id: per_document[doc_id] for doc_id in CITY_TEXTS if per_document[doc_id] < MIN_PER_DOCUMENT}
    assert not thin, f"documents with fewer than {MIN_PER_DOCUMENT} answered questions: {thin}"
    assert sum(per_document.values()) >= MIN_ANSWERED
    assert sum(1 for case in CASES if case.get("out_of_scope")) >= MIN_OUT_OF_SCOPE
    assert sum(1 for case in CASES if case.get("own_silent")) >= MIN_OWN_SILENT
