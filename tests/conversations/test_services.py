"""The conversations' writes: statements and moderation, votes (once each, the latest
wins), the map computed in the background and stored with its vote count."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assemblea.conversations import maps, services
from assemblea.conversations.models import (
    Audience,
    MapSnapshot,
    Statement,
    StatementStatus,
    Vote,
)

pytestmark = pytest.mark.django_db


def codes(error: Any) -> set[str]:
    if hasattr(error.value, "error_dict"):
        return {e.code for errors in error.value.error_dict.values() for e in errors}
    return {e.code for e in error.value.error_list}


def test_a_participants_statement_waits_for_moderation_and_a_rejection_says_why(
    conversation: Any, world: Any
) -> None:
    stranger = world.users["stranger"]
    statement = services.statement_add(
        actor=stranger, conversation=conversation, text="  More   trees on Main Street. "
    )
    assert statement.text == "More trees on Main Street."
    assert statement.status == StatementStatus.PENDING
    assert statement.language == "en"
    with pytest.raises(ValidationError) as pending:
        services.vote_cast(actor=world.users["member"], statement=statement, value="agree")
    assert codes(pending) == {"statement_not_votable"}
    with pytest.raises(PermissionDenied):
        services.statement_moderate(actor=stranger, statement=statement, accept=True)
    with pytest.raises(ValidationError) as no_reason:
        services.statement_moderate(
            actor=world.users["facilitator"], statement=statement, accept=False
        )
    assert codes(no_reason) == {"reject_reason_missing"}
    services.statement_moderate(
        actor=world.users["facilitator"], statement=statement, accept=False, reason="Off topic"
    )
    statement.refresh_from_db()
    assert (statement.status, statement.reject_reason) == (StatementStatus.REJECTED, "Off topic")


def test_statements_are_short_single_and_numbered(conversation: Any, world: Any) -> None:
    organizer = world.users["organizer"]
    first = services.statement_add(actor=organizer, conversation=conversation, text="One idea.")
    assert (first.number, first.status) == (1, StatementStatus.ACCEPTED)
    with pytest.raises(ValidationError) as duplicate:
        services.statement_add(
            actor=world.users["member"], conversation=conversation, text="one IDEA."
        )
    assert codes(duplicate) == {"statement_duplicate"}
    with pytest.raises(ValidationError) as long:
        services.statement_add(actor=organizer, conversation=conversation, text="x" * 281)
    assert codes(long) == {"statement_too_long"}


def test_a_members_conversation_refuses_the_public(conversation: Any, world: Any) -> None:
    conversation.audience = Audience.MEMBERS
    conversation.save()
    with pytest.raises(PermissionDenied):
        services.statement_add(actor=world.users["stranger"], conversation=conversation, text="Hi.")
    services.statement_add(actor=world.users["member"], conversation=conversation, text="Hi.")


def test_every_vote_counts_once_and_the_latest_wins(seeded: Any, world: Any) -> None:
    member = world.users["member"]
    services.vote_cast(actor=member, statement=seeded[0], value="agree")
    services.vote_cast(actor=member, statement=seeded[0], value="disagree")
    services.vote_cast(actor=member, statement=seeded[1], value="pass")
    votes = Vote.objects.filter(participant__user=member)
    assert sorted(votes.values_list("statement__number", "value")) == [(1, -1), (2, 0)]
    with pytest.raises(ValidationError) as bad:
        services.vote_cast(actor=member, statement=seeded[0], value="maybe")
    assert codes(bad) == {"vote_value_unknown"}
    with pytest.raises(PermissionDenied):
        services.vote_cast(actor=None, statement=seeded[0], value="agree")


def test_a_closed_conversation_takes_no_votes(seeded: Any, world: Any, conversation: Any) -> None:
    services.conversation_open(
        actor=world.users["organizer"], conversation=conversation, is_open=False
    )
    seeded[0].conversation.refresh_from_db()
    with pytest.raises(ValidationError) as closed:
        services.vote_cast(actor=world.users["member"], statement=seeded[0], value="agree")
    assert codes(closed) == {"conversation_closed"}


def test_a_vote_requests_one_map_and_only_one_waits(
    seeded: Any, world: Any, conversation: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as queued:
        services.vote_cast(actor=world.users["member"], statement=seeded[0], value="agree")
        services.vote_cast(actor=world.users["member"], statement=seeded[1], value="agree")
        services.vote_cast(actor=world.users["stranger"], statement=seeded[1], value="agree")
    assert len(queued) == 1
    conversation.refresh_from_db()
    assert conversation.map_pending
    snapshot = maps.map_compute(conversation.pk)
    assert snapshot is not None
    conversation.refresh_from_db()
    assert not conversation.map_pending
    assert (snapshot.vote_count, snapshot.participant_count) == (3, 2)
    assert snapshot.too_small == "few_participants"
    assert snapshot.data["too_small_params"] == {"have": 2, "need": 10}
    assert snapshot.data["totals"]["2"] == [2, 0, 0]


def test_the_map_is_drawn_from_the_votes_in_the_background(
    two_camps: Any, conversation: Any
) -> None:
    snapshot = MapSnapshot.objects.get(conversation=conversation)
    assert snapshot.vote_count == 48
    assert snapshot.participant_count == 12
    assert snapshot.too_small == ""
    data = snapshot.data
    assert len(data["groups"]) == 2
    assert sorted(g["size"] for g in data["groups"]) == [6, 6]
    assert len(data["points"]) == 12
    assert all(-1 <= x <= 1 and -1 <= y <= 1 for _n, x, y, _g, _c in data["points"])
    assert [p["statement"] for p in data["consensus"]][:1] == [3]
    assert {p["statement"] for p in data["divisive"]} & {1, 2, 4}
    assert sum(row[0] for row in data["counts"]["1"]) == 6
    # The points carry pseudonymous numbers only (1 is the organizer, who wrote and did
    # not vote).
    assert {p[0] for p in data["points"]} == set(range(2, 14))


def test_the_map_leaves_out_rejected_statements(
    two_camps: Any, seeded: Any, world: Any, conversation: Any
) -> None:
    services.statement_moderate(
        actor=world.users["organizer"], statement=seeded[3], accept=False, reason="Duplicate"
    )
    snapshot = maps.map_compute(conversation.pk)
    assert snapshot is not None
    for pick in snapshot.data["consensus"] + snapshot.data["divisive"]:
        assert pick["statement"] != 4


def test_translations_sit_beside_the_original(seeded: Any, world: Any) -> None:
    statement = services.statement_translate(
        actor=world.users["facilitator"],
        statement=seeded[0],
        language="es",
        text="Las calles deben ser seguras primero para los niños.",
    )
    assert statement.text == "Streets should be safe for children first."
    assert Statement.objects.get(pk=statement.pk).translations["es"].startswith("Las calles")
    with pytest.raises(ValidationError) as same:
        services.statement_translate(
            actor=world.users["facilitator"], statement=seeded[0], language="en", text="x"
        )
    assert codes(same) == {"translation_same_language"}


def test_common_ground_goes_to_the_next_sessions_agenda_with_its_origin(
    two_camps: Any, world: Any, conversation: Any
) -> None:
    import datetime

    from django.utils import timezone

    from assemblea.deliberation.services import session_create

    organizer = world.users["organizer"]
    buses = conversation.statements.get(number=3)
    with pytest.raises(ValidationError) as no_session:
        services.statement_send(
            actor=organizer, statement=buses, kind="agenda", origin="https://x.test/3/"
        )
    assert codes(no_session) == {"no_next_session"}
    start = timezone.now() + datetime.timedelta(days=3)
    session = session_create(
        actor=organizer,
        assembly=world.assembly,
        title="Third weekend",
        place="Town hall",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=6),
    )
    sent = services.statement_send(
        actor=organizer, statement=buses, kind="agenda", origin="https://x.test/3/"
    )
    assert sent.why == "consensus"
    item = session.items.get()
    assert item == sent.agenda_item
    assert item.title == "Buses should run every ten minutes."
    assert "https://x.test/3/" in item.description and "group A" in item.description
    with pytest.raises(PermissionDenied):
        services.statement_send(
            actor=world.users["facilitator"], statement=buses, kind="agenda", origin="x"
        )
    plain = conversation.statements.get(number=1)
    if plain.number not in {p["statement"] for p in conversation.snapshot.data["divisive"]}:
        with pytest.raises(ValidationError) as unremarkable:
            services.statement_send(actor=organizer, statement=plain, kind="evidence", origin="x")
        assert codes(unremarkable) == {"statement_not_notable"}
