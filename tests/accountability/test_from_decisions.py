"""A proposal adopted by vote goes on the public record with the vote as its support."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assemblea.accountability import selectors, services
from tests.decisions.conftest import build_room, poll_decided

pytestmark = pytest.mark.django_db


def _adopted_poll(room: Any, yes: int) -> Any:
    return poll_decided(room, yes=yes, threshold="80")


def test_a_passed_vote_becomes_a_recommendation_once(
    make_assembly: Any, make_user: Any, client: Any
) -> None:
    room = build_room(make_assembly(), make_user)
    poll = _adopted_poll(room, yes=9)
    assert poll.passed
    assert selectors.adopted_votes_not_on_record(room.assembly) == [poll]
    client.force_login(room.facilitator)
    tracker = reverse("accountability:tracker", args=[room.assembly.slug])
    assert "Adopted by vote, not yet on the record" in client.get(tracker).content.decode()
    client.post(tracker, {"from_poll": poll.pk, "addressed_to": "Testville Council"})
    item = room.assembly.recommendations.get()
    assert (item.title, item.addressed_to, item.source_poll) == (
        "Safe streets",
        "Testville Council",
        poll,
    )
    assert item.text == "Raised crossings near every school."
    assert float(item.support_share) == 90.0 and "Quorum" in item.support
    assert selectors.adopted_votes_not_on_record(room.assembly) == []
    with pytest.raises(ValidationError, match="already on the record"):
        services.recommendation_from_poll(actor=room.facilitator, poll=poll)
    report = client.get(reverse("accountability:report", args=[room.assembly.slug]))
    assert "Adopt" in report.content.decode()


def test_a_failed_vote_does_not(make_assembly: Any, make_user: Any) -> None:
    room = build_room(make_assembly(), make_user)
    poll = _adopted_poll(room, yes=5)
    assert not poll.passed
    with pytest.raises(ValidationError, match="Only a proposal adopted"):
        services.recommendation_from_poll(actor=room.facilitator, poll=poll)
