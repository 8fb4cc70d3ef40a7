"""Who may do what in an assembly's public record, and when: one place for this app.

Organizers and facilitators record what the assembly adopted and its follow-up reviews; the
addressee's respondents (or organizers, for an answer received by letter) publish answers and
report progress; members, organizers and facilitators can escalate a stalled commitment;
anyone signed in may comment.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from assemblea.assemblies.models import Assembly
from assemblea.assemblies.permissions import Role, can, roles_of
from assemblea.assemblies.phases import Action, Phase


class Do:
    ADOPT = "adopt"
    REVIEW = "review"
    RESPOND = "respond"
    REPORT_PROGRESS = "report_progress"
    ESCALATE = "escalate"
    COMMENT = "comment"
    ANSWER_COMMENT = "answer_comment"
    PLAN = "plan"


DO_ROLES: dict[str, frozenset[str]] = {
    Do.ADOPT: frozenset({Role.ORGANIZER, Role.FACILITATOR}),
    Do.REVIEW: frozenset({Role.ORGANIZER, Role.FACILITATOR}),
    Do.RESPOND: frozenset({Role.RESPONDENT, Role.ORGANIZER}),
    Do.REPORT_PROGRESS: frozenset({Role.RESPONDENT, Role.ORGANIZER}),
    Do.ESCALATE: frozenset({Role.ORGANIZER, Role.FACILITATOR, Role.MEMBER}),
    Do.COMMENT: frozenset(
        {
            Role.PUBLIC,
            Role.MEMBER,
            Role.ORGANIZER,
            Role.FACILITATOR,
            Role.OBSERVER,
            Role.RESPONDENT,
            Role.DELEGATING_ORGANIZATION,
        }
    ),
    Do.ANSWER_COMMENT: frozenset({Role.RESPONDENT, Role.ORGANIZER}),
    Do.PLAN: frozenset({Role.ORGANIZER}),
}

# Recommendations are adopted while the assembly meets or reports; the follow-up goes on
# through later phases and cycles (a standing body follows up last cycle's items while it
# recruits the next); a closed assembly's record is frozen.
ADOPTION_PHASES = frozenset(
    {Phase.IN_SESSION, Phase.REPORTED, Phase.RESPONDED, Phase.MONITORING, Phase.EVALUATED}
)
FROZEN_PHASES = frozenset({Phase.DRAFT, Phase.CLOSED})


def _phase_allows(do: str, phase: str) -> bool:
    if do == Do.PLAN:
        return phase != Phase.CLOSED
    if do == Do.ADOPT:
        return phase in ADOPTION_PHASES
    return phase not in FROZEN_PHASES


def may(user: Any, do: str, assembly: Assembly) -> bool:
    if not can(user, Action.VIEW, assembly):
        return False
    if user is None or not user.is_authenticated:
        return False
    if not _phase_allows(do, assembly.phase):
        return False
    if user.is_superuser:
        return True
    return bool(roles_of(user, assembly) & DO_ROLES[do])


def require(user: Any, do: str, assembly: Assembly) -> None:
    if not can(user, Action.VIEW, assembly):
        raise Http404(_("No such assembly."))
    if user is None or not user.is_authenticated:
        raise PermissionDenied(_("Log in first."))
    if not _phase_allows(do, assembly.phase):
        raise ValidationError(
            _("This cannot be done while the assembly is in the phase “%(phase)s”.")
            % {"phase": Phase(assembly.phase).label}
        )
    if not may(user, do, assembly):
        raise PermissionDenied(_("You do not have a role in this assembly that allows this."))
