"""Who may do what to an assembly: role × phase × seat category, in one place.

A person's roles are read from this assembly only, so a member of one assembly has no power
in another. The phase gate comes from phases.py; seat rights from the seat's category.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy

from assemblea.accounts.models import OrganizationMembership, OrganizationRole
from assemblea.assemblies.models import (
    Assembly,
    AssemblyRole,
    DelegateAllocation,
    SeatCategory,
    SeatHolder,
)
from assemblea.assemblies.phases import AssemblyAction, Phase, phases_allowing
from assemblea.core.policy import Condition, Policy, Rule, policy_register


class Role(models.TextChoices):
    ORGANIZER = "organizer", gettext_lazy("Organizer")
    FACILITATOR = "facilitator", gettext_lazy("Facilitator")
    MEMBER = "member", gettext_lazy("Member")
    OBSERVER = "observer", gettext_lazy("Observer")
    RESPONDENT = "respondent", gettext_lazy("Government respondent")
    DELEGATING_ORGANIZATION = "delegating", gettext_lazy("Administrator of a member organization")
    TRANSLATOR = "translator", gettext_lazy("Translator")
    PUBLIC = "public", gettext_lazy("Public")


ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.ORGANIZER: frozenset(
        {
            AssemblyAction.VIEW,
            AssemblyAction.VIEW_MEMBERS_PRIVATE,
            AssemblyAction.EDIT_MANDATE,
            AssemblyAction.EDIT_COMPOSITION,
            AssemblyAction.CHANGE_PHASE,
            AssemblyAction.MANAGE_ROLES,
            AssemblyAction.SEAT_MEMBERS,
            AssemblyAction.NAME_DELEGATES,
            AssemblyAction.ROTATE,
            AssemblyAction.PUBLISH,
            AssemblyAction.TRANSLATE,
        }
    ),
    Role.FACILITATOR: frozenset(
        {AssemblyAction.VIEW, AssemblyAction.VIEW_MEMBERS_PRIVATE, AssemblyAction.SPEAK}
    ),
    Role.MEMBER: frozenset(
        {
            AssemblyAction.VIEW,
            AssemblyAction.VIEW_MEMBERS_PRIVATE,
            AssemblyAction.SPEAK,
            AssemblyAction.PROPOSE,
            AssemblyAction.VOTE,
        }
    ),
    Role.OBSERVER: frozenset({AssemblyAction.VIEW, AssemblyAction.VIEW_MEMBERS_PRIVATE}),
    Role.RESPONDENT: frozenset({AssemblyAction.VIEW, AssemblyAction.VIEW_MEMBERS_PRIVATE}),
    Role.DELEGATING_ORGANIZATION: frozenset({AssemblyAction.VIEW, AssemblyAction.NAME_DELEGATES}),
    Role.TRANSLATOR: frozenset({AssemblyAction.VIEW, AssemblyAction.TRANSLATE}),
    Role.PUBLIC: frozenset(),
}

# Actions that a member may take only if their seat category grants the right.
SEAT_RIGHTS: dict[str, str] = {
    AssemblyAction.SPEAK: "may_speak",
    AssemblyAction.PROPOSE: "may_propose",
    AssemblyAction.VOTE: "may_vote",
}


def roles_of(user: Any, assembly: Assembly) -> set[str]:
    roles: set[str] = {Role.PUBLIC}
    if user is None or not user.is_authenticated:
        return roles
    roles.update(
        AssemblyRole.objects.filter(assembly=assembly, user=user).values_list("role", flat=True)
    )
    if OrganizationMembership.objects.filter(
        organization_id=assembly.organization_id, user=user, role=OrganizationRole.ADMIN
    ).exists():
        roles.add(Role.ORGANIZER)
    if active_seats(user, assembly).exists():
        roles.add(Role.MEMBER)
    if _delegating_organization_ids(user, assembly):
        roles.add(Role.DELEGATING_ORGANIZATION)
    return roles


def active_seats(user: Any, assembly: Assembly) -> models.QuerySet[SeatHolder]:
    return SeatHolder.objects.filter(
        category__assembly=assembly, user=user, ended_on__isnull=True, is_alternate=False
    ).select_related("category")


def _delegating_organization_ids(user: Any, assembly: Assembly) -> set[int]:
    admin_of = OrganizationMembership.objects.filter(
        user=user, role=OrganizationRole.ADMIN
    ).values_list("organization_id", flat=True)
    return set(
        DelegateAllocation.objects.filter(
            category__assembly=assembly, organization_id__in=admin_of
        ).values_list("organization_id", flat=True)
    )


def seat_grants(right: str) -> Condition:
    """A member's role counts only with an active seat whose category grants `right`
    (narrowed to one `category=` when the caller names it)."""

    def condition(user: Any, assembly: Any, narrowing: Mapping[str, Any]) -> bool:
        seats = active_seats(user, assembly)
        category = narrowing.get("category")
        if category is not None:
            seats = seats.filter(category=category)
        return any(getattr(seat.category, right) for seat in seats)

    return condition


def _names_own_organization(user: Any, assembly: Any, narrowing: Mapping[str, Any]) -> bool:
    return narrowing.get("organization_id") in _delegating_organization_ids(user, assembly)


def _rule(action: str) -> Rule:
    conditions: dict[str, Condition] = {}
    if action in SEAT_RIGHTS:
        conditions[Role.MEMBER] = seat_grants(SEAT_RIGHTS[action])
    if action == AssemblyAction.NAME_DELEGATES:
        conditions[Role.DELEGATING_ORGANIZATION] = _names_own_organization
    roles = frozenset(str(role) for role, actions in ROLE_ACTIONS.items() if action in actions)
    if action == AssemblyAction.VIEW:
        roles = frozenset(str(role) for role in Role)  # seeing it is decided by visibility
    return Rule(
        roles=roles,
        phases=phases_allowing(action),
        conditions=conditions,
        refusal=gettext_lazy("You do not have a role in this assembly that allows this."),
    )


POLICY = policy_register(
    Policy(
        name="assemblies",
        actions=AssemblyAction,
        rules={action: _rule(action) for action in AssemblyAction},
    )
)


class AssemblyMembership:
    """How the core policy learns a person's roles in an assembly (registered in apps.py)."""

    def visible(self, user: Any, assembly: Any) -> bool:
        if assembly.is_public:
            return True
        if user is not None and user.is_authenticated and user.is_superuser:
            return True
        return bool(roles_of(user, assembly) - {Role.PUBLIC})

    def roles(self, user: Any, assembly: Any) -> set[str]:
        return {str(role) for role in roles_of(user, assembly)}

    def phase_label(self, phase: str) -> str:
        return str(Phase(phase).label)

    def is_standing(self, assembly: Any) -> bool:
        return bool(assembly.is_standing)


def can(
    user: Any,
    action: str,
    assembly: Assembly,
    *,
    category: SeatCategory | None = None,
    organization_id: int | None = None,
) -> bool:
    """True when the user may take the action now.

    `category` narrows seat rights to one category; `organization_id` names the member
    organization whose delegates are being named.
    """
    return POLICY.can(user, action, assembly, category=category, organization_id=organization_id)


def require(user: Any, action: str, assembly: Assembly, **narrowing: Any) -> None:
    """Refuse before any change: 404 when the assembly is hidden from the user, a clear
    message when the phase forbids the action, 403 when the role does not allow it."""
    POLICY.require(user, action, assembly, **narrowing)


MANAGING = (
    AssemblyAction.MANAGE_ROLES,
    AssemblyAction.EDIT_COMPOSITION,
    AssemblyAction.SEAT_MEMBERS,
    AssemblyAction.CHANGE_PHASE,
    AssemblyAction.PUBLISH,
)


def may_manage(user: Any, assembly: Any) -> bool:
    """The test the assembly's management pages apply (views._manageable); their links in
    the management menu show only to those who pass it."""
    return can(user, AssemblyAction.VIEW_MEMBERS_PRIVATE, assembly) and any(
        can(user, action, assembly) for action in MANAGING
    )
