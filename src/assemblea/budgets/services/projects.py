"""Projects: proposed by members or residents, reviewed by officials."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from assemblea.budgets import events
from assemblea.budgets.models import Budget, Project, ProjectStatus, Stage
from assemblea.budgets.permissions import BudgetAction, require
from assemblea.budgets.services._common import budget_lock, stage_require
from assemblea.core.events import assembly_event_record


@transaction.atomic
def project_propose(
    *,
    actor: Any,
    budget: Budget,
    title: str,
    description: str,
    proposed_cost: int,
    group: str = "",
) -> Project:
    """Propose a project while the budget takes proposals."""
    require(actor, BudgetAction.PROPOSE, budget.assembly, budget=budget)
    locked = budget_lock(budget)
    stage_require(locked, Stage.PROPOSALS)
    errors: dict[str, list[ValidationError]] = {}
    if not title.strip():
        errors["title"] = [ValidationError(_("Give the project a title."), code="title_missing")]
    if proposed_cost <= 0:
        errors["proposed_cost"] = [
            ValidationError(_("Say what the project would cost."), code="cost_missing")
        ]
    elif proposed_cost > locked.amount:
        errors["proposed_cost"] = [
            ValidationError(
                _("The project costs more than the whole budget (%(amount)s)."),
                code="cost_over_budget",
                params={"amount": locked.amount},
            )
        ]
    if locked.groups and group not in locked.groups:
        errors["group"] = [ValidationError(_("Choose one from the list."), code="group_unknown")]
    if errors:
        raise ValidationError(errors)
    number = (locked.projects.aggregate(top=Max("number"))["top"] or 0) + 1
    project = Project.objects.create(
        budget=locked,
        number=number,
        title=title.strip(),
        description=description.strip(),
        group=group,
        proposed_cost=proposed_cost,
        proposer=actor,
    )
    # Public, and naming nobody: a resident's proposal is not a public act of theirs.
    assembly_event_record(
        assembly=locked.assembly,
        verb=events.PROPOSED,
        data={"budget": locked.pk, "project": project.pk, "number": number},
    )
    return project


@transaction.atomic
def project_review(
    *, actor: Any, project: Project, feasible: bool, cost: int | None, reason: str
) -> Project:
    """The officials' technical review: feasible (with its estimated cost) or not (why)."""
    budget = project.budget
    require(actor, BudgetAction.REVIEW, budget.assembly)
    locked = budget_lock(budget)
    stage_require(locked, Stage.REVIEW)
    errors: dict[str, list[ValidationError]] = {}
    if feasible and (cost is None or cost <= 0):
        errors["cost"] = [
            ValidationError(
                _("Give the estimated cost of a feasible project."), code="cost_missing"
            )
        ]
    elif feasible and cost is not None and cost > locked.amount:
        errors["cost"] = [
            ValidationError(
                _("The estimate is more than the whole budget (%(amount)s): it cannot be funded."),
                code="cost_over_budget",
                params={"amount": locked.amount},
            )
        ]
    if not feasible and not reason.strip():
        errors["reason"] = [
            ValidationError(_("Say why the project is not feasible."), code="reason_missing")
        ]
    if errors:
        raise ValidationError(errors)
    project = Project.objects.select_for_update().get(pk=project.pk)
    project.status = ProjectStatus.FEASIBLE if feasible else ProjectStatus.INFEASIBLE
    project.cost = cost if feasible else None
    project.review_reason = reason.strip()
    project.reviewed_by = actor
    project.save(update_fields=["status", "cost", "review_reason", "reviewed_by"])
    assembly_event_record(
        assembly=locked.assembly,
        verb=events.REVIEWED,
        actor=actor,
        data={
            "budget": locked.pk,
            "project": project.pk,
            "number": project.number,
            "status": str(project.status),
        },
    )
    return project
