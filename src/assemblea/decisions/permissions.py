"""Who may do what with proposals and polls: role × phase × seat category, in one place.

Proposing, amending and voting are members' rights that their seat category grants
(may_propose, may_vote) while the assembly is in session; chairing a vote (opening and
closing polls, seeing who has not voted yet) belongs to organizers and facilitators.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assemblea.assemblies import permissions as assembly_permissions
from assemblea.assemblies.models import Assembly
from assemblea.assemblies.permissions import Role, roles_of
from assemblea.assemblies.phases import Action, Phase, phase_allows


class DecisionAction(models.TextChoices):
    PROPOSE = "propose", gettext_lazy("make proposals and amendments")
    VOTE = "vote", gettext_lazy("vote")
    CHAIR = "chair", gettext_lazy("open and close votes")
    SEE_TURNOUT = "see_turnout", gettext_lazy("see who has not voted yet")


CHAIR_ROLES = {Role.ORGANIZER, Role.FACILITATOR}
_PHASE_GATE: dict[str, str] = {
    DecisionAction.PROPOSE: Action.PROPOSE,
    DecisionAction.VOTE: Action.VOTE,
    DecisionAction.CHAIR: Action.VOTE,
}


def _chairs(user: Any, assembly: Assembly) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return bool(user.is_superuser or roles_of(user, assembly) & CHAIR_ROLES)


def can(user: Any, action: str, assembly: Assembly) -> bool:
    if action == DecisionAction.PROPOSE:
        return assembly_permissions.can(user, Action.PROPOSE, assembly)
    if action == DecisionAction.VOTE:
        return assembly_permissions.can(user, Action.VOTE, assembly)
    if action == DecisionAction.CHAIR:
        return phase_allows(assembly.phase, Action.VOTE) and _chairs(user, assembly)
    if action == DecisionAction.SEE_TURNOUT:
        return _chairs(user, assembly)
    return False


def require(user: Any, action: str, assembly: Assembly) -> None:
    """404 when the assembly is hidden, a message naming the phase when the phase forbids the
    action, 403 when the role or seat does not allow it."""
    if not assembly_permissions.can(user, Action.VIEW, assembly):
        raise Http404(_("No such assembly."))
    gate = _PHASE_GATE.get(action)
    if gate is not None and not phase_allows(assembly.phase, gate):
        raise ValidationError(
            _("This cannot be done while the assembly is in the phase “%(phase)s”: %(action)s.")
            % {"phase": Phase(assembly.phase).label, "action": DecisionAction(action).label}
        )
    if not can(user, action, assembly):
        raise PermissionDenied(
            _("Your role or seat in this assembly does not allow you to %(action)s.")
            % {"action": DecisionAction(action).label}
        )
