"""The follow-up and comparison question sets agree with the seed documents they quote.

These tests check the sets themselves, not the engine: every phrase is copied
from a clause of the documents it is labelled with, the labels name every seed
document whose clauses contain a phrase, and the sets hold as many
conversations of each kind as the evaluation needs. The documents are read
with a small parser of the corpus format (front matter ``id``, clauses under
``[number]`` headings), independent of the engine. A comparison question may
also list ``related`` phrases (clauses on its subject that do not answer it)
and ``unrelated`` phrases (clauses the comparison showed that are off its
subject), each judged from the question and the clause text alone.
``followup-questions-2.jsonl`` and ``comparison-questions-2.jsonl`` were
written from the documents alone, before the engine was tuned on the others.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "corpus"
# Each set, with how many conversations of each kind it must hold: follow-ups
# (two-turn leaning, three-turn leaning, standing alone), comparisons
# (standalone questions, follow-ups, questions per document).
FOLLOWUP_SETS = {"followup-questions.jsonl": (120, 20, 40), "followup-questions-2.jsonl": (60, 4, 25)}
COMPARISON_SETS = {"comparison-questions.jsonl": (60, 20, 20), "comparison-questions-2.jsonl": (40, 10, 20)}

SEED_DOCS = {"ashiya", "tsuyama", "soumu", "musashino-faq"}
# How a follow-up names an organization, and the document it means.
ORG_NAMES = {"国家公務員": "soumu", "芦屋市": "ashiya", "津山市": "tsuyama", "武蔵野市": "musashino-faq"}

CLAUSE_HEADING = re.compile(r"^#{1,6}\s*\[([^\]]+)\]")
HEADING = re.compile(r"^#{1,6}\s")
DOC_ID = re.compile(r"^id:\s*(\S+)")


def normalize(text: str) -> str:
    """NFKC with all whitespace removed: how phrases are compared with clause text."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class Document:
    """A seed document as these tests see it: all normalized."""

    id: str
    clauses: dict[str, str]  # clause number -> body text
    text: str  # everything after the front matter, headings included


def parse_document(path: Path) -> Document:
    """Read one corpus file: its id, its clauses and its whole text."""
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "---", f"{path.name}: no front matter"
    end = lines.index("---", 1)
    ids = [m.group(1) for line in lines[1:end] if (m := DOC_ID.match(line))]
    assert len(ids) == 1, f"{path.name}: expected one id in the front matter"
    clauses: dict[str, list[str]] = {}
    current = None
    for line in lines[end + 1 :]:
        if HEADING.match(line):
            match = CLAUSE_HEADING.match(line)
            current = match.group(1) if match else None
            if current is not None:
                clauses[current] = []
        elif current is not None:
            clauses[current].append(line)
    texts = {number: normalize("\n".join(body)) for number, body in clauses.items()}
    return Document(ids[0], texts, normalize("\n".join(lines[end + 1 :])))


@pytest.fixture(scope="module")
def documents() -> dict[str, Document]:
    docs = (parse_document(path) for path in sorted(CORPUS.glob("*.md")))
    return {doc.id: doc for doc in docs if doc.id in SEED_DOCS}


