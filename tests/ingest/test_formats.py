"""Each input format, made for real at test time, becomes the expected corpus document."""

from __future__ import annotations

import csv

from bot.engine.corpus import parse_document
from tests.ingest.conftest import GUIDELINE


def read(directory, name):
    path = directory / f"{name}.md"
    return parse_document(path.read_text(encoding="utf-8"), path)


def clauses(doc):
    return {c.number: (c.heading, c.body) for c in doc.clauses}


def test_text_with_breaks_page_numbers_and_parts(run, tmp_path):
    source = tmp_path / "rules.txt"
    source.write_text(
        "第1条 目的\nこの規程は、職員のソーシャルメディア利用について必要な事項を定めることを目的とす\nる。\n"
        "- 2 -\n【業務編】\n第2条 遵守事項\n職員は次に掲げる事項を守らなければならない。\n"
        "ア 法令を守ること\nイ 秘密を守ること\n① 補足\n○ 箇条書き\n",
        encoding="utf-8",
    )
    result = run("ingest", source, "--corpus", tmp_path / "c", "--title", "テスト規程", "--org", "test")
    assert result.exit_code == 0, result.output
    doc = read(tmp_path / "c", "rules")
    assert doc.title == "テスト規程" and doc.org == "test"
    got = clauses(doc)
    assert got["第1条"] == ("目的", "この規程は、職員のソーシャルメディア利用について必要な事項を定めることを目的とする。")
    assert got["第2条"][1].splitlines() == [
        "職員は次に掲げる事項を守らなければならない。", "ア 法令を守ること", "イ 秘密を守ること", "① 補足", "○箇条書き",
    ]
    assert doc.clauses[1].path == ("【業務編】",)
    assert "テスト規程 (guideline, 2 clauses)" in result.output


def test_numbering_styles_and_warnings(run, tmp_path):
    source = tmp_path / "styles.md"
    source.write_text(
        "ガイドライン\n１．総則\n（１）目的\n目的の本文。\n（３）範囲\n範囲の本文。\n"
        "2. 運用\n・最初の項目。\n・次の項目。\n25 年 8 月に改定した。\n",
        encoding="utf-8",
    )
    result = run("ingest", source, "--corpus", tmp_path / "c")
    assert result.exit_code == 0, result.output
    got = clauses(read(tmp_path / "c", "styles"))
    assert list(got) == ["1(1)", "1(3)", "2-1", "2-2"]
    assert got["2-2"][1] == "次の項目。\n25年8月に改定した。"
    assert "styles.md:5: '(3)' follows 1: number(s) missing" in result.output
    assert "styles.md:10: '25' breaks the numbering" in result.output


def test_faq_text_becomes_entries_with_references(run, tmp_path):
    source = tmp_path / "faq.txt"
    source.write_text(
        "テストFAQ\n全般\nQ. 勤務中に投稿してよいですか。【ガイドライン 2(1)】\nA. いけません。\n"
        "私的利用\nQ. 匿名でもだめですか。\nA. 匿名でも同じです。\n",
        encoding="utf-8",
    )
    assert run("ingest", source, "--corpus", tmp_path / "c").exit_code == 0
    doc = read(tmp_path / "c", "faq")
    assert doc.kind == "faq"
    assert [(c.number, c.path, c.refs) for c in doc.clauses] == [
        ("Q1", ("全般",), ("ガイドライン 2(1)",)), ("Q2", ("私的利用",), ()),
    ]


def test_pdf_with_japanese_text_layer(run, tmp_path, files):
    lines = GUIDELINE.splitlines() + [f"({n}) 追加の禁止事項その{n}" for n in range(3, 60)]
    source = files.pdf(tmp_path / "guide.pdf", lines)
    result = run("ingest", source, "--corpus", tmp_path / "c")
    assert result.exit_code == 0, result.output
    doc = read(tmp_path / "c", "guide")
    assert doc.title == "テスト市職員ソーシャルメディア利用ガイドライン"
    assert doc.issuer == "総務部広報課" and doc.date == "令和6年4月"
    got = clauses(doc)
    assert got["2(1)"] == ("勤務時間中の利用禁止", "勤務時間中にソーシャルメディアを利用してはならない。")
    assert got["1"][1] == "このガイドラインは、職員がソーシャルメディアを利用する際の基本的な考え方を定めるものである。"
    assert len(doc.clauses) == 60 and got["2(59)"] == ("", "追加の禁止事項その59")


