"""Issue 16: stipends pay the days a member attended (from the sessions' check-in), not a
number typed by hand; an organizer may correct the count, saying why."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from assemblea.assemblies import services as assembly_services
from assemblea.deliberation.models import Attendance, Session
from assemblea.recruitment import services
from assemblea.recruitment.models import SupportArrangement

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(make_assembly: Any, organizer: Any) -> Any:
    assembly = make_assembly()
    seat = assembly_services.seat_fill(
        actor=organizer, category=assembly.categories.first(), name="Mara"
    )
    support = SupportArrangement.objects.create(seat=seat, stipend_per_day=Decimal("75"))
    return support


def _attend(support: Any, *starts: datetime.datetime) -> None:
    for number, moment in enumerate(starts):
        session = Session.objects.create(
            assembly=support.seat.category.assembly,
            title=f"Session {number}",
            starts_at=moment,
            ends_at=moment + datetime.timedelta(hours=2),
        )
        Attendance.objects.create(session=session, seat=support.seat)


def test_days_come_from_attendance_one_per_day(member: Any) -> None:
    assert member.days == 0
    morning = timezone.now().replace(hour=9, minute=0)
    _attend(
        member, morning, morning + datetime.timedelta(hours=5), morning + datetime.timedelta(days=7)
    )
    member.refresh_from_db()
    assert member.days_attended == 2 and member.days == 2
    assert member.stipend_per_day * member.days == Decimal("150")


def test_a_correction_needs_a_reason_and_replaces_the_count(member: Any, organizer: Any) -> None:
    _attend(member, timezone.now())
    with pytest.raises(ValidationError) as error:
        services.support_update(
            actor=organizer,
            support=member,
            stipend_per_day=Decimal("75"),
            paid=False,
            support_booked="",
            days=3,
        )
    assert error.value.error_dict["days_reason"][0].code == "days_reason_missing"
    member.refresh_from_db()
    assert member.days_entered is None and member.days == 1
    services.support_update(
        actor=organizer,
        support=member,
        stipend_per_day=Decimal("75"),
        paid=False,
        support_booked="",
        days=3,
        days_reason="Two site visits without check-in",
    )
    member.refresh_from_db()
    assert member.days == 3 and member.days_corrected
    assert member.days_reason == "Two site visits without check-in"
    services.support_update(
        actor=organizer,
        support=member,
        stipend_per_day=Decimal("75"),
        paid=True,
        support_booked="",
    )
    member.refresh_from_db()
    assert member.days == 1 and not member.days_corrected and member.days_reason == ""


def test_negative_days_are_refused(member: Any, organizer: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.support_update(
            actor=organizer,
            support=member,
            stipend_per_day=Decimal("75"),
            paid=False,
            support_booked="",
            days=-1,
            days_reason="x",
        )
    assert error.value.error_dict["days"][0].code == "support_negative"


def test_only_organizers_update_a_stipend(member: Any, make_user: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.support_update(
            actor=make_user("stranger"),
            support=member,
            stipend_per_day=Decimal("1"),
            paid=True,
            support_booked="",
        )
    member.refresh_from_db()
    assert member.stipend_per_day == Decimal("75") and not member.paid


def test_the_support_page_shows_the_days_attended(member: Any, organizer: Any, client: Any) -> None:
    from assemblea.recruitment.services import recruitment_start

    assembly = member.seat.category.assembly
    recruitment_start(
        actor=organizer, assembly=assembly, category=member.seat.category, privacy_notice="ok"
    )
    _attend(member, timezone.now())
    client.force_login(organizer)
    url = reverse("recruitment:support", args=[assembly.slug, member.seat_id])
    page = client.get(url).content.decode()
    assert "Days attended, from the sessions&#x27; check-in: 1." in page
    response = client.post(
        url, {"stipend_per_day": "75", "days": "4", "days_reason": "", "support_booked": ""}
    )
    assert response.context["form"].has_error("days_reason", "days_reason_missing")
