"""例規 (規程, 要綱 as 訓令 or 告示) in the standard layout: text, Word and PDF made at test time, and real rules."""

from __future__ import annotations

from pathlib import Path

from tests.ingest.conftest import read_written

REIKI = Path(__file__).resolve().parent.parent / "data" / "reiki"

KITEI = """\
○桜台市職員のソーシャルメディア利用に関する規程
令和2年4月1日
桜台市訓令第3号
第1章　総則
(趣旨)
第1条　この訓令は、職員がソーシャルメディアを利用する際に守るべき事項を定めるものとする。
(定義)
第2条　この訓令において、次の各号に掲げる用語の意義は、当該各号に定めるところによる。
(1)　ソーシャルメディア　インターネットを利用して、利用者が情報を発信し、又は相互にやり取りする媒体をいう。
(2)　公式アカウント　市が業務のために開設したアカウントをいう。
第2章　遵守事項
(遵守事項)
第3条　職員は、ソーシャルメディアを利用するときは、次に掲げる事項を守らなければならない。
(1)　職務上知り得た秘密を発信しないこと。
(2)　勤務時間中に私的な発信をしないこと。
2　所属長は、次に掲げるときは、職員に必要な指導を行うものとする。
(1)　職員が前項の規定に違反したとき。
(2)　職員の発信が市の信用を損なうおそれがあるとき。
3　前2項の規定は、会計年度任用職員について準用する。
(公式アカウント)
第3条の2　公式アカウントを開設するときは、広報課長の承認を得なければならない。
附　則
(施行期日)
1　この訓令は、令和2年4月1日から施行する。
(経過措置)
2　この訓令の施行の際現に開設されている公式アカウントは、第3条の2の承認を得たものとみなす。
附　則(令和5年3月31日訓令第8号)
この訓令は、令和5年4月1日から施行する。
別表第1(第3条の2関係)
アカウント名　運用する課
桜台市公式　広報課
"""


def ingest(run, tmp_path, source: Path, *args: str):
    result = run("ingest", source, "--corpus", tmp_path / "c", *args)
    assert result.exit_code == 0, result.output
    return read_written(tmp_path / "c", source.stem), result.output


def table(doc):
    return [(c.number, c.heading, c.body, c.path) for c in doc.clauses]


def test_kitei_articles_paragraphs_items_and_supplementary_provisions(run, tmp_path):
    source = tmp_path / "sakuradai.txt"
    source.write_text(KITEI, encoding="utf-8")
    doc, output = ingest(run, tmp_path, source)
    assert (doc.title, doc.date, doc.version) == ("桜台市職員のソーシャルメディア利用に関する規程", "令和2年4月1日", "桜台市訓令第3号")
    chapter1, chapter2 = ("第1章 総則",), ("第2章 遵守事項",)
    article3 = (*chapter2, "第3条 遵守事項")
    assert table(doc) == [
        ("第1条", "趣旨", "この訓令は、職員がソーシャルメディアを利用する際に守るべき事項を定めるものとする。", chapter1),
        ("第2条", "定義", "この訓令において、次の各号に掲げる用語の意義は、当該各号に定めるところによる。", chapter1),
        ("第2条第1号", "", "ソーシャルメディア インターネットを利用して、利用者が情報を発信し、又は相互にやり取りする媒体をいう。",
         (*chapter1, "第2条 定義")),
        ("第2条第2号", "", "公式アカウント 市が業務のために開設したアカウントをいう。", (*chapter1, "第2条 定義")),
        ("第3条", "遵守事項", "職員は、ソーシャルメディアを利用するときは、次に掲げる事項を守らなければならない。", chapter2),
        ("第3条第1号", "", "職務上知り得た秘密を発信しないこと。", article3),
        ("第3条第2号", "", "勤務時間中に私的な発信をしないこと。", article3),
        ("第3条第2項", "", "所属長は、次に掲げるときは、職員に必要な指導を行うものとする。", article3),
        ("第3条第2項第1号", "", "職員が前項の規定に違反したとき。", (*article3, "第3条第2項")),
        ("第3条第2項第2号", "", "職員の発信が市の信用を損なうおそれがあるとき。", (*article3, "第3条第2項")),
        ("第3条第3項", "", "前2項の規定は、会計年度任用職員について準用する。", article3),
        ("第3条の2", "公式アカウント", "公式アカウントを開設するときは、広報課長の承認を得なければならない。", chapter2),
        ("附則", "施行期日", "この訓令は、令和2年4月1日から施行する。", ()),
        ("附則第2項", "経過措置", "この訓令の施行の際現に開設されている公式アカウントは、第3条の2の承認を得たものとみなす。", ("附則 施行期日",)),
        ("附則(令和5年3月31日訓令第8号)", "", "この訓令は、令和5年4月1日から施行する。", ()),
        ("別表第1", "第3条の2関係", "アカウント名 運用する課\n桜台市公式 広報課", ()),
    ]
    assert "warning" not in output


