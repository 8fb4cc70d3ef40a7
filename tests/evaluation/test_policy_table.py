"""The evaluation app's whole permission table, role × phase × action (see tests/policy_walk)."""

from __future__ import annotations

from typing import Any

import pytest

from assemblea.assemblies.models import Visibility
from assemblea.assemblies.phases import Phase
from assemblea.evaluation.permissions import POLICY
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


def test_only_the_named_evaluator_annotates_not_even_a_superuser(cast: Any, make_user: Any) -> None:
    world = cast(phase=Phase.EVALUATED)
    admin = make_user("admin")
    admin.is_superuser = True
    admin.save(update_fields=["is_superuser"])
    assert POLICY.can(world.users["evaluator"], "annotate", world.assembly)
    assert not POLICY.can(world.users["organizer"], "annotate", world.assembly)
    assert POLICY.refusal(admin, "annotate", world.assembly) == "role"
    assert POLICY.can(admin, "open_survey", world.assembly)
    assert POLICY.can(world.users["member"], "answer_members", world.assembly)
    assert not POLICY.can(world.users["member"], "answer_organizers", world.assembly)
