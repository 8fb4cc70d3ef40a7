"""Post/redirect/get: a vote answers with a redirect to its receipt page, which reloading or
switching language shows again; the code is never in an address nor in the database."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from assemblea.decisions import services
from assemblea.decisions.models import PollVoter

pytestmark = pytest.mark.django_db


def _poll(room: Any) -> Any:
    return services.poll_open(
        actor=room.facilitator, agenda_item=room.item, title="Q", method="yes_no"
    )


def _url(room: Any, name: str, poll: Any) -> str:
    return reverse(f"decisions:{name}", kwargs={"slug": room.assembly.slug, "pk": poll.pk})


def _code(response: Any) -> str:
    found = re.search(r'class="receipt-code">([0-9a-f]{20})<', response.content.decode())
    assert found, response.content.decode()[:2000]
    return found[1]


def test_a_vote_redirects_to_a_receipt_page_that_reloads_and_changes_language(
    client: Any, room: Any, settings: Any
) -> None:
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    poll = _poll(room)
    client.force_login(room.members[0])
    answer = client.post(_url(room, "vote", poll), {"choice": "yes"})
    assert answer.status_code == 302
    location = answer["Location"]
    assert location == _url(room, "voted", poll)
    first = client.get(location)
    code = _code(first)
    assert code not in location
    receipts = set(poll.ballots.values_list("receipt", flat=True))
    assert services.receipt_hash(poll.pk, code) in receipts
    # Reloading shows the same receipt, not "Your ballot was not accepted".
    again = client.get(location)
    assert again.status_code == 200 and _code(again) == code
    assert b"not accepted" not in again.content
    # Switching language posts to set_language, which comes back here with a GET.
    switched = client.post(reverse("set_language"), {"language": "es", "next": location})
    assert switched.status_code == 302 and switched["Location"] == location
    spanish = client.get(location, HTTP_ACCEPT_LANGUAGE="es")
    assert spanish.status_code == 200 and _code(spanish) == code
    assert 'lang="es"' in spanish.content.decode()
    # Nowhere in the database: not in any session (the session table names its user).
    for session in Session.objects.all():
        assert code not in str(session.get_decoded())
    assert code not in str(list(PollVoter.objects.filter(poll=poll).values()))


def test_the_receipt_cookie_is_for_the_receipt_page_only_and_not_readable_by_scripts(
    client: Any, room: Any
) -> None:
    poll = _poll(room)
    client.force_login(room.members[0])
    answer = client.post(_url(room, "vote", poll), {"choice": "no"})
    (morsel,) = [m for name, m in answer.cookies.items() if name.startswith("assemblea_receipt_")]
    assert morsel["path"] == _url(room, "voted", poll)
    assert morsel["httponly"] and morsel["samesite"] == "Strict"
    assert int(morsel["max-age"]) <= 3600


def test_another_browser_sees_no_receipt(client: Any, room: Any) -> None:
    poll = _poll(room)
    client.force_login(room.members[0])
    client.post(_url(room, "vote", poll), {"choice": "yes"})
    client.cookies.clear()
    client.force_login(room.members[0])
    page = client.get(_url(room, "voted", poll))
    assert page.status_code == 200
    assert b"receipt-code" not in page.content
    assert b"holds no receipt" in page.content


def test_a_forged_receipt_cookie_shows_nothing(client: Any, room: Any) -> None:
    poll = _poll(room)
    client.force_login(room.members[0])
    client.cookies[f"assemblea_receipt_{poll.pk}"] = '[{"code": "0123456789abcdef0123"}]'
    page = client.get(_url(room, "voted", poll))
    assert b"receipt-code" not in page.content
