"""The assemblies app's whole permission table, role × phase × action (see tests/policy_walk)."""

from __future__ import annotations

from typing import Any

import pytest

from assemblea.assemblies.models import Visibility
from assemblea.assemblies.permissions import POLICY
from assemblea.assemblies.phases import Phase
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


def test_a_member_whose_seat_does_not_grant_the_vote_may_not_vote(cast: Any) -> None:
    world = cast(phase=Phase.IN_SESSION)
    world.lottery.may_vote = False
    world.lottery.save(update_fields=["may_vote"])
    assert not POLICY.can(world.users["member"], "vote", world.assembly)
    assert POLICY.refusal(world.users["member"], "vote", world.assembly) == "role"
