"""Ingest never loses rows: broken quotes stop it, line separators stay text, swapped columns are
noticed, formulas without values are named, and a failed write leaves the corpus as it was."""

from __future__ import annotations

import csv

import pytest

from tests.ingest.conftest import GUIDELINE, read_written

ROWS = [
    ["id", "question", "answer"],
    ["Q1", "勤務時間中に投稿してもよいですか？", "勤務時間中は私的な投稿をしてはいけません。"],
    ["Q2", "匿名なら問題ありませんか？", "匿名でも職員であることは特定されます。"],
    ["Q3", "写真を載せるときの注意は？", "写っている人の承諾を得てください。"],
    ["Q4", "炎上したらどうしますか？", "すぐに所属長と広報課に相談してください。"],
]


def write_csv(path, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


@pytest.mark.parametrize("size", [10, 200_000], ids=["short", "over 128 KB"])
def test_an_unclosed_quote_stops_the_ingest_with_line_and_row(run, tmp_path, corpus_dir, files, size):
    source = tmp_path / "faq.csv"
    body = "\n".join(",".join(row) for row in ROWS[:3])
    source.write_text(f'{body}\nQ3,写真は？,"承諾を得て{"。" * size}\nQ4,炎上したら？,相談してください。\nQ5,選挙は？,中立です。\n',
                      encoding="utf-8")
    before = files.snapshot(corpus_dir)
    result = run("ingest", source, "--corpus", corpus_dir)
    assert result.exit_code == 1
    assert f"{source}: line 4 (row 4): a quote (\") opens a cell and is never closed" in result.output
    assert "Close the quote" in result.output and "Nothing was written" in result.output
    assert "Traceback" not in result.output and files.snapshot(corpus_dir) == before


def test_text_after_a_closing_quote_stops_the_ingest(run, tmp_path, corpus_dir):
    source = tmp_path / "faq.csv"
    source.write_text('id,question,answer\nQ1,"勤務中は"だめ？,だめです。\nQ2,写真は？,承諾を得ます。\n', encoding="utf-8")
    result = run("ingest", source, "--corpus", corpus_dir)
    assert result.exit_code == 1 and "line 2 (row 2): text follows the quote" in result.output


@pytest.mark.parametrize("separator", ["\r", "\u2028", "\x85", "\u2029"], ids=["CR", "U+2028", "U+0085", "U+2029"])
def test_line_separators_inside_a_cell_stay_text(run, tmp_path, separator):
    rows = [list(row) for row in ROWS]
    rows[2][2] = f"匿名でも特定されます。{separator}## [Q9] 偽の見出し{separator}# 偽のタイトル"
    rows[3][1] = f"写真を{separator}## [Q8] 載せる注意は？"
    source = write_csv(tmp_path / "faq.csv", rows)
    result = run("ingest", source, "--corpus", tmp_path / "c")
    assert result.exit_code == 0, result.output
    doc = read_written(tmp_path / "c", "faq")
    assert [c.number for c in doc.clauses] == ["Q1", "Q2", "Q3", "Q4"]
    assert doc.clauses[1].body.splitlines() == ["匿名でも特定されます。", "＃# [Q9] 偽の見出し", "＃ 偽のタイトル"]
    assert doc.clauses[2].heading == "写真を ## [Q8] 載せる注意は？"


def test_line_separators_in_a_text_file_never_make_headings(run, tmp_path):
    source = tmp_path / "guide.txt"
    source.write_text(GUIDELINE.replace("を定める\n", "を定める\u2028## [9] 偽の条項\u2028"), encoding="utf-8")
    assert run("ingest", source, "--corpus", tmp_path / "c").exit_code == 0
    doc = read_written(tmp_path / "c", "guide")
    assert [c.number for c in doc.clauses] == ["1", "2(1)", "2(2)"]
    assert "[9] 偽の条項" in doc.clauses[0].body


def test_swapped_question_and_answer_columns_are_noticed_and_read_the_right_way(run, tmp_path):
    swapped = [["id", "answer", "question"]] + [row for row in ROWS[1:]]  # the header names the columns the wrong way round
    source = write_csv(tmp_path / "faq.csv", swapped)
    result = run("ingest", source, "--corpus", tmp_path / "c")
    assert result.exit_code == 0, result.output
    assert f"warning: {source}:1: the columns question and answer look swapped: 4 of 4 'answer' cells" in result.output
    doc = read_written(tmp_path / "c", "faq")
    assert [(c.heading, c.body) for c in doc.clauses] == [(q, a) for _, q, a in ROWS[1:]]


def test_right_way_round_columns_are_not_warned(run, tmp_path):
    result = run("ingest", write_csv(tmp_path / "faq.csv", ROWS), "--corpus", tmp_path / "c")
    assert result.exit_code == 0 and "warning" not in result.output


def test_a_formula_without_a_saved_value_says_to_save_in_excel(run, tmp_path, corpus_dir, files):
    from openpyxl import Workbook

    book = Workbook()
    for row in ROWS:
        book.active.append(row)
    book.active["C4"] = '="写真の" & "承諾を得てください。"'  # openpyxl saves formulas without their values
    book.save(tmp_path / "faq.xlsx")
    before = files.snapshot(corpus_dir)
    result = run("ingest", tmp_path / "faq.xlsx", "--corpus", corpus_dir)
    assert result.exit_code == 1
    assert "row 4: the 'answer' cell is a formula" in result.output and "Open the file in Excel and save it" in result.output
    assert files.snapshot(corpus_dir) == before


@pytest.mark.parametrize("bad", ["ok\n", "OK", "ok_1", "-ok", "ok-", "日本", ""], ids=repr)
def test_document_id_is_lower_case_letters_digits_and_hyphens(run, tmp_path, corpus_dir, files, bad):
    source = tmp_path / "guide.txt"
    source.write_text(GUIDELINE, encoding="utf-8")
    before = files.snapshot(corpus_dir)
    result = run("ingest", source, "--id", bad, "--corpus", corpus_dir)
    assert result.exit_code == 1 and f"cannot use {bad!r} as a document id" in result.output
    assert files.snapshot(corpus_dir) == before
    assert run("ingest", source, "--id", "ok-1", "--corpus", corpus_dir).exit_code == 0


def test_a_move_that_fails_puts_back_what_was_moved(run, tmp_path, corpus_dir):
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text(GUIDELINE, encoding="utf-8")
    second.write_text(GUIDELINE, encoding="utf-8")
    (corpus_dir / "existing.md").chmod(0o640)
    replaced = tmp_path / "existing.txt"
    replaced.write_text(GUIDELINE, encoding="utf-8")
    (corpus_dir / "second.md").mkdir()  # the second file cannot take its place
    (corpus_dir / "second.md" / "keep").write_text("x", encoding="utf-8")
    old = (corpus_dir / "existing.md").read_bytes()
    result = run("ingest", replaced, first, second, "--replace", "--corpus", corpus_dir)
    assert result.exit_code == 1
    assert f"cannot write to {corpus_dir}: " in result.output and "Nothing was written" in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 2
    assert sorted(p.name for p in corpus_dir.iterdir()) == ["existing.md", "second.md"]
    assert (corpus_dir / "existing.md").read_bytes() == old and (corpus_dir / "existing.md").stat().st_mode & 0o777 == 0o640


def test_a_corpus_that_cannot_be_written_is_a_one_line_reason(run, tmp_path):
    source = tmp_path / "guide.txt"
    source.write_text(GUIDELINE, encoding="utf-8")
    blocked = tmp_path / "shared"
    blocked.write_text("a file where the corpus directory should be", encoding="utf-8")
    result = run("ingest", source, "--corpus", blocked / "corpus")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.splitlines()[0].startswith(f"Error: cannot write to {blocked / 'corpus'}: Not a directory")
    assert blocked.read_text(encoding="utf-8") == "a file where the corpus directory should be"