def read_jsonl(path: Path) -> list[tuple[int, dict]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        assert line.strip(), f"{path.name}:{number}: empty line"
        try:
            rows.append((number, json.loads(line)))
        except json.JSONDecodeError as error:
            pytest.fail(f"{path.name}:{number}: not JSON ({error})")
    return rows


@pytest.fixture(scope="module", params=sorted(FOLLOWUP_SETS))
def followup_set(request) -> tuple[str, list[tuple[int, dict]]]:
    return request.param, read_jsonl(HERE / request.param)


@pytest.fixture(scope="module", params=sorted(COMPARISON_SETS))
def comparison_set(request) -> tuple[str, list[tuple[int, dict]]]:
    return request.param, read_jsonl(HERE / request.param)


def clauses_with(documents, doc_id: str, phrase: str) -> list[str]:
    """Numbers of the clauses of one document whose text contains the phrase."""
    wanted = normalize(phrase)
    return [number for number, text in documents[doc_id].clauses.items() if wanted in text]


def docs_with(documents, phrases) -> set[str]:
    """The documents whose text, headings included, contains any of the phrases."""
    wanted = [normalize(phrase) for phrase in phrases]
    return {doc_id for doc_id, doc in documents.items() if any(p in doc.text for p in wanted)}


def check_phrase(documents, where: str, doc_id: str, phrase) -> None:
    """A phrase is a real quotation: a string of some length found in one or two clauses of the document."""
    assert isinstance(phrase, str) and len(normalize(phrase)) >= 4, f"{where}: phrase too short: {phrase!r}"
    found = clauses_with(documents, doc_id, phrase)
    assert found, f"{where}: {phrase!r} is in no clause of {doc_id}"
    assert len(found) <= 2, f"{where}: {phrase!r} is in too many clauses of {doc_id} to point at one rule: {found}"


def test_the_parser_reads_all_four_seed_documents(documents):
    assert set(documents) == SEED_DOCS
    for doc_id, doc in documents.items():
        assert len(doc.clauses) >= 15, f"{doc_id}: only {len(doc.clauses)} clauses parsed"
        assert all(doc.clauses.values()), f"{doc_id}: a clause with no text"
        assert all(text in doc.text for text in doc.clauses.values()), f"{doc_id}: clause text not in the document"


def test_followups_have_the_documented_shape(followup_set):
    name, followups = followup_set
    for number, row in followups:
        where = f"{name}:{number}"
        assert set(row) == {"previous", "question", "expect_any", "docs", "leans"}, f"{where}: keys {sorted(row)}"
        assert isinstance(row["previous"], list) and 1 <= len(row["previous"]) <= 2, f"{where}: previous"
        turns = [*row["previous"], row["question"]]
        assert all(isinstance(turn, str) and turn.strip() for turn in turns), f"{where}: an empty turn"
        assert len(set(turns)) == len(turns), f"{where}: a turn repeats an earlier one"
        assert isinstance(row["expect_any"], list) and row["expect_any"], f"{where}: no phrases"
        assert isinstance(row["docs"], list) and row["docs"], f"{where}: no docs"
        assert len(set(row["docs"])) == len(row["docs"]) and set(row["docs"]) <= SEED_DOCS, f"{where}: docs"
        assert isinstance(row["leans"], bool), f"{where}: leans must be true or false"


def test_followup_phrases_are_quoted_from_their_documents(documents, followup_set):
    name, followups = followup_set
    for number, row in followups:
        where = f"{name}:{number}"
        for phrase in row["expect_any"]:
            holders = [doc_id for doc_id in row["docs"] if clauses_with(documents, doc_id, phrase)]
            assert holders, f"{where}: {phrase!r} is in none of {row['docs']}"
            for doc_id in holders:
                check_phrase(documents, where, doc_id, phrase)


def test_followup_docs_name_every_document_holding_a_phrase(documents, followup_set):
    name, followups = followup_set
    for number, row in followups:
        assert set(row["docs"]) == docs_with(documents, row["expect_any"]), (
            f"{name}:{number}: docs {row['docs']} but phrases are in "
            f"{sorted(docs_with(documents, row['expect_any']))}"
        )


def test_questions_do_not_copy_the_phrases_they_expect(followup_set, comparison_set):
    for name, rows in (followup_set, comparison_set):
        for number, row in rows:
            phrases = row["expect_any"] if "expect_any" in row else [p for ps in row["answers"].values() for p in ps]
            for turn in [*row.get("previous", []), row["question"]]:
                copied = [p for p in phrases if normalize(p) in normalize(turn)]
                assert not copied, f"{name}:{number}: {turn!r} contains its answer {copied}"


def test_followup_set_counts_and_spread(followup_set):
    name, followups = followup_set
    least_two_turn, least_three_turn, least_standalone = FOLLOWUP_SETS[name]
    rows = [row for _, row in followups]
    two_turn = [r for r in rows if r["leans"] and len(r["previous"]) == 1]
    three_turn = [r for r in rows if r["leans"] and len(r["previous"]) == 2]
    standalone = [r for r in rows if not r["leans"]]
    assert len(two_turn) >= least_two_turn, f"{len(two_turn)} two-turn follow-ups that lean on the first question"
    assert len(three_turn) >= least_three_turn, f"{len(three_turn)} three-turn follow-ups"
    assert len(standalone) >= least_standalone, f"{len(standalone)} second questions that stand alone"
    conversations = Counter((tuple(r["previous"]), r["question"]) for r in rows)
    assert max(conversations.values()) == 1, [c for c, n in conversations.items() if n > 1]
    per_doc = Counter(doc_id for r in rows for doc_id in r["docs"])
    assert all(per_doc[doc_id] >= 30 for doc_id in SEED_DOCS), per_doc
    first_questions = {r["previous"][0] for r in rows}
    assert len(first_questions) >= 40, f"only {len(first_questions)} different opening questions"


def comparison_kinds(comparisons):
    standalone = [(n, r) for n, r in comparisons if "previous" not in r]
    follow = [(n, r) for n, r in comparisons if "previous" in r]
    return standalone, follow


def test_comparisons_have_the_documented_shape(comparison_set):
    name, comparisons = comparison_set
    for number, row in comparisons:
        where = f"{name}:{number}"
        keys = {"question", "answers"} | ({"previous", "named"} if "previous" in row else set())
        assert set(row) - {"related", "unrelated"} == keys, f"{where}: keys {sorted(row)}"
        assert isinstance(row["question"], str) and row["question"].strip(), f"{where}: question"
        answers = row["answers"]
        assert isinstance(answers, dict) and set(answers) <= SEED_DOCS, f"{where}: answers must be keyed by doc id"
        assert len(answers) >= 2, f"{where}: a comparison needs two or more documents, got {sorted(answers)}"
        assert all(isinstance(p, list) and p for p in answers.values()), f"{where}: a document without phrases"
        for field in ("related", "unrelated"):
            judged = row.get(field, {})
            assert isinstance(judged, dict) and set(judged) <= SEED_DOCS, f"{where}: {field} must be keyed by doc id"
            assert all(isinstance(p, list) and p for p in judged.values()), f"{where}: a {field} document without phrases"


def test_comparison_phrases_are_quoted_from_the_document_they_answer_for(documents, comparison_set):
    name, comparisons = comparison_set
    for number, row in comparisons:
        for field in ("answers", "related", "unrelated"):
            for doc_id, phrases in row.get(field, {}).items():
                for phrase in phrases:
                    check_phrase(documents, f"{name}:{number} [{field} {doc_id}]", doc_id, phrase)


def test_comparison_followups_repeat_the_question_they_follow(comparison_set):
    name, comparisons = comparison_set
    standalone, follow = comparison_kinds(comparisons)
    by_question = {row["question"]: row for _, row in standalone}
    assert len(by_question) == len(standalone), "a comparison question is listed twice"
    for number, row in follow:
        where = f"{name}:{number}"
        assert isinstance(row["previous"], list) and len(row["previous"]) == 1, f"{where}: previous"
        earlier = by_question.get(row["previous"][0])
        assert earlier is not None, f"{where}: {row['previous'][0]!r} is not one of the comparison questions"
        assert row["answers"] == earlier["answers"], f"{where}: answers differ from the question it follows"
        for field in ("related", "unrelated"):
            assert row.get(field) == earlier.get(field), f"{where}: {field} differ from the question it follows"


def test_comparison_followups_name_the_organization_they_mention(comparison_set):
    name, comparisons = comparison_set
    _, follow = comparison_kinds(comparisons)
    for number, row in follow:
        where = f"{name}:{number}"
        mentioned = {doc_id for org, doc_id in ORG_NAMES.items() if org in row["question"]}
        assert len(mentioned) <= 1, f"{where}: names more than one organization"
        assert row["named"] == next(iter(mentioned), ""), f"{where}: named {row['named']!r}, question {mentioned}"
        assert not row["named"] or row["named"] in row["answers"], f"{where}: the named document does not answer"


def test_comparison_set_counts_and_spread(comparison_set):
    name, comparisons = comparison_set
    least_standalone, least_follow, least_per_doc = COMPARISON_SETS[name]
    standalone, follow = comparison_kinds(comparisons)
    assert len(standalone) >= least_standalone, f"{len(standalone)} comparison questions"
    assert len(follow) >= least_follow, f"{len(follow)} comparison follow-ups"
    assert {r["named"] for _, r in follow} == SEED_DOCS | {""}, "every organization and none should be named"
    per_doc = Counter(doc_id for _, r in standalone for doc_id in r["answers"])
    assert all(per_doc[doc_id] >= least_per_doc for doc_id in SEED_DOCS), per_doc
