"""The corpus format: parsing, writing back, and errors that name file and line."""

from __future__ import annotations

import pytest

from bot.engine.corpus import CorpusError, dump_document, load_corpus, parse_document
from tests.conftest import CORPUS

GUIDELINE = """---
id: sample
title: サンプル市ガイドライン
issuer: 広報課
---

## 【プライベート編】

### 9 禁止事項

#### [9(3)] 勤務時間中の利用禁止

勤務時間中にソーシャルメディアを利用してはならない。

#### [9(6)] 関係の強要の禁止

相手との距離感を正しく認識すること。
ア 友達になることを強要しない
"""

FAQ = """---
id: sample-faq
title: サンプルFAQ
kind: faq
---

## 服務

### [Q1] 勤務時間中に発信してよいですか。【ガイドライン 3.1 (5)】

原則として控えてください。
"""


def test_clauses_carry_number_heading_path_and_text():
    doc = parse_document(GUIDELINE, "sample.md")
    first, second = doc.clauses
    assert (first.id, first.number, first.heading) == ("sample:9(3)", "9(3)", "勤務時間中の利用禁止")
    assert first.path == ("【プライベート編】", "9 禁止事項")
    assert first.text == "勤務時間中にソーシャルメディアを利用してはならない。"
    assert second.text.endswith("ア 友達になることを強要しない")
    assert first.line == 11


def test_faq_entry_keeps_question_answer_and_reference():
    (entry,) = parse_document(FAQ, "faq.md").clauses
    assert entry.heading == "勤務時間中に発信してよいですか。"
    assert entry.refs == ("ガイドライン 3.1 (5)",)
    assert entry.text == "勤務時間中に発信してよいですか。\n原則として控えてください。"


@pytest.mark.parametrize("text", [GUIDELINE, FAQ])
def test_dump_then_parse_is_identity(text):
    doc = parse_document(text, "x.md")
    assert parse_document(dump_document(doc), "x.md") == doc


def test_committed_corpus_round_trips():
    docs = load_corpus(CORPUS)
    assert {d.id for d in docs} >= {"ashiya", "tsuyama", "soumu", "musashino-faq"}
    for doc in docs:
        assert parse_document(dump_document(doc)) == doc


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("no front matter\n", 1, "missing front matter"),
        ("---\ntitle: x\n---\n## [1] a\ntext\n", 2, "needs 'id'"),
        ("---\nid: a\ntitle: t\nkind: memo\n---\n## [1] a\nx\n", 2, "kind must be"),
        ("---\nid: a\ntitle: t\n---\nstray text\n", 5, "text outside a clause"),
        ("---\nid: a\ntitle: t\n---\n## [1] a\n\n## [2] b\nx\n", 5, "has no text"),
        ("---\nid: a\ntitle: t\n---\n## [1] a\nx\n## [1] b\ny\n", 7, "already used on line 5"),
        ("---\nid: a\ntitle: [unclosed\n---\n## [1] a\nx\n", 3, "not valid YAML"),
        ("---\nid: a\ntitle: t\n1: a\n2024-04-01: 改定\nfoo: b\n---\n## [1] a\nx\n", 2, "unknown front matter field(s): 1, 2024-04-01, foo"),
    ],
)
def test_malformed_files_name_file_and_line(text, line, message):
    with pytest.raises(CorpusError) as error:
        parse_document(text, "corpus/bad.md")
    assert error.value.line == line
    assert str(error.value).startswith(f"corpus/bad.md:{line}: ")
    assert message in str(error.value)


def test_duplicate_document_ids_are_refused(tmp_path):
    (tmp_path / "a.md").write_text(GUIDELINE, encoding="utf-8")
    (tmp_path / "b.md").write_text(GUIDELINE, encoding="utf-8")
    with pytest.raises(CorpusError, match="also used by"):
        load_corpus(tmp_path)


def test_a_byte_order_mark_is_ignored(tmp_path):
    (tmp_path / "a.md").write_bytes(b"\xef\xbb\xbf" + GUIDELINE.encode())
    assert load_corpus(tmp_path)[0].clauses


def test_unreadable_document_files_name_the_file_and_line(tmp_path):
    (tmp_path / "a.md").write_bytes(GUIDELINE.encode() + b"\n\xff\n")
    with pytest.raises(CorpusError, match=rf"a.md:{GUIDELINE.count(chr(10)) + 2}: the document is not UTF-8"):
        load_corpus(tmp_path)
    (tmp_path / "a.md").unlink()
    (tmp_path / "b.md").mkdir()
    with pytest.raises(CorpusError, match="b.md:0: cannot read the document"):
        load_corpus(tmp_path)