YOUKOU = [
    ("Title", "○桜台市ソーシャルメディア運用要綱"),
    (None, "令和4年10月1日"),
    (None, "告示第48号"),
    (None, "（目的）"),
    (None, "第一条　この要綱は、市の公式アカウントの運用に関し必要な事項を定めるものとする。"),
    (None, "（定義）"),
    (None, "第二条　この要綱において、次の各号に掲げる用語の意義は、それぞれ当該各号に定めるところによる。"),
    (None, "一　運用管理者　公式アカウントを所管する課の長をいう。"),
    (None, "二　発信担当者　運用管理者が指名する職員をいう。"),
    (None, "（発信の承認）"),
    (None, "第三条　発信担当者は、発信する内容について運用管理者の承認を得るものとする。"),
    (None, "２　災害時の緊急の発信は、前項の承認を得ずに行うことができる。"),
    (None, "附　則"),
    (None, "この告示は、令和4年10月1日から施行する。"),
]


def test_youkou_in_word_with_kanji_numbers(run, tmp_path):
    from docx import Document

    word = Document()
    for style, text in YOUKOU:
        word.add_paragraph(text, style=style)
    word.save(tmp_path / "unyou.docx")
    doc, output = ingest(run, tmp_path, tmp_path / "unyou.docx")
    assert (doc.title, doc.date, doc.version) == ("桜台市ソーシャルメディア運用要綱", "令和4年10月1日", "告示第48号")
    assert [(c.number, c.heading, c.body) for c in doc.clauses] == [
        ("第一条", "目的", "この要綱は、市の公式アカウントの運用に関し必要な事項を定めるものとする。"),
        ("第二条", "定義", "この要綱において、次の各号に掲げる用語の意義は、それぞれ当該各号に定めるところによる。"),
        ("第二条第一号", "", "運用管理者 公式アカウントを所管する課の長をいう。"),
        ("第二条第二号", "", "発信担当者 運用管理者が指名する職員をいう。"),
        ("第三条", "発信の承認", "発信担当者は、発信する内容について運用管理者の承認を得るものとする。"),
        ("第三条第2項", "", "災害時の緊急の発信は、前項の承認を得ずに行うことができる。"),
        ("附則", "", "この告示は、令和4年10月1日から施行する。"),
    ]
    assert "warning" not in output


def wrap(text: str, width: int) -> list[str]:
    """Lines as a PDF prints them: long lines broken every ``width`` characters, and a 。 or 、
    that would start a line left hanging at the end of the line before (禁則処理)."""
    lines = []
    for line in text.splitlines():
        while len(line) > width:
            cut = width + 1 if line[width] in "。、" else width
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    return lines


def test_kitei_printed_to_pdf_with_wrapped_lines_reads_as_its_text(run, tmp_path, files):
    text = tmp_path / "text" / "sakuradai.txt"
    text.parent.mkdir()
    text.write_text(KITEI, encoding="utf-8")
    pdf = files.pdf(tmp_path / "sakuradai.pdf", wrap(KITEI, 22), header="桜台市例規集")
    from_text, _ = ingest(run, tmp_path / "text", text)
    from_pdf, output = ingest(run, tmp_path, pdf)
    assert from_pdf.clauses == from_text.clauses
    assert (from_pdf.title, from_pdf.date, from_pdf.version) == (from_text.title, from_text.date, from_text.version)
    assert "repeats at the top or bottom" in output  # the running header, and nothing else
    assert output.count("warning") == 1


def test_real_kitei_with_definitions(run, tmp_path):
    """朝倉市の規程 (source: tests/data/reiki/SOURCES.md)."""
    doc, output = ingest(run, tmp_path, REIKI / "asakura-sns-kitei.txt")
    assert (doc.title, doc.date, doc.version) == ("朝倉市職員のソーシャルメディアの運用に関する規程", "平成27年3月19日", "訓令第6号")
    assert [c.number for c in doc.clauses] == [
        "第1条", "第2条", "第2条第1号", "第2条第2号", "第2条第3号", "第3条", "第3条第1号", "第3条第2号", "第3条第3号",
    ]
    got = {c.number: c for c in doc.clauses}
    assert [got[n].heading for n in ("第1条", "第2条", "第3条")] == ["趣旨", "定義", "遵守事項"]
    assert got["第2条第1号"].body.startswith("ソーシャルメディア インターネットを利用して、")
    assert got["第2条第3号"].body.startswith("公式アカウント 人事秘書課に届出をし、")
    assert got["第3条第2号"].body == "基本的人権、肖像権、プライバシー権、著作権等に関して十分留意すること。"
    assert "warning" not in output


CITIES = Path(__file__).resolve().parents[1] / "eval" / "cities"  # real 例規 (sources: tests/eval/cities/README.md)


