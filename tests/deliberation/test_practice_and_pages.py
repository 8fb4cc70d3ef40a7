"""Evidence, movement practice, calendar feeds, and who sees which page."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from assemblea.assemblies.models import Assembly, Visibility
from assemblea.core.ics import CalendarEvent, ics_calendar
from assemblea.deliberation import services
from assemblea.deliberation.models import (
    CredentialStatus,
    EvidenceRequestStatus,
    ResolutionStatus,
)

pytestmark = pytest.mark.django_db


def _codes(error: ValidationError) -> list[str]:
    """The codes of a service's refusal (tests match codes, not English prose)."""
    if hasattr(error, "error_dict"):
        return [str(e.code) for errors in error.error_dict.values() for e in errors]
    return [str(e.code) for e in error.error_list]


def test_evidence_requests_and_answers_are_public(room: Any, client: Any) -> None:
    ask = services.evidence_request_add(
        actor=room.members[0],
        assembly=room.assembly,
        kind="speaker",
        text="Hear a tenants' union on rent caps.",
    )
    with pytest.raises(PermissionDenied):
        services.evidence_add(
            actor=room.members[0],
            assembly=room.assembly,
            kind="document",
            title="Mine",
            provided_by="Me",
            perspective="Mine",
        )
    with pytest.raises(ValidationError) as refused:
        services.evidence_add(
            actor=room.organizer,
            assembly=room.assembly,
            kind="speaker",
            title="Rent caps",
            provided_by="Riverton Tenants",
            perspective=" ",
        )
    assert _codes(refused.value) == ["evidence_source_missing"]
    talk = services.evidence_add(
        actor=room.organizer,
        assembly=room.assembly,
        kind="speaker",
        title="Rent caps in practice",
        provided_by="Riverton Tenants",
        perspective="tenants' union",
    )
    with pytest.raises(ValidationError) as refused:
        services.evidence_request_answer(
            actor=room.organizer, request=ask, status=EvidenceRequestStatus.DECLINED, answer=""
        )
    assert _codes(refused.value) == ["evidence_answer_empty"]
    services.evidence_request_answer(
        actor=room.organizer,
        request=ask,
        status=EvidenceRequestStatus.ANSWERED,
        answer="They speak on Saturday.",
        evidence=talk,
    )
    page = client.get(reverse("deliberation:evidence", args=[room.assembly.slug]))
    text = page.content.decode()
    assert "Hear a tenants&#x27; union on rent caps." in text
    assert "They speak on Saturday." in text and "tenants&#x27; union" in text


def test_report_backs_become_resolutions_for_action(room: Any, city: Any) -> None:
    services.session_open(actor=room.facilitator, session=room.session)
    report = services.breakout_report_add(
        actor=room.facilitator,
        session=room.session,
        group="Eviction defence",
        text="Set up a rapid-response phone tree.",
    )
    with pytest.raises(ValidationError) as refused:
        services.resolution_add(
            actor=room.facilitator,
            assembly=room.assembly,
            text="Phone tree",
            owner=city,
            due_on=timezone.localdate() - datetime.timedelta(days=1),
        )
    assert _codes(refused.value) == ["due_date_past"]
    resolution = services.resolution_add(
        actor=room.facilitator,
        assembly=room.assembly,
        text="Launch the phone tree in every ward.",
        owner=city,
        due_on=timezone.localdate() + datetime.timedelta(days=60),
        report=report,
    )
    with pytest.raises(PermissionDenied):
        services.resolution_set_status(
            actor=room.members[0], resolution=resolution, status=ResolutionStatus.DONE
        )
    services.resolution_set_status(
        actor=room.organizer, resolution=resolution, status=ResolutionStatus.IN_PROGRESS
    )
    resolution.refresh_from_db()
    assert resolution.status == ResolutionStatus.IN_PROGRESS and resolution.report == report


