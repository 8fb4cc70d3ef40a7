"""The API publishes what open data publishes about people, and nothing more: no ballots and
no running result of a vote still open, ballots of a closed one in pseudonym order and
without small seat categories, lottery answers and member profiles only as counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from assemblea.decisions import services as decisions
from assemblea.decisions.models import Ballot
from assemblea.deliberation.models import MemberProfile
from tests.decisions.conftest import build_room

pytestmark = pytest.mark.django_db

API = "/api/v1"


def _results(api: Client, slug: str, name: str) -> list[dict[str, Any]]:
    response = api.get(f"{API}/assemblies/{slug}/{name}", {"page_size": 200})
    assert response.status_code == 200, response.content
    return list(response.json()["results"])


def test_the_api_shows_no_ballot_of_an_open_vote_and_no_answer_of_a_member(
    api: Client, make_assembly: Any, make_user: Any
) -> None:
    room = build_room(make_assembly(), make_user)
    slug = room.assembly.slug
    for seat in room.seats:
        MemberProfile.objects.create(seat=seat, values={"housing": "renter"})
    poll = decisions.poll_open(
        actor=room.facilitator,
        agenda_item=room.item,
        title="Adopt",
        method="yes_no",
        requires_quorum=False,
    )
    for member in room.members[:4]:
        decisions.vote_cast(actor=member, poll=poll, choice="yes")
    assert Ballot.objects.filter(poll=poll).count() == 4
    assert _results(api, slug, "ballots") == []
    (open_poll,) = _results(api, slug, "polls")
    assert open_poll["result"] == {} and open_poll["passed"] is None

    for member in room.members[4:]:
        decisions.vote_cast(actor=member, poll=poll, choice="no")
    decisions.poll_close(actor=room.facilitator, poll=poll)
    ballots = _results(api, slug, "ballots")
    assert len(ballots) == 10 and [b["id"] for b in ballots] == sorted(b["id"] for b in ballots)
    assert {b["category"] for b in ballots} == {room.residents.pk}  # ten share it
    pks = set(Ballot.objects.values_list("pk", flat=True))
    assert not {b["id"] for b in ballots} & pks
    # No receipt next to a choice; the receipts come apart, sorted by their value.
    assert all("receipt" not in ballot for ballot in ballots)
    assert _results(api, slug, "receipts") == [
        {"id": number, "poll": ballots[0]["poll"], "receipt": receipt}
        for number, receipt in enumerate(
            sorted(Ballot.objects.filter(poll=poll).values_list("receipt", flat=True)), start=1
        )
    ]
    (closed,) = _results(api, slug, "polls")
    assert closed["result"] and closed["digest"]

    assert _results(api, slug, "member_profile_counts") == [
        {"id": 1, "category": "housing", "value": "renter", "count": 10}
    ]
    for gone in ("member_profiles", "lottery_pool"):
        assert api.get(f"{API}/assemblies/{slug}/{gone}").status_code == 404
    seats = _results(api, slug, "seat_holders")
    assert {seat["id"] for seat in seats}.isdisjoint(seat.pk for seat in room.seats)
    assert all("answers" not in seat and "values" not in seat for seat in seats)
