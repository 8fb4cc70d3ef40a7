"""The conversations' whole permission table, role × phase × action (see tests/policy_walk),
for a members' conversation and one open to the public."""

from __future__ import annotations

from typing import Any

import pytest

from assemblea.assemblies.models import Visibility
from assemblea.assemblies.phases import Phase
from assemblea.conversations.models import Audience
from assemblea.conversations.permissions import POLICY, ConversationAction, can
from tests.policy_walk import policy_walk

# The role × phase × seat logic, the same on every database: CI runs it on SQLite only (the
# same queries run on PostgreSQL through the app's other tests).
pytestmark = [pytest.mark.django_db, pytest.mark.one_database]


@pytest.mark.parametrize("phase", list(Phase))
def test_every_role_phase_and_action_follows_the_table(cast: Any, phase: str) -> None:
    world = cast(phase=phase)
    for public in (True, False) if phase == Phase.IN_SESSION else (True,):
        if not public:
            world.assembly.visibility = Visibility.PRIVATE
            world.assembly.save(update_fields=["visibility"])
        for audience in Audience:
            checked = policy_walk(POLICY, world, audience=audience)
            assert checked == len(POLICY.rules) * len(world.users)


def test_the_public_takes_part_only_where_the_conversation_is_open_to_it(cast: Any) -> None:
    world = cast(phase=Phase.IN_SESSION)
    stranger, member = world.users["stranger"], world.users["member"]
    take_part = ConversationAction.PARTICIPATE
    assert not can(stranger, take_part, world.assembly, audience=Audience.MEMBERS)
    assert can(stranger, take_part, world.assembly, audience=Audience.PUBLIC)
    assert can(member, take_part, world.assembly, audience=Audience.MEMBERS)
    assert not can(world.users["anonymous"], take_part, world.assembly, audience=Audience.PUBLIC)
    assert not can(
        world.users["other_member"], take_part, world.assembly, audience=Audience.MEMBERS
    )
    assert not can(world.users["member"], ConversationAction.MODERATE, world.assembly)
    assert can(world.users["facilitator"], ConversationAction.MODERATE, world.assembly)
    assert not can(world.users["facilitator"], ConversationAction.IMPORT, world.assembly)
