"""Who may do what in an assembly's public record, and when: one place for this app.

Organizers and facilitators record what the assembly adopted and its follow-up reviews; the
addressee's respondents (or organizers, for an answer received by letter) publish answers and
report progress; members, organizers and facilitators can escalate a stalled commitment;
anyone signed in may comment. Every action needs a signed-in person.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy

from assemblea.assemblies.models import Assembly
from assemblea.assemblies.permissions import Role
from assemblea.assemblies.phases import Phase
from assemblea.core.policy import Policy, Rule, policy_register


class AccountabilityAction(models.TextChoices):
    ADOPT = "adopt", gettext_lazy("record what the assembly adopted")
    REVIEW = "review", gettext_lazy("review the follow-up")
    RESPOND = "respond", gettext_lazy("publish the addressee's answer")
    REPORT_PROGRESS = "report_progress", gettext_lazy("report progress")
    ESCALATE = "escalate", gettext_lazy("escalate a stalled commitment")
    COMMENT = "comment", gettext_lazy("comment")
    ANSWER_COMMENT = "answer_comment", gettext_lazy("answer a comment")
    PLAN = "plan", gettext_lazy("plan the follow-up")


A = AccountabilityAction

# Recommendations are adopted while the assembly meets or reports; the follow-up goes on
# through later phases and cycles (a standing body follows up last cycle's items while it
# recruits the next); a closed assembly's record is frozen.
ADOPTION_PHASES = frozenset(
    {Phase.IN_SESSION, Phase.REPORTED, Phase.RESPONDED, Phase.MONITORING, Phase.EVALUATED}
)
FROZEN_PHASES = frozenset({Phase.DRAFT, Phase.CLOSED})
FOLLOW_UP_PHASES = frozenset(str(phase) for phase in Phase) - FROZEN_PHASES
PLAN_PHASES = frozenset(str(phase) for phase in Phase) - {Phase.CLOSED}

ANYONE_SIGNED_IN = frozenset(
    {
        Role.PUBLIC,
        Role.MEMBER,
        Role.ORGANIZER,
        Role.FACILITATOR,
        Role.OBSERVER,
        Role.RESPONDENT,
        Role.DELEGATING_ORGANIZATION,
    }
)

# action: (roles, phases)
TABLE: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    A.ADOPT: (frozenset({Role.ORGANIZER, Role.FACILITATOR}), ADOPTION_PHASES),
    A.REVIEW: (frozenset({Role.ORGANIZER, Role.FACILITATOR}), FOLLOW_UP_PHASES),
    A.RESPOND: (frozenset({Role.RESPONDENT, Role.ORGANIZER}), FOLLOW_UP_PHASES),
    A.REPORT_PROGRESS: (frozenset({Role.RESPONDENT, Role.ORGANIZER}), FOLLOW_UP_PHASES),
    A.ESCALATE: (frozenset({Role.ORGANIZER, Role.FACILITATOR, Role.MEMBER}), FOLLOW_UP_PHASES),
    A.COMMENT: (ANYONE_SIGNED_IN, FOLLOW_UP_PHASES),
    A.ANSWER_COMMENT: (frozenset({Role.RESPONDENT, Role.ORGANIZER}), FOLLOW_UP_PHASES),
    A.PLAN: (frozenset({Role.ORGANIZER}), PLAN_PHASES),
}

POLICY = policy_register(
    Policy(
        name="accountability",
        actions=AccountabilityAction,
        rules={
            action: Rule(
                roles=frozenset(str(role) for role in roles),
                phases=frozenset(str(phase) for phase in phases),
                signed_in=True,
                refusal=gettext_lazy("You do not have a role in this assembly that allows this."),
            )
            for action, (roles, phases) in TABLE.items()
        },
    )
)


def can(user: Any, action: str, assembly: Assembly) -> bool:
    return POLICY.can(user, action, assembly)


def require(user: Any, action: str, assembly: Assembly) -> None:
    POLICY.require(user, action, assembly)
