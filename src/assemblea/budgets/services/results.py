"""Counting a budget through the engine, and putting its funded projects on the record."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assemblea.accountability.models import Verdict
from assemblea.accountability.services import commitment_add, recommendation_adopt, response_publish
from assemblea.budgets import events
from assemblea.budgets.counting import election_of, outcome_of, result_fields
from assemblea.budgets.models import (
    Budget,
    BudgetBallot,
    BudgetResult,
    CountingRule,
    Project,
    ProjectStatus,
    Stage,
)
from assemblea.budgets.permissions import BudgetAction, require
from assemblea.budgets.services._common import budget_lock, stage_require
from assemblea.budgets.services.voting import ballots_rewrite
from assemblea.core.events import assembly_event_record

# How long the office has to carry out the funded projects, unless it says otherwise.
DELIVERY_DAYS = 365


@transaction.atomic
def budget_count(*, actor: Any, budget: Budget) -> BudgetResult:
    """Count the ballots with the budget's rule and keep the engine's result and reasons.

    The ballots are first written again, shuffled, under fresh ids (the close of a secret
    vote), so their order in the count and in the exported file is a random one."""
    require(actor, BudgetAction.MANAGE, budget.assembly)
    locked = budget_lock(budget)
    stage_require(locked, Stage.RESULTS)
    if not locked.imported:
        ballots_rewrite(locked)
    projects = list(locked.projects.filter(status=ProjectStatus.FEASIBLE))
    rows = BudgetBallot.objects.filter(budget=locked).order_by("id")
    election = election_of(
        locked, projects, rows.values_list("projects", "points", "count").iterator()
    )
    outcome = outcome_of(locked, election)
    fields = result_fields(locked, election, outcome)
    result, _created = BudgetResult.objects.update_or_create(budget=locked, defaults=fields)
    funded = set(outcome.funded)
    Project.objects.filter(budget=locked).update(funded=False)
    Project.objects.filter(
        budget=locked, pk__in=[p.pk for p in projects if p.pid in funded]
    ).update(funded=True)
    assembly_event_record(
        assembly=locked.assembly,
        verb=events.COUNTED,
        actor=actor,
        data={
            "budget": locked.pk,
            "rule": str(CountingRule(locked.rule)),
            "funded": len(funded),
            "spent": result.spent,
            "amount": locked.amount,
        },
    )
    return result


def _record_text(budget: Budget, funded: list[Project]) -> str:
    lines = [
        _("The participatory budget “%(title)s” (%(amount)s %(currency)s) funds:")
        % {"title": budget.title, "amount": budget.amount, "currency": budget.currency}
    ]
    lines += [f"- {p.title}: {p.cost} {budget.currency}" for p in funded]
    return "\n".join(lines)


@transaction.atomic
def budget_commit(
    *, actor: Any, budget: Budget, due_on: datetime.date | None = None
) -> list[Project]:
    """The funded projects become commitments on the accountability record, each with its
    budget: one recommendation for the budget (what the body decided), accepted as binding,
    and a commitment per funded project, through the accountability app's own services."""
    require(actor, BudgetAction.MANAGE, budget.assembly)
    locked = budget_lock(budget)
    stage_require(locked, Stage.RESULTS)
    if locked.recommendation_id is not None:
        raise ValidationError(
            _("The funded projects are already on the public record."), code="already_committed"
        )
    funded = list(locked.projects.filter(funded=True))
    if not funded:
        raise ValidationError(_("No project was funded."), code="nothing_funded")
    office = locked.office or locked.assembly.organization.name
    today = timezone.localdate()
    due_on = due_on or today + datetime.timedelta(days=DELIVERY_DAYS)
    recommendation = recommendation_adopt(
        actor=actor,
        assembly=locked.assembly,
        title=(_("Participatory budget: %(title)s") % {"title": locked.title})[:200],
        text=_record_text(locked, funded),
        addressed_to=office,
        topic=_("Participatory budget"),
        support=_("%(ballots)s ballots, counted by the rule: %(rule)s")
        % {"ballots": locked.result.ballots, "rule": CountingRule(locked.rule).label},
    )
    response_publish(
        actor=actor,
        recommendation=recommendation,
        verdict=Verdict.ACCEPTED,
        actions=_("Carry out the funded projects of the participatory budget."),
        responsible=office,
        due_on=due_on,
    )
    for project in funded:
        commitment = commitment_add(
            actor=actor,
            recommendation=recommendation,
            title=project.title,
            office=office,
            starts_on=today,
            due_on=due_on,
            budget=Decimal(project.cost or 0),
        )
        Project.objects.filter(pk=project.pk).update(commitment=commitment)
    locked.recommendation = recommendation
    locked.save(update_fields=["recommendation"])
    assembly_event_record(
        assembly=locked.assembly,
        verb=events.COMMITTED,
        actor=actor,
        data={"budget": locked.pk, "recommendation": recommendation.pk, "commitments": len(funded)},
    )
    return funded
