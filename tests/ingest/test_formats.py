"""Each input format, made for real at test time, becomes the expected corpus document."""

from __future__ import annotations

import csv

from tests.ingest.conftest import GUIDELINE, read_written


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
    doc = read_written(tmp_path / "c", "rules")
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
    got = clauses(read_written(tmp_path / "c", "styles"))
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
    doc = read_written(tmp_path / "c", "faq")
    assert doc.kind == "faq"
    assert [(c.number, c.path, c.refs) for c in doc.clauses] == [
        ("Q1", ("全般",), ("ガイドライン 2(1)",)), ("Q2", ("私的利用",), ()),
    ]


def test_pdf_with_japanese_text_layer(run, tmp_path, files):
    lines = GUIDELINE.splitlines() + [f"({n}) 追加の禁止事項その{n}" for n in range(3, 100)]
    source = files.pdf(tmp_path / "guide.pdf", lines, header="テスト市 SNSガイドライン（内部資料）")
    result = run("ingest", source, "--corpus", tmp_path / "c")
    assert result.exit_code == 0, result.output
    assert "guide.pdf: page 1, line 1: 'テスト市 SNSガイドライン（内部資料） 1/3' repeats at the top or bottom" in result.output
    doc = read_written(tmp_path / "c", "guide")
    assert doc.title == "テスト市職員ソーシャルメディア利用ガイドライン"
    assert doc.issuer == "総務部広報課" and doc.date == "令和6年4月"
    got = clauses(doc)
    assert got["2(1)"] == ("勤務時間中の利用禁止", "勤務時間中にソーシャルメディアを利用してはならない。")
    assert got["1"][1] == "このガイドラインは、職員がソーシャルメディアを利用する際の基本的な考え方を定めるものである。"
    assert len(doc.clauses) == 100 and got["2(99)"] == ("", "追加の禁止事項その99")
    assert not any("内部資料" in c.body or "-" in c.body for c in doc.clauses)


def test_chapters_group_articles_and_the_supplementary_provision_is_its_own_clause(run, tmp_path):
    source = tmp_path / "sakura.txt"
    source.write_text(
        "桜丘市職員SNS指針\n第1章 総則\n第1条 目的\nこの指針は職員のSNS利用について定める。\n"
        "第2章 私的な利用\n第2条 勤務中の利用\n勤務時間中は私的に利用しない。\n第十条 処分\n違反した職員は処分される。\n"
        "附　則\nこの指針は、令和7年4月1日から施行する。\n",
        encoding="utf-8",
    )
    result = run("ingest", source, "--corpus", tmp_path / "c")
    assert result.exit_code == 0, result.output
    doc = read_written(tmp_path / "c", "sakura")
    assert doc.issuer == "" and doc.title == "桜丘市職員SNS指針"
    assert [(c.number, c.path, c.body) for c in doc.clauses] == [
        ("第1条", ("第1章 総則",), "この指針は職員のSNS利用について定める。"),
        ("第2条", ("第2章 私的な利用",), "勤務時間中は私的に利用しない。"),
        ("第十条", ("第2章 私的な利用",), "違反した職員は処分される。"),  # repealed articles skipped: still an article
        ("附則", (), "この指針は、令和7年4月1日から施行する。"),
    ]


def test_a_heading_wrapped_onto_a_second_line_stays_a_heading(run, tmp_path):
    source = tmp_path / "midori.txt"
    source.write_text(
        "みどり市指針\n(1) 目的\nこの指針は目的を定める。\n(2) 発信の手順並びにそ\nの承認の手続\n発信は課長の承認を得て行う。\n",
        encoding="utf-8",
    )
    assert run("ingest", source, "--corpus", tmp_path / "c").exit_code == 0
    assert clauses(read_written(tmp_path / "c", "midori"))["(2)"] == ("発信の手順並びにその承認の手続", "発信は課長の承認を得て行う。")


def test_two_page_pdf_loses_its_running_header_and_stray_spaces(run, tmp_path, files):
    lines = GUIDELINE.splitlines() + [f"({n}) 追加の禁止事項 、その{n} 。" for n in range(3, 40)]
    source = files.pdf(tmp_path / "guide.pdf", lines, header="テスト市 総務部 広報課")
    result = run("ingest", source, "--corpus", tmp_path / "c")
    assert result.exit_code == 0, result.output
    assert "repeats at the top or bottom of the pages" in result.output
    got = clauses(read_written(tmp_path / "c", "guide"))
    assert len(got) == 40 and got["2(39)"] == ("", "追加の禁止事項、その39。")
    assert not any("テスト市 総務部" in body or "テスト市総務部" in body for _, body in got.values())


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
    doc = read_written(tmp_path / "c", "shishin")
    assert doc.title == "テスト市SNS運用指針"
    assert clauses(doc) == {
        "1": ("基本方針", "市の情報を正確に発信する。"),
        "2(1)": ("勤務時間中の利用", "勤務時間中に私的な投稿をしてはならない。"),
        "2(2)": ("なりすまし", "他人になりすましてはならない。"),
    }
    assert doc.clauses[1].path == ("2 禁止事項",)


