"""The network app's whole permission table, role × phase × action (see tests/policy_walk)."""

from __future__ import annotations

from typing import Any

import pytest

from assemblea.assemblies.models import Visibility
from assemblea.assemblies.phases import Phase
from assemblea.network.permissions import POLICY
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


def test_a_closed_assembly_refuses_with_its_own_sentence(cast: Any) -> None:
    from django.core.exceptions import ValidationError

    from assemblea.core.policy import Refused
    from assemblea.network.permissions import NetworkAction, require

    world = cast(phase=Phase.CLOSED)
    with pytest.raises(ValidationError) as ended:
        require(world.users["organizer"], NetworkAction.FORWARD, world.assembly)
    assert ended.value.error_list[0].code == "phase"
    assert world.assembly.title in ended.value.messages[0]
    world.assembly.phase = Phase.IN_SESSION
    with pytest.raises(Refused) as refused:
        require(world.users["member"], NetworkAction.FORWARD, world.assembly)
    assert refused.value.code == "role"
    assert world.assembly.title in str(refused.value)
    require(world.users["organizer"], NetworkAction.ORGANIZE, world.assembly)
