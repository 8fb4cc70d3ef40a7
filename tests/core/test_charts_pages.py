"""Issue 16: the charts on their pages: the SVG with its title and description, the table
beside it with the chart's numbers, nobody's name or address in either; the evaluation PDF
with its diverging bars on the page."""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ElementTree
from typing import Any

import pytest
from django.urls import reverse

from assemblea.accountability import services as record
from assemblea.accountability.models import Verdict
from assemblea.evaluation import services as evaluation
from assemblea.evaluation.questions import MINIMUM_ANSWERS, Audience, question_keys
from tests.accountability.conftest import reported
from tests.evaluation.conftest import convened, seat
from tests.evaluation.pdf_bounds import pdf_outside_marks
from tests.recruitment.conftest import recruiting, register

__all__ = ["convened", "recruiting", "register", "reported", "seat"]

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def _chart(page: str, key: str) -> tuple[ElementTree.Element, list[list[str]], str]:
    """The chart `key` of a page: its parsed SVG, its table's rows, and its whole markup."""
    match = re.search(rf'<svg[^>]*aria-labelledby="{key}-title {key}-desc".*?</svg>', page, re.S)
    assert match, f"no chart {key}"
    svg = ElementTree.fromstring(match.group(0))
    assert svg.find(f"{SVG}title") is not None and svg.find(f"{SVG}desc") is not None
    table = re.search(rf'<table class="chart-table" id="{key}-table">.*?</table>', page, re.S)
    rows: list[list[str]] = []
    markup = match.group(0)
    if table:
        markup += table.group(0)
        for row in re.findall(r"<tr>(.*?)</tr>", table.group(0), re.S)[1:]:
            rows.append([cell.strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)])
    return svg, rows, markup


def test_the_recruitment_overview_draws_the_funnel_and_the_days_without_names(
    client: Any, organizer: Any, recruiting: Any, register: Any
) -> None:
    for number in range(5):
        register("woman" if number % 2 else "man", "40+", number)
    client.force_login(organizer)
    page = client.get(reverse("recruitment:overview", args=[recruiting.assembly.slug]))
    html = page.content.decode()
    _svg, rows, markup = _chart(html, "funnel")
    assert [row[:2] for row in rows] == [
        ["Invitations sent", "0"],
        ["Registrations", "5"],
        ["In the pool", "5"],
        ["Selected", "0"],
        ["Seated", "0"],
    ]
    svg, days, daily = _chart(html, "per-day")
    assert len(days) == 1 and days[0][1] == "5"
    assert len(svg.findall(f"{SVG}rect")) == 1
    for text in (markup, daily):
        assert "Person " not in text and "@example.org" not in text


def test_the_public_lottery_page_shows_the_funnel(
    client: Any, recruiting: Any, register: Any
) -> None:
    register("woman", "40+", 1)
    html = client.get(reverse("recruitment:lottery", args=[recruiting.assembly.slug])).content
    _svg, rows, markup = _chart(html.decode(), "funnel")
    assert rows[1][:2] == ["Registrations", "1"]
    assert "Person 1" not in markup


def test_the_composition_and_public_pages_draw_every_seat(
    client: Any, organizer: Any, make_assembly: Any
) -> None:
    assembly = make_assembly(planned_size=6)
    seats = sum(category.seats for category in assembly.categories.all())
    client.force_login(organizer)
    for url in (
        reverse("assemblies:composition", args=[assembly.slug]),
        reverse("assemblies:public", args=[assembly.slug]),
    ):
        svg, _rows, _markup = _chart(client.get(url).content.decode(), "seats")
        marks = [*svg.iter(f"{SVG}circle"), *svg.iter(f"{SVG}rect"), *svg.iter(f"{SVG}polygon")]
        assert len(marks) == seats


