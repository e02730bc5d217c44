"""The corpus document format: parsing, writing back, and every problem with file and line."""

from __future__ import annotations

import pytest

from bot.corpus.files import load_corpus
from bot.corpus.findings import CorpusError
from bot.corpus.markdown import dump_document, parse_document
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


def read(text, path="x.md"):
    """The document of a file that has no problems."""
    parsed = parse_document(text, path)
    assert parsed.findings == ()
    return parsed.document


def test_clauses_carry_number_heading_path_and_text():
    doc = read(GUIDELINE, "sample.md")
    first, second = doc.clauses
    assert (first.id, first.number, first.heading) == ("sample:9(3)", "9(3)", "勤務時間中の利用禁止")
    assert first.path == ("【プライベート編】", "9 禁止事項")
    assert first.text == "勤務時間中にソーシャルメディアを利用してはならない。"
    assert second.text.endswith("ア 友達になることを強要しない")
    assert first.line == 11


def test_faq_entry_keeps_question_answer_and_reference():
    (entry,) = read(FAQ, "faq.md").clauses
    assert entry.heading == "勤務時間中に発信してよいですか。"
    assert entry.refs == ("ガイドライン 3.1 (5)",)
    assert entry.text == "勤務時間中に発信してよいですか。\n原則として控えてください。"


@pytest.mark.parametrize("text", [GUIDELINE, FAQ])
def test_dump_then_parse_is_identity(text):
    doc = read(text)
    assert read(dump_document(doc)) == doc


def test_committed_corpus_round_trips():
    docs = load_corpus(CORPUS)
    assert {d.id for d in docs} >= {"ashiya", "tsuyama", "soumu", "musashino-faq"}
    for doc in docs:
        assert read(dump_document(doc)) == doc


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
    parsed = parse_document(text, "corpus/bad.md")
    assert parsed.document is None
    first = parsed.findings[0]
    assert (first.level, first.line) == ("error", line)
    assert str(first).startswith(f"error: corpus/bad.md:{line}: ")
    assert message in first.message


def test_the_first_problem_stops_loading_the_corpus(tmp_path):
    (tmp_path / "a.md").write_text("---\nid: a\ntitle: t\n---\n## [1] a\nx\n## [1] b\ny\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=rf"^{tmp_path / 'a.md'}:7: clause number \[1\] already used on line 5$"):
        load_corpus(tmp_path)


def test_reading_goes_on_after_a_problem_to_find_them_all():
    text = ("---\nid: a\ntitle: t\nkind: memo\n---\nstray\nmore stray\n## [1] a\nx\n# title\n## [1] b\n\n"
            "##   \n## [2] c\ny\n")
    parsed = parse_document(text, "bad.md")
    assert [(f.line, f.message.split(":")[0]) for f in parsed.findings] == [
        (2, "kind must be one of guideline, faq, not 'memo'"),
        (6, "text outside a clause"),
        (10, "use ## or deeper for headings; the title goes in the front matter"),
        (11, "clause number [1] already used on line 8"),
        (11, "clause [1] has no text"),
        (13, "empty heading"),
    ]
    assert parsed.document is None and parsed.doc_id == "a"


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
