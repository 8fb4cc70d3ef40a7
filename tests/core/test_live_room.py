"""The live room, poll and member panel: the polling fallback answers 304 while nothing
changed, and every service that changes what the room shows announces it (docs/live.md)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from assemblea.core.live import broadcaster, topic_render
from assemblea.decisions import services as decisions
from assemblea.deliberation import services
from assemblea.deliberation.models import SpeakerRequest
from tests.decisions.conftest import build_room


@pytest.fixture
def live_room(make_assembly: Any, make_user: Any) -> Any:
    room = build_room(make_assembly(), make_user, members=4)
    services.session_open(actor=room.facilitator, session=room.session)
    services.agenda_item_start(actor=room.facilitator, item=room.item)
    return room


def _get(client: Any, url: str, etag: str = "") -> Any:
    headers = {"HTTP_IF_NONE_MATCH": etag} if etag else {}
    return client.get(url, **headers)


@pytest.mark.django_db
def test_the_room_fragment_answers_304_until_the_room_changes(client, live_room) -> None:
    room = live_room
    client.force_login(room.members[0])
    url = reverse("deliberation:room_live", args=[room.assembly.slug, room.session.pk])
    first = _get(client, url)
    assert first.status_code == 200 and first["ETag"]
    assert _get(client, url, first["ETag"]).status_code == 304
    services.speaker_request_add(actor=room.members[1], item=room.item)
    changed = _get(client, url, first["ETag"])
    assert changed.status_code == 200 and "Member 1" in changed.content.decode()
    assert changed["ETag"] != first["ETag"]


@pytest.mark.django_db
def test_the_members_panel_answers_304_although_its_csrf_token_changes(client, live_room) -> None:
    room = live_room
    client.force_login(room.members[0])
    url = reverse("deliberation:session_you", args=[room.assembly.slug, room.session.pk])
    first = _get(client, url)
    assert first.status_code == 200 and "csrfmiddlewaretoken" in first.content.decode()
    assert _get(client, url, first["ETag"]).status_code == 304
    services.speaker_request_add(actor=room.members[0], item=room.item)
    assert _get(client, url, first["ETag"]).status_code == 200


@pytest.mark.django_db
def test_the_timers_do_not_change_the_tag(client, live_room) -> None:
    """Timers count on in the page (live.js): a turn going on is not a change."""
    import datetime

    from django.utils import timezone

    room = live_room
    services.speaker_request_add(actor=room.members[1], item=room.item)
    services.speaker_call_next(actor=room.facilitator, item=room.item)
    client.force_login(room.members[0])
    url = reverse("deliberation:room_live", args=[room.assembly.slug, room.session.pk])
    first = _get(client, url)
    assert b"data-clock-from" in first.content
    SpeakerRequest.objects.filter(status="speaking").update(
        started_at=timezone.now() - datetime.timedelta(seconds=600)
    )
    later = _get(client, url, first["ETag"])
    # Ten minutes more: over time now, but the start (data-clock-from) moved, so it is sent.
    assert later.status_code == 200
    assert _get(client, url, later["ETag"]).status_code == 304


@pytest.mark.django_db
def test_the_chairs_turnout_answers_304_until_someone_votes(client, live_room) -> None:
    room = live_room
    poll = decisions.poll_open(
        actor=room.facilitator, agenda_item=room.item, title="Adopt?", method="yes_no"
    )
    client.force_login(room.facilitator)
    url = reverse("decisions:turnout", args=[room.assembly.slug, poll.pk])
    first = _get(client, url)
    assert first.status_code == 200
    assert _get(client, url, first["ETag"]).status_code == 304
    decisions.vote_cast(actor=room.members[0], poll=poll, choice="yes")
    assert _get(client, url, first["ETag"]).status_code == 200


# Every service that changes what the room shows says so (after its commit).


@pytest.fixture
def announced(monkeypatch: Any) -> Iterator[Callable[[], list[str]]]:
    """The topics announced since the last call, whichever database runs the suite."""
    if connection.vendor == "postgresql":
        from tests.core.test_live import _heard, _listening

        listener = _listening()
        yield lambda: _heard(listener)
        listener.close()
        return
    heard: list[str] = []
    monkeypatch.setattr(broadcaster, "publish_threadsafe", heard.append)

    def drain() -> list[str]:
        got = list(heard)
        heard.clear()
        return got

    yield drain


def _version(session_id: int) -> str:
    fragment = topic_render(f"room:{session_id}")
    assert fragment is not None
    return fragment.version


@pytest.mark.django_db(transaction=True)
def test_every_service_that_changes_the_room_announces_it(live_room, announced) -> None:
    room = live_room
    chair, (m0, m1, m2, m3) = room.facilitator, room.members
    topic = f"room:{room.session.pk}"
    announced()
    steps: list[tuple[str, Callable[[], Any]]] = [
        ("ask to speak", lambda: services.speaker_request_add(actor=m1, item=room.item)),
        ("second asks", lambda: services.speaker_request_add(actor=m2, item=room.item)),
        ("call next", lambda: services.speaker_call_next(actor=chair, item=room.item)),
        ("finish turn", lambda: services.speaker_finish(actor=chair, item=room.item)),
        (
            "withdraw",
            lambda: services.speaker_request_withdraw(
                actor=m2, speaker_request=SpeakerRequest.objects.get(seat=room.seats[2])
            ),
        ),
        ("leave", lambda: services.attendance_leave(actor=m3, session=room.session)),
        ("check in", lambda: services.attendance_check_in(actor=m3, session=room.session)),
        (
            "vote opened",
            lambda: decisions.poll_open(
                actor=chair, agenda_item=room.item, title="Adopt?", method="yes_no"
            ),
        ),
        (
            "vote cast",
            lambda: decisions.vote_cast(actor=m0, poll=room.item.polls.get(), choice="yes"),
        ),
        ("vote closed", lambda: decisions.poll_close(actor=chair, poll=room.item.polls.get())),
        ("item finished", lambda: services.agenda_item_finish(actor=chair, item=room.item)),
        ("session closed", lambda: services.session_close(actor=chair, session=room.session)),
    ]
    for name, step in steps:
        before = _version(room.session.pk)
        step()
        assert topic in announced(), name
        assert _version(room.session.pk) != before, name


@pytest.mark.django_db(transaction=True)
def test_a_refused_write_announces_nothing(live_room, announced) -> None:
    from django.core.exceptions import ValidationError

    room = live_room
    announced()
    with pytest.raises(ValidationError):  # nobody is waiting: refused, rolled back
        services.speaker_call_next(actor=room.facilitator, item=room.item)
    assert announced() == []


@pytest.mark.django_db
def test_the_room_fragment_gives_each_member_a_key_for_their_own_part(live_room) -> None:
    room = live_room
    services.speaker_request_add(actor=room.members[1], item=room.item)
    fragment = topic_render(f"room:{room.session.pk}")
    assert fragment is not None
    one, zero = fragment.keys[room.seats[1].pk], fragment.keys[room.seats[0].pk]
    assert one != zero
    services.speaker_request_add(actor=room.members[2], item=room.item)
    again = topic_render(f"room:{room.session.pk}")
    assert again is not None
    # Member 2 joined behind member 1: member 1's own part did not change, member 2's did.
    assert again.keys[room.seats[1].pk] == one
    assert again.keys[room.seats[2].pk] != fragment.keys[room.seats[2].pk]