def test_the_tracker_draws_answers_and_commitments_against_their_due_dates(
    client: Any, organizer: Any, reported: Any
) -> None:
    late = record.recommendation_adopt(
        actor=organizer,
        assembly=reported,
        title="Safer crossings",
        text="Raised crossings.",
        addressed_to="City Council",
        adopted_on=datetime.date(2026, 1, 2),
        answer_due_on=datetime.date(2026, 1, 31),
    )
    answered = record.recommendation_adopt(
        actor=organizer,
        assembly=reported,
        title="Free buses",
        text="Free buses.",
        addressed_to="City Council",
        adopted_on=datetime.date(2026, 1, 2),
        answer_due_on=datetime.date(2099, 1, 31),
    )
    record.response_publish(
        actor=reported.respondent,
        recommendation=answered,
        verdict=Verdict.ACCEPTED,
        reasons="Yes.",
        actions="Buses.",
        responsible="Transport",
        due_on=datetime.date(2026, 6, 30),
    )
    record.commitment_add(
        actor=reported.respondent,
        recommendation=answered,
        title="Free passes",
        office="Transport",
        starts_on=datetime.date(2026, 1, 10),
        due_on=datetime.date(2026, 2, 1),
    )
    html = client.get(reverse("accountability:tracker", args=[reported.slug])).content.decode()
    svg, rows, _markup = _chart(html, "due")
    by_item = {row[0]: row for row in rows}
    assert by_item[f"{late.number}. Safer crossings: answer"][3].startswith("overdue by ")
    assert by_item[f"{answered.number}. Free buses: answer"][3] == "done on time"
    assert by_item[f"{answered.number}. Free passes: commitment"][3].startswith("overdue by ")
    texts = " ".join(element.text or "" for element in svg.iter(f"{SVG}text"))
    assert "overdue by" in texts and "today" in texts


def _answered(convened: Any, organizer: Any, make_user: Any, seat: Any) -> None:
    survey = evaluation.survey_open(actor=organizer, assembly=convened, audience=Audience.MEMBERS)
    keys = question_keys(Audience.MEMBERS)
    for number in range(MINIMUM_ANSWERS):
        member = make_user(f"member{number}")
        seat(member, name=f"Member {number}")
        scores = {key: 1 + (number + index) % 5 for index, key in enumerate(keys)}
        evaluation.survey_answer(actor=member, survey=survey, scores=scores, comment="")


def test_the_evaluation_report_draws_each_statement_as_a_diverging_bar(
    client: Any, convened: Any, organizer: Any, make_user: Any, seat: Any
) -> None:
    from assemblea.evaluation.selectors import survey_results

    _answered(convened, organizer, make_user, seat)
    html = client.get(reverse("evaluation:report", args=[convened.slug])).content.decode()
    _svg, rows, markup = _chart(html, f"likert-{Audience.MEMBERS}")
    results = survey_results(convened, Audience.MEMBERS)
    assert len(rows) == len(results.likert_items) == len(question_keys(Audience.MEMBERS))
    for row, item in zip(rows, results.likert_items, strict=True):
        assert row[1:6] == [str(item.counts.get(score, 0)) for score in range(1, 6)]
    assert "Member " not in markup and "member0" not in markup


def test_the_evaluation_pdf_draws_its_diverging_bars_on_the_page(
    convened: Any, organizer: Any, make_user: Any, seat: Any
) -> None:
    from assemblea.evaluation.report import evaluation_report_pdf

    _answered(convened, organizer, make_user, seat)
    data = evaluation_report_pdf(convened)
    assert pdf_outside_marks(data) == []
    # The neutral answers straddle the page's middle line: only the diverging bars do that
    # (the other charts' bars start at the margin and stay left of it).
    middle = 595.28 / 2
    assert any(x < middle - 1 and x + width > middle + 1 for x, width in _rectangles(data))


def _rectangles(data: bytes) -> list[tuple[float, float]]:
    import io

    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    reader = PdfReader(io.BytesIO(data))
    found = []
    for page in reader.pages:
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"re":
                found.append((float(operands[0]), float(operands[2])))
    return found
