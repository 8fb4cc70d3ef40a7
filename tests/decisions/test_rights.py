"""Rights that the seat and the room give: a proxy is only carried by someone who could vote
themselves, an in-person session needs a check-in to vote, and bad posted ids are a 400 or
a 404, never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from assemblea.decisions import selectors, services
from assemblea.decisions.models import Ballot, PollVoter, Proxy
from assemblea.deliberation.models import Attendance, Session, SessionFormat
from tests.decisions.refusals import refused

pytestmark = pytest.mark.django_db


def _url(room: Any, name: str, **kwargs: Any) -> str:
    return reverse(f"decisions:{name}", kwargs={"slug": room.assembly.slug, **kwargs})


def _poll(room: Any, **extra: Any) -> Any:
    return services.poll_open(
        actor=room.facilitator,
        agenda_item=room.item,
        title="Adopt",
        method="yes_no",
        proxy_limit=2,
        **extra,
    )


def test_a_member_cannot_give_a_proxy_to_someone_without_a_vote(room: Any) -> None:
    with refused("proxy_holder_cannot_vote"):
        services.proxy_give(actor=room.members[0], assembly=room.assembly, holder=room.official)
    with refused("proxy_holder_cannot_vote"):
        services.proxy_give(actor=room.members[0], assembly=room.assembly, holder=room.facilitator)
    assert not Proxy.objects.exists()


def test_a_proxy_held_by_someone_without_a_vote_is_neither_offered_nor_cast(room: Any) -> None:
    """Proxies given to an official (before this rule, or written behind the app's back):
    the official is not offered them on the ballot, and casting one is refused."""
    for giver in room.members[:2]:
        Proxy.objects.create(assembly=room.assembly, giver=giver, holder=room.official)
    poll = _poll(room)
    assert selectors.voter_status(poll, room.official)["proxies"] == []
    with refused("proxy_holder_cannot_vote"):
        services.vote_cast(
            actor=room.official, poll=poll, choice="yes", on_behalf_of=room.members[0]
        )
    assert not Ballot.objects.filter(poll=poll).exists()
    assert not PollVoter.objects.filter(poll=poll, voted=True).exists()


def test_a_member_with_a_vote_carries_a_proxy(room: Any) -> None:
    services.proxy_give(actor=room.members[0], assembly=room.assembly, holder=room.members[1])
    poll = _poll(room)
    offered = selectors.voter_status(poll, room.members[1])["proxies"]
    assert [entry["user"] for entry in offered] == [room.members[0].pk]
    services.vote_cast(actor=room.members[1], poll=poll, choice="no", on_behalf_of=room.members[0])
    assert PollVoter.objects.get(poll=poll, user=room.members[0]).voted


def test_taking_back_a_proxy_never_given_is_a_message(client: Any, room: Any) -> None:
    client.force_login(room.members[0])
    response = client.post(_url(room, "proxy"), {"revoke": "1"}, follow=True)
    assert response.status_code == 200
    assert b"You have not given your proxy to anyone." in response.content


def test_in_person_a_member_who_never_checked_in_cannot_vote(room: Any) -> None:
    absent = room.members[0]
    Attendance.objects.filter(session=room.session, seat__user=absent).delete()
    poll = _poll(room)
    with refused("not_checked_in"):
        services.vote_cast(actor=absent, poll=poll, choice="yes")
    assert not PollVoter.objects.get(poll=poll, user=absent).voted
    assert not Ballot.objects.filter(poll=poll).exists()
    # Nor can someone vote who checked in and left.
    left = room.members[1]
    Attendance.objects.filter(session=room.session, seat__user=left).update(
        left_at=room.session.starts_at
    )
    with refused("not_checked_in"):
        services.vote_cast(actor=left, poll=poll, choice="yes")
    # A present member still votes, and so does the absent member's proxy in the room.
    services.proxy_give(actor=absent, assembly=room.assembly, holder=room.members[2])
    services.vote_cast(actor=room.members[2], poll=poll, choice="yes", on_behalf_of=absent)
    services.vote_cast(actor=room.members[2], poll=poll, choice="no")
    assert Ballot.objects.filter(poll=poll).count() == 2


def test_a_proxy_holder_who_is_not_in_the_room_cannot_cast_it(room: Any) -> None:
    holder = room.members[1]
    services.proxy_give(actor=room.members[0], assembly=room.assembly, holder=holder)
    Attendance.objects.filter(session=room.session, seat__user=holder).delete()
    poll = _poll(room)
    with refused("not_checked_in"):
        services.vote_cast(actor=holder, poll=poll, choice="yes", on_behalf_of=room.members[0])


def test_online_and_hybrid_sessions_need_no_check_in(room: Any) -> None:
    Attendance.objects.filter(session=room.session).delete()
    for number, session_format in enumerate([SessionFormat.ONLINE, SessionFormat.HYBRID]):
        Session.objects.filter(pk=room.session.pk).update(format=session_format)
        poll = _poll(room, requires_quorum=False)
        services.vote_cast(actor=room.members[number], poll=poll, choice="yes")
        services.poll_close(actor=room.facilitator, poll=poll)


@pytest.mark.parametrize("value", ["abc", "1.5", "-3", "99999999999999999999999", "٣"])
def test_a_bad_id_for_whom_one_votes_is_a_400(client: Any, room: Any, value: str) -> None:
    poll = _poll(room)
    client.force_login(room.members[1])
    response = client.post(_url(room, "vote", pk=poll.pk), {"choice": "yes", "for": value})
    assert response.status_code == 400
    assert not Ballot.objects.exists()


def test_an_unknown_id_for_whom_one_votes_is_a_404(client: Any, room: Any) -> None:
    poll = _poll(room)
    client.force_login(room.members[1])
    response = client.post(_url(room, "vote", pk=poll.pk), {"choice": "yes", "for": "987654"})
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("value", "status"),
    [("abc", 200), ("1.5", 200), ("99999999999999999999999", 400), ("987654", 404)],
)
def test_a_bad_parent_amendment_is_a_form_error_a_400_or_a_404(
    client: Any, room: Any, value: str, status: int
) -> None:
    proposal = services.proposal_create(
        actor=room.members[0], assembly=room.assembly, title="Parks", text="Open parks."
    )
    client.force_login(room.members[0])
    response = client.post(
        _url(room, "proposal", pk=proposal.pk),
        {"amend": "1", "paragraph": "1", "new_text": "Open all parks.", "parent": value},
    )
    assert response.status_code == status
    assert not proposal.amendments.exists()


@pytest.mark.parametrize("value", ["abc", "1.5", "99999999999999999999999"])
def test_bad_ids_in_the_poll_form_are_form_errors(client: Any, room: Any, value: str) -> None:
    client.force_login(room.facilitator)
    response = client.post(
        _url(room, "poll_new"),
        {
            "agenda_item": value,
            "subject": f"p{value}",
            "title": "Q",
            "method": "yes_no",
            "threshold": "simple-majority",
            "threshold_base": "votes_cast",
            "secrecy": "secret",
            "seats": 1,
            "max_score": 5,
            "proxy_limit": 0,
        },
    )
    assert response.status_code == 200 and b"errorlist" in response.content


@pytest.mark.parametrize("value", ["abc", "1.5", "99999999999999999999999"])
def test_bad_ids_in_the_merge_form_are_form_errors(client: Any, room: Any, value: str) -> None:
    proposal = services.proposal_create(
        actor=room.members[0], assembly=room.assembly, title="Parks", text="Open parks."
    )
    client.force_login(room.members[0])
    response = client.post(
        _url(room, "merge", pk=proposal.pk), {"others": value, "title": "T", "text": "Text."}
    )
    assert response.status_code == 200 and b"errorlist" in response.content
