"""Who may do what in an assembly's evaluation: one place for this app.

Organizers open the questionnaires and name independent evaluators; members (seat holders)
answer the members' questionnaire, organizers and facilitators the organizers'; evaluators
annotate the report. Anyone who can see the assembly can read the report.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from assemblea.assemblies.models import Assembly
from assemblea.assemblies.permissions import Role, can, roles_of
from assemblea.assemblies.phases import Action, Phase
from assemblea.evaluation.models import EvaluatorGrant
from assemblea.evaluation.questions import Audience


class Do:
    OPEN_SURVEY = "open_survey"
    ANSWER_MEMBERS = "answer_members"
    ANSWER_ORGANIZERS = "answer_organizers"
    GRANT_EVALUATOR = "grant_evaluator"
    ANNOTATE = "annotate"


DO_ROLES: dict[str, frozenset[str]] = {
    Do.OPEN_SURVEY: frozenset({Role.ORGANIZER}),
    Do.ANSWER_MEMBERS: frozenset({Role.MEMBER}),
    Do.ANSWER_ORGANIZERS: frozenset({Role.ORGANIZER, Role.FACILITATOR}),
    Do.GRANT_EVALUATOR: frozenset({Role.ORGANIZER}),
    Do.ANNOTATE: frozenset(),  # evaluators only, granted in this app
}

ANSWER = {Audience.MEMBERS: Do.ANSWER_MEMBERS, Audience.ORGANIZERS: Do.ANSWER_ORGANIZERS}


def is_evaluator(user: Any, assembly: Assembly) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return EvaluatorGrant.objects.filter(assembly=assembly, user=user).exists()


def may(user: Any, do: str, assembly: Assembly) -> bool:
    if not can(user, Action.VIEW, assembly):
        return False
    if user is None or not user.is_authenticated:
        return False
    if assembly.phase == Phase.DRAFT:
        return False
    if do == Do.ANNOTATE:
        return is_evaluator(user, assembly)
    if user.is_superuser:
        return True
    return bool(roles_of(user, assembly) & DO_ROLES[do])


def require(user: Any, do: str, assembly: Assembly) -> None:
    if not can(user, Action.VIEW, assembly):
        raise Http404(_("No such assembly."))
    if user is None or not user.is_authenticated:
        raise PermissionDenied(_("Log in first."))
    if assembly.phase == Phase.DRAFT:
        raise ValidationError(
            _("This cannot be done while the assembly is in the phase “%(phase)s”.")
            % {"phase": Phase(assembly.phase).label}
        )
    if not may(user, do, assembly):
        raise PermissionDenied(_("You do not have a role in this assembly that allows this."))
