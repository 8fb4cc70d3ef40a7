"""The whole cycle through the services, and the result against the engine run directly."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from assemblea.budgets import services
from assemblea.budgets.models import BudgetResult, ProjectStatus, Stage
from assemblea.budgets.selectors import results_lines
from assemblea.engines.budgeting.model import Ballot, Election, Project
from assemblea.engines.budgeting.rules import equal_shares
from tests.budgets.conftest import YES, ids

pytestmark = pytest.mark.django_db

BALLOTS = [("A",), ("A",), ("B", "C"), ("C",)]


def _cast_all(world: Any) -> None:
    voters = [*world.members, world.resident]
    for voter, chosen in zip(voters, BALLOTS, strict=True):
        services.vote_cast(
            actor=voter, budget=world.budget, posted=ids(world, *chosen), declared=YES
        )


def test_a_round_from_proposals_to_results_matches_the_engine(voting: Any) -> None:
    world = voting
    assert world.projects["D"].__class__.objects.get(pk=world.projects["D"].pk).status == (
        ProjectStatus.INFEASIBLE
    )
    _cast_all(world)
    services.budget_advance(actor=world.organizer, budget=world.budget)
    world.budget.refresh_from_db()
    assert world.budget.stage == Stage.RESULTS
    result = BudgetResult.objects.get(budget=world.budget)
    pid = {t: p.pid for t, p in world.projects.items()}
    election = Election(
        {"budget": "100"},
        {pid[t]: Project(pid[t], c) for t, c in (("A", 60), ("B", 40), ("C", 50))},
        [Ballot(str(i), tuple(pid[t] for t in b)) for i, b in enumerate(BALLOTS)],
    )
    expected = equal_shares(election, utility="cost", completion="none")
    assert sorted(result.funded) == sorted(expected.funded)
    assert result.spent == sum(
        {"A": 60, "B": 40, "C": 50}[t] for t in "ABC" if pid[t] in result.funded
    )
    assert result.share == "25/1"
    funded = {p.title for p in world.budget.projects.filter(funded=True)}
    assert funded == {t for t in "ABC" if pid[t] in expected.funded}
    lines = results_lines(world.budget)
    assert [line.funded for line in lines] == sorted([line.funded for line in lines], reverse=True)
    paid = next(line for line in lines if line.funded and line.groups)
    assert abs(paid.paid_total - paid.project.cost) < 1e-6


def test_greedy_with_a_threshold_leaves_out_projects_below_it(voting: Any) -> None:
    world = voting
    world.budget.__class__.objects.filter(pk=world.budget.pk).update(
        rule="greedy_threshold", threshold=2
    )
    world.budget.refresh_from_db()
    _cast_all(world)
    services.budget_advance(actor=world.organizer, budget=world.budget)
    result = BudgetResult.objects.get(budget=world.budget)
    assert result.funded == [world.projects["A"].pid]
    lines = {line.project.title: line for line in results_lines(world.budget)}
    assert "fewer votes" in lines["B"].reason


def test_voting_cannot_open_while_reviews_are_pending(round_: Any) -> None:
    services.project_propose(
        actor=round_.members[0], budget=round_.budget, title="X", description="", proposed_cost=5
    )
    services.budget_advance(actor=round_.organizer, budget=round_.budget)
    with pytest.raises(ValidationError) as refused:
        services.budget_advance(actor=round_.organizer, budget=round_.budget)
    assert refused.value.code == "reviews_pending"


def test_a_project_costing_more_than_the_budget_is_refused(round_: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        services.project_propose(
            actor=round_.resident,
            budget=round_.budget,
            title="X",
            description="",
            proposed_cost=101,
        )
    assert refused.value.error_dict["proposed_cost"][0].code == "cost_over_budget"


def test_a_budget_of_zero_is_refused(round_: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        services.budget_create(
            actor=round_.organizer, assembly=round_.assembly, title="Nothing", amount=0
        )
    assert refused.value.error_dict["amount"][0].code == "amount_zero"
