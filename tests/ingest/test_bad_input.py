"""Bad input: a clear message naming the file and what to do, a non-zero exit, the corpus untouched."""

from __future__ import annotations

import os
import stat

import pytest

from tests.ingest.conftest import GUIDELINE


def scanned(tmp_path, files):
    return files.scanned_pdf(tmp_path / "scanned.pdf")


def encrypted(tmp_path, files):
    return files.pdf(tmp_path / "locked.pdf", GUIDELINE.splitlines(), password="secret")


def binary_csv(tmp_path, files):
    path = tmp_path / "faq.csv"
    path.write_bytes(bytes(range(256)) * 64)
    return path


def binary_without_zero_bytes(tmp_path, files):
    path = tmp_path / "faq.csv"
    path.write_bytes(bytes(range(1, 32)) * 300)
    return path


def pdf_renamed_csv(tmp_path, files):
    return files.pdf(tmp_path / "faq.csv", GUIDELINE.splitlines())


def xlsx_renamed_csv(tmp_path, files):
    from openpyxl import Workbook

    Workbook().save(tmp_path / "faq.csv")
    return tmp_path / "faq.csv"


def old_excel(tmp_path, files):
    path = tmp_path / "faq.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    return path


def old_word_renamed_docx(tmp_path, files):
    path = tmp_path / "guide.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    return path


