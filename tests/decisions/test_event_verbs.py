"""Every verb of the decisions app, recorded through its real service and read back strictly
in English and in Spanish; a wrong key fails when recorded; secret ballots name nobody."""

from __future__ import annotations

import pytest
from django.utils import translation

from assemblea.core.events import assembly_stream, event_describe, event_record, registered_verbs
from assemblea.core.models import Event
from assemblea.decisions import events, services
from tests.decisions.conftest import poll_decided

pytestmark = pytest.mark.django_db

DECISION_VERBS = {code for code in registered_verbs() if code.startswith("decisions.")}


def _every_verb(room):
    first, second = room.members[0], room.members[1]
    proposal = services.proposal_create(
        actor=first, assembly=room.assembly, title="Parks", text="Open parks.\n\nAdd lights."
    )
    services.proposal_revise(actor=first, proposal=proposal, text="Open parks.\n\nAdd lamps.")
    services.proposal_add_coauthor(actor=first, proposal=proposal, user=second)
    other = services.proposal_create(
        actor=first, assembly=room.assembly, title="Lights", text="More lights."
    )
    merged = services.proposal_merge(
        actor=first, sources=[proposal, other], title="Parks and lights", text="A.\n\nB."
    )
    services.proposal_split(actor=first, proposal=merged, parts=[("A", "A."), ("B", "B.")])
    amended = services.proposal_create(
        actor=first, assembly=room.assembly, title="Buses", text="Buses at night."
    )
    amendment = services.amendment_propose(
        actor=second, proposal=amended, paragraph=1, new_text="Buses all night."
    )
    poll = services.poll_open(
        actor=room.facilitator,
        agenda_item=room.item,
        title="Amend?",
        method="yes_no",
        amendment=amendment,
    )
    for member in room.members:
        services.vote_cast(actor=member, poll=poll, choice="yes")
    services.poll_close(actor=room.facilitator, poll=poll)
    consensus = services.poll_open(
        actor=room.facilitator, agenda_item=room.item, title="Agree?", method="consensus"
    )
    services.poll_advance_stage(actor=room.facilitator, poll=consensus)
    rejected = poll_decided(room, yes=0).proposal
    services.minority_report_add(actor=first, proposal=rejected, text="We still think so.")
    services.proxy_give(actor=first, assembly=room.assembly, holder=second)
    services.proxy_revoke(actor=first, assembly=room.assembly)


def test_every_verb_is_recorded_by_its_service_and_reads_in_english_and_spanish(room):
    _every_verb(room)
    stored = list(Event.objects.filter(verb__startswith="decisions."))
    assert {event.verb for event in stored} == DECISION_VERBS
    for event in stored:
        for language in ("en", "es"):
            with translation.override(language):
                text = event_describe(event, strict=True)
            assert text and text != event.verb, (event.verb, language)


def test_secret_ballot_events_name_nobody(room):
    poll = services.poll_open(
        actor=room.facilitator, agenda_item=room.item, title="Q", method="yes_no"
    )
    services.vote_cast(actor=room.members[0], poll=poll, choice="yes")
    (ballot,) = Event.objects.filter(verb=events.BALLOT_CAST)
    assert ballot.actor_id is None and ballot.data == {"poll": poll.pk} and not ballot.public


def test_a_verb_recorded_with_a_wrong_key_fails(room):
    with pytest.raises(ValueError, match="undeclared keys"):
        event_record(
            stream=assembly_stream(room.assembly.pk),
            verb=events.POLL_OPENED,
            data={"poll": 1, "title": "Q", "chair": "someone"},
        )
    with pytest.raises(ValueError, match="missing keys"):
        event_record(
            stream=assembly_stream(room.assembly.pk),
            verb=events.PROPOSAL_DECIDED,
            data={"title": "Q"},
        )


def test_the_closing_event_anchors_the_heads_of_the_ballot_chains(room):
    poll = poll_decided(room, yes=6)
    closing = Event.objects.get(verb=events.POLL_CLOSED)
    heads = closing.data["ballot_chains"]
    for stream, head in heads.items():
        last = Event.objects.filter(stream=stream).order_by("-id").first()
        assert last is not None and last.hash == head
    assert sum(Event.objects.filter(stream=s).count() for s in heads) == len(room.members)
    assert heads == events.ballot_chain_heads(poll.pk)
