"""The decisions app's whole permission table, role × phase × action (see tests/policy_walk)."""

from __future__ import annotations

from typing import Any

import pytest

from assemblea.assemblies.models import Visibility
from assemblea.assemblies.phases import Phase
from assemblea.decisions.permissions import POLICY, DecisionAction
from tests.policy_walk import policy_walk

# The role × phase × seat logic, the same on every database: CI runs it on SQLite only (the
# same queries run on PostgreSQL through the app's other tests).
pytestmark = [pytest.mark.django_db, pytest.mark.one_database]


@pytest.mark.parametrize("phase", list(Phase))
@pytest.mark.parametrize("public", [True, False], ids=["public", "private"])
def test_every_role_phase_and_action_follows_the_table(cast: Any, phase: str, public: bool) -> None:
    world = cast(phase=phase)
    if not public:
        world.assembly.visibility = Visibility.PRIVATE
        world.assembly.save(update_fields=["visibility"])
    assert policy_walk(POLICY, world) == len(POLICY.rules) * len(world.users)


def test_a_member_votes_and_proposes_only_as_their_seat_allows(cast: Any) -> None:
    world = cast(phase=Phase.IN_SESSION)
    member = world.users["member"]
    assert POLICY.can(member, DecisionAction.VOTE, world.assembly)
    assert POLICY.can(member, DecisionAction.PROPOSE, world.assembly)
    world.lottery.may_vote = False
    world.lottery.save(update_fields=["may_vote"])
    assert POLICY.refusal(member, DecisionAction.VOTE, world.assembly) == "role"
    assert POLICY.can(member, DecisionAction.PROPOSE, world.assembly)


def test_chairs_open_votes_in_session_and_see_turnout_in_any_phase(cast: Any) -> None:
    world = cast(phase=Phase.IN_SESSION)
    for person in ("organizer", "facilitator"):
        assert POLICY.can(world.users[person], DecisionAction.CHAIR, world.assembly)
    assert POLICY.refusal(world.users["member"], DecisionAction.CHAIR, world.assembly) == "role"
    world.assembly.phase = Phase.DRAFT
    world.assembly.save(update_fields=["phase"])
    assert POLICY.refusal(world.users["organizer"], DecisionAction.CHAIR, world.assembly) == "phase"
    assert POLICY.can(world.users["facilitator"], DecisionAction.SEE_TURNOUT, world.assembly)
