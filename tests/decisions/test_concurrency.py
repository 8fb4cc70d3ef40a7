"""Exactly once under concurrency: 50 members vote at the same moment, each from two
devices at once, while the chair closes; a smaller version of bench/votes.py."""

import contextlib
import threading
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from assemblea.core.events import event_chain_verify
from assemblea.decisions import services
from assemblea.decisions.models import Ballot, PollVoter

from .conftest import build_room


def _run(workers):
    barrier = threading.Barrier(len(workers))
    outcomes = []
    lock = threading.Lock()

    def run(work):
        barrier.wait()
        try:
            result = work()
        except ValidationError as error:
            result = ("refused", error.messages[0])
        except Exception as error:  # any other failure is what this test is looking for
            result = ("error", repr(error))
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(work,)) for work in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_fifty_members_voting_twice_at_once_are_counted_exactly_once(make_assembly, make_user):
    room = build_room(make_assembly(), make_user, members=50)
    poll = services.poll_open(
        actor=room.facilitator, agenda_item=room.item, title="Adopt?", method="yes_no"
    )
    choices = {member.pk: "yes" if i % 3 else "no" for i, member in enumerate(room.members)}
    workers = [
        (
            lambda member=member: (
                "voted",
                services.vote_cast(actor=member, poll=poll, choice=choices[member.pk]),
            )
        )
        for member in room.members
        for _ in range(2)
    ]
    outcomes = _run(workers)
    kinds = Counter(kind for kind, _ in outcomes)
    assert kinds == {"voted": 50, "refused": 50}, [o for o in outcomes if o[0] == "error"]
    assert all("already voted" in text for kind, text in outcomes if kind == "refused")
    assert PollVoter.objects.filter(poll=poll, voted=True).count() == 50
    assert Ballot.objects.filter(poll=poll).count() == 50
    closed = services.poll_close(actor=room.facilitator, poll=poll)
    assert closed.result["yes"] == str(sum(1 for c in choices.values() if c == "yes"))
    assert closed.result["no"] == str(sum(1 for c in choices.values() if c == "no"))
    chains = [event_chain_verify(f"poll:{poll.pk}:{n}") for n in range(8)]
    assert all(c.intact for c in chains) and sum(c.events for c in chains) == 50


@pytest.mark.django_db(transaction=True)
def test_no_vote_lands_after_the_close(make_assembly, make_user):
    room = build_room(make_assembly(), make_user, members=30)
    poll = services.poll_open(
        actor=room.facilitator, agenda_item=room.item, title="Adopt?", method="yes_no"
    )
    workers = [
        (lambda member=member: ("voted", services.vote_cast(actor=member, poll=poll, choice="yes")))
        for member in room.members
    ]
    workers.insert(15, lambda: ("closed", services.poll_close(actor=room.facilitator, poll=poll)))
    outcomes = _run(workers)
    kinds = Counter(kind for kind, _ in outcomes)
    assert kinds["error"] == 0 and kinds["closed"] == 1
    assert all("has closed" in text for kind, text in outcomes if kind == "refused")
    poll.refresh_from_db()
    # Every ballot accepted is in the result; every one refused came after the close.
    assert poll.result["ballots"] == kinds["voted"] == Ballot.objects.filter(poll=poll).count()
    assert kinds["voted"] + kinds["refused"] == 30


@pytest.mark.django_db(transaction=True)
def test_fifty_members_voting_through_the_web_at_once(make_assembly, make_user):
    """The same through HTTP (the test client, one per thread): every vote counted once.

    SQLite's in-memory test database is shared between threads in "shared cache" mode, which
    refuses (rather than waits for) a reader while another connection writes the same table;
    there the requests take turns. On PostgreSQL they run at once."""
    from django.test import Client
    from django.urls import reverse

    room = build_room(make_assembly(), make_user, members=50)
    poll = services.poll_open(
        actor=room.facilitator, agenda_item=room.item, title="Adopt?", method="yes_no"
    )
    url = reverse("decisions:vote", kwargs={"slug": room.assembly.slug, "pk": poll.pk})
    clients = []
    for member in room.members:
        client = Client()
        client.force_login(member)
        clients.append(client)

    turns = threading.Lock() if connection.vendor == "sqlite" else contextlib.nullcontext()

    def post(client, choice):
        def work():
            with turns:
                response = client.post(url, {"choice": choice})
            return ("status", response.status_code)

        return work

    workers = [post(client, "yes") for client in clients] + [post(clients[0], "no")]
    outcomes = _run(workers)
    assert Counter(outcomes) == {("status", 302): 50, ("status", 400): 1}  # 302: to the receipt
    assert PollVoter.objects.filter(poll=poll, voted=True).count() == 50
    assert Ballot.objects.filter(poll=poll).count() == 50
