"""The accountability app's permission table, role × phase × action (see tests/policy_walk)."""

from __future__ import annotations

from typing import Any

import pytest

from assemblea.accountability.permissions import POLICY
from assemblea.assemblies.models import Visibility
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


def test_anyone_signed_in_may_comment_but_an_anonymous_visitor_must_log_in(cast: Any) -> None:
    world = cast(phase=Phase.MONITORING)
    assert POLICY.can(world.users["stranger"], "comment", world.assembly)
    assert POLICY.refusal(None, "comment", world.assembly) == "login_required"
    assert POLICY.refusal(world.users["organizer"], "adopt", world.assembly) is None
    assert POLICY.refusal(world.users["organizer"], "plan", world.assembly) is None
    world.assembly.phase = Phase.CLOSED
    assert POLICY.refusal(world.users["organizer"], "plan", world.assembly) == "phase"