def test_docx_heading_styles(run, tmp_path):
    from docx import Document

    word = Document()
    word.add_paragraph("テスト市SNS運用指針", style="Title")
    word.add_paragraph("基本方針", style="Heading 1")
    word.add_paragraph("市の情報を正確に発信する。")
    word.add_paragraph("禁止事項", style="Heading 1")
    word.add_paragraph("勤務時間中の利用", style="Heading 2")
    word.add_paragraph("勤務時間中に私的な投稿をしてはならない。")
    word.add_paragraph("なりすまし", style="Heading 2")
    word.add_paragraph("他人になりすましてはならない。")
    word.save(tmp_path / "shishin.docx")
    assert run("ingest", tmp_path / "shishin.docx", "--corpus", tmp_path / "c").exit_code == 0
    doc = read(tmp_path / "c", "shishin")
    assert doc.title == "テスト市SNS運用指針"
    assert clauses(doc) == {
        "1": ("基本方針", "市の情報を正確に発信する。"),
        "2(1)": ("勤務時間中の利用", "勤務時間中に私的な投稿をしてはならない。"),
        "2(2)": ("なりすまし", "他人になりすましてはならない。"),
    }
    assert doc.clauses[1].path == ("2 禁止事項",)


FAQ_ROWS = [
    ["id", "question", "answer", "refs", "category"],
    ["FAQ-1", "勤務時間中に投稿してもよいですか。", "いけません。\n休憩時間は可能です。", "2(1)", "服務"],
    ["FAQ-2", "匿名なら問題ありませんか。", "匿名でも特定されます。", "", "服務"],
    ["FAQ-3", "写真を載せるときの注意は？", "写っている人の承諾を得てください。", "3(1)、3(2)", "権利"],
]


def check_faq(doc):
    assert doc.kind == "faq"
    assert [(c.number, c.heading, c.path, c.refs) for c in doc.clauses] == [
        ("FAQ-1", "勤務時間中に投稿してもよいですか。", ("服務",), ("2(1)",)),
        ("FAQ-2", "匿名なら問題ありませんか。", ("服務",), ()),
        ("FAQ-3", "写真を載せるときの注意は？", ("権利",), ("3(1)", "3(2)")),
    ]
    assert doc.clauses[0].body == "いけません。\n休憩時間は可能です。"


def test_csv_in_every_excel_encoding(run, tmp_path):
    for encoding in ("utf-8", "utf-8-sig", "cp932"):
        source = tmp_path / f"faq-{encoding}.csv"
        with source.open("w", encoding=encoding, newline="") as handle:
            csv.writer(handle).writerows(FAQ_ROWS)
        result = run("ingest", source, "--corpus", tmp_path / "c", "--title", "テストFAQ")
        assert result.exit_code == 0, result.output
        check_faq(read(tmp_path / "c", f"faq-{encoding}"))


def test_xlsx(run, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    for row in FAQ_ROWS:
        book.active.append(row)
    book.save(tmp_path / "faq.xlsx")
    assert run("ingest", tmp_path / "faq.xlsx", "--corpus", tmp_path / "c").exit_code == 0
    check_faq(read(tmp_path / "c", "faq"))


def test_table_rows_with_problems_are_reported_by_line(run, tmp_path):
    source = tmp_path / "faq.csv"
    source.write_text("id,question,answer\nA1,質問,回答\nA1,重複,回答\n,質問,回答\nA2,質問,\n", encoding="utf-8")
    result = run("ingest", source, "--corpus", tmp_path / "c")
    assert result.exit_code == 0
    assert "faq.csv:3: id 'A1' already used on line 2; row left out" in result.output
    assert "faq.csv:4: empty id; row left out" in result.output
    assert "faq.csv:5: id 'A2' has no answer; row left out" in result.output
