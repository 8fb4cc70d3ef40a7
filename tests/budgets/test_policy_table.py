"""The budgets app's whole permission table, role × phase × action (see tests/policy_walk)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from assemblea.assemblies.models import Visibility
from assemblea.assemblies.phases import Phase
from assemblea.budgets.permissions import POLICY
from tests.policy_walk import policy_walk

# The role × phase × seat logic, the same on every database: CI runs it on SQLite only (the
# same queries run on PostgreSQL through the app's other tests).
pytestmark = [pytest.mark.django_db, pytest.mark.one_database]


@pytest.mark.parametrize("phase", list(Phase))
@pytest.mark.parametrize("public", [True, False], ids=["public", "private"])
@pytest.mark.parametrize("residents", [True, False], ids=["residents", "members"])
def test_every_role_phase_and_action_follows_the_table(
    cast: Any, phase: str, public: bool, residents: bool
) -> None:
    world = cast(phase=phase)
    if not public:
        world.assembly.visibility = Visibility.PRIVATE
        world.assembly.save(update_fields=["visibility"])
    budget = SimpleNamespace(open_to_residents=residents)
    assert policy_walk(POLICY, world, budget=budget) == len(POLICY.rules) * len(world.users)


def test_residents_vote_only_in_a_budget_open_to_them(cast: Any) -> None:
    world = cast(phase=Phase.IN_SESSION)
    stranger, member = world.users["stranger"], world.users["member"]
    assert not POLICY.can(
        stranger, "vote", world.assembly, budget=SimpleNamespace(open_to_residents=False)
    )
    assert POLICY.can(
        stranger, "vote", world.assembly, budget=SimpleNamespace(open_to_residents=True)
    )
    assert POLICY.can(
        member, "vote", world.assembly, budget=SimpleNamespace(open_to_residents=False)
    )
    assert not POLICY.can(world.users["organizer"], "review", world.assembly)
    assert POLICY.can(world.users["respondent"], "review", world.assembly)
