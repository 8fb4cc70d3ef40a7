"""Every view of members' personal data in the sessions is logged: who, when, what — never
the data itself."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from assemblea.core.models import Event

pytestmark = pytest.mark.django_db

VIEWED = "assembly.personal_data_viewed"


@pytest.mark.parametrize(
    ("name", "per_session", "what"),
    [
        ("deliberation:profiles", False, "member_profiles"),
        ("deliberation:chair", True, "roll"),
        ("deliberation:tables", True, "tables"),
        ("deliberation:credentials", False, "credentials"),
    ],
)
def test_each_view_is_a_private_event_naming_who_and_what(
    client: Any, room: Any, name: str, per_session: bool, what: str
) -> None:
    args = [room.assembly.slug] + ([room.session.pk] if per_session else [])
    client.force_login(room.facilitator if what != "credentials" else room.organizer)
    assert client.get(reverse(name, args=args)).status_code == 200
    event = Event.objects.get(verb=VIEWED)
    assert event.stream == f"assembly:{room.assembly.pk}"
    assert event.actor in (room.facilitator, room.organizer)
    assert event.public is False
    assert event.data == {"what": what}
    assert "Member 0" not in str(event.data) and "renter" not in str(event.data)


def test_a_refused_look_logs_nothing_and_the_public_timeline_never_shows_it(
    client: Any, room: Any
) -> None:
    client.force_login(room.members[0])
    assert (
        client.get(reverse("deliberation:profiles", args=[room.assembly.slug])).status_code == 403
    )
    assert not Event.objects.filter(verb=VIEWED).exists()
    client.force_login(room.facilitator)
    client.get(reverse("deliberation:profiles", args=[room.assembly.slug]))
    client.logout()
    page = client.get(room.assembly.get_absolute_url()).content.decode()
    assert "Personal data was viewed" not in page
    client.force_login(room.organizer)
    manage = client.get(reverse("assemblies:manage", args=[room.assembly.slug])).content.decode()
    assert "Personal data was viewed" in manage
