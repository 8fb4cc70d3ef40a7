"""Printable invitation letters (PDF), one letter per household, in its language.

Fast enough for a task to print thousands (bench/letters.py: issue 15 asks for 200 letters per
CPU second). fpdf2's line breaking (`multi_cell`) costs about a millisecond per paragraph, and
most of a letter is the same for every household of a language: each language's wording is
translated and broken into lines once per document (`_Wording`), and each letter draws those
lines with `cell`, which does no line breaking. Only the address is broken per letter. The
invitations come in one query with their households.

Each letter gives the ways to answer that exist: the registration web address, the code (one
unbroken line in a monospaced box: the form accepts it only as printed, so it is not grouped)
and, when `segno` is installed, a QR code of the link with the code in it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import MethodReturnValue

from assemblea.core.pdf import pdf_new
from assemblea.recruitment.models import Invitation, Recruitment

PROGRESS_EVERY = 50  # letters between two progress(done, total) calls

BODY_SIZE, BODY_LINE = 12, 6.5
HEADING_SIZE, HEADING_LINE = 16, 8.5
ADDRESS_SIZE, ADDRESS_LINE = 11, 5.5
CODE_SIZE, CODE_LINE = 20, 12
PARAGRAPH_GAP = 2.5
QR_SIDE = 34  # mm, the QR code with its white border: 0.9-0.6 mm modules, easy to scan
QR_QUIET = 4  # modules of white border the standard asks for
QR_GAP = 6  # mm between the reply text and the QR code


class LettersStopped(Exception):
    """`should_stop()` returned True: the letters were not finished."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__(f"Invitation letters stopped after {done} of {total}.")
        self.done = done
        self.total = total


def invitation_letters_pdf(recruitment: Recruitment, registration_url: str) -> bytes:
    """All the recruitment's invitation letters in one PDF (what the organizers' page serves)."""
    return invitation_letters_render(recruitment, registration_url)


