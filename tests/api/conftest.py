"""A public assembly in session with sessions, agenda items, proposals and a resolution, a
private one, and a test client for the API."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from assemblea.assemblies.models import (
    Assembly,
    SeatCategory,
    SeatHolder,
    SeatType,
    Visibility,
)
from assemblea.assemblies.phases import Phase
from assemblea.decisions.services import proposal_create
from assemblea.deliberation.services import agenda_item_add, resolution_add, session_create


@pytest.fixture
def public_data(make_assembly: Any, make_user: Any, organizer: Any, city: Any) -> Any:
    assembly = make_assembly(title="Testville Citizens' Assembly")
    Assembly.objects.filter(pk=assembly.pk).update(phase=Phase.IN_SESSION)
    assembly.refresh_from_db()
    residents = SeatCategory.objects.create(
        assembly=assembly, seat_type=SeatType.LOTTERY, name="Residents", seats=5, position=9
    )
    member = make_user("member")
    SeatHolder.objects.create(
        category=residents, user=member, name="Member One", started_on=timezone.localdate()
    )
    start = timezone.now() + datetime.timedelta(days=7)
    sessions = [
        session_create(
            actor=organizer,
            assembly=assembly,
            title=f"Weekend {number}",
            starts_at=start + datetime.timedelta(days=7 * number),
            ends_at=start + datetime.timedelta(days=7 * number, hours=6),
            place="Town hall",
        )
        for number in range(1, 4)
    ]
    for title in ("Welcome", "Evidence on speed limits", "Questions"):
        agenda_item_add(actor=organizer, session=sessions[0], title=title, minutes_allotted=20)
    proposals = [
        proposal_create(
            actor=member,
            assembly=assembly,
            title=f"Proposal {number}",
            text=f"Lower the speed limit to {20 + number} km/h near schools.",
        )
        for number in range(1, 3)
    ]
    resolution_add(
        actor=organizer,
        assembly=assembly,
        text="Publish the crash data every month.",
        owner=city,
        due_on=timezone.localdate() + datetime.timedelta(days=90),
    )
    other = make_assembly(title="Testville Youth Assembly", kind="civic_standing")
    private = make_assembly(title="Testville Budget Committee")
    Assembly.objects.filter(pk=private.pk).update(visibility=Visibility.PRIVATE)
    private.refresh_from_db()
    return SimpleNamespace(
        assembly=assembly, other=other, private=private, sessions=sessions, proposals=proposals
    )


@pytest.fixture
def api(settings: Any) -> Client:
    settings.API_RATE_LIMIT = 10_000
    return Client()
