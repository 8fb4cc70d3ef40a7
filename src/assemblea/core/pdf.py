"""PDF documents (letters, reports) with a font that can write every language we ship.

The font is DejaVu Sans (regular and bold), shipped in the package (core/fonts/, from
Debian's fonts-dejavu-core 2.37, licence in core/fonts/LICENSE.txt): Latin with every
accent, Greek, Cyrillic, curly quotes and dashes print on any machine, with no system
font installed. fpdf2 embeds the subset of glyphs a document uses."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

FONT_DIR = Path(__file__).resolve().parent / "fonts"
UNICODE_FONT = FONT_DIR / "DejaVuSans.ttf"
UNICODE_FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"


def pdf_new(title: str) -> tuple[FPDF, str, bool]:
    """An A4 document, its font family, and whether that font covers Unicode (always, now
    that the font ships with the package; the flag stays for callers of `pdf_text`)."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.set_title(title)
    pdf.add_font("body", "", str(UNICODE_FONT))
    pdf.add_font("body", "B", str(UNICODE_FONT_BOLD))
    return pdf, "body", True


def pdf_text(value: str, unicode_font: bool) -> str:
    if unicode_font:
        return value
    return value.encode("latin-1", errors="replace").decode("latin-1")
