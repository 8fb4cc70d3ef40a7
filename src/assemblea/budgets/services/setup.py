"""Setting up a budget and moving it through its stages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assemblea.assemblies.models import Assembly
from assemblea.budgets import events
from assemblea.budgets.models import (
    STAGE_ORDER,
    BallotType,
    Budget,
    CountingRule,
    ProjectStatus,
    Stage,
)
from assemblea.budgets.permissions import BudgetAction, require
from assemblea.budgets.services._common import budget_lock, stage_require
from assemblea.core.events import assembly_event_record

RULE_FIELDS = (
    "title",
    "description",
    "amount",
    "currency",
    "grouping",
    "groups",
    "ballot_type",
    "min_projects",
    "max_projects",
    "max_total_cost",
    "points",
    "rule",
    "threshold",
    "satisfaction",
    "completion",
    "open_to_residents",
    "residence",
    "min_age",
    "office",
)


def budget_check(fields: dict[str, Any]) -> None:
    """Every reason the budget's rules do not hold together, at once."""
    errors: dict[str, list[ValidationError]] = {}

    def add(name: str, message: str, code: str, **params: Any) -> None:
        errors.setdefault(name, []).append(ValidationError(message, code=code, params=params))

    if not str(fields.get("title", "")).strip():
        add("title", _("Give the budget a title."), "title_missing")
    if not fields.get("amount") or int(fields["amount"]) <= 0:
        add("amount", _("The amount to share out must be more than zero."), "amount_zero")
    fewest, most = fields.get("min_projects") or 1, fields.get("max_projects")
    if most is not None and most < fewest:
        add("max_projects", _("The most is fewer than the fewest."), "most_below_fewest")
    if fields.get("ballot_type") == BallotType.CUMULATIVE and not fields.get("points"):
        add("points", _("Give each voter some points to share out."), "points_zero")
    if fields.get("rule") == CountingRule.GREEDY_THRESHOLD and not fields.get("threshold"):
        add("threshold", _("Say how many votes a project needs."), "threshold_missing")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def budget_create(*, actor: Any, assembly: Assembly, **fields: Any) -> Budget:
    """Set up a budget of the assembly; it opens for proposals."""
    require(actor, BudgetAction.MANAGE, assembly)
    values = {name: fields[name] for name in RULE_FIELDS if name in fields}
    budget_check({**_defaults(), **values})
    values["title"] = str(values["title"]).strip()
    budget = Budget.objects.create(assembly=assembly, **values)
    assembly_event_record(
        assembly=assembly,
        verb=events.CREATED,
        actor=actor,
        data={"budget": budget.pk, "title": budget.title},
    )
    return budget


def _defaults() -> dict[str, Any]:
    return {
        field.name: field.get_default()
        for field in Budget._meta.concrete_fields
        if field.name in RULE_FIELDS
    }


@transaction.atomic
def budget_update(*, actor: Any, budget: Budget, **fields: Any) -> Budget:
    """Change the budget's rules: only before voting opens (voters must know the rules)."""
    require(actor, BudgetAction.MANAGE, budget.assembly)
    locked = budget_lock(budget)
    stage_require(locked, Stage.PROPOSALS, Stage.REVIEW)
    values = {name: fields[name] for name in RULE_FIELDS if name in fields}
    current = {name: getattr(locked, name) for name in RULE_FIELDS}
    budget_check({**current, **values})
    for name, value in values.items():
        setattr(locked, name, value)
    locked.save()
    return locked


@transaction.atomic
def budget_advance(*, actor: Any, budget: Budget) -> Budget:
    """Move to the next stage: proposals → review → voting → results (counted on entry)."""
    require(actor, BudgetAction.MANAGE, budget.assembly)
    locked = budget_lock(budget)
    stage_require(locked, Stage.PROPOSALS, Stage.REVIEW, Stage.VOTING)
    following = STAGE_ORDER[STAGE_ORDER.index(Stage(locked.stage)) + 1]
    if following == Stage.VOTING:
        _check_ballot_ready(locked)
    locked.stage = following
    locked.save(update_fields=["stage"])
    assembly_event_record(
        assembly=locked.assembly,
        verb=events.STAGE_CHANGED,
        actor=actor,
        data={"budget": locked.pk, "stage": str(following)},
    )
    if following == Stage.RESULTS:
        from assemblea.budgets.services.results import budget_count

        budget_count(actor=actor, budget=locked)
    return locked


def _check_ballot_ready(budget: Budget) -> None:
    pending = budget.projects.filter(status=ProjectStatus.PROPOSED).count()
    if pending:
        raise ValidationError(
            _("%(count)s projects still await their review: review them before voting opens."),
            code="reviews_pending",
            params={"count": pending},
        )
    if not budget.projects.filter(status=ProjectStatus.FEASIBLE).exists():
        raise ValidationError(
            _("No project was found feasible: there is nothing to vote on."),
            code="nothing_on_ballot",
        )
