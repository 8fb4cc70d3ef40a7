"""`verify_events` against eight tamperings of a closed secret vote, each done as someone
with write access to the database would (the append-only trigger switched off), and each
caught. Before the poll checks existed, only the two that break a chain in its middle were.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from assemblea.core.chain import event_hash_of
from assemblea.core.events import assembly_stream, event_chain_verify
from assemblea.core.models import Event
from assemblea.decisions import events, services
from assemblea.decisions.models import Ballot, Poll, PollVoter
from assemblea.decisions.verify import polls_verify

pytestmark = pytest.mark.django_db

CHOICES = ["yes"] * 6 + ["no"] * 3 + ["abstain"]


@pytest.fixture
def closed(room: Any) -> Poll:
    poll = services.poll_open(
        actor=room.facilitator, agenda_item=room.item, title="Adopt the plan", method="yes_no"
    )
    for member, choice in zip(room.members, CHOICES, strict=True):
        services.vote_cast(actor=member, poll=poll, choice=choice)
    return services.poll_close(actor=room.facilitator, poll=poll)


def verify(*options: str) -> str:
    out = io.StringIO()
    call_command("verify_events", *options, stdout=out)
    return out.getvalue()


def caught(*options: str) -> str:
    out = io.StringIO()
    with pytest.raises(CommandError, match="problems found"):
        call_command("verify_events", *options, stdout=out)
    return out.getvalue()


@contextmanager
def behind_the_app() -> Iterator[Any]:
    """A cursor with the event log's append-only trigger off, as a database administrator
    could have it (undone with the test's transaction)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS core_event_no_update")
        else:
            cursor.execute("SET LOCAL session_replication_role = replica")
        yield cursor


def delete_event(event: Event) -> None:
    with behind_the_app() as cursor:
        cursor.execute(f"DELETE FROM {Event._meta.db_table} WHERE id = %s", [event.pk])


def rewrite_chain(stream: str, index: int, **changes: Any) -> None:
    """Change the `index`-th event of a stream and recompute every link after it, so that the
    chain checks out again: the rewrite a careful operator would do."""
    chain = list(Event.objects.filter(stream=stream).order_by("id"))
    for name, value in changes.items():
        setattr(chain[index], name, value)
    previous = chain[index - 1].hash if index else ""
    with behind_the_app() as cursor:
        for event in chain[index:]:
            event.previous_hash = previous
            event.hash = event_hash_of(event)
            previous = event.hash
            cursor.execute(
                f"UPDATE {Event._meta.db_table} SET data = %s, previous_hash = %s, hash = %s "
                "WHERE id = %s",
                [json.dumps(event.data), event.previous_hash, event.hash, event.pk],
            )


def last_ballot_event(poll: Poll) -> Event:
    event = Event.objects.filter(stream__in=events.ballot_streams(poll.pk)).order_by("-id").first()
    assert event is not None
    return event


def test_an_untouched_record_verifies(closed: Poll) -> None:
    out = verify()
    assert "decisions.polls: all hold" in out
    assert polls_verify() == []


def test_1_an_edited_ballot_is_caught(closed: Poll) -> None:
    ballot = closed.ballots.filter(choice="no").first()
    Ballot.objects.filter(pk=ballot.pk).update(choice="yes")
    out = caught()
    assert "the stored ballots give the digest" in out


def test_2_an_edited_result_is_caught(closed: Poll) -> None:
    result = dict(closed.result, yes="3", no="6")
    Poll.objects.filter(pk=closed.pk).update(result=result, passed=False)
    out = caught()
    assert "the result is not the one recorded at close" in out


def test_3_a_deleted_tail_of_a_ballot_chain_is_caught(closed: Poll) -> None:
    delete_event(last_ballot_event(closed))
    # The shortened chain is still a valid chain on its own ...
    assert all(event_chain_verify(s).intact for s in events.ballot_streams(closed.pk))
    # ... but it no longer ends where the closing event anchored it.
    out = caught()
    assert "do not end where the closing event anchored them" in out


def test_3b_a_deleted_tail_of_the_assembly_chain_is_caught(room: Any, closed: Poll) -> None:
    stream = assembly_stream(room.assembly.pk)
    for event in Event.objects.filter(stream=stream, pk__gte=_closing(closed).pk):
        delete_event(event)
    assert event_chain_verify(stream).intact
    out = caught()
    assert "its “voting closed” event is not in the log" in out


def test_3c_a_deleted_tail_after_the_last_anchor_is_caught_against_saved_heads(
    room: Any, closed: Poll, tmp_path: Any
) -> None:
    services.proposal_create(
        actor=room.members[0], assembly=room.assembly, title="Later", text="Something later."
    )
    heads = tmp_path / "heads.json"
    verify("--save-heads", str(heads))  # kept by an observer, out of the operator's reach
    stream = assembly_stream(room.assembly.pk)
    delete_event(Event.objects.filter(stream=stream).order_by("-id").first())
    assert "decisions.polls: all hold" in verify()  # nothing in the database shows it ...
    out = caught("--heads", str(heads))  # ... the saved copy does
    assert f"{stream}: the head" in out and "is no longer in the stream" in out


def test_4_a_ballot_deleted_with_its_event_is_caught(closed: Poll) -> None:
    Ballot.objects.filter(pk=closed.ballots.filter(choice="no").first().pk).delete()
    delete_event(last_ballot_event(closed))
    PollVoter.objects.filter(pk=closed.voters.filter(voted=True).first().pk).update(voted=False)
    out = caught()
    assert "the stored ballots give the digest" in out
    assert "the counts disagree: ballots stored 9, ballots recorded at close 10" in out


def test_5_a_forged_ballot_is_caught(room: Any, closed: Poll) -> None:
    Ballot.objects.create(
        poll=closed,
        category=room.residents,
        weight=1,
        choice="yes",
        receipt=services.receipt_hash(closed.pk, "forged"),
    )
    out = caught()
    assert "the stored ballots give the digest" in out
    assert "ballots stored 11" in out


def test_6_a_rewritten_ballot_chain_is_caught(closed: Poll) -> None:
    stream = last_ballot_event(closed).stream
    rewrite_chain(stream, 0, data={"poll": closed.pk, "note": "rewritten"})
    assert event_chain_verify(stream).intact
    out = caught()
    assert "do not end where the closing event anchored them" in out


def test_6b_a_rewritten_assembly_chain_is_caught_by_the_published_anchor(
    room: Any, closed: Poll
) -> None:
    """Edit a ballot, then make everything in the database agree: the poll's digest, the
    closing event (and every event after it, re-chained). The poll still publishes the hash
    of the closing event as it was; the rewrite cannot keep it."""
    ballot = closed.ballots.filter(choice="no").first()
    Ballot.objects.filter(pk=ballot.pk).update(choice="yes")
    rows = list(closed.ballots.values_list("category_id", "weight", "choice", "receipt"))
    from assemblea.decisions import tally

    digest = services.ballots_digest(
        poll_id=closed.pk,
        ballots=[tally.CastBallot(str(c), w, ch) for c, w, ch, _ in rows],
        receipts=[r for *_, r in rows],
        secret=True,
    )
    Poll.objects.filter(pk=closed.pk).update(digest=digest)
    stream = assembly_stream(room.assembly.pk)
    chain = list(Event.objects.filter(stream=stream).order_by("id"))
    closing = _closing(closed)
    index = [e.pk for e in chain].index(closing.pk)
    rewrite_chain(stream, index, data=dict(closing.data, digest=digest))
    assert event_chain_verify(stream).intact
    out = caught()
    assert "is not its closing event" in out and "the assembly's chain was rewritten" in out


def test_7_a_changed_receipt_is_caught(closed: Poll) -> None:
    ballot = closed.ballots.first()
    Ballot.objects.filter(pk=ballot.pk).update(receipt="0" * 64)
    out = caught()
    assert "the stored ballots give the digest" in out


def test_8_a_changed_turnout_is_caught(closed: Poll) -> None:
    PollVoter.objects.filter(pk=closed.voters.filter(voted=True).first().pk).update(voted=False)
    out = caught()
    assert "voters marked as voted 9" in out


def test_8b_a_shortened_list_of_voters_is_caught(closed: Poll) -> None:
    Poll.objects.filter(pk=closed.pk).update(eligible=closed.eligible[:-1])
    out = caught()
    assert "9 on the list of voters, 10 recorded at close" in out


def _closing(poll: Poll) -> Event:
    return Event.objects.get(verb=events.POLL_CLOSED, data__poll=poll.pk)


def test_an_imported_poll_verifies_and_its_tampering_shows(closed: Poll, make_user: Any) -> None:
    """An assembly imported from its open data has no accounts, voters' list or ballot
    chains; its polls are checked against the digest in the imported timeline, computed
    with the id the poll had where it was held."""
    from assemblea.opendata import services as opendata
    from assemblea.opendata.export import assembly_document, document_json

    document = json.loads(document_json(assembly_document(closed.assembly)))
    importer = make_user("importer")
    copy = opendata.assembly_import(actor=importer, document=document, slug="copy").assembly
    imported = Poll.objects.get(assembly=copy)
    assert polls_verify() == []
    Ballot.objects.filter(pk=imported.ballots.first().pk).update(receipt="f" * 64)
    assert [line for line in polls_verify() if f"poll {imported.pk} " in line]
