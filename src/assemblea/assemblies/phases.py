"""The lifecycle of an assembly, declared in one place: the phases, the moves between them,
and what each phase allows. Views and services ask here; nothing else decides."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONVENED = "convened", _("Convened")
    RECRUITING = "recruiting", _("Recruiting or credentialing")
    ONBOARDING = "onboarding", _("Onboarding")
    IN_SESSION = "in_session", _("In session")
    REPORTED = "reported", _("Reported")
    RESPONDED = "responded", _("Responded")
    MONITORING = "monitoring", _("Monitoring")
    EVALUATED = "evaluated", _("Evaluated")
    CLOSED = "closed", _("Closed")


class AssemblyAction(models.TextChoices):
    """Things people do to an assembly; permissions and phases speak of these."""

    VIEW = "view", _("see the assembly")
    VIEW_MEMBERS_PRIVATE = "view_private", _("see details that are not public")
    EDIT_MANDATE = "edit_mandate", _("change the mandate")
    EDIT_COMPOSITION = "edit_composition", _("change the composition")
    CHANGE_PHASE = "change_phase", _("move the assembly to another phase")
    MANAGE_ROLES = "manage_roles", _("give or remove roles")
    SEAT_MEMBERS = "seat_members", _("seat or unseat members")
    NAME_DELEGATES = "name_delegates", _("name delegates and alternates")
    ROTATE = "rotate", _("rotate a cohort of members")
    SPEAK = "speak", _("speak")
    PROPOSE = "propose", _("make proposals")
    VOTE = "vote", _("vote")
    PUBLISH = "publish", _("publish the assembly or make it private again")
    TRANSLATE = "translate", _("translate the texts people wrote")


PHASE_DESCRIPTIONS = {
    Phase.DRAFT: _("The organizers are preparing the mandate and the composition."),
    Phase.CONVENED: _("The mandate is fixed and the assembly has been publicly convened."),
    Phase.RECRUITING: _("Members are being recruited by lottery or credentialed as delegates."),
    Phase.ONBOARDING: _("Members are confirmed and are being welcomed and prepared."),
    Phase.IN_SESSION: _("The assembly is meeting: learning, deliberating and deciding."),
    Phase.REPORTED: _("The assembly has delivered its report and recommendations."),
    Phase.RESPONDED: _("The addressee has answered the recommendations."),
    Phase.MONITORING: _("Commitments are being implemented and followed up."),
    Phase.EVALUATED: _("The process has been evaluated."),
    Phase.CLOSED: _("The assembly has ended. Its record stays public."),
}

# Moves forward through the cycle; a standing body loops back from evaluation to a new cycle.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Phase.DRAFT: (Phase.CONVENED, Phase.CLOSED),
    Phase.CONVENED: (Phase.RECRUITING, Phase.CLOSED),
    Phase.RECRUITING: (Phase.ONBOARDING, Phase.CLOSED),
    Phase.ONBOARDING: (Phase.IN_SESSION, Phase.CLOSED),
    Phase.IN_SESSION: (Phase.REPORTED, Phase.CLOSED),
    Phase.REPORTED: (Phase.RESPONDED, Phase.MONITORING, Phase.EVALUATED, Phase.CLOSED),
    Phase.RESPONDED: (Phase.MONITORING, Phase.EVALUATED, Phase.CLOSED),
    Phase.MONITORING: (Phase.EVALUATED, Phase.CLOSED),
    Phase.EVALUATED: (Phase.CLOSED,),
    Phase.CLOSED: (),
}
STANDING_LOOP: dict[str, tuple[str, ...]] = {
    Phase.MONITORING: (Phase.CONVENED,),
    Phase.EVALUATED: (Phase.CONVENED,),
}

# What each phase allows, whoever asks. Roles narrow this further (permissions.py).
ALWAYS = frozenset(
    {
        AssemblyAction.VIEW,
        AssemblyAction.VIEW_MEMBERS_PRIVATE,
        AssemblyAction.MANAGE_ROLES,
        AssemblyAction.PUBLISH,
        AssemblyAction.TRANSLATE,
    }
)
PHASE_ALLOWS: dict[str, frozenset[str]] = {
    Phase.DRAFT: ALWAYS
    | {
        AssemblyAction.EDIT_MANDATE,
        AssemblyAction.EDIT_COMPOSITION,
        AssemblyAction.CHANGE_PHASE,
        AssemblyAction.SEAT_MEMBERS,
        AssemblyAction.NAME_DELEGATES,
    },
    Phase.CONVENED: ALWAYS
    | {
        AssemblyAction.EDIT_COMPOSITION,
        AssemblyAction.CHANGE_PHASE,
        AssemblyAction.SEAT_MEMBERS,
        AssemblyAction.NAME_DELEGATES,
        AssemblyAction.ROTATE,
    },
    Phase.RECRUITING: ALWAYS
    | {AssemblyAction.CHANGE_PHASE, AssemblyAction.SEAT_MEMBERS, AssemblyAction.NAME_DELEGATES},
    Phase.ONBOARDING: ALWAYS
    | {AssemblyAction.CHANGE_PHASE, AssemblyAction.SEAT_MEMBERS, AssemblyAction.NAME_DELEGATES},
    Phase.IN_SESSION: ALWAYS
    | {
        AssemblyAction.CHANGE_PHASE,
        AssemblyAction.SEAT_MEMBERS,
        AssemblyAction.NAME_DELEGATES,
        AssemblyAction.SPEAK,
        AssemblyAction.PROPOSE,
        AssemblyAction.VOTE,
        AssemblyAction.ROTATE,
    },
    Phase.REPORTED: ALWAYS | {AssemblyAction.CHANGE_PHASE},
    Phase.RESPONDED: ALWAYS | {AssemblyAction.CHANGE_PHASE},
    Phase.MONITORING: ALWAYS
    | {AssemblyAction.CHANGE_PHASE, AssemblyAction.SPEAK, AssemblyAction.ROTATE},
    Phase.EVALUATED: ALWAYS | {AssemblyAction.CHANGE_PHASE},
    Phase.CLOSED: frozenset(
        {AssemblyAction.VIEW, AssemblyAction.VIEW_MEMBERS_PRIVATE, AssemblyAction.PUBLISH}
    ),
}


def next_phases(phase: str, *, standing: bool) -> tuple[str, ...]:
    moves = TRANSITIONS[phase]
    if standing:
        moves = STANDING_LOOP.get(phase, ()) + moves
    return moves


def phases_allowing(action: str) -> frozenset[str]:
    """The phases whose table allows the action: the same table, read by action."""
    return frozenset(str(phase) for phase, allowed in PHASE_ALLOWS.items() if action in allowed)


def phase_allows(phase: str, action: str) -> bool:
    return action in PHASE_ALLOWS[phase]
