"""The PDF font ships with the package: curly quotes, ñ and accents print in every letter,
on a machine without any system font."""

from __future__ import annotations

import re
import zlib

from assemblea.core import pdf as core_pdf

TEXT = "“Señora Muñoz”, ¿asistirá? — Ça va, Ærøskøbing, Łódź, Ελλάδα, Москва"


def _pdf_bytes() -> bytes:
    document, family, unicode_font = core_pdf.pdf_new("Invitación")
    assert unicode_font
    document.add_page()
    document.set_font(family, size=12)
    document.multi_cell(0, 6, core_pdf.pdf_text(TEXT, unicode_font), new_x="LMARGIN", new_y="NEXT")
    document.set_font(family, "B", size=12)
    document.multi_cell(0, 6, "Ñandú")
    return bytes(document.output())


def test_the_font_is_a_file_of_the_package() -> None:
    assert core_pdf.UNICODE_FONT.is_file() and core_pdf.UNICODE_FONT_BOLD.is_file()
    assert "site-packages" in str(core_pdf.FONT_DIR) or "src/assemblea" in str(core_pdf.FONT_DIR)
    assert (core_pdf.FONT_DIR / "LICENSE.txt").is_file()


def test_the_font_is_embedded_and_every_character_printed() -> None:
    data = _pdf_bytes()
    assert b"/FontFile2" in data  # the TrueType font is embedded
    assert re.search(rb"/BaseFont /[A-Z]{6}\+DejaVuSansBook\b", data)
    assert re.search(rb"/BaseFont /[A-Z]{6}\+DejaVuSansBold\b", data)
    # The characters each glyph stands for (ToUnicode maps), from every stream.
    mapped = set()
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            text = zlib.decompress(stream)
        except zlib.error:
            text = stream
        for code in re.findall(rb"<[0-9A-F]{4}> <([0-9A-F]{4,8})>", text):
            mapped.add(chr(int(code, 16)))
    for character in "“”ñÑÇÆøŁóźλМ¿—":
        assert character in mapped, character


def test_the_text_reads_back_without_replacement_characters() -> None:
    import pytest

    pypdf = pytest.importorskip("pypdf")
    import io

    text = pypdf.PdfReader(io.BytesIO(_pdf_bytes())).pages[0].extract_text()
    assert "“Señora Muñoz”" in text
    assert "Ñandú" in text
    assert "?" not in text.replace("¿asistirá?", "")
