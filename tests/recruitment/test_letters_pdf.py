"""Invitation letters: every letter in its household's language, the ways to reply that exist
(web address, an unbroken code, a QR code of the link with the code), progress for a task, and
nothing drawn outside the page, read back from the PDF with pypdf."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assemblea.core.pdf import pdf_new
from assemblea.recruitment import letters, services
from assemblea.recruitment.letters import (
    LettersStopped,
    invitation_letters_pdf,
    invitation_letters_render,
)
from assemblea.recruitment.models import Invitation

pypdf = pytest.importorskip("pypdf")

URL = "https://assemblea.example.org/register/testville/"


def _draw(recruitment: Any, organizer: Any, rows: list[str], seed: str = "1") -> list[str]:
    text = "\n".join(["address,area,language", *rows])
    services.addresses_import(actor=organizer, recruitment=recruitment, text=text)
    services.invitations_draw(actor=organizer, recruitment=recruitment, size=len(rows), seed=seed)
    return list(
        Invitation.objects.filter(draw__recruitment=recruitment)
        .order_by("draw__created_at", "id")
        .values_list("code", flat=True)
    )


def _pages(pdf: bytes) -> list[Any]:
    return list(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def _texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in _pages(pdf)]


@pytest.fixture
def no_qr(monkeypatch: Any) -> None:
    monkeypatch.setattr(letters, "_segno", lambda: None)


def test_each_letter_is_in_its_households_language_with_every_character(
    recruiting: Any, organizer: Any
) -> None:
    assembly = recruiting.assembly
    assembly.title = "“Muñoz” Street Assembly"
    assembly.save()
    rows = [
        '"Calle Muñoz 3, 2º Izq.",North,es',
        '"1 Main St",North,en',
        '"2 Main St",North,',
        '"3 Main St",North,fr',  # not a language of the site: English
    ]
    codes = _draw(recruiting, organizer, rows)
    texts = _texts(invitation_letters_pdf(recruiting, URL))
    assert len(texts) == 4
    addresses = ["Calle Muñoz 3, 2º Izq.", "1 Main St", "2 Main St", "3 Main St"]
    by_address = {next(a for a in addresses if a in text): text for text in texts}
    spanish = by_address["Calle Muñoz 3, 2º Izq."]
    assert "Estimada vecina, estimado vecino:" in spanish
    assert "Invitación: “Muñoz” Street Assembly" in spanish
    for address in addresses[1:]:
        assert "Dear resident," in by_address[address]
        assert "Invitation: “Muñoz” Street Assembly" in by_address[address]
    for text in texts:
        assert URL in text
        assert "?" not in text.replace("traffic deaths?", "")
        assert "call us" not in text and "llámanos" not in text
    # Each letter carries its own household's code (the draw decides which).
    printed = sorted(re.search(r"\b[A-Z2-9]{8}\b", text).group(0) for text in texts)
    assert printed == sorted(codes)


def _chunks(page: Any) -> list[tuple[str, float, float, float, str]]:
    """(text, x, y, font size, font name) of every text drawn on the page."""
    found: list[tuple[str, float, float, float, str]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if text.strip():
            name = str(font.get("/BaseFont", "")) if font else ""
            found.append((text, tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5], size, name))

    page.extract_text(visitor_text=visit)
    return found


def _rectangles(page: Any) -> list[tuple[float, float, float, float]]:
    """Every rectangle painted or stroked, in page coordinates (x0, y0, x1, y1)."""
    found: list[tuple[float, float, float, float]] = []

    def visit(operator: bytes, operands: Any, cm: Any, tm: Any) -> None:
        if operator == b"re":
            x, y, w, h = (float(value) for value in operands)
            xs = [cm[0] * px + cm[2] * py + cm[4] for px in (x, x + w) for py in (y, y + h)]
            ys = [cm[1] * px + cm[3] * py + cm[5] for px in (x, x + w) for py in (y, y + h)]
            found.append((min(xs), min(ys), max(xs), max(ys)))

    page.extract_text(visitor_operand_before=visit)
    return found


def _measure(text: str, size: float, font: str) -> float:
    """The width in points fpdf2 gives the text in that font (as the letters measure it)."""
    pdf, family, _unicode = pdf_new("measure")
    pdf.add_page()
    if "Courier" in font:
        pdf.set_font("courier", "B", size)
        pdf.set_char_spacing(1.5)
    else:
        pdf.set_font(family, "B" if "Bold" in font else "", size)
    return float(pdf.get_string_width(text)) * pdf.k


@pytest.mark.one_database  # the layout of the page
@pytest.mark.parametrize("qr", [True, False], ids=["with-qr", "without-qr"])
def test_nothing_is_drawn_outside_the_page_with_long_texts(
    recruiting: Any, organizer: Any, monkeypatch: Any, qr: bool
) -> None:
    if qr:
        pytest.importorskip("segno")
    else:
        monkeypatch.setattr(letters, "_segno", lambda: None)
    assembly = recruiting.assembly
    assembly.title = "The Very Long Named Citizens’ Assembly " * 5
    assembly.save()
    assembly.mandate.question = ("How should the city spend “its” money on streets? " * 80)[:4000]
    assembly.mandate.save()
    long_line = "Apartamento" * 12  # one word wider than the page
    address = f"Calle de la Peña {'muy larga ' * 30}7\n{long_line}\n28001 Madrid"
    _draw(recruiting, organizer, [f'"{address}",North,es', '"1 Main St",North,en'])
    pdf = invitation_letters_pdf(recruiting, URL + "x" * 120 + "/")
    pages = _pages(pdf)
    assert len(pages) >= 4  # each letter runs over a page: the question is 4,000 characters
    bottom_margin = 20 * 72 / 25.4  # fpdf's automatic page break margin, in points
    margin = 10 * 72 / 25.4  # the left and right margins
    for page in pages:
        box = page.mediabox
        width, height = float(box.width), float(box.height)
        chunks = _chunks(page)
        assert chunks
        for text, x, y, size, font in chunks:
            assert x > 0 and x + _measure(text, size, font) <= width - margin + 0.5, text
            assert bottom_margin - 0.5 <= y <= height, text
        for x0, y0, x1, y1 in _rectangles(page):
            assert 0 <= x0 <= x1 <= width and bottom_margin - 0.5 <= y0 <= y1 <= height
        qr = [r for r in _rectangles(page) if r[2] - r[0] < 40 and r[3] - r[1] < 4]
        if qr:  # text next to the QR code stays left of it
            left, low, high = min(r[0] for r in qr), min(r[1] for r in qr), max(r[3] for r in qr)
            for text, x, y, size, font in chunks:
                if low - 2 <= y <= high + 2:
                    assert x + _measure(text, size, font) < left, text
    # The long word was broken to fit; the code and the reply still printed in full.
    text = "".join(page.extract_text() for page in pages)
    assert "Apartamento" in text and "28001 Madrid" in text


def test_the_code_prints_unbroken_in_one_monospaced_box(
    recruiting: Any, organizer: Any, no_qr: None
) -> None:
    (code,) = _draw(recruiting, organizer, ['"1 Main St",North,en'])
    (page,) = _pages(invitation_letters_pdf(recruiting, URL))
    drawn = [chunk for chunk in _chunks(page) if code in chunk[0]]
    assert len(drawn) == 1
    text, x, y, size, font = drawn[0]
    assert text.strip() == code and "Courier-Bold" in font and size == 20
    boxes = [r for r in _rectangles(page) if r[0] < x and r[1] < y < r[3]]
    assert len(boxes) == 1 and boxes[0][2] > x + _measure(code, size, font)
    # What is printed is exactly what registration accepts.
    registration = services.registration_submit(
        recruitment=recruiting,
        answers={"gender": "woman", "age": "40+"},
        name="Ana",
        email="ana@example.org",
        consents_to_privacy_notice=True,
        language="en",
        code=text.strip(),
    )
    assert registration.household_key


def _qr_matrix(page: Any) -> list[list[int]]:
    """The QR code's modules as drawn (rectangles inside the 'q 0 g … cm … f Q' block)."""
    content = page.get_contents().get_data().decode("latin-1")
    block = re.search(r"q 0 g\n[-\d. ]+ cm\n(.*?)\nf Q", content, re.S)
    assert block, "no QR code on the page"
    runs = [tuple(int(v) for v in line.split()[:4]) for line in block.group(1).splitlines()]
    size = max(x + w for x, _y, w, _h in runs)
    rows = [[0] * size for _ in range(max(y for _x, y, _w, _h in runs) + 1)]
    for x, y, w, _h in runs:
        for column in range(x, x + w):
            rows[y][column] = 1
    return rows


