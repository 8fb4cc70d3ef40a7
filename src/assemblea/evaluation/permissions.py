"""Who may do what in an assembly's evaluation: one place for this app.

Organizers open the questionnaires and name independent evaluators; members (seat holders)
answer the members' questionnaire, organizers and facilitators the organizers'; evaluators
annotate the report. Anyone who can see the assembly can read the report. Nothing is done
while the assembly is a draft, and every action needs a signed-in person.

An evaluator is not a role of the assembly: it is a grant of this app (`EvaluatorGrant`), a
condition on the public role. Being independent, the evaluator's right is not one a site
administrator holds by being one, so this policy does not let superusers bypass the roles:
they hold every other right through a condition of their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy

from assemblea.assemblies.models import Assembly
from assemblea.assemblies.permissions import Role
from assemblea.assemblies.phases import Phase
from assemblea.core.policy import Condition, Policy, Rule, policy_register
from assemblea.evaluation.models import EvaluatorGrant
from assemblea.evaluation.questions import Audience


class EvaluationAction(models.TextChoices):
    OPEN_SURVEY = "open_survey", gettext_lazy("open or close the questionnaires")
    ANSWER_MEMBERS = "answer_members", gettext_lazy("answer the members' questionnaire")
    ANSWER_ORGANIZERS = "answer_organizers", gettext_lazy("answer the organizers' questionnaire")
    GRANT_EVALUATOR = "grant_evaluator", gettext_lazy("name independent evaluators")
    ANNOTATE = "annotate", gettext_lazy("annotate the evaluation report")


E = EvaluationAction

ANSWER = {Audience.MEMBERS: E.ANSWER_MEMBERS, Audience.ORGANIZERS: E.ANSWER_ORGANIZERS}


def is_evaluator(user: Any, assembly: Assembly) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return EvaluatorGrant.objects.filter(assembly=assembly, user=user).exists()


def _evaluator(user: Any, assembly: Any, narrowing: Mapping[str, Any]) -> bool:
    return is_evaluator(user, assembly)


def _superuser(user: Any, assembly: Any, narrowing: Mapping[str, Any]) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_superuser)


# action: the roles that may take it (a superuser may too, except where marked).
ROLES: dict[str, frozenset[str]] = {
    E.OPEN_SURVEY: frozenset({Role.ORGANIZER}),
    E.ANSWER_MEMBERS: frozenset({Role.MEMBER}),
    E.ANSWER_ORGANIZERS: frozenset({Role.ORGANIZER, Role.FACILITATOR}),
    E.GRANT_EVALUATOR: frozenset({Role.ORGANIZER}),
    E.ANNOTATE: frozenset(),  # evaluators only (the condition below), not superusers
}
CONDITIONS: dict[str, Condition] = {E.ANNOTATE: _evaluator}

OPEN_PHASES = frozenset(str(phase) for phase in Phase) - {Phase.DRAFT}


def _rule(action: str) -> Rule:
    return Rule(
        roles=frozenset(str(role) for role in ROLES[action]) | {str(Role.PUBLIC)},
        phases=OPEN_PHASES,
        conditions={Role.PUBLIC: CONDITIONS.get(action, _superuser)},
        signed_in=True,
        refusal=gettext_lazy("You do not have a role in this assembly that allows this."),
    )


POLICY = policy_register(
    Policy(
        name="evaluation",
        actions=EvaluationAction,
        rules={action: _rule(action) for action in EvaluationAction},
        superuser_bypasses_roles=False,
    )
)


def can(user: Any, action: str, assembly: Assembly) -> bool:
    return POLICY.can(user, action, assembly)


def require(user: Any, action: str, assembly: Assembly) -> None:
    POLICY.require(user, action, assembly)
