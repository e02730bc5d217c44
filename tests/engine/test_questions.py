"""想定質問 files: read with file and line, searched with their clause, never shown."""

from __future__ import annotations

import pytest

from bot.corpus.files import load_corpus
from bot.corpus.findings import CorpusError
from bot.corpus.questions import read_questions
from bot.engine.search import Engine
from tests.conftest import CORPUS

ZOO = "---\nid: zoo\ntitle: 動物園ガイドライン\n---\n\n## [1] 給餌\n\n動物への給餌は飼育係が行う。\n\n## [2] 撮影\n\n撮影は広報が行う。\n"


@pytest.fixture
def corpus(tmp_path):
    directory = tmp_path / "corpus"
    (directory / "questions").mkdir(parents=True)
    (directory / "zoo.md").write_text(ZOO, encoding="utf-8")
    return directory


def write_questions(corpus, name, text):
    (corpus / "questions" / name).write_text(text, encoding="utf-8")


def test_questions_are_keyed_by_clause_id(corpus):
    write_questions(corpus, "zoo.toml", '"1" = ["カワウソにおやつをあげてもいい？", "  "]\n"2" = []\n')
    found, stale = read_questions(corpus, load_corpus(corpus))
    # an empty list says "none, and borrow none"; a list of blanks is no entry
    assert found == {"zoo:1": ("カワウソにおやつをあげてもいい？",), "zoo:2": ()}
    assert stale == []


def test_questions_for_a_missing_clause_or_document_are_notes_with_lines(corpus):
    write_questions(corpus, "zoo.toml", '"1" = ["a"]\n\n"9(9)" = ["b"]\n')
    write_questions(corpus, "aquarium.toml", '"1" = ["c"]\n')
    found, stale = read_questions(corpus, load_corpus(corpus))
    assert list(found) == ["zoo:1"]
    assert sorted((e.path.rsplit("/", 1)[-1], e.line) for e in stale) == [("aquarium.toml", 1), ("zoo.toml", 3)]
    assert "[9(9)] is not a clause of 'zoo'" in next(str(e) for e in stale if e.line == 3)


@pytest.mark.parametrize(
    "text, line, message",
    [('"1" = ["a"]\n"2" = ["b"\n', 2, "not valid TOML"), ('"1" = ["a"]\n"2" = "b"\n', 2, "needs a list of questions")],
)
def test_malformed_question_file_names_file_and_line(corpus, text, line, message):
    write_questions(corpus, "zoo.toml", text)
    with pytest.raises(CorpusError) as error:
        read_questions(corpus, load_corpus(corpus))
    assert error.value.line == line and message in str(error.value) and "zoo.toml" in error.value.path


def test_a_question_word_finds_its_clause_but_only_the_document_is_shown(corpus, tmp_path, tokenizer):
    for document in CORPUS.glob("*.md"):
        (corpus / document.name).write_bytes(document.read_bytes())
    index = tmp_path / "index.sqlite"
    assert not Engine.open(index, corpus, tokenizer=tokenizer).ask("カワウソにおやつあげたい").answered
    write_questions(corpus, "zoo.toml", '"1" = ["カワウソにおやつをあげてもいい？"]\n')
    answer = Engine.open(index, corpus, tokenizer=tokenizer).ask("カワウソにおやつあげたい")
    assert answer.answered and answer.results[0].id == "zoo:1"
    assert "カワウソ" not in answer.results[0].clause.text + answer.results[0].sentence
