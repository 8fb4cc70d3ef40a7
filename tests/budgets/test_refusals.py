"""Refusals by role × stage: who may propose, review, run; and what each stage allows."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assemblea.assemblies.models import Assembly, SeatCategory, SeatHolder, SeatType
from assemblea.assemblies.phases import Phase
from assemblea.budgets import services
from assemblea.budgets.models import Budget, Project

pytestmark = pytest.mark.django_db


def _propose(world: Any, actor: Any) -> Project:
    return services.project_propose(
        actor=actor, budget=world.budget, title="Bench", description="", proposed_cost=10
    )


def test_only_officials_review(round_: Any) -> None:
    project = _propose(round_, round_.members[0])
    services.budget_advance(actor=round_.organizer, budget=round_.budget)
    for outsider in (round_.members[0], round_.resident, round_.organizer):
        with pytest.raises(PermissionDenied):
            services.project_review(
                actor=outsider, project=project, feasible=True, cost=9, reason=""
            )
    official_seats = SeatCategory.objects.create(
        assembly=round_.assembly, seat_type=SeatType.OFFICIAL, name="Council staff", seats=1
    )
    SeatHolder.objects.create(
        category=official_seats, user=round_.members[1], name="Ben", started_on="2026-01-01"
    )
    services.project_review(
        actor=round_.members[1], project=project, feasible=True, cost=9, reason=""
    )
    assert Project.objects.get(pk=project.pk).cost == 9


def test_a_review_needs_a_reason_or_a_cost(round_: Any) -> None:
    project = _propose(round_, round_.members[0])
    services.budget_advance(actor=round_.organizer, budget=round_.budget)
    with pytest.raises(ValidationError) as refused:
        services.project_review(
            actor=round_.official, project=project, feasible=False, cost=None, reason=" "
        )
    assert refused.value.error_dict["reason"][0].code == "reason_missing"
    with pytest.raises(ValidationError) as refused:
        services.project_review(
            actor=round_.official, project=project, feasible=True, cost=None, reason=""
        )
    assert refused.value.error_dict["cost"][0].code == "cost_missing"


def test_each_stage_allows_only_its_own_work(round_: Any) -> None:
    project = _propose(round_, round_.resident)
    with pytest.raises(ValidationError) as refused:
        services.project_review(
            actor=round_.official, project=project, feasible=True, cost=9, reason=""
        )
    assert refused.value.code == "stage"
    services.budget_advance(actor=round_.organizer, budget=round_.budget)
    with pytest.raises(ValidationError) as refused:
        _propose(round_, round_.resident)
    assert refused.value.code == "stage"


def test_residents_propose_only_when_the_budget_is_open_to_them(round_: Any) -> None:
    Budget.objects.filter(pk=round_.budget.pk).update(open_to_residents=False)
    round_.budget.refresh_from_db()
    with pytest.raises(PermissionDenied):
        _propose(round_, round_.resident)
    _propose(round_, round_.members[0])


def test_only_organizers_run_the_budget_and_not_in_a_closed_assembly(round_: Any) -> None:
    for outsider in (round_.members[0], round_.official, round_.resident):
        with pytest.raises(PermissionDenied):
            services.budget_advance(actor=outsider, budget=round_.budget)
    Assembly.objects.filter(pk=round_.assembly.pk).update(phase=Phase.CLOSED)
    round_.budget.assembly.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.budget_advance(actor=round_.organizer, budget=round_.budget)
    assert refused.value.code == "phase"


def test_rules_cannot_change_once_voting_opened(voting: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        services.budget_update(actor=voting.organizer, budget=voting.budget, amount=500)
    assert refused.value.code == "stage"
