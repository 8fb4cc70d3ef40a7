"""Who may do what in an assembly's sessions: role × phase × seat right, as data.

Roles come from the assemblies app (a person's roles in this assembly only); the core policy
applies the house order (hidden assembly → 404, phase → a message naming it, role → 403).
Sessions meet while the assembly is onboarding, in session or monitoring; a standing body
meets in every phase of its cycle but draft and closed (`Rule.standing_phases`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy

from assemblea.assemblies.models import Assembly, SeatHolder
from assemblea.assemblies.permissions import Role, active_seats
from assemblea.assemblies.phases import Phase
from assemblea.core.policy import Condition, Policy, Rule, policy_register


class DeliberationAction(models.TextChoices):
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
            DeliberationAction.VIEW,
            DeliberationAction.VIEW_ROOM,
            DeliberationAction.PLAN,
            DeliberationAction.CHAIR,
            DeliberationAction.CREDENTIAL,
        }
    ),
    Role.FACILITATOR: frozenset(
        {
            DeliberationAction.VIEW,
            DeliberationAction.VIEW_ROOM,
            DeliberationAction.PLAN,
            DeliberationAction.CHAIR,
        }
    ),
    Role.MEMBER: frozenset(
        {
            DeliberationAction.VIEW,
            DeliberationAction.VIEW_ROOM,
            DeliberationAction.CHECK_IN,
            DeliberationAction.JOIN_QUEUE,
            DeliberationAction.REQUEST_EVIDENCE,
        }
    ),
    Role.OBSERVER: frozenset({DeliberationAction.VIEW, DeliberationAction.VIEW_ROOM}),
    Role.RESPONDENT: frozenset({DeliberationAction.VIEW, DeliberationAction.VIEW_ROOM}),
    Role.DELEGATING_ORGANIZATION: frozenset({DeliberationAction.VIEW}),
    Role.PUBLIC: frozenset({DeliberationAction.VIEW}),
}

MEETING_PHASES = frozenset(
    str(phase) for phase in (Phase.ONBOARDING, Phase.IN_SESSION, Phase.MONITORING)
)
STANDING_MEETING_PHASES = MEETING_PHASES | {
    str(phase)
    for phase in (
        Phase.CONVENED,
        Phase.RECRUITING,
        Phase.REPORTED,
        Phase.RESPONDED,
        Phase.EVALUATED,
    )
}
# Actions not listed here happen in meetings: MEETING_PHASES, or STANDING_MEETING_PHASES.
PHASE_GATES: dict[str, frozenset[str]] = {
    DeliberationAction.VIEW: frozenset(Phase.values),
    DeliberationAction.VIEW_ROOM: frozenset(Phase.values),
    DeliberationAction.PLAN: frozenset(Phase.values) - {Phase.CLOSED},
    DeliberationAction.CREDENTIAL: frozenset(
        {Phase.RECRUITING, Phase.ONBOARDING, Phase.IN_SESSION}
    ),
}


def _seat_may_speak(user: Any, assembly: Any, narrowing: Mapping[str, Any]) -> bool:
    """A member joins the speakers' list only with an active seat whose category may speak
    (narrowed to one `seat=` when the caller names it)."""
    seats = active_seats(user, assembly)
    seat = narrowing.get("seat")
    if seat is not None:
        seats = seats.filter(pk=seat.pk)
    return any(s.category.may_speak for s in seats)


# Actions a member may take only if their seat grants the right.
SEAT_RIGHTS: dict[str, Condition] = {DeliberationAction.JOIN_QUEUE: _seat_may_speak}


def _rule(action: str) -> Rule:
    gate = PHASE_GATES.get(action)
    return Rule(
        roles=frozenset(str(role) for role, actions in ROLE_ACTIONS.items() if action in actions),
        phases=gate if gate is not None else MEETING_PHASES,
        standing_phases=None if gate is not None else STANDING_MEETING_PHASES,
        conditions={Role.MEMBER: SEAT_RIGHTS[action]} if action in SEAT_RIGHTS else {},
        refusal=(
            gettext_lazy("Only people with a role in this assembly see the room.")
            if action == DeliberationAction.VIEW_ROOM
            else gettext_lazy("You do not have a role in this assembly that allows this.")
        ),
    )


POLICY = policy_register(
    Policy(
        name="deliberation",
        actions=DeliberationAction,
        rules={action: _rule(action) for action in DeliberationAction},
    )
)


def can(user: Any, action: str, assembly: Assembly, *, seat: SeatHolder | None = None) -> bool:
    """True when the user may take the action now; `seat` narrows seat rights to one seat."""
    return POLICY.can(user, action, assembly, seat=seat)


def require(user: Any, action: str, assembly: Assembly, **narrowing: Any) -> None:
    """Refuse before any change: 404 when the assembly is hidden from the user, a message
    naming the phase when the phase forbids it, 403 when the role does not allow it."""
    POLICY.require(user, action, assembly, **narrowing)


def own_seat(user: Any, assembly: Assembly) -> SeatHolder | None:
    """The user's active, non-alternate seat in the assembly, if any."""
    if user is None or not user.is_authenticated:
        return None
    return active_seats(user, assembly).first()
