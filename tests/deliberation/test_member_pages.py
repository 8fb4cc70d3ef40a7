"""The member's pages on a phone: leaving the room asks first; "happening now"; the
projector layout of the room view."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.urls import reverse

from assemblea.deliberation import selectors, services
from assemblea.deliberation.models import Attendance

pytestmark = pytest.mark.django_db


def _under_way(room: Any) -> Any:
    item = services.agenda_item_add(actor=room.facilitator, session=room.session, title="Rents")
    services.session_open(actor=room.facilitator, session=room.session)
    services.agenda_item_start(actor=room.facilitator, item=item)
    for member in room.members[:3]:
        services.attendance_check_in(actor=member, session=room.session)
    return item


def _url(name: str, room: Any) -> str:
    return reverse(name, kwargs={"slug": room.assembly.slug, "session_id": room.session.pk})


def test_leaving_the_room_is_a_separate_step_that_asks_first(client: Any, room: Any) -> None:
    _under_way(room)
    client.force_login(room.members[0])
    page = client.get(_url("deliberation:session", room)).content.decode()
    leave_url = _url("deliberation:session_leave", room)
    assert 'name="leave"' not in page  # no one-tap leave under "Ask to speak"
    assert f'href="{leave_url}"' in page and 'class="leave-room"' in page
    confirm = client.get(leave_url).content.decode()
    assert "Leave the room?" in confirm and "Yes, I am leaving the room" in confirm
    assert Attendance.objects.filter(seat=room.seats[0], left_at__isnull=True).exists()
    response = client.post(leave_url, {"leave": "1"})
    assert response.status_code == 302
    assert not Attendance.objects.filter(seat=room.seats[0], left_at__isnull=True).exists()


def test_the_panel_carries_what_the_live_region_announces(client: Any, room: Any) -> None:
    item = _under_way(room)
    client.force_login(room.members[0])
    you = _url("deliberation:session_you", room)
    assert 'data-announce=""' in client.get(you).content.decode()
    services.speaker_request_add(actor=room.members[0], item=item)
    assert 'data-announce="You are next."' in client.get(you).content.decode()
    services.speaker_call_next(actor=room.facilitator, item=item)
    assert 'data-announce="You have the floor."' in client.get(you).content.decode()
    page = client.get(_url("deliberation:session", room)).content.decode()
    assert 'id="you-announce"' in page and 'aria-live="assertive"' in page


def test_happening_now_shows_the_session_the_item_and_the_members_place(
    client: Any, room: Any
) -> None:
    now = reverse("deliberation:now", kwargs={"slug": room.assembly.slug})
    client.force_login(room.members[1])
    assert "Next session: First weekend" in client.get(now).content.decode()
    item = _under_way(room)
    services.speaker_request_add(actor=room.members[0], item=item)
    services.speaker_request_add(actor=room.members[1], item=item)
    page = html.unescape(client.get(now).content.decode())
    assert "First weekend" in page and "Rents" in page
    assert "Your place on the speakers' list: 2" in page
    assert "No vote is open." in page
    sessions = reverse("deliberation:sessions", kwargs={"slug": room.assembly.slug})
    assert f'href="{now}"' in client.get(sessions).content.decode()
    assert selectors.session_now(room.assembly) == room.session


def test_the_room_view_is_a_full_screen_projector_layout(client: Any, room: Any) -> None:
    _under_way(room)
    client.force_login(room.facilitator)
    page = client.get(_url("deliberation:room", room)).content.decode()
    assert 'class="projector-mode"' in page
    assert "site-header" not in page and "site-footer" not in page