def word_with_a_broken_document_part(tmp_path, files):
    import zipfile

    from docx import Document

    good, path = tmp_path / "whole.docx", tmp_path / "guide.docx"
    Document().save(good)
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as broken:
        for item in source.infolist():
            data = source.read(item)
            broken.writestr(item, data[: len(data) // 2] if item.filename == "word/document.xml" else data)
    good.unlink()
    return path


def missing_columns(tmp_path, files):
    path = tmp_path / "faq.csv"
    path.write_text("id,質問\n1,勤務中に投稿してよいですか。\n", encoding="utf-8")
    return path


def empty(tmp_path, files):
    path = tmp_path / "empty.txt"
    path.touch()
    return path


def huge(tmp_path, files):
    path = tmp_path / "huge.pdf"
    with path.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: no disk space used
    return path


def unnumbered(tmp_path, files):
    path = tmp_path / "memo.txt"
    path.write_text("メモ\n番号のない文章だけです。\n", encoding="utf-8")
    return path


def markdown_heading_in_text(tmp_path, files):
    path = tmp_path / "notes.md"
    path.write_text("テスト市ガイドライン\n前文の説明です。\n## 3 特性\n1 目的\n本文。\n", encoding="utf-8")
    return path


CASES = {
    "scanned PDF": (scanned, "no text layer", "OCR"),
    "encrypted PDF": (encrypted, "encrypted", "unprotected copy"),
    "binary renamed .csv": (binary_csv, "binary data", "CSV UTF-8"),
    "binary without zero bytes": (binary_without_zero_bytes, "binary data", "CSV UTF-8"),
    "PDF renamed .csv": (pdf_renamed_csv, "this is a .pdf file, but its name ends in .csv", "Rename it to faq.pdf"),
    "Excel workbook renamed .csv": (xlsx_renamed_csv, "this is a .xlsx file, but its name ends in .csv", "Rename it to faq.xlsx"),
    "old Excel .xls": (old_excel, "unsupported file type '.xls'", "save it as .xlsx"),
    "old Word file renamed .docx": (old_word_renamed_docx, "old Office file", "save it as .docx or .xlsx"),
    "Word file with a broken document part": (word_with_a_broken_document_part, "not a readable Word (.docx) file", "save it again as .docx"),
    "CSV without the columns": (missing_columns, "missing column(s) question, answer", "id, question, answer"),
    "empty file": (empty, "the file is empty", "right file"),
    "200 MB file": (huge, "200 MB; the limit is 100 MB", "Split it"),
    "text without numbering": (unnumbered, "no numbered clauses", "Number the clauses"),
    "text a corpus file would read as a heading": (markdown_heading_in_text, "clause [前文]: the line '## 3 特性' would read as a heading",
                                                   "Change that part of the input"),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_input_fails_cleanly(case, run, tmp_path, corpus_dir, files):
    make, problem, action = CASES[case]
    good = tmp_path / "good.txt"
    good.write_text(GUIDELINE, encoding="utf-8")
    bad = make(tmp_path, files)
    before = files.snapshot(corpus_dir)
    result = run("ingest", good, bad, "--corpus", corpus_dir)
    assert result.exit_code == 1
    assert str(bad) in result.output and problem in result.output and action in result.output
    assert "Nothing was written" in result.output
    assert files.snapshot(corpus_dir) == before  # the good file in the same run is not written either


def test_existing_document_needs_replace(run, tmp_path, corpus_dir, files):
    source = tmp_path / "existing.txt"
    source.write_text(GUIDELINE, encoding="utf-8")
    before = files.snapshot(corpus_dir)
    result = run("ingest", source, "--corpus", corpus_dir)
    assert result.exit_code == 1 and "already in the corpus" in result.output and "--replace" in result.output
    assert files.snapshot(corpus_dir) == before
    assert run("ingest", source, "--corpus", corpus_dir, "--replace").exit_code == 0
    assert "テスト市職員" in (corpus_dir / "existing.md").read_text(encoding="utf-8")


def test_file_name_that_makes_no_id(run, tmp_path):
    source = tmp_path / "ガイドライン.txt"
    source.write_text(GUIDELINE, encoding="utf-8")
    result = run("ingest", source, "--corpus", tmp_path / "c")
    assert result.exit_code == 1 and "--id" in result.output and "the file name gives no document id" in result.output
    assert run("ingest", source, "--corpus", tmp_path / "c", "--id", "test-city").exit_code == 0


def test_a_file_that_holds_another_document_is_not_overwritten(run, tmp_path, corpus_dir, files):
    (corpus_dir / "faq.md").write_text("---\nid: city-faq\ntitle: 市FAQ\nkind: faq\n---\n\n## [Q1] 質問\n\n回答。\n", encoding="utf-8")
    source = tmp_path / "faq.csv"
    source.write_text("id,question,answer\n1,質問,回答\n", encoding="utf-8")
    before = files.snapshot(corpus_dir)
    result = run("ingest", source, "--corpus", corpus_dir)
    assert result.exit_code == 1 and "already holds the document 'city-faq'" in result.output and "--id" in result.output
    assert files.snapshot(corpus_dir) == before


def test_replace_rewrites_the_document_in_its_own_file(run, tmp_path, corpus_dir):
    (corpus_dir / "existing.md").rename(corpus_dir / "既存.md")
    source = tmp_path / "guide.txt"
    source.write_text(GUIDELINE, encoding="utf-8")
    assert run("ingest", source, "--id", "existing", "--replace", "--corpus", corpus_dir).exit_code == 0
    assert sorted(p.name for p in corpus_dir.iterdir()) == ["既存.md"]
    assert "テスト市職員" in (corpus_dir / "既存.md").read_text(encoding="utf-8")


def test_written_files_get_the_usual_permissions_and_replace_keeps_them(run, tmp_path):
    source = tmp_path / "guide.txt"
    source.write_text(GUIDELINE, encoding="utf-8")
    corpus = tmp_path / "c"
    old_mask = os.umask(0o022)
    try:
        assert run("ingest", source, "--id", "guide", "--corpus", corpus).exit_code == 0
        assert stat.S_IMODE((corpus / "guide.md").stat().st_mode) == 0o644
        (corpus / "guide.md").chmod(0o640)
        assert run("ingest", source, "--id", "guide", "--replace", "--corpus", corpus).exit_code == 0
        assert stat.S_IMODE((corpus / "guide.md").stat().st_mode) == 0o640
    finally:
        os.umask(old_mask)


def test_a_corpus_file_whose_front_matter_is_broken_still_holds_its_name(run, tmp_path, corpus_dir, files):
    (corpus_dir / "old.md").write_text("---\nid: [old\n---\n\n## [1] 目的\n\n本文。\n", encoding="utf-8")
    source = tmp_path / "old.txt"
    source.write_text(GUIDELINE, encoding="utf-8")
    before = files.snapshot(corpus_dir)
    result = run("ingest", source, "--corpus", corpus_dir)
    assert result.exit_code == 1 and f"document id 'old' is already in the corpus ({corpus_dir / 'old.md'})" in result.output
    assert files.snapshot(corpus_dir) == before