def test_the_qr_code_is_the_registration_link_with_the_code(
    recruiting: Any, organizer: Any
) -> None:
    segno = pytest.importorskip("segno")
    codes = _draw(recruiting, organizer, [f'"{n} Main St",North,en' for n in range(3)])
    pages = _pages(invitation_letters_pdf(recruiting, URL))
    for page in pages:
        (code,) = (c for c in codes if c in page.extract_text())
        drawn = _qr_matrix(page)
        # Exactly segno's symbol of the link with this code, for one of the eight masks.
        symbols = [
            [list(row) for row in segno.make(f"{URL}{code}/", error="m", mask=m).matrix]
            for m in range(8)
        ]
        assert drawn in symbols
        assert "scan the square" in page.extract_text()


def test_without_segno_there_is_no_qr_code_and_no_word_of_one(
    recruiting: Any, organizer: Any, no_qr: None
) -> None:
    _draw(recruiting, organizer, ['"1 Main St",North,en'])
    (page,) = _pages(invitation_letters_pdf(recruiting, URL))
    assert "q 0 g" not in page.get_contents().get_data().decode("latin-1")
    assert "scan" not in page.extract_text()


def test_the_letter_gives_the_contacts_that_exist(
    recruiting: Any, organizer: Any, no_qr: None
) -> None:
    _draw(recruiting, organizer, ['"1 Main St",North,en'])
    organization = recruiting.assembly.organization
    organization.website = "https://testville.example.org/assembly"
    organization.save()
    text = _texts(invitation_letters_pdf(recruiting, URL))[0]
    assert "About the organizers: https://testville.example.org/assembly" in text
    assert "call" not in text.lower()
    # Once the recruitment has contact fields (see the report), the letter prints them.
    recruiting.contact_phone = "+34 910 000 000"
    recruiting.contact_email = "sorteo@testville.example.org"
    text = _texts(invitation_letters_pdf(recruiting, URL))[0]
    assert "Or call +34 910 000 000 and give your code." in text
    assert "Questions? Write to sorteo@testville.example.org." in text


