"""The evaluation report as a PDF: each section's figures with their charts drawn as bars,
the questionnaires' results, and the evaluator's dated annotations."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from assemblea.assemblies.models import Assembly
from assemblea.core import charts as svg_charts
from assemblea.core.pdf import pdf_new, pdf_text
from assemblea.evaluation import selectors
from assemblea.evaluation.models import Annotation
from assemblea.evaluation.questions import MINIMUM_ANSWERS

# After a block of text (new_x=LMARGIN) the next thing starts at the left margin, on the next
# line: fpdf2's default leaves the cursor at the right edge, where the first bar of each chart
# was drawn.


def evaluation_report_pdf(assembly: Assembly) -> bytes:
    pdf, font, unicode_font = pdf_new(assembly.title)

    def heading(text: str, size: int = 14) -> None:
        pdf.set_font(font, "B", size)
        pdf.multi_cell(
            0, size * 0.6, pdf_text(text, unicode_font), new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        pdf.ln(2)

    def para(text: str) -> None:
        pdf.set_font(font, "", 10)
        pdf.multi_cell(0, 5.5, pdf_text(text, unicode_font), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1)

    def chart(chart: selectors.Chart) -> None:
        pdf.set_font(font, "", 8)
        for row in chart.rows:
            label = f"{row.label}: " + " · ".join(row.cells)
            pdf.multi_cell(
                0, 4.5, pdf_text(label, unicode_font), new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )
            for index, width in enumerate(row.bars):
                shade = 60 if index == 0 else 170
                pdf.set_fill_color(shade, shade, shade)
                pdf.cell(max(0.5, 0.8 * min(width, 100.0)), 2.5, "", fill=True)
                pdf.ln(3)
        pdf.ln(2)

    def notes(annotations: list[Annotation]) -> None:
        for note in annotations:
            para(
                _("Evaluator's note, %(date)s: %(text)s")
                % {"date": svg_charts.date_text(note.written_on), "text": note.text}
            )

    pdf.add_page()
    heading(_("Evaluation: %(title)s") % {"title": assembly.title}, 18)
    for section in selectors.figure_sections(assembly, timezone.localdate()):
        heading(section.title)
        for figure in section.figures:
            value = figure.value if figure.value is not None else _("not available")
            para(f"{figure.title}: {value}")
            if figure.value is not None and figure.note:
                para(figure.note)
            if figure.value is not None and figure.chart and figure.chart.rows:
                chart(figure.chart)
        notes(section.annotations)
    for results in selectors.surveys_of(assembly):
        heading(results.title)
        if not results.shown:
            para(
                _("%(count)s answers so far: results show from %(minimum)s answers.")
                % {"count": results.count, "minimum": MINIMUM_ANSWERS}
            )
        if results.criteria:
            chart(results.criteria)
        if results.likert_items:
            heading(_("Answers to each statement"), 11)
            _pdf_likert(pdf, font, unicode_font, results.likert_items)
        for question in results.questions:
            para(f"{question.text} ({_('mean')} {svg_charts.number_text(question.mean, 1)})")
            chart(question.chart)
        for comment in results.comments:
            para(f"“{comment}”")
        notes(results.annotations)
    return bytes(pdf.output())


def _pdf_likert(
    pdf: FPDF, font: str, unicode_font: bool, items: list[svg_charts.LikertItem]
) -> None:
    """Diverging bars: disagreement left of the middle line, agreement right."""
    pdf.set_font(font, "", 8)
    half = pdf.epw / 2
    middle = pdf.l_margin + half
    for item in items:
        disagree, neutral, agree = svg_charts.agreement(item.counts)
        total = disagree + neutral + agree
        label = _("%(statement)s: disagree %(disagree)s · agree %(agree)s") % {
            "statement": item.label,
            "disagree": svg_charts.percent_text(disagree, total),
            "agree": svg_charts.percent_text(agree, total),
        }
        pdf.multi_cell(0, 4.5, pdf_text(label, unicode_font), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if pdf.get_y() + 5 > pdf.page_break_trigger:
            pdf.add_page()
        top = pdf.get_y()
        for segment in svg_charts.likert_segments(item.counts):
            colour = svg_charts.LIKERT_COLOURS[segment.score].lstrip("#")
            pdf.set_fill_color(*(int(colour[i : i + 2], 16) for i in (0, 2, 4)))
            pdf.rect(middle + segment.start * half, top, segment.width * half, 3, style="F")
        pdf.set_draw_color(0, 0, 0)
        pdf.line(middle, top - 0.5, middle, top + 3.5)
        pdf.ln(5)
    pdf.ln(2)