def invitation_letters_render(
    recruitment: Recruitment,
    registration_url: str,
    *,
    progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> bytes:
    """The letters of every invitation drawn, in draw order, each in its household's language.

    `registration_url` is the public registration address (ending in "/"): letters print it,
    and the QR code opens it with the letter's code. `progress(done, total)` is called every
    PROGRESS_EVERY letters and at the end with (total, total); `should_stop()` is asked at the
    same moments, and a True answer raises LettersStopped."""
    invitations = list(
        Invitation.objects.filter(draw__recruitment=recruitment)
        .select_related("household")
        .only("code", "household__address", "household__language")
        .order_by("draw__created_at", "draw_id", "id")
    )
    total = len(invitations)
    document = _Letters(recruitment, registration_url)
    for done, invitation in enumerate(invitations):
        if done % PROGRESS_EVERY == 0:
            _checkpoint(done, total, progress, should_stop)
        document.letter(
            invitation.household.address, invitation.household.language, invitation.code
        )
    if total == 0:
        document.nothing_drawn()
    _checkpoint(total, total, progress, should_stop)
    return document.output()


def _checkpoint(
    done: int,
    total: int,
    progress: Callable[[int, int], None] | None,
    should_stop: Callable[[], bool] | None,
) -> None:
    if should_stop is not None and should_stop():
        raise LettersStopped(done, total)
    if progress is not None:
        progress(done, total)


def contact_lines(recruitment: Recruitment) -> list[str]:
    """How to reach the organizers, from the fields that exist: a contact phone or e-mail of
    the recruitment (when its model has them), else the organization's website."""
    lines = []
    phone = str(getattr(recruitment, "contact_phone", "") or "").strip()
    email = str(getattr(recruitment, "contact_email", "") or "").strip()
    if phone:
        lines.append(_("Or call %(phone)s and give your code.") % {"phone": phone})
    if email:
        lines.append(_("Questions? Write to %(email)s.") % {"email": email})
    website = recruitment.assembly.organization.website.strip()
    if website:
        lines.append(_("About the organizers: %(website)s") % {"website": website})
    return lines


@dataclass(frozen=True)
class _Wording:
    """One language's letter, translated and broken into lines once."""

    heading: list[str]
    paragraphs: list[list[str]]
    reply_heading: list[str]
    reply_web: list[str]  # "register at" and the web address
    reply_code: list[str]  # "with this code"
    reply_rest: list[list[str]]  # the QR code's sentence, then the contact lines


class _Letters:
    def __init__(self, recruitment: Recruitment, registration_url: str) -> None:
        self.recruitment = recruitment
        self.registration_url = registration_url
        self.pdf, self.font, _unicode = pdf_new("Invitations")
        self.languages = {code for code, _name in settings.LANGUAGES}
        self.wordings: dict[str, _Wording] = {}
        self.segno = _segno()
        self.qr_settings: dict[int, dict[str, Any]] = {}  # data length → version, error, mask

    # Layout.

    @property
    def text_width(self) -> float:
        return self.pdf.w - self.pdf.l_margin - self.pdf.r_margin

    @property
    def reply_width(self) -> float:
        """The reply text's column, left of the QR code (the whole width without one)."""
        if self.segno is None:
            return self.text_width
        return self.text_width - QR_GAP - QR_SIDE

    def _lines(self, text: str, width: float, height: float) -> list[str]:
        """The text broken into lines as `multi_cell` would print it, without printing it."""
        lines = self.pdf.multi_cell(
            width, height, text, dry_run=True, output=MethodReturnValue.LINES, align="L"
        )
        assert isinstance(lines, list)
        return [str(line) for line in lines]

    def _address_lines(self, address: str) -> list[str]:
        """The address as typed, each line broken only if too wide (most are not: measuring
        a line is much cheaper than breaking it)."""
        lines: list[str] = []
        width, measure = self.text_width, self.pdf.get_string_width
        for line in address.strip().splitlines():
            if measure(line) <= width:
                lines.append(line)
            else:
                lines += self._lines(line, width, ADDRESS_LINE)
        return lines

    def _wording(self, language: str) -> _Wording:
        wording = self.wordings.get(language)
        if wording is None:
            with translation.override(language):
                wording = self._translate()
            self.wordings[language] = wording
        return wording

    def _translate(self) -> _Wording:
        pdf, font = self.pdf, self.font
        assembly = self.recruitment.assembly
        values = {"title": assembly.title, "organization": assembly.organization.name}
        paragraphs = [
            _("Dear resident,"),
            _(
                "Your household has been chosen by a fair lottery to be invited to "
                "%(title)s, convened by %(organization)s."
            )
            % values,
            _("The question: %(question)s") % {"question": assembly.mandate.question},
            _(
                "One person aged 16 or over from your household can register. Members "
                "are chosen by a second lottery so that the assembly looks like the "
                "community. Stipends, childcare, travel and interpretation are provided."
            ),
        ]
        deadline = self.recruitment.registration_deadline
        if deadline:
            date = formats.date_format(timezone.localtime(deadline), "DATE_FORMAT")
            paragraphs.append(_("Please register by %(date)s.") % {"date": date})
        rest = [_("Or scan the square with a phone camera: it opens the form with your code.")]
        if self.segno is None:
            rest = []
        rest += contact_lines(self.recruitment)
        pdf.set_font(font, "B", HEADING_SIZE)
        invitation = _("Invitation")  # apart from the f-string, so makemessages finds it
        heading = self._lines(f"{invitation}: {assembly.title}", 0, HEADING_LINE)
        reply_heading = self._lines(_("How to reply"), self.reply_width, BODY_LINE)
        pdf.set_font(font, size=BODY_SIZE)
        width = self.reply_width
        return _Wording(
            heading=heading,
            paragraphs=[self._lines(text, 0, BODY_LINE) for text in paragraphs],
            reply_heading=reply_heading,
            reply_web=self._lines(
                _("Register on the web at %(url)s") % {"url": self.registration_url},
                width,
                BODY_LINE,
            ),
            reply_code=self._lines(_("with this code:"), width, BODY_LINE),
            reply_rest=[self._lines(text, width, BODY_LINE) for text in rest],
        )

    # Drawing.

    def _draw(self, lines: Iterable[str], height: float) -> None:
        """Lines at the left margin, `height` apart, on a new page when one does not fit.
        `text` draws a prepared line at a place: 3 times cheaper than `cell`."""
        pdf = self.pdf
        text, left = pdf.text, pdf.l_margin
        baseline = 0.5 * height + 0.3 * pdf.font_size  # where `cell` puts it
        for line in lines:
            if pdf.y + height > pdf.page_break_trigger:
                pdf.add_page()
            text(left, pdf.y + baseline, line)
            pdf.y += height

    def letter(self, address: str, language: str, code: str) -> None:
        pdf, font = self.pdf, self.font
        pdf.add_page()  # before the wording: fpdf2 breaks lines on a page
        wording = self._wording(language if language in self.languages else "en")
        pdf.set_font(font, size=ADDRESS_SIZE)
        self._draw(self._address_lines(address), ADDRESS_LINE)
        pdf.ln(8)
        pdf.set_font(font, "B", HEADING_SIZE)
        self._draw(wording.heading, HEADING_LINE)
        pdf.ln(3)
        pdf.set_font(font, size=BODY_SIZE)
        for lines in wording.paragraphs:
            self._draw(lines, BODY_LINE)
            pdf.ln(PARAGRAPH_GAP)
        self._reply(wording, code)

    def _reply(self, wording: _Wording, code: str) -> None:
        """The box of ways to answer: web address, code, QR code, contacts; kept together on
        one page (a new page if it does not fit)."""
        pdf, font = self.pdf, self.font
        qr = self._qr(f"{self.registration_url}{code}/")
        rest = sum(len(lines) for lines in wording.reply_rest)
        text_height = (
            BODY_LINE * (len(wording.reply_heading) + len(wording.reply_web))
            + BODY_LINE * len(wording.reply_code)
            + CODE_LINE
            + 2
            + (BODY_LINE * rest + PARAGRAPH_GAP * len(wording.reply_rest))
        )
        qr_side = QR_SIDE if qr else 0.0
        if pdf.y + 3 + max(text_height, qr_side) > pdf.page_break_trigger:
            pdf.add_page()
        pdf.ln(3)
        top = pdf.y
        pdf.set_font(font, "B", BODY_SIZE)
        self._draw(wording.reply_heading, BODY_LINE)
        pdf.set_font(font, size=BODY_SIZE)
        self._draw(wording.reply_web, BODY_LINE)
        self._draw(wording.reply_code, BODY_LINE)
        pdf.set_font("courier", "B", CODE_SIZE)
        pdf.set_char_spacing(1.5)
        pdf.cell(None, CODE_LINE, _latin1(code), border=1, new_x="LMARGIN", new_y="NEXT")
        pdf.set_char_spacing(0)
        pdf.ln(2)
        pdf.set_font(font, size=BODY_SIZE)
        for lines in wording.reply_rest:
            self._draw(lines, BODY_LINE)
            pdf.ln(PARAGRAPH_GAP)
        if qr:
            module = QR_SIDE / (len(qr) + 2 * QR_QUIET)
            left = pdf.w - pdf.r_margin - QR_SIDE + QR_QUIET * module
            _fill_modules(pdf, qr, left, top + QR_QUIET * module, module)
            pdf.set_y(max(pdf.y, top + qr_side))

    def _qr(self, data: str) -> list[bytes]:
        """The QR code's rows (1 = dark module), or [] without segno. The first symbol of each
        data length is made with segno's own choice of version, error level and mask; the others
        reuse them (every letter's link differs only in its code): choosing the mask means
        scoring eight candidates, 5 of segno's 6 ms per symbol."""
        if self.segno is None:
            return []
        chosen = self.qr_settings.get(len(data))
        if chosen is None:
            symbol = self.segno.make(data, error="m", micro=False)
            chosen = {"version": symbol.version, "error": symbol.error, "mask": symbol.mask}
            self.qr_settings[len(data)] = chosen
        else:
            symbol = self.segno.make(data, micro=False, boost_error=False, **chosen)
        return [bytes(row) for row in symbol.matrix]

    def nothing_drawn(self) -> None:
        self.pdf.add_page()
        self.pdf.set_font(self.font, size=BODY_SIZE)
        self.pdf.multi_cell(0, BODY_LINE, _("No invitations have been drawn yet."))

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def _segno() -> Any | None:
    """The QR code library, if installed (letters then carry a QR code)."""
    try:
        return importlib.import_module("segno")
    except ImportError:
        return None


def _latin1(text: str) -> str:
    """Courier is a core PDF font (Latin-1); codes are A-Z and 2-9."""
    return text.encode("latin-1", errors="replace").decode("latin-1")


def _fill_modules(pdf: FPDF, rows: list[bytes], left: float, top: float, size: float) -> None:
    """Paint the dark modules, one rectangle per horizontal run, in one fill operation of the
    page's content stream (fpdf2's `rect` would cost one call per run: ~300 per symbol)."""
    k = pdf.k
    # Drawn in module units: x to the right, y down from the symbol's top left corner.
    scale = f"{size * k:.4f} 0 0 {-size * k:.4f} {left * k:.2f} {(pdf.h - top) * k:.2f} cm"
    parts = ["q 0 g", scale]
    for number, row in enumerate(rows):
        start = row.find(1)
        while start != -1:
            end = row.find(0, start)
            if end == -1:
                end = len(row)
            parts.append(f"{start} {number} {end - start} 1 re")
            start = row.find(1, end)
    parts.append("f Q")
    pdf._out("\n".join(parts))