def test_only_seated_delegates_check_in(room: Any) -> None:
    services.session_open(actor=room.facilitator, session=room.session)
    with pytest.raises(ValidationError) as refused:
        services.credential_set(
            actor=room.organizer, seat=room.seats[0], status=CredentialStatus.CONTESTED
        )
    assert _codes(refused.value) == ["credential_contest_reason_missing"]
    services.credential_set(
        actor=room.organizer,
        seat=room.seats[0],
        status=CredentialStatus.CONTESTED,
        note="Named after the deadline",
    )
    with pytest.raises(ValidationError) as refused:
        services.attendance_check_in(actor=room.members[0], session=room.session)
    assert _codes(refused.value) == ["credential_not_seated"]
    with pytest.raises(PermissionDenied):
        services.credential_set(
            actor=room.facilitator, seat=room.seats[0], status=CredentialStatus.SEATED
        )
    services.credential_set(
        actor=room.organizer, seat=room.seats[0], status=CredentialStatus.SEATED
    )
    services.attendance_check_in(actor=room.members[0], session=room.session)


def test_committee_reports_are_presented_then_adopted(room: Any) -> None:
    report = services.committee_report_add(
        actor=room.facilitator,
        session=room.session,
        committee="Credentials",
        text="40 delegates seated, 2 contested.",
    )
    services.committee_report_set_status(actor=room.facilitator, report=report, status="adopted")
    report.refresh_from_db()
    assert report.status == "adopted"


def test_ics_escapes_and_folds() -> None:
    start = datetime.datetime(2027, 3, 6, 9, 30, tzinfo=datetime.UTC)
    body = ics_calendar(
        "Riverton; housing",
        [
            CalendarEvent(
                uid="session-1@example.org",
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=3),
                summary="Weekend 1, learning",
                location="Town hall",
                description="Step-free entrance\n" + "x" * 120,
            )
        ],
        stamp=start,
    )
    lines = body.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and body.endswith("END:VCALENDAR\r\n")
    assert "X-WR-CALNAME:Riverton\\; housing" in lines
    assert "SUMMARY:Weekend 1\\, learning" in lines
    assert "DTSTART:20270306T093000Z" in lines
    assert all(len(line.encode()) <= 75 for line in lines)
    assert any(line.startswith(" ") for line in lines)


def test_calendar_feeds(room: Any, client: Any) -> None:
    public = client.get(reverse("deliberation:calendar", args=[room.assembly.slug]))
    assert public["Content-Type"].startswith("text/calendar")
    assert "SUMMARY:Testville Citizens' Assembly: First weekend" in public.content.decode()
    token = services.calendar_token_get(actor=room.members[0])
    mine = client.get(reverse("deliberation:member_calendar", args=[token.token]))
    assert f"UID:session-{room.session.pk}@" in mine.content.decode()
    renewed = services.calendar_token_renew(actor=room.members[0])
    assert renewed.token != token.token
    gone = client.get(reverse("deliberation:member_calendar", args=[token.token]))
    assert gone.status_code == 404


def test_the_room_is_for_people_with_a_role(room: Any, client: Any) -> None:
    room_url = reverse("deliberation:room", args=[room.assembly.slug, room.session.pk])
    assert client.get(room_url).status_code == 403
    client.force_login(room.members[0])
    assert client.get(room_url).status_code == 200
    live = client.get(reverse("deliberation:room_live", args=[room.assembly.slug, room.session.pk]))
    assert b"data-live-poll=" in live.content and b"No quorum yet" in live.content
    assert live["Cache-Control"] == "no-cache" and live["ETag"]  # 304 while unchanged
    chair_url = reverse("deliberation:chair", args=[room.assembly.slug, room.session.pk])
    assert client.get(chair_url).status_code == 403
    Assembly.objects.filter(pk=room.assembly.pk).update(visibility=Visibility.PRIVATE)
    client.logout()
    assert (
        client.get(reverse("deliberation:sessions", args=[room.assembly.slug])).status_code == 404
    )


