"""Who may do what with proposals and polls: role × phase × seat right, as data.

Proposing, amending and voting are members' rights that their seat category grants
(may_propose, may_vote) in the phases the assemblies' phase table allows them; chairing a
vote (opening and closing polls) belongs to organizers and facilitators in the phases that
allow voting; seeing the turnout while a poll is open is theirs in any phase. The house order
(hidden → 404, phase → a message naming it, role → 403) is the core policy's.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy

from assemblea.assemblies.models import Assembly
from assemblea.assemblies.permissions import Role, seat_grants
from assemblea.assemblies.phases import AssemblyAction, Phase, phases_allowing
from assemblea.core.policy import Policy, Rule, policy_register


class DecisionAction(models.TextChoices):
    PROPOSE = "propose", gettext_lazy("make proposals and amendments")
    VOTE = "vote", gettext_lazy("vote")
    CHAIR = "chair", gettext_lazy("open and close votes")
    SEE_TURNOUT = "see_turnout", gettext_lazy("see who has not voted yet")


CHAIR_ROLES = frozenset({Role.ORGANIZER, Role.FACILITATOR})
ALL_PHASES = frozenset(str(phase) for phase in Phase)

RULES: dict[str, Rule] = {
    DecisionAction.PROPOSE: Rule(
        roles=frozenset({Role.MEMBER}),
        phases=phases_allowing(AssemblyAction.PROPOSE),
        conditions={Role.MEMBER: seat_grants("may_propose")},
    ),
    DecisionAction.VOTE: Rule(
        roles=frozenset({Role.MEMBER}),
        phases=phases_allowing(AssemblyAction.VOTE),
        conditions={Role.MEMBER: seat_grants("may_vote")},
    ),
    DecisionAction.CHAIR: Rule(roles=CHAIR_ROLES, phases=phases_allowing(AssemblyAction.VOTE)),
    DecisionAction.SEE_TURNOUT: Rule(roles=CHAIR_ROLES, phases=ALL_PHASES),
}

POLICY = policy_register(Policy(name="decisions", actions=DecisionAction, rules=RULES))


def can(user: Any, action: str, assembly: Assembly, **narrowing: Any) -> bool:
    return POLICY.can(user, action, assembly, **narrowing)


def require(user: Any, action: str, assembly: Assembly, **narrowing: Any) -> None:
    """404 when the assembly is hidden, a message naming the phase when the phase forbids the
    action, 403 (code ``role``) when the role or seat does not allow it."""
    POLICY.require(user, action, assembly, **narrowing)
