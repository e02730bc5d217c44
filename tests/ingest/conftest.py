"""Fixtures that make real input files (PDF, Word, Excel, CSV) at test time."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli
from bot.corpus.markdown import parse_document

SEEDS = Path(__file__).resolve().parent.parent / "data" / "seeds"
JP_FONT = "HeiseiKakuGo-W5"

GUIDELINE = """\
テスト市職員ソーシャルメディア利用ガイドライン
総務部 広報課
令和6年4月
1 目的
このガイドラインは、職員がソーシャルメディアを利用する際の基本的な考え方を定める
ものである。
2 禁止事項
(1) 勤務時間中の利用禁止
勤務時間中にソーシャルメディアを利用してはならない。
(2) 秘密情報の発信禁止
職務上知り得た秘密を発信してはならない。
"""


def read_written(directory: Path, name: str):
    """The document ingest wrote to ``directory/name.md``, which the corpus reader reads without a problem."""
    path = directory / f"{name}.md"
    parsed = parse_document(path.read_text(encoding="utf-8"), path)
    assert parsed.findings == ()
    return parsed.document


@pytest.fixture
def run():
    """Run `guidebot ARGS…` in-process; returns click's Result."""
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return invoke


@pytest.fixture
def corpus_dir(tmp_path) -> Path:
    """A corpus directory that already holds one document, to prove failures leave it untouched."""
    directory = tmp_path / "corpus"
    directory.mkdir()
    (directory / "existing.md").write_text(
        "---\nid: existing\ntitle: 既存の文書\n---\n\n## [1] 目的\n\n既存の本文。\n", encoding="utf-8"
    )
    return directory


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def make_pdf(path: Path, lines: list[str], password: str | None = None, header: str = "") -> Path:
    """A PDF with a real Japanese text layer (reportlab's built-in CID font), a page number and
    ``header`` (with 'N/M' for the page) at the top of every page."""
    from reportlab.lib import pdfencrypt
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(JP_FONT))
    encrypt = pdfencrypt.StandardEncryption(password, canModify=0) if password else None
    pdf = canvas.Canvas(str(path), encrypt=encrypt)
    per_page = 40
    pages = [lines[i : i + per_page] for i in range(0, len(lines), per_page)]
    for number, page in enumerate(pages, start=1):
        pdf.setFont(JP_FONT, 10)
        if header:
            pdf.drawString(300, 815, f"{header} {number}/{len(pages)}")
        for row, line in enumerate(page):
            pdf.drawString(40, 790 - row * 18, line)
        pdf.drawString(290, 30, f"- {number} -")
        pdf.showPage()
    pdf.save()
    return path


def make_scanned_pdf(path: Path) -> Path:
    """A PDF whose pages are only pictures: no text layer."""
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path))
    for _ in range(2):
        for row in range(40):
            pdf.rect(40, 780 - row * 18, 400 + (row % 5) * 20, 10, fill=1)
        pdf.showPage()
    pdf.save()
    return path


@pytest.fixture
def files():
    """The file makers and the corpus snapshot helper, for tests to call."""

    class Files:
        pdf = staticmethod(make_pdf)
        scanned_pdf = staticmethod(make_scanned_pdf)
        snapshot = staticmethod(snapshot)

    return Files