def add_numbering(word, levels):
    """Give the document one Word list (numId 90) with the given (format, text) levels."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    numbering = word.part.numbering_part.element
    numbering.append(parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{lvls}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))


def numbered(word, text, level, style=None):
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    paragraph = word.add_paragraph(text, style=style)
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>')
    )


def test_docx_automatic_numbering_and_tables(run, tmp_path):
    from docx import Document

    word = Document()
    add_numbering(word, [("japaneseCounting", "第%1条"), ("decimal", "(%2)"), ("aiueoFullWidth", "%3"), ("bullet", "○")])
    word.add_paragraph("テスト町SNS運用要領", style="Title")
    numbered(word, "目的", 0, "Heading 1")
    word.add_paragraph("この要領は、町のSNS運用に必要な事項を定める。")
    numbered(word, "遵守事項", 0, "Heading 1")
    numbered(word, "勤務時間中の利用", 1, "Heading 2")
    word.add_paragraph("職員は、次のことをしてはならない。")
    numbered(word, "私的な投稿", 2)
    numbered(word, "私的な閲覧", 2)
    numbered(word, "写真の扱い", 1, "Heading 2")
    numbered(word, "本人の同意を得る。", 3)
    table = word.add_table(rows=2, cols=2)
    for row, cells in zip(table.rows, [("区分", "担当課"), ("公式SNS", "広報課")]):
        for cell, value in zip(row.cells, cells):
            cell.text = value
    word.save(tmp_path / "youryou.docx")
    assert run("ingest", tmp_path / "youryou.docx", "--corpus", tmp_path / "c").exit_code == 0
    doc = read_written(tmp_path / "c", "youryou")
    assert clauses(doc) == {
        "第一条": ("目的", "この要領は、町のSNS運用に必要な事項を定める。"),
        "第二条(1)": ("勤務時間中の利用", "職員は、次のことをしてはならない。\nア 私的な投稿\nイ 私的な閲覧"),
        "第二条(2)-1": ("", "本人の同意を得る。\n区分 / 担当課\n公式SNS / 広報課"),
    }
    assert doc.clauses[-1].path == ("第二条 遵守事項", "(2) 写真の扱い")


def test_docx_unnumbered_subheadings_restart_under_numbered_headings(run, tmp_path):
    from docx import Document

    word = Document()
    for chapter, (title, sections) in enumerate([("総則", ["目的", "定義"]), ("運用", ["申請"])], start=1):
        word.add_paragraph(f"{chapter} {title}", style="Heading 1")
        for section in sections:
            word.add_paragraph(section, style="Heading 2")
            word.add_paragraph(f"{section}について定める。")
    word.save(tmp_path / "kitei.docx")
    assert run("ingest", tmp_path / "kitei.docx", "--corpus", tmp_path / "c").exit_code == 0
    assert list(clauses(read_written(tmp_path / "c", "kitei"))) == ["1(1)", "1(2)", "2(1)"]


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
        check_faq(read_written(tmp_path / "c", f"faq-{encoding}"))


def test_excel_unicode_text_is_tab_separated_utf16(run, tmp_path):
    source = tmp_path / "faq.txt.csv"
    with source.open("w", encoding="utf-16", newline="") as handle:
        csv.writer(handle, delimiter="\t").writerows(FAQ_ROWS)
    assert run("ingest", source, "--id", "faq", "--corpus", tmp_path / "c").exit_code == 0
    check_faq(read_written(tmp_path / "c", "faq"))


def test_xlsx(run, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    for row in FAQ_ROWS:
        book.active.append(row)
    book.save(tmp_path / "faq.xlsx")
    assert run("ingest", tmp_path / "faq.xlsx", "--corpus", tmp_path / "c").exit_code == 0
    check_faq(read_written(tmp_path / "c", "faq"))


def test_table_rows_with_problems_are_reported_by_line(run, tmp_path):
    source = tmp_path / "faq.csv"
    source.write_text("id,question,answer\nA1,質問,回答\nA1,重複,回答\n,質問,回答\nA2,質問,\n", encoding="utf-8")
    result = run("ingest", source, "--corpus", tmp_path / "c")
    assert result.exit_code == 0
    assert "faq.csv:3: id 'A1' already used on line 2; row left out" in result.output
    assert "faq.csv:4: empty id; row left out" in result.output
    assert "faq.csv:5: id 'A2' has no answer; row left out" in result.output


def test_pdftotext_output_with_running_title_and_footer(run, tmp_path):
    pages = [
        ["テスト市SNS指針", "1 目的", "この指針は、SNSの利用について定める。", "テスト市 総務課"],
        ["テスト市SNS指針", "2 禁止事項", "勤務時間中に私的な投稿をしてはならない。", "テスト市 総務課"],
        ["テスト市SNS指針", "3 相談", "迷ったときは所属長に相談する。", "テスト市 総務課"],
    ]
    source = tmp_path / "shishin.txt"
    source.write_text("\f".join("\n".join(page) + "\n" for page in pages), encoding="utf-8")
    result = run("ingest", source, "--corpus", tmp_path / "c")
    assert result.exit_code == 0, result.output
    doc = read_written(tmp_path / "c", "shishin")
    assert doc.title == "テスト市SNS指針"
    assert [c.body for c in doc.clauses] == [
        "この指針は、SNSの利用について定める。", "勤務時間中に私的な投稿をしてはならない。", "迷ったときは所属長に相談する。",
    ]
    assert "shishin.txt: page 1, line 4: 'テスト市 総務課' repeats at the top or bottom of the pages" in result.output


def test_the_document_ingest_builds_is_the_one_its_file_reads_back(run, tmp_path):
    from bot.ingest.files import ingest_file

    source = tmp_path / "faq.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["id", "question", "answer"], ["Q1", "投稿してよいですか。【ガイドライン 2(1)】", "いけません。 \n  \n休憩中は可。"]])
    assert run("ingest", source, "--corpus", tmp_path / "c", "--title", " テストFAQ ").exit_code == 0
    written = read_written(tmp_path / "c", "faq")
    assert ingest_file(source, "faq", " テストFAQ ").document == written
    assert (written.title, written.clauses[0].heading, written.clauses[0].refs) == ("テストFAQ", "投稿してよいですか。", ("ガイドライン 2(1)",))
    assert written.clauses[0].body == "いけません。\n\n休憩中は可。"
