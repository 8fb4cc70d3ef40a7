"""Who may do what in the decisions app, as one table: every role × every write view and
every private read, with the answer each gets and whether the thing was done.

Roles: anonymous, a signed-in stranger (public), a member whose seat votes, a member whose
seat proposes but does not vote, an official (seat without vote or proposal), the
facilitator (chairs), an organizer (administrator of the organization) and an observer.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from assemblea.assemblies.models import (
    Assembly,
    AssemblyRole,
    AssemblyRoleName,
    SeatCategory,
    SeatHolder,
    SeatType,
    Visibility,
)
from assemblea.decisions import services
from assemblea.decisions.models import Amendment, Ballot, Poll, Proposal, Proxy, Secrecy
from assemblea.deliberation.models import Attendance

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "public",
    "voter",
    "member_no_vote",
    "official",
    "facilitator",
    "organizer",
    "observer",
]
LOGIN = "login"  # anonymous: sent to the login page


@dataclass
class World:
    room: Any
    people: dict[str, Any]
    proposal: Proposal
    rejected: Proposal
    poll: Poll  # open, secret
    roll_call: Poll  # open, roll call
    closed: Poll


@pytest.fixture
def world(room: Any, make_user: Any, organizer: Any) -> World:
    assembly = room.assembly
    Assembly.objects.filter(pk=assembly.pk).update(visibility=Visibility.PUBLIC)
    assembly.refresh_from_db()
    advisers = SeatCategory.objects.create(
        assembly=assembly,
        seat_type=SeatType.OFFICIAL,
        name="Youth advisers",
        seats=1,
        may_vote=False,
        may_propose=True,
        position=2,
    )
    adviser = make_user("adviser")
    seat = SeatHolder.objects.create(
        category=advisers, user=adviser, name="Adviser", started_on=room.seats[0].started_on
    )
    Attendance.objects.create(session=room.session, seat=seat)
    observer = make_user("observer")
    AssemblyRole.objects.create(assembly=assembly, user=observer, role=AssemblyRoleName.OBSERVER)
    people = {
        "anonymous": None,
        "public": make_user("stranger"),
        "voter": room.members[0],
        "member_no_vote": adviser,
        "official": room.official,
        "facilitator": room.facilitator,
        "organizer": organizer,
        "observer": observer,
    }
    author = room.members[1]
    proposal = services.proposal_create(
        actor=author, assembly=assembly, title="Parks", text="Open parks.\n\nAdd lights."
    )
    rejected = services.proposal_create(
        actor=author, assembly=assembly, title="Tolls", text="Tolls on the bridge."
    )
    decided = services.poll_open(
        actor=room.facilitator,
        agenda_item=room.item,
        title="Tolls?",
        method="yes_no",
        proposal=rejected,
    )
    for member in room.members:
        services.vote_cast(actor=member, poll=decided, choice="no")
    services.poll_close(actor=room.facilitator, poll=decided)
    poll = services.poll_open(
        actor=room.facilitator, agenda_item=room.item, title="Secret?", method="yes_no"
    )
    roll_call = services.poll_open(
        actor=room.facilitator,
        agenda_item=room.item,
        title="Roll call?",
        method="yes_no",
        secrecy=Secrecy.ROLL_CALL,
    )
    # Someone has voted in each open poll: what a reader could learn of it is checked.
    services.vote_cast(actor=room.members[2], poll=poll, choice="yes")
    services.vote_cast(actor=room.members[2], poll=roll_call, choice="yes")
    return World(room, people, proposal, rejected, poll, roll_call, decided)


def _url(world: World, name: str, **kwargs: Any) -> str:
    return reverse(f"decisions:{name}", kwargs={"slug": world.room.assembly.slug, **kwargs})


@dataclass(frozen=True)
class Case:
    """One view: how to call it, and how to tell that it did its thing."""

    method: str
    url: Callable[[World], str]
    data: Callable[[World], dict[str, Any]]
    done: Callable[[World], bool]


def _poll_form(world: World) -> dict[str, Any]:
    return {
        "agenda_item": world.room.item.pk,
        "subject": "",
        "title": "A new vote",
        "method": "yes_no",
        "threshold": "simple-majority",
        "threshold_base": "votes_cast",
        "requires_quorum": "on",
        "secrecy": "secret",
        "options": "",
        "seats": 1,
        "max_score": 5,
        "proxy_limit": 0,
        f"weight_{world.room.residents.pk}": "1",
    }


CASES: dict[str, Case] = {
    "propose": Case(
        "post",
        lambda w: _url(w, "index"),
        lambda w: {"title": "Buses", "kind": "proposal", "text": "More buses.", "coauthors": ""},
        lambda w: Proposal.objects.filter(title="Buses").exists(),
    ),
    "amend": Case(
        "post",
        lambda w: _url(w, "proposal", pk=w.proposal.pk),
        lambda w: {"amend": "1", "paragraph": "2", "new_text": "Add solar lights."},
        lambda w: Amendment.objects.filter(new_text="Add solar lights.").exists(),
    ),
    "add_coauthor": Case(
        "post",
        lambda w: _url(w, "proposal", pk=w.proposal.pk),
        lambda w: {"coauthor": "1", "username": w.room.members[3].username},
        lambda w: w.proposal.coauthors.filter(pk=w.room.members[3].pk).exists(),
    ),
    "minority_report": Case(
        "post",
        lambda w: _url(w, "proposal", pk=w.rejected.pk),
        lambda w: {"minority": "1", "text": "We still think tolls are right."},
        lambda w: w.rejected.minority_reports.exists(),
    ),
    "reword": Case(
        "post",
        lambda w: _url(w, "revise", pk=w.proposal.pk),
        lambda w: {"text": "Open parks at night.", "note": ""},
        lambda w: w.proposal.versions.count() == 2,
    ),
    "split": Case(
        "post",
        lambda w: _url(w, "split", pk=w.proposal.pk),
        lambda w: {"title_1": "A", "text_1": "Part A.", "title_2": "B", "text_2": "Part B."},
        lambda w: Proposal.objects.filter(title="B").exists(),
    ),
    "open_vote": Case(
        "post",
        lambda w: _url(w, "poll_new"),
        _poll_form,
        lambda w: Poll.objects.filter(title="A new vote").exists(),
    ),
    "vote": Case(
        "post",
        lambda w: _url(w, "vote", pk=w.poll.pk),
        lambda w: {"choice": "yes"},
        lambda w: Ballot.objects.filter(poll=w.poll).count() == 2,
    ),
    "close": Case(
        "post",
        lambda w: _url(w, "close", pk=w.poll.pk),
        lambda w: {},
        lambda w: Poll.objects.get(pk=w.poll.pk).status == "closed",
    ),
    "give_proxy": Case(
        "post",
        lambda w: _url(w, "proxy"),
        lambda w: {"give": "1", "holder": w.room.members[5].username},
        lambda w: Proxy.objects.filter(holder=w.room.members[5]).exists(),
    ),
    # Private reads: `done` is "saw what is private".
    "turnout_panel": Case(
        "get",
        lambda w: _url(w, "turnout", pk=w.roll_call.pk),
        lambda w: {},
        lambda w: False,  # decided by the response, below
    ),
}

# What each role gets: the status code, and whether the action was done.
OK, REFUSED = True, False
EXPECTED: dict[str, dict[str, tuple[int | str, bool]]] = {
    "propose": {
        "anonymous": (403, REFUSED),
        "public": (403, REFUSED),
        "voter": (302, OK),
        "member_no_vote": (302, OK),
        "official": (403, REFUSED),
        "facilitator": (403, REFUSED),
        "organizer": (403, REFUSED),
        "observer": (403, REFUSED),
    },
    "amend": {
        "anonymous": (403, REFUSED),
        "public": (403, REFUSED),
        "voter": (302, OK),
        "member_no_vote": (302, OK),
        "official": (403, REFUSED),
        "facilitator": (403, REFUSED),
        "organizer": (403, REFUSED),
        "observer": (403, REFUSED),
    },
    # Only an author adds a co-author; nobody in the table is one (the author is members[1]).
    "add_coauthor": {
        "anonymous": (403, REFUSED),
        "public": (403, REFUSED),
        "voter": (200, REFUSED),
        "member_no_vote": (200, REFUSED),
        "official": (403, REFUSED),
        "facilitator": (403, REFUSED),
        "organizer": (403, REFUSED),
        "observer": (403, REFUSED),
    },
    "minority_report": {
        "anonymous": (403, REFUSED),
        "public": (403, REFUSED),
        "voter": (302, OK),
        "member_no_vote": (302, OK),
        "official": (403, REFUSED),
        "facilitator": (403, REFUSED),
        "organizer": (403, REFUSED),
        "observer": (403, REFUSED),
    },
    "reword": {
        "anonymous": (LOGIN, REFUSED),
        "public": (403, REFUSED),
        "voter": (200, REFUSED),  # not an author: the form says so
        "member_no_vote": (200, REFUSED),
        "official": (403, REFUSED),
        "facilitator": (403, REFUSED),
        "organizer": (403, REFUSED),
        "observer": (403, REFUSED),
    },
    "split": {
        "anonymous": (LOGIN, REFUSED),
        "public": (200, REFUSED),
        "voter": (200, REFUSED),
        "member_no_vote": (200, REFUSED),
        "official": (200, REFUSED),
        "facilitator": (200, REFUSED),
        "organizer": (200, REFUSED),
        "observer": (200, REFUSED),
    },
    "open_vote": {
        "anonymous": (LOGIN, REFUSED),
        "public": (403, REFUSED),
        "voter": (403, REFUSED),
        "member_no_vote": (403, REFUSED),
        "official": (403, REFUSED),
        "facilitator": (302, OK),
        "organizer": (302, OK),
        "observer": (403, REFUSED),
    },
    "vote": {
        "anonymous": (LOGIN, REFUSED),
        "public": (400, REFUSED),
        "voter": (302, OK),  # to the receipt page (post/redirect/get)
        "member_no_vote": (400, REFUSED),
        "official": (400, REFUSED),
        "facilitator": (400, REFUSED),
        "organizer": (400, REFUSED),
        "observer": (400, REFUSED),
    },
    "close": {
        "anonymous": (LOGIN, REFUSED),
        "public": (403, REFUSED),
        "voter": (403, REFUSED),
        "member_no_vote": (403, REFUSED),
        "official": (403, REFUSED),
        "facilitator": (302, OK),
        "organizer": (302, OK),
        "observer": (403, REFUSED),
    },
    "give_proxy": {
        "anonymous": (LOGIN, REFUSED),
        "public": (403, REFUSED),
        "voter": (302, OK),
        "member_no_vote": (403, REFUSED),
        "official": (403, REFUSED),
        "facilitator": (403, REFUSED),
        "organizer": (403, REFUSED),
        "observer": (403, REFUSED),
    },
    # The chair's panel, with the names of who has not voted (a roll call): chairs only.
    "turnout_panel": {
        "anonymous": (286, REFUSED),
        "public": (286, REFUSED),
        "voter": (286, REFUSED),
        "member_no_vote": (286, REFUSED),
        "official": (286, REFUSED),
        "facilitator": (200, OK),
        "organizer": (200, OK),
        "observer": (286, REFUSED),
    },
}


def test_the_table_covers_every_view_and_role() -> None:
    assert set(EXPECTED) == set(CASES)
    assert all(set(row) == set(ROLES) for row in EXPECTED.values())


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(CASES))
def test_who_may_do_what(client: Any, world: World, action: str, role: str) -> None:
    case = CASES[action]
    person = world.people[role]
    if person is not None:
        client.force_login(person)
    send = client.post if case.method == "post" else client.get
    response = send(case.url(world), case.data(world))
    status, allowed = EXPECTED[action][role]
    if status == LOGIN:
        assert response.status_code == 302 and "/login" in response["Location"], role
    else:
        assert response.status_code == status, (action, role, response.content[:300])
    if action == "turnout_panel":
        assert (b"Member 9" in response.content) is allowed
    else:
        assert case.done(world) is allowed, (action, role)


# Private reads of a secret poll while it is open: nobody, of any role, learns anything
# about its ballots (no tally, no ballot rows, no names of who voted, no receipt check).


@pytest.mark.parametrize("role", ROLES)
def test_nothing_of_an_open_secret_poll_is_shown_to_anyone(
    client: Any, world: World, role: str
) -> None:
    person = world.people[role]
    if person is not None:
        client.force_login(person)
    published = client.get(_url(world, "ballots", pk=world.poll.pk))
    assert published.status_code == 200
    assert json.loads(published.content) == {"poll": world.poll.pk, "status": "open"}
    page = client.get(_url(world, "poll", pk=world.poll.pk))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Member 2" not in text and "Member 9" not in text  # who voted, who did not
    assert "not voted yet" not in text and "chart-bar" not in text
    receipt = client.post(_url(world, "receipt", pk=world.poll.pk), {"code": "whatever"})
    assert b"the ballot was counted" not in receipt.content
    assert b"receipts can be checked once it closes" in receipt.content
    panel = client.get(_url(world, "turnout", pk=world.poll.pk))
    assert b"Member" not in panel.content