def test_a_member_checks_in_and_joins_from_the_phone_page(room: Any, client: Any) -> None:
    item = services.agenda_item_add(actor=room.facilitator, session=room.session, title="Rents")
    services.session_open(actor=room.facilitator, session=room.session)
    services.agenda_item_start(actor=room.facilitator, item=item)
    url = reverse("deliberation:session", args=[room.assembly.slug, room.session.pk])
    client.force_login(room.members[1])
    client.post(url, {"check_in": "1"})
    client.post(url, {"join": "1", "kind": "speak"})
    page = client.post(url, {"join": "1", "kind": "speak"}, follow=True).content.decode()
    assert "already on the speakers&#x27; list" in page
    assert "You are on the speakers' list (Speak)." in page
    assert item.speakers.filter(seat=room.seats[1], status="waiting").count() == 1
    you = reverse("deliberation:session_you", args=[room.assembly.slug, room.session.pk])
    assert "Your place: 1" in client.get(you).content.decode()
    client.logout()
    assert client.get(you).content == b""


def test_organizers_record_members_values_on_one_page(room: Any, client: Any) -> None:
    url = reverse("deliberation:profiles", args=[room.assembly.slug])
    client.force_login(room.members[0])
    assert client.get(url).status_code == 403
    client.force_login(room.organizer)
    page = client.get(url).content.decode()
    assert '<th scope="col">gender</th>' in page and '<th scope="col">housing</th>' in page
    seat = room.seats[0]
    client.post(
        url,
        {
            f"value-{seat.pk}-0": "woman",
            f"value-{seat.pk}-1": "",
            "new_category": "age",
            f"value-{seat.pk}-2": "30-44",
        },
    )
    seat.profile.refresh_from_db()
    assert seat.profile.values == {"gender": "woman", "age": "30-44"}
    room.seats[1].profile.refresh_from_db()  # a member left out of the form keeps theirs
    assert room.seats[1].profile.values == {"gender": "woman", "housing": "renter"}


def test_a_session_moves_and_the_calendar_follows(room: Any, client: Any) -> None:
    later = room.session.starts_at + datetime.timedelta(days=1)
    url = reverse("deliberation:session_edit", args=[room.assembly.slug, room.session.pk])
    client.force_login(room.facilitator)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "First weekend (moved)",
            "format": "hybrid",
            "starts_at": later.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (later + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "place": "Library",
            "online_link": "",
        },
    )
    assert "needs the link people join with" in response.content.decode()
    services.session_update(
        actor=room.facilitator,
        session=room.session,
        title="First weekend (moved)",
        starts_at=later,
        ends_at=later + datetime.timedelta(hours=2),
        format="hybrid",
        place="Library",
        online_link="https://meet.example.org/testville",
    )
    feed = client.get(reverse("deliberation:calendar", args=[room.assembly.slug]))
    assert later.strftime("DTSTART:%Y%m%dT%H%M%SZ") in feed.content.decode()
    services.session_open(actor=room.facilitator, session=room.session)
    services.session_close(actor=room.facilitator, session=room.session)
    with pytest.raises(ValidationError) as refused:
        services.session_update(
            actor=room.facilitator,
            session=room.session,
            title="Again",
            starts_at=later,
            ends_at=later + datetime.timedelta(hours=2),
            format="in_person",
            place="Library",
        )
    assert _codes(refused.value) == ["session_closed"]


def test_the_credentials_page_lets_organizers_decide(room: Any, client: Any) -> None:
    url = reverse("deliberation:credentials", args=[room.assembly.slug])
    client.force_login(room.organizer)
    seat = room.seats[2]
    client.post(url, {"seat": seat.pk, "status": "contested", "note": "Late"})
    assert seat.credential.status == "contested" and seat.credential.note == "Late"
    client.force_login(room.members[0])
    client.post(url, {"seat": seat.pk, "status": "seated", "note": ""})
    seat.credential.refresh_from_db()
    assert seat.credential.status == "contested"
