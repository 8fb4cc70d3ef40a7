"""The printable report of a conversation (PDF): the question, how many took part, the
map (points by group, shaded and shaped), each group's representative statements, common
ground, what divides, and every statement's agree / disagree / pass per group. Counts and
statements only: no participant is named."""

from __future__ import annotations

from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from assemblea.conversations import pictures, selectors
from assemblea.conversations.maps import GROUP_LABELS
from assemblea.conversations.models import Conversation, MapSnapshot, Source
from assemblea.core.pdf import pdf_new

MAX_STATEMENTS = 300
SHADES = ((30, 80, 160), (200, 80, 0), (0, 140, 100), (180, 90, 150), (200, 140, 0))
BAR_MM = 100.0


def _line(pdf: FPDF, font: str, text: str, size: int = 10, bold: bool = False) -> None:
    pdf.set_font(font, "B" if bold else "", size)
    pdf.multi_cell(0, size * 0.55, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)


def _scatter(pdf: FPDF, snapshot: MapSnapshot) -> None:
    side = 80.0
    if pdf.get_y() + side > pdf.h - 25:
        pdf.add_page()
    left, top = pdf.l_margin, pdf.get_y()
    pdf.set_draw_color(120, 120, 120)
    pdf.rect(left, top, side, side)
    for _n, x, y, group, _c in snapshot.data.get("points", [])[:3000]:
        pdf.set_fill_color(*(SHADES[group] if group >= 0 else (120, 120, 120)))
        px = left + 2 + (side - 5) * (x + 1) / 2
        py = top + 2 + (side - 5) * (1 - (y + 1) / 2)
        pdf.rect(px, py, 1.2 if group % 2 == 0 else 1.0, 1.2, style="F")
    pdf.set_y(top + side + 3)


def _bars(pdf: FPDF, font: str, bars: pictures.StatementBars) -> None:
    if pdf.get_y() > pdf.h - 45:
        pdf.add_page()
    _line(pdf, font, f"{bars.statement.number}. {bars.statement.text}", 9, bold=True)
    pdf.set_font(font, "", 8)
    for row in bars.rows:
        label = _("%(group)s: %(agree)s%% agree, %(disagree)s%% disagree, %(passed)s%% pass") % {
            "group": row.label,
            "agree": row.agree,
            "disagree": row.disagree,
            "passed": row.passed,
        }
        pdf.cell(0, 4, label, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        x = pdf.l_margin
        for share, shade in zip((row.agree, row.disagree, row.passed), (40, 140, 210), strict=True):
            width = BAR_MM * share / 100
            if width > 0:
                pdf.set_fill_color(shade, shade, shade)
                pdf.rect(x, pdf.get_y(), width, 2.5, style="F")
            x += width
        pdf.ln(3.5)
    pdf.ln(2)


def conversation_report_pdf(conversation: Conversation) -> bytes:
    pdf, font, _unicode = pdf_new(conversation.question)
    pdf.add_page()
    _line(pdf, font, conversation.assembly.title, 10)
    _line(pdf, font, conversation.question, 16, bold=True)
    snapshot = selectors.snapshot_of(conversation)
    shown = list(selectors.statements_shown(conversation))
    by_number = {s.number: s for s in shown}
    if snapshot is None:
        _line(pdf, font, _("The map has not been computed yet."))
    else:
        _line(
            pdf,
            font,
            _("%(participants)s participants, %(statements)s statements, %(votes)s votes.")
            % {
                "participants": snapshot.participant_count,
                "statements": len(shown),
                "votes": snapshot.vote_count,
            },
        )
        if snapshot.too_small:
            _line(pdf, font, _("Too small to map yet: the groups would mean nothing."))
        else:
            _scatter(pdf, snapshot)
            for g, group in enumerate(snapshot.data["groups"]):
                _line(
                    pdf,
                    font,
                    _("Group %(group)s (%(size)s participants): what sets it apart")
                    % {"group": GROUP_LABELS[g], "size": group["size"]},
                    11,
                    bold=True,
                )
                for pick in group["representative"]:
                    if pick["statement"] in by_number:
                        side = _("agree") if pick["side"] == "agree" else _("disagree")
                        _line(pdf, font, f"{side}: {by_number[pick['statement']].text}", 9)
            for why, title in (("consensus", _("Common ground")), ("divisive", _("What divides"))):
                _line(pdf, font, title, 12, bold=True)
                for pick in snapshot.data.get(why, []):
                    if pick["statement"] in by_number:
                        _line(
                            pdf,
                            font,
                            f"{pick['statement']}. {by_number[pick['statement']].text}",
                            9,
                        )
    _line(pdf, font, _("Every statement"), 12, bold=True)
    for bars in pictures.statement_bars(snapshot, shown[:MAX_STATEMENTS]):
        _bars(pdf, font, bars)
    if len(shown) > MAX_STATEMENTS:
        _line(
            pdf,
            font,
            _("…and %(more)s more statements on the web page.")
            % {"more": len(shown) - MAX_STATEMENTS},
        )
    if conversation.source == Source.POLIS:
        _line(
            pdf,
            font,
            _("Data from Polis (pol.is), licensed CC BY 4.0: %(name)s")
            % {"name": conversation.source_name},
            8,
        )
    return bytes(pdf.output())