def test_progress_counts_up_to_the_total(recruiting: Any, organizer: Any, no_qr: None) -> None:
    _draw(recruiting, organizer, [f'"{n} Main St",North,en' for n in range(120)])
    calls: list[tuple[int, int]] = []
    pdf = invitation_letters_render(
        recruiting, URL, progress=lambda done, total: calls.append((done, total))
    )
    assert calls == [(0, 120), (50, 120), (100, 120), (120, 120)]
    assert len(_pages(pdf)) == 120


def test_should_stop_stops_with_a_clear_exception(
    recruiting: Any, organizer: Any, no_qr: None
) -> None:
    _draw(recruiting, organizer, [f'"{n} Main St",North,en' for n in range(120)])
    calls: list[tuple[int, int]] = []
    answers = iter([False, False, True])
    with pytest.raises(LettersStopped) as stopped:
        invitation_letters_render(
            recruiting,
            URL,
            progress=lambda done, total: calls.append((done, total)),
            should_stop=lambda: next(answers),
        )
    assert (stopped.value.done, stopped.value.total) == (100, 120)
    assert "100 of 120" in str(stopped.value)
    assert calls == [(0, 120), (50, 120)]


def test_no_invitations_yet(recruiting: Any) -> None:
    calls: list[tuple[int, int]] = []
    pdf = invitation_letters_render(recruiting, URL, progress=lambda *c: calls.append(c))
    assert _texts(pdf) == ["No invitations have been drawn yet."]
    assert calls == [(0, 0)]


def test_the_queries_do_not_grow_with_the_letters(
    recruiting: Any, organizer: Any, no_qr: None
) -> None:
    _draw(recruiting, organizer, [f'"{n} Main St",North,en' for n in range(3)], seed="1")
    with CaptureQueriesContext(connection) as few:
        invitation_letters_pdf(type(recruiting).objects.get(pk=recruiting.pk), URL)
    _draw(recruiting, organizer, [f'"{n} High St",North,es' for n in range(30)], seed="2")
    with CaptureQueriesContext(connection) as many:
        pdf = invitation_letters_pdf(type(recruiting).objects.get(pk=recruiting.pk), URL)
    assert len(_pages(pdf)) == 33
    # One more language costs nothing but its wording; the invitations are one query.
    assert len(many.captured_queries) == len(few.captured_queries)
