"""The sessions app's whole permission table, role × phase × action (see tests/policy_walk)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from assemblea.assemblies.models import Assembly, Visibility
from assemblea.assemblies.phases import Phase
from assemblea.core.policy import Refused
from assemblea.deliberation import permissions
from assemblea.deliberation.permissions import POLICY, DeliberationAction
from tests.policy_walk import policy_walk

# The role × phase × seat logic, the same on every database: CI runs it on SQLite only (the
# same queries run on PostgreSQL through the app's other tests).
pytestmark = [pytest.mark.django_db, pytest.mark.one_database]


def _world(cast: Any, phase: str, *, public: bool = True, standing: bool = False) -> Any:
    world = cast(phase=phase)
    Assembly.objects.filter(pk=world.assembly.pk).update(
        visibility=Visibility.PUBLIC if public else Visibility.PRIVATE, is_standing=standing
    )
    world.assembly.refresh_from_db()
    return world


@pytest.mark.parametrize("phase", list(Phase))
@pytest.mark.parametrize("public", [True, False], ids=["public", "private"])
def test_every_role_phase_and_action_follows_the_table(cast: Any, phase: str, public: bool) -> None:
    world = _world(cast, phase, public=public)
    assert policy_walk(POLICY, world) == len(POLICY.rules) * len(world.users)


@pytest.mark.parametrize("phase", list(Phase))
def test_a_standing_body_meets_in_more_phases(cast: Any, phase: str) -> None:
    world = _world(cast, phase, standing=True)
    assert policy_walk(POLICY, world) == len(POLICY.rules) * len(world.users)
    member = world.users["member"]
    meets = phase not in (Phase.DRAFT, Phase.CLOSED)
    assert permissions.can(member, DeliberationAction.CHECK_IN, world.assembly) == meets


def test_a_one_time_assembly_meets_only_while_onboarding_in_session_or_monitoring(
    cast: Any,
) -> None:
    world = _world(cast, Phase.RECRUITING)
    with pytest.raises(ValidationError) as excinfo:
        permissions.require(world.users["organizer"], DeliberationAction.CHAIR, world.assembly)
    assert excinfo.value.error_list[0].code == "phase"


def test_joining_the_speakers_list_needs_a_seat_that_may_speak(cast: Any) -> None:
    world = _world(cast, Phase.IN_SESSION)
    member, seat = world.users["member"], world.member_seat
    assert permissions.can(member, DeliberationAction.JOIN_QUEUE, world.assembly, seat=seat)
    world.lottery.may_speak = False
    world.lottery.save(update_fields=["may_speak"])
    assert not permissions.can(member, DeliberationAction.JOIN_QUEUE, world.assembly, seat=seat)
    with pytest.raises(Refused) as excinfo:
        permissions.require(member, DeliberationAction.JOIN_QUEUE, world.assembly, seat=seat)
    assert excinfo.value.code == "role"
    # The member still checks in: only the seat right is narrowed.
    assert permissions.can(member, DeliberationAction.CHECK_IN, world.assembly)


def test_the_narrowing_names_one_seat(cast: Any) -> None:
    world = _world(cast, Phase.IN_SESSION)
    other_seat = world.other.categories.first().holders.first()
    member = world.users["member"]
    assert not permissions.can(
        member, DeliberationAction.JOIN_QUEUE, world.assembly, seat=other_seat
    )
