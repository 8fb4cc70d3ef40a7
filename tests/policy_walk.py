"""Walk an app's whole permission table: every role × phase × action, in the house order.

Each app's `tests/<app>/test_policy_table.py` parametrises over the phases and calls
`policy_walk(POLICY, cast(phase=...))`. The roles each person of the cast holds are written
out here, apart from the code that computes them, so the walk also checks who gets which role.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from assemblea.assemblies.permissions import Role
from assemblea.core.policy import Policy

# The roles each person of the `cast` fixture holds in the cast's assembly.
CAST_HOLDS: dict[str, frozenset[str]] = {
    "anonymous": frozenset({Role.PUBLIC}),
    "stranger": frozenset({Role.PUBLIC}),
    "member": frozenset({Role.PUBLIC, Role.MEMBER}),
    "other_member": frozenset({Role.PUBLIC}),
    "facilitator": frozenset({Role.PUBLIC, Role.FACILITATOR}),
    "organizer": frozenset({Role.PUBLIC, Role.ORGANIZER}),
    "other_organizer": frozenset({Role.PUBLIC}),
    "observer": frozenset({Role.PUBLIC, Role.OBSERVER}),
    "respondent": frozenset({Role.PUBLIC, Role.RESPONDENT}),
    "evaluator": frozenset({Role.PUBLIC}),
    "delegating": frozenset({Role.PUBLIC, Role.DELEGATING_ORGANIZATION}),
}


def expected_refusal(policy: Policy, action: str, person: str, cast: Any, **narrowing: Any) -> str:
    """What the table says, read by hand: "" when allowed, else the house's refusal code."""
    user = cast.users[person]
    assembly = cast.assembly
    rule = policy.rule(action)
    if not assembly.is_public and CAST_HOLDS[person] == {Role.PUBLIC}:
        return "hidden"
    if rule.signed_in and user is None:
        return "login_required"
    phases = rule.phases
    if rule.standing_phases is not None and assembly.is_standing:
        phases = rule.standing_phases
    if assembly.phase not in phases:
        return "phase"
    for role in CAST_HOLDS[person] & rule.roles:
        condition = rule.conditions.get(role)
        if condition is None or condition(user, assembly, narrowing):
            return ""
    return "role"


def policy_walk(policy: Policy, cast: Any, **narrowing: Any) -> int:
    """Check `can` and `require` for every person and action; returns how many were checked."""
    checked = 0
    exceptions = {
        "hidden": Http404,
        "login_required": PermissionDenied,
        "phase": ValidationError,
        "role": PermissionDenied,
    }
    for action, _rule in policy.table():
        for person, user in cast.users.items():
            want = expected_refusal(policy, action, person, cast, **narrowing)
            where = f"{policy.name}: {person} × {action} in {cast.assembly.phase}"
            assert policy.can(user, action, cast.assembly, **narrowing) == (want == ""), where
            assert (policy.refusal(user, action, cast.assembly, **narrowing) or "") == want, where
            if want:
                with pytest.raises(exceptions[want]):
                    policy.require(user, action, cast.assembly, **narrowing)
            else:
                policy.require(user, action, cast.assembly, **narrowing)
            checked += 1
    return checked
