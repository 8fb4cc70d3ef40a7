"""Secret ballots by construction: what the tables, the log and the published record hold."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.db import models

from assemblea.assemblies.models import SeatCategory, SeatHolder, SeatType
from assemblea.core.models import Event
from assemblea.decisions import events, selectors, services
from assemblea.decisions.models import Ballot, PollVoter, Secrecy
from assemblea.deliberation.models import Attendance

pytestmark = pytest.mark.django_db


def _poll(room: Any, **extra: Any) -> Any:
    return services.poll_open(
        actor=room.facilitator, agenda_item=room.item, title="Q", method="yes_no", **extra
    )


def test_a_ballot_row_has_no_time_and_no_sequential_id_and_voted_is_a_flag() -> None:
    ballot_fields = {field.name: field for field in Ballot._meta.concrete_fields}
    assert set(ballot_fields) == {"id", "poll", "category", "weight", "choice", "receipt", "voter"}
    assert not isinstance(ballot_fields["id"], models.AutoField)
    for model in (Ballot, PollVoter):
        assert not [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, models.DateTimeField | models.DateField)
        ], model


def test_secret_ballot_ids_are_random_and_written_again_at_close(room: Any) -> None:
    poll = _poll(room)
    codes = [
        services.vote_cast(actor=member, poll=poll, choice=choice)
        for member, choice in zip(room.members, ["yes", "no"] * 5, strict=True)
    ]
    by_receipt = dict(Ballot.objects.filter(poll=poll).values_list("receipt", "pk"))
    in_casting_order = [by_receipt[services.receipt_hash(poll.pk, code)] for code in codes]
    # 10 random ids in increasing order by chance: 1 in 3.6 million.
    assert in_casting_order != sorted(in_casting_order)
    assert not Ballot.objects.filter(poll=poll, voter__isnull=False).exists()
    contents = Counter(Ballot.objects.filter(poll=poll).values_list("choice", "receipt"))
    closed = services.poll_close(actor=room.facilitator, poll=poll)
    after = set(Ballot.objects.filter(poll=closed).values_list("pk", flat=True))
    assert len(after) == 10 and not after & set(in_casting_order)  # fresh ids at the close
    assert Counter(Ballot.objects.filter(poll=closed).values_list("choice", "receipt")) == contents
    assert all(selectors.receipt_counted(closed, code) for code in codes)


def test_a_roll_call_keeps_its_voters_and_ids(room: Any) -> None:
    poll = _poll(room, secrecy=Secrecy.ROLL_CALL)
    for member in room.members[:3]:
        services.vote_cast(actor=member, poll=poll, choice="yes")
    before = set(Ballot.objects.filter(poll=poll).values_list("pk", "voter_id"))
    services.poll_close(actor=room.facilitator, poll=poll)
    assert set(Ballot.objects.filter(poll=poll).values_list("pk", "voter_id")) == before
    assert {voter for _, voter in before} == {m.pk for m in room.members[:3]}


def test_the_ballot_events_of_a_secret_poll_name_nobody(room: Any) -> None:
    secret = _poll(room)
    for member in room.members:
        services.vote_cast(actor=member, poll=secret, choice="yes")
    logged = Event.objects.filter(stream__in=events.ballot_streams(secret.pk))
    assert logged.count() == 10
    assert not logged.filter(actor__isnull=False).exists()
    assert all(event.data == {"poll": secret.pk} for event in logged)
    services.poll_close(actor=room.facilitator, poll=secret)
    roll_call = _poll(room, secrecy=Secrecy.ROLL_CALL)
    services.vote_cast(actor=room.members[3], poll=roll_call, choice="no")
    (event,) = Event.objects.filter(stream__in=events.ballot_streams(roll_call.pk))
    assert event.actor_id == room.members[3].pk
    assert event.stream == events.ballot_stream(roll_call.pk, room.members[3].pk)


def _category(room: Any, name: str, size: int, position: int) -> list[Any]:
    category = SeatCategory.objects.create(
        assembly=room.assembly, seat_type=SeatType.LOTTERY, name=name, seats=size, position=position
    )
    users = []
    for number in range(size):
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.create_user(username=f"{name.lower()}{number}")
        seat = SeatHolder.objects.create(
            category=category,
            user=user,
            name=f"{name} {number}",
            started_on=room.seats[0].started_on,
        )
        Attendance.objects.create(session=room.session, seat=seat)
        users.append(user)
    return users


def test_small_categories_are_not_named_on_published_ballots(room: Any) -> None:
    youth = _category(room, "Youth", 2, 5)
    elders = _category(room, "Elders", 4, 6)
    poll = _poll(room)
    assert selectors.poll_published(poll) == {"poll": poll.pk, "status": "open"}
    for voter in [*room.members, *youth, *elders]:
        services.vote_cast(actor=voter, poll=poll, choice="yes" if voter in youth else "no")
    closed = services.poll_close(actor=room.facilitator, poll=poll)
    published = selectors.poll_published(closed)
    named = Counter(row["category"] for row in published["ballots"])
    # Two young members: not named. Then only one category would be unnamed, and the unnamed
    # ballots would all be theirs; so the next smallest (the four elders) goes unnamed too.
    assert named == {room.residents.pk: 10, None: 6}
    ids = [row["id"] for row in published["ballots"]]
    assert ids == sorted(ids)
    lines = {line["name"]: line for line in closed.result["by_category"]}
    assert lines["Youth"].get("withheld") and lines["Elders"].get("withheld")
    assert lines["Residents"]["counts"] == {"no": 10}


def test_the_migration_writes_existing_ballots_again_under_fresh_ids(room: Any) -> None:
    import importlib

    from django.apps import apps

    migration = importlib.import_module("assemblea.decisions.migrations.0002_ballot_secrecy")
    poll = _poll(room, secrecy=Secrecy.ROLL_CALL)
    for member in room.members:
        services.vote_cast(actor=member, poll=poll, choice="yes")
    before = Counter(Ballot.objects.values_list("poll_id", "voter_id", "choice", "receipt"))
    old_ids = set(Ballot.objects.values_list("pk", flat=True))
    migration.rekey_ballots(apps, None)
    assert Counter(Ballot.objects.values_list("poll_id", "voter_id", "choice", "receipt")) == before
    assert not set(Ballot.objects.values_list("pk", flat=True)) & old_ids
