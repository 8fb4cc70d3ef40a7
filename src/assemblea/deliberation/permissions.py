"""Who may do what in an assembly's sessions: role × phase × seat category, in one place.

Roles come from the assemblies app (a person's roles in this assembly only). The phase gate
is declared here: sessions meet while the assembly is onboarding, in session or monitoring,
and a standing body meets in every phase of its cycle but draft and closed.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assemblea.assemblies import permissions as assembly_permissions
from assemblea.assemblies.models import Assembly, SeatHolder
from assemblea.assemblies.permissions import Role, active_seats, roles_of
from assemblea.assemblies.phases import Action as AssemblyAction
from assemblea.assemblies.phases import Phase


class Action(models.TextChoices):
    VIEW = "view", gettext_lazy("see the sessions, agenda, evidence and resolutions")
    VIEW_ROOM = "view_room", gettext_lazy("see the room: tables, the speakers' list, attendance")
    PLAN = "plan", gettext_lazy("plan sessions, agenda, evidence and room rules")
    CHAIR = "chair", gettext_lazy("chair a session")
    CHECK_IN = "check_in", gettext_lazy("check in")
    JOIN_QUEUE = "join_queue", gettext_lazy("join the speakers' list")
    REQUEST_EVIDENCE = "request_evidence", gettext_lazy("ask for evidence or a speaker")
    CREDENTIAL = "credential", gettext_lazy("decide delegates' credentials")


ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.ORGANIZER: frozenset(
        {
            Action.VIEW,
            Action.VIEW_ROOM,
            Action.PLAN,
            Action.CHAIR,
            Action.CREDENTIAL,
        }
    ),
    Role.FACILITATOR: frozenset({Action.VIEW, Action.VIEW_ROOM, Action.PLAN, Action.CHAIR}),
    Role.MEMBER: frozenset(
        {
            Action.VIEW,
            Action.VIEW_ROOM,
            Action.CHECK_IN,
            Action.JOIN_QUEUE,
            Action.REQUEST_EVIDENCE,
        }
    ),
    Role.OBSERVER: frozenset({Action.VIEW, Action.VIEW_ROOM}),
    Role.RESPONDENT: frozenset({Action.VIEW, Action.VIEW_ROOM}),
    Role.DELEGATING_ORGANIZATION: frozenset({Action.VIEW}),
    Role.PUBLIC: frozenset({Action.VIEW}),
}

# Actions a member may take only if their seat category grants the right.
SEAT_RIGHTS: dict[str, str] = {Action.JOIN_QUEUE: "may_speak"}

MEETING_PHASES = frozenset({Phase.ONBOARDING, Phase.IN_SESSION, Phase.MONITORING})
STANDING_MEETING_PHASES = MEETING_PHASES | {
    Phase.CONVENED,
    Phase.RECRUITING,
    Phase.REPORTED,
    Phase.RESPONDED,
    Phase.EVALUATED,
}
PHASE_GATES: dict[str, frozenset[str]] = {
    Action.VIEW: frozenset(Phase),
    Action.VIEW_ROOM: frozenset(Phase),
    Action.PLAN: frozenset(Phase) - {Phase.CLOSED},
    Action.CREDENTIAL: frozenset({Phase.RECRUITING, Phase.ONBOARDING, Phase.IN_SESSION}),
}


def phase_allows(assembly: Assembly, action: str) -> bool:
    gate = PHASE_GATES.get(action)
    if gate is None:
        gate = STANDING_MEETING_PHASES if assembly.is_standing else MEETING_PHASES
    return assembly.phase in gate


def can(user: Any, action: str, assembly: Assembly, *, seat: SeatHolder | None = None) -> bool:
    """True when the user may take the action now; `seat` narrows seat rights to one seat."""
    if not assembly_permissions.can(user, AssemblyAction.VIEW, assembly):
        return False
    if not phase_allows(assembly, action):
        return False
    if user is not None and user.is_authenticated and user.is_superuser:
        return True
    for role in roles_of(user, assembly):
        if action not in ROLE_ACTIONS[role]:
            continue
        if role == Role.MEMBER and action in SEAT_RIGHTS:
            seats = active_seats(user, assembly)
            if seat is not None:
                seats = seats.filter(pk=seat.pk)
            if any(getattr(s.category, SEAT_RIGHTS[action]) for s in seats):
                return True
            continue
        return True
    return False


def require(user: Any, action: str, assembly: Assembly, **narrowing: Any) -> None:
    """Refuse before any change: 404 when the assembly is hidden from the user, a message
    naming the phase when the phase forbids it, 403 when the role does not allow it."""
    if not assembly_permissions.can(user, AssemblyAction.VIEW, assembly):
        raise Http404(_("No such assembly."))
    if not phase_allows(assembly, action):
        raise ValidationError(
            _("This cannot be done while the assembly is in the phase “%(phase)s”: %(action)s.")
            % {"phase": Phase(assembly.phase).label, "action": Action(action).label}
        )
    if not can(user, action, assembly, **narrowing):
        raise PermissionDenied(_("You do not have a role in this assembly that allows this."))


def own_seat(user: Any, assembly: Assembly) -> SeatHolder | None:
    """The user's active, non-alternate seat in the assembly, if any."""
    if user is None or not user.is_authenticated:
        return None
    return active_seats(user, assembly).first()
