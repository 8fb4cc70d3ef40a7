"""Every verb of the budgets, recorded through its service and read in English and Spanish;
public events carry no personal data."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from assemblea.budgets import services
from assemblea.core.events import event_describe, registered_verbs
from assemblea.core.models import Event
from tests.budgets.conftest import YES, ids
from tests.budgets.test_pb import GOOD

pytestmark = pytest.mark.django_db

MARKER = "The participatory budget “%(title)s” was set up."


def test_every_verb_is_recorded_and_reads_in_both_languages(voting: Any) -> None:
    for voter in voting.members:
        services.vote_cast(actor=voter, budget=voting.budget, posted=ids(voting, "A"), declared=YES)
    services.budget_advance(actor=voting.organizer, budget=voting.budget)
    voting.budget.refresh_from_db()
    services.budget_commit(actor=voting.organizer, budget=voting.budget)
    preview = services.pb_preview(actor=voting.organizer, assembly=voting.assembly, text=GOOD)
    services.pb_import(
        actor=voting.organizer,
        assembly=voting.assembly,
        text=GOOD,
        digest=preview.digest,
        accept_problems=False,
        title="Imported",
    )
    stored = list(Event.objects.filter(verb__startswith="budgets."))
    mine = {code for code in registered_verbs() if code.startswith("budgets.")}
    assert {event.verb for event in stored} == mine
    # The Spanish lives in pending-pbapp.po until the lead merges it into the catalogue;
    # from then on every description must read differently in Spanish.
    with translation.override("es"):
        merged = translation.gettext(MARKER) != MARKER
    for event in stored:
        english = event_describe(event, strict=True)
        with translation.override("es"):
            spanish = event_describe(event, strict=True)
        assert english != event.verb, event.verb
        assert spanish != english or not merged, event.verb
    names = {u.username for u in (*voting.members, voting.resident, voting.official)}
    for event in stored:
        assert not names & {str(v) for v in event.data.values()}, event.verb
        if event.verb == "budgets.proposed":
            assert event.actor_id is None
