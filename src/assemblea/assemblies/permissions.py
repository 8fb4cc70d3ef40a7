"""Who may do what to an assembly: role × phase × seat category, in one place.

A person's roles are read from this assembly only, so a member of one assembly has no power
in another. The phase gate comes from phases.py; seat rights from the seat's category.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assemblea.accounts.models import OrganizationMembership, OrganizationRole
from assemblea.assemblies.models import (
    Assembly,
    AssemblyRole,
    DelegateAllocation,
    SeatCategory,
    SeatHolder,
)
from assemblea.assemblies.phases import Action, Phase, phase_allows


class Role(models.TextChoices):
    ORGANIZER = "organizer", gettext_lazy("Organizer")
    FACILITATOR = "facilitator", gettext_lazy("Facilitator")
    MEMBER = "member", gettext_lazy("Member")
    OBSERVER = "observer", gettext_lazy("Observer")
    RESPONDENT = "respondent", gettext_lazy("Government respondent")
    DELEGATING_ORGANIZATION = "delegating", gettext_lazy("Administrator of a member organization")
    PUBLIC = "public", gettext_lazy("Public")


ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.ORGANIZER: frozenset(
        {
            Action.VIEW,
            Action.VIEW_MEMBERS_PRIVATE,
            Action.EDIT_MANDATE,
            Action.EDIT_COMPOSITION,
            Action.CHANGE_PHASE,
            Action.MANAGE_ROLES,
            Action.SEAT_MEMBERS,
            Action.NAME_DELEGATES,
            Action.ROTATE,
            Action.PUBLISH,
        }
    ),
    Role.FACILITATOR: frozenset({Action.VIEW, Action.VIEW_MEMBERS_PRIVATE, Action.SPEAK}),
    Role.MEMBER: frozenset(
        {Action.VIEW, Action.VIEW_MEMBERS_PRIVATE, Action.SPEAK, Action.PROPOSE, Action.VOTE}
    ),
    Role.OBSERVER: frozenset({Action.VIEW, Action.VIEW_MEMBERS_PRIVATE}),
    Role.RESPONDENT: frozenset({Action.VIEW, Action.VIEW_MEMBERS_PRIVATE}),
    Role.DELEGATING_ORGANIZATION: frozenset({Action.VIEW, Action.NAME_DELEGATES}),
    Role.PUBLIC: frozenset(),
}

# Actions that a member may take only if their seat category grants the right.
SEAT_RIGHTS: dict[str, str] = {
    Action.SPEAK: "may_speak",
    Action.PROPOSE: "may_propose",
    Action.VOTE: "may_vote",
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
    if action == Action.VIEW and assembly.is_public:
        return True
    if not phase_allows(assembly.phase, action) and action != Action.VIEW:
        return False
    if user is not None and user.is_authenticated and user.is_superuser:
        return True
    for role in roles_of(user, assembly):
        if action not in ROLE_ACTIONS[role]:
            continue
        if role == Role.MEMBER and action in SEAT_RIGHTS:
            seats = active_seats(user, assembly)
            if category is not None:
                seats = seats.filter(category=category)
            if any(getattr(seat.category, SEAT_RIGHTS[action]) for seat in seats):
                return True
            continue
        if role == Role.DELEGATING_ORGANIZATION and action == Action.NAME_DELEGATES:
            if organization_id in _delegating_organization_ids(user, assembly):
                return True
            continue
        return True
    return False


def require(user: Any, action: str, assembly: Assembly, **narrowing: Any) -> None:
    """Refuse before any change: 404 when the assembly is hidden from the user, a clear
    message when the phase forbids the action, 403 when the role does not allow it."""
    if not can(user, Action.VIEW, assembly):
        raise Http404(_("No such assembly."))
    if action == Action.VIEW:
        return
    if not phase_allows(assembly.phase, action):
        raise ValidationError(
            _("This cannot be done while the assembly is in the phase “%(phase)s”: %(action)s.")
            % {"phase": Phase(assembly.phase).label, "action": Action(action).label}
        )
    if not can(user, action, assembly, **narrowing):
        raise PermissionDenied(_("You do not have a role in this assembly that allows this."))
