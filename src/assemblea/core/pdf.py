"""PDF documents (letters, reports) with a font that can write every language we ship."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

UNICODE_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def pdf_new(title: str) -> tuple[FPDF, str, bool]:
    """An A4 document, its font family, and whether that font covers Unicode (DejaVu from
    Debian's fonts-dejavu-core when installed; Helvetica, Latin-1 only, otherwise)."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.set_title(title)
    if UNICODE_FONT.exists():
        pdf.add_font("body", "", str(UNICODE_FONT))
        bold = UNICODE_FONT.with_name("DejaVuSans-Bold.ttf")
        pdf.add_font("body", "B", str(bold if bold.exists() else UNICODE_FONT))
        return pdf, "body", True
    return pdf, "helvetica", False


def pdf_text(value: str, unicode_font: bool) -> str:
    if unicode_font:
        return value
    return value.encode("latin-1", errors="replace").decode("latin-1")
