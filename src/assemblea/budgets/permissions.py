"""Who may do what in an assembly's participatory budgets: one table for this app.

- Organizers (the body that runs the budget) create it, set its rules, move it through its
  stages, count it, import and export `.pb` files and put funded projects on the record.
- Members propose where their seat lets them propose, and vote where it lets them vote.
- Officials review projects (feasible or not, estimated cost): the assembly's government
  respondents, and members holding an official (ex officio) seat.
- When a budget is open to residents, anyone signed in may propose and vote too
  (the `budget=` narrowing tells the rule which budget is meant).

The assembly's phase gates everything but reading: nothing happens in a draft or a closed
assembly. The budget's own stage (proposals, review, voting, results) is checked by the
services, with its own refusal.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy

from assemblea.assemblies.models import Assembly, SeatType
from assemblea.assemblies.permissions import Role, active_seats, seat_grants
from assemblea.assemblies.phases import Phase
from assemblea.core.policy import Condition, Policy, Rule, policy_register


class BudgetAction(models.TextChoices):
    VIEW = "view", gettext_lazy("see the participatory budgets")
    MANAGE = "manage", gettext_lazy("run a participatory budget")
    PROPOSE = "propose", gettext_lazy("propose a project")
    REVIEW = "review", gettext_lazy("review projects")
    VOTE = "vote", gettext_lazy("vote in a participatory budget")


B = BudgetAction

ACTIVE_PHASES = frozenset(str(phase) for phase in Phase) - {Phase.DRAFT, Phase.CLOSED}
ALL_PHASES = frozenset(str(phase) for phase in Phase)
EVERYONE = frozenset(str(role) for role in Role)


def _open_budget(user: Any, assembly: Any, narrowing: Mapping[str, Any]) -> bool:
    """A signed-in resident, for a budget open to residents."""
    budget = narrowing.get("budget")
    return bool(
        budget is not None
        and budget.open_to_residents
        and user is not None
        and user.is_authenticated
    )


def _official(user: Any, assembly: Any, narrowing: Mapping[str, Any]) -> bool:
    return active_seats(user, assembly).filter(category__seat_type=SeatType.OFFICIAL).exists()


def _either(*conditions: Condition) -> Condition:
    def condition(user: Any, assembly: Any, narrowing: Mapping[str, Any]) -> bool:
        return any(check(user, assembly, narrowing) for check in conditions)

    return condition


RULES: dict[str, Rule] = {
    B.VIEW: Rule(roles=EVERYONE, phases=ALL_PHASES),
    B.MANAGE: Rule(roles=frozenset({Role.ORGANIZER}), phases=ACTIVE_PHASES, signed_in=True),
    B.PROPOSE: Rule(
        roles=frozenset({Role.MEMBER, Role.PUBLIC}),
        phases=ACTIVE_PHASES,
        conditions={Role.MEMBER: seat_grants("may_propose"), Role.PUBLIC: _open_budget},
        signed_in=True,
        refusal=gettext_lazy(
            "Only members whose seat lets them propose can propose projects here (and, when "
            "the budget is open to residents, anyone signed in)."
        ),
    ),
    B.REVIEW: Rule(
        roles=frozenset({Role.RESPONDENT, Role.MEMBER}),
        phases=ACTIVE_PHASES,
        conditions={Role.MEMBER: _official},
        signed_in=True,
        refusal=gettext_lazy(
            "Only officials review projects: the assembly's government respondents and "
            "members holding an official seat."
        ),
    ),
    B.VOTE: Rule(
        roles=frozenset({Role.MEMBER, Role.PUBLIC}),
        phases=ACTIVE_PHASES,
        conditions={
            Role.MEMBER: _either(seat_grants("may_vote"), _open_budget),
            Role.PUBLIC: _open_budget,
        },
        signed_in=True,
        refusal=gettext_lazy(
            "Only members whose seat has a vote can vote in this budget (and, when it is open "
            "to residents, anyone signed in)."
        ),
    ),
}

POLICY = policy_register(Policy(name="budgets", actions=BudgetAction, rules=RULES))


def can(user: Any, action: str, assembly: Assembly, **narrowing: Any) -> bool:
    return POLICY.can(user, action, assembly, **narrowing)


def require(user: Any, action: str, assembly: Assembly, **narrowing: Any) -> None:
    POLICY.require(user, action, assembly, **narrowing)
