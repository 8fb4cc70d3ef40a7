"""An open poll's page notices when voting closes: a small status fragment it polls (htmx),
answering 304 while nothing changed, with a polite live region and a Refresh link without JS."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from assemblea.decisions import services

pytestmark = pytest.mark.django_db


def _url(room: Any, name: str, poll: Any) -> str:
    return reverse(f"decisions:{name}", kwargs={"slug": room.assembly.slug, "pk": poll.pk})


def test_the_open_poll_page_polls_a_status_fragment_in_a_live_region(
    client: Any, room: Any
) -> None:
    poll = services.poll_open(
        actor=room.facilitator, agenda_item=room.item, title="Q", method="yes_no"
    )
    client.force_login(room.members[0])
    page = client.get(_url(room, "poll", poll)).content.decode()
    live = page.index('aria-live="polite"')
    fragment = page.index('id="poll-status"')
    assert live < fragment
    assert f'data-live-poll="{_url(room, "status", poll)}"' in page  # when the stream is cut
    assert "data-live-stream=" in page
    assert f'href="{_url(room, "poll", poll)}">Refresh</a>' in page  # without JS

    first = client.get(_url(room, "status", poll))
    assert first.status_code == 200 and b"Voting is open" in first.content
    etag = first["ETag"]
    unchanged = client.get(_url(room, "status", poll), HTTP_IF_NONE_MATCH=etag)
    assert unchanged.status_code == 304 and unchanged.content == b""

    services.poll_close(actor=room.facilitator, poll=poll)
    closed = client.get(_url(room, "status", poll), HTTP_IF_NONE_MATCH=etag)
    assert closed.status_code == 286  # htmx swaps it in, then stops polling
    assert b"Voting has closed" in closed.content and b"data-live-poll" not in closed.content
    assert closed["ETag"] != etag


def test_the_status_of_a_hidden_assembly_is_not_found(
    client: Any, room: Any, make_user: Any
) -> None:
    poll = services.poll_open(
        actor=room.facilitator, agenda_item=room.item, title="Q", method="yes_no"
    )
    room.assembly.visibility = "private"
    room.assembly.save()
    client.force_login(make_user("stranger"))
    assert client.get(_url(room, "status", poll)).status_code == 404
