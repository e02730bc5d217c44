"""PDF files: the text layer, extracted with pypdfium2, then the plain-text path."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

MIN_CHARS_PER_PAGE = 20


def extract(path: Path) -> str:
    """The text of every page, each page starting with a form feed; IngestError if there is none."""
    from bot.ingest import IngestError

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise IngestError(path, "the PDF is encrypted (password protected)",
                              "Save an unprotected copy (print to PDF, or remove the password) and ingest that") from None
        raise IngestError(path, f"this is not a readable PDF ({exc})", "Open it in a PDF viewer and save it again") from None
    try:
        pages = []
        for page in pdf:
            text_page = page.get_textpage()
            pages.append(text_page.get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
            text_page.close()
            page.close()
    finally:
        pdf.close()
    if sum(len(p.strip()) for p in pages) < MIN_CHARS_PER_PAGE * max(1, len(pages)) / 4:
        raise IngestError(path, "the PDF has no text layer (it looks scanned)",
                          "Run OCR on it (e.g. Adobe Acrobat 'Recognize Text') or ingest the original Word or text file")
    return "\n\f".join(pages)