def test_real_youryou_with_items_inside_a_paragraph(run, tmp_path):
    doc, output = ingest(run, tmp_path, CITIES / "nanbu-tottori.txt")
    assert (doc.title, doc.version) == ("南部町ソーシャルメディア公式アカウント管理運営要領", "訓令第8号")
    numbers = [c.number for c in doc.clauses]
    assert numbers[:8] == ["第1条", "第2条", "第2条第1号", "第2条第2号", "第2条第3号", "第2条第4号", "第2条第5号", "第3条"]
    assert numbers[8:] == ["第3条第2項", "第3条第3項"] + [f"第3条第3項第{n}号" for n in range(1, 9)]
    got = {c.number: c for c in doc.clauses}
    assert got["第2条第1号"].body == "LINE(ライン)"
    assert got["第3条第3項第8号"].path == ("第3条 公式アカウントの登録", "第3条第3項")
    assert "warning" not in output


def test_real_youkou_and_kijun_read_without_warnings(run, tmp_path):
    expected = {  # document: (title, number line, a clause that shows the layout was read)
        "mihama-aichi": ("美浜町生涯学習課ソーシャルメディア実施要領", "要綱", "第6条第2項第3号"),
        "nagomi-town": ("和水町公式ソーシャルネットワーキングサービス運用要綱", "告示第93号", "第6条第5号"),
        "chichibu-kouiki": ("秩父広域市町村圏組合公式SNS運用基準", "告示第48号", "第4条第3項第2号"),
    }
    read = {}
    for name, (title, number, clause) in expected.items():
        doc, output = ingest(run, tmp_path, CITIES / f"{name}.txt")
        read[name] = {c.number: c.body for c in doc.clauses}
        assert (doc.title, doc.version) == (title, number), name
        assert clause in read[name] and "warning" not in output, name
        assert all(c.number.startswith(("第", "附則")) for c in doc.clauses), name
    assert read["mihama-aichi"]["第6条第2項第3号"] == "特定の個人、法人等を誹謗中傷するもの"  # its number repeats the first list's


def test_reiki_mistakes_are_warned_by_line_and_kept_as_their_own_clauses(run, tmp_path):
    source = tmp_path / "broken.txt"
    source.write_text(
        "○桜台市SNS運用規程\n令和 2年 4月 1日\n訓 令 第 3 号\n"  # spaced as a PDF may extract them
        "(趣旨)\n第1条 この訓令は、SNSの運用について定めるものとする。\n"
        "(定義)\nこの訓令においてSNSとは、インターネット上の交流サービスをいう。\n"  # 第2条 is missing
        "(運用)\n第3条 SNSは、広報課が運用する。\n"
        "3 広報課長は、運用の状況を確認する。\n"  # paragraph 2 is missing
        "2 各課は、広報課に発信を依頼することができる。\n"  # out of order
        "(禁止事項)\n第4条 職員は、公式アカウントで私的な発信をしてはならない。\n"
        "所属長は、違反した職員を指導する。\n",  # a paragraph without its number
        encoding="utf-8",
    )
    doc, output = ingest(run, tmp_path, source)
    assert (doc.title, doc.date, doc.version) == ("桜台市SNS運用規程", "令和2年4月1日", "訓令第3号")
    assert table(doc) == [
        ("第1条", "趣旨", "この訓令は、SNSの運用について定めるものとする。", ()),
        ("第2条", "定義", "この訓令においてSNSとは、インターネット上の交流サービスをいう。", ()),
        ("第3条", "運用", "SNSは、広報課が運用する。", ()),
        ("第3条第3項", "", "広報課長は、運用の状況を確認する。", ("第3条 運用",)),
        ("第3条第2項", "", "各課は、広報課に発信を依頼することができる。", ("第3条 運用",)),
        ("第4条", "禁止事項", "職員は、公式アカウントで私的な発信をしてはならない。", ()),
        ("第4条第2項", "", "所属長は、違反した職員を指導する。", ("第4条 禁止事項",)),
    ]
    assert f"warning: {source}:6: '(定義)' is followed by text without an article number; kept as clause [第2条]" in output
    assert f"warning: {source}:10: [第3条第3項] follows number 1: number(s) missing" in output
    assert f"warning: {source}:11: [第3条第2項] is out of order (expected number 4)" in output
    assert f"warning: {source}:14: text without a paragraph number in [第4条]; kept as clause [第4条第2項]" in output


def test_a_title_given_on_the_command_line_replaces_the_rules_own(run, tmp_path):
    source = tmp_path / "sakuradai.txt"
    source.write_text(KITEI, encoding="utf-8")
    doc, output = ingest(run, tmp_path, source, "--title", "桜台市SNS規程")
    assert doc.title == "桜台市SNS規程" and doc.version == "桜台市訓令第3号"
    assert doc.clauses[0].number == "第1条" and "warning" not in output
