"""The public record's pages, feeds and report, as the public and the respondents see them."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ElementTree
from typing import Any

import pytest
from django.urls import reverse

from assemblea.accountability import services
from assemblea.accountability.models import CommitmentStatus, Verdict

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(reported: Any, organizer: Any) -> Any:
    crossings = services.recommendation_adopt(
        actor=organizer,
        assembly=reported,
        title="Safer crossings",
        text="Raised crossings near schools.",
        topic="streets",
        addressed_to="City Council",
        adopted_on=datetime.date(2026, 11, 2),
        support="40 for, 4 against; 80 % rule",
        minority_report="Four members preferred speed cameras.",
    )
    services.recommendation_adopt(
        actor=organizer,
        assembly=reported,
        title="Free buses for under-18s",
        text="Make buses free for young people.",
        topic="transport",
        addressed_to="Regional Transport Authority",
        adopted_on=datetime.date(2026, 11, 2),
    )
    services.response_publish(
        actor=reported.respondent,
        recommendation=crossings,
        verdict=Verdict.PARTIAL,
        reasons="Primary schools first.",
        actions="12 crossings.",
        responsible="Transport department",
        due_on=datetime.date(2027, 12, 31),
    )
    commitment = services.commitment_add(
        actor=reported.respondent,
        recommendation=crossings,
        title="12 raised crossings",
        office="Transport department",
        starts_on=datetime.date(2026, 11, 20),
        due_on=datetime.date(2027, 12, 31),
        milestones=[("Designs", datetime.date(2027, 3, 1))],
    )
    services.progress_report(
        actor=reported.respondent,
        commitment=commitment,
        progress=25,
        status=CommitmentStatus.UNDER_WAY,
        note="Designs approved.",
        reported_on=datetime.date(2026, 11, 25),
    )
    return reported


def test_the_public_tracker_shows_each_path_and_filters(client: Any, record: Any) -> None:
    url = reverse("accountability:tracker", args=[record.slug])
    page = client.get(url).content.decode()
    assert "Safer crossings" in page and "Free buses for under-18s" in page
    assert "Accepted in part" in page and "25 %" in page
    assert "1 of 2 answers are in" in page
    filtered = client.get(url, {"topic": "transport"}).content.decode()
    assert "Free buses" in filtered and "Safer crossings" not in filtered
    stage = client.get(url, {"stage": "committed"}).content.decode()
    assert "Safer crossings" in stage and "Free buses" not in stage
    org = client.get(
        reverse("accountability:organization_tracker", args=[record.organization.slug])
    )
    assert "Safer crossings" in org.content.decode()


def test_the_recommendation_page_keeps_earlier_answers_visible(client: Any, record: Any) -> None:
    crossings = record.recommendations.get(number=1)
    services.response_publish(
        actor=record.respondent,
        recommendation=crossings,
        verdict=Verdict.ACCEPTED,
        actions="All 30 schools.",
        responsible="Transport department",
        due_on=datetime.date(2028, 6, 30),
    )
    page = client.get(reverse("accountability:recommendation", args=[record.slug, 1]))
    text = page.content.decode()
    assert "version 2" in text and "Earlier versions of the answer" in text
    assert "Primary schools first." in text and "Four members preferred speed cameras." in text


def test_only_respondents_and_organizers_answer(client: Any, record: Any, make_user: Any) -> None:
    url = reverse("accountability:respond", args=[record.slug, 2])
    client.force_login(make_user("neighbour"))
    assert client.get(url).status_code == 403
    client.force_login(record.respondent)
    refused = client.post(url, {"verdict": "rejected", "reasons": ""})
    assert "required for anything short of acceptance" in refused.content.decode()
    client.post(url, {"verdict": "rejected", "reasons": "Not our competence."})
    assert record.recommendations.get(number=2).responses.get().verdict == "rejected"


def test_anyone_signed_in_comments_and_respondents_answer_questions(
    client: Any, record: Any, make_user: Any
) -> None:
    url = reverse("accountability:recommendation", args=[record.slug, 1])
    client.force_login(make_user("neighbour"))
    client.post(url, {"comment": "1", "text": "Which schools first?", "is_question": "on"})
    comment = record.recommendations.get(number=1).comments.get()
    client.force_login(record.respondent)
    client.post(
        reverse("accountability:answer", args=[record.slug, comment.pk]),
        {"answer": "Those on the main roads."},
    )
    comment.refresh_from_db()
    assert comment.answer == "Those on the main roads."


def test_feeds_calendar_and_report(client: Any, record: Any) -> None:
    rss = client.get(reverse("accountability:feed", args=[record.slug]))
    titles = [t.text for t in ElementTree.fromstring(rss.content).iter("title")]
    assert "Answer to 1: Accepted in part" in titles
    assert any("25 %" in (t or "") for t in titles)
    ics = client.get(reverse("accountability:calendar", args=[record.slug])).content.decode()
    assert ics.startswith("BEGIN:VCALENDAR") and "SUMMARY:Answer due: 2. Free buses" in ics
    assert "DTSTART;VALUE=DATE:20270301" in ics  # the milestone
    report = client.get(reverse("accountability:report", args=[record.slug])).content.decode()
    assert "Four members preferred speed cameras." in report
    pdf = client.get(reverse("accountability:report_pdf", args=[record.slug]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_bad_commitment_input_keeps_what_was_typed(client: Any, record: Any) -> None:
    client.force_login(record.respondent)
    url = reverse("accountability:commit", args=[record.slug, 1])
    page = client.post(
        url,
        {
            "title": "Speed humps",
            "office": "Streets",
            "starts_on": "2027-01-10",
            "milestones": "soon Designs",
        },
    )
    text = page.content.decode()
    assert "Line 1: start with a date" in text and 'value="Speed humps"' in text


def test_the_final_report_shows_commitments_milestones_and_progress_on_the_page(
    client: Any, record: Any
) -> None:
    import io

    from pypdf import PdfReader

    from tests.evaluation.pdf_bounds import pdf_outside_marks

    report = client.get(reverse("accountability:report", args=[record.slug])).content.decode()
    for text in ("12 raised crossings", "Designs", "Designs approved.", "25 %"):
        assert text in report
    pdf = client.get(reverse("accountability:report_pdf", args=[record.slug])).content
    words = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for text in ("12 raised crossings", "Milestone: Designs", "Designs approved."):
        assert text in words
    assert pdf_outside_marks(pdf) == []
