"""The recruitment app's whole permission table, role × phase × action (see tests/policy_walk),
and the house order its services follow."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from assemblea.assemblies.models import Visibility
from assemblea.assemblies.phases import Phase
from assemblea.core.policy import Refused
from assemblea.recruitment import services
from assemblea.recruitment.permissions import POLICY, RecruitmentAction, registration_closed_reason
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


def test_only_organizers_see_and_run_it_and_everyone_registers_while_recruiting(
    cast: Any,
) -> None:
    world = cast(phase=Phase.RECRUITING)
    for person, user in world.users.items():
        manages = person == "organizer"
        assert POLICY.can(user, RecruitmentAction.MANAGE, world.assembly) == manages, person
        assert POLICY.can(user, RecruitmentAction.VIEW, world.assembly) == manages, person
        assert POLICY.can(user, RecruitmentAction.REGISTER, world.assembly), person


def test_a_hidden_assembly_is_a_404_before_the_role(cast: Any, recruiting: Any) -> None:
    """The old check refused with a 403 and so told a stranger the private assembly exists."""
    world = cast(phase=Phase.RECRUITING)
    assembly = recruiting.assembly
    assembly.visibility = Visibility.PRIVATE
    assembly.save(update_fields=["visibility"])
    with pytest.raises(Http404):
        services.walk_in_set(actor=world.users["stranger"], recruitment=recruiting, open=True)


def test_the_phase_is_checked_before_the_role(cast: Any, recruiting: Any) -> None:
    """Outside the recruitment phases a stranger is told why nothing can change (the phase),
    not that they lack a role; inside them, that they lack the role."""
    world = cast(phase=Phase.RECRUITING)
    stranger = world.users["stranger"]
    with pytest.raises(Refused) as refused:
        services.walk_in_set(actor=stranger, recruitment=recruiting, open=True)
    assert refused.value.code == "role"
    recruiting.assembly.phase = Phase.CLOSED
    recruiting.assembly.save(update_fields=["phase"])
    with pytest.raises(ValidationError) as phase:
        services.walk_in_set(actor=stranger, recruitment=recruiting, open=True)
    assert phase.value.error_list[0].code == "phase"
    assert str(Phase.CLOSED.label) in phase.value.messages[0]


def test_the_closed_form_says_which_phase_it_waits_for(recruiting: Any) -> None:
    assert registration_closed_reason(recruiting) is None
    recruiting.assembly.phase = Phase.ONBOARDING
    recruiting.assembly.save(update_fields=["phase"])
    reason = registration_closed_reason(recruiting)
    assert reason is not None
    assert str(Phase.RECRUITING.label) in reason and str(Phase.ONBOARDING.label) in reason
