"""Casting: once, while open, by the right people, within the ballot's rules; and secrecy."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models

from assemblea.budgets import services
from assemblea.budgets.models import Budget, BudgetBallot, BudgetVoter
from assemblea.core.models import Event
from tests.budgets.conftest import YES, ids

pytestmark = pytest.mark.django_db


def _code(error: ValidationError) -> list[str]:
    return [e.code for e in error.error_list] if hasattr(error, "error_list") else [error.code]


def test_a_second_vote_is_refused_with_a_clear_message(voting: Any) -> None:
    cast = {"actor": voting.members[0], "budget": voting.budget, "declared": YES}
    services.vote_cast(posted=ids(voting, "A"), **cast)
    with pytest.raises(ValidationError) as refused:
        services.vote_cast(posted=ids(voting, "B"), **cast)
    assert refused.value.code == "already_voted"
    assert "already voted" in refused.value.messages[0]
    assert BudgetBallot.objects.filter(budget=voting.budget).count() == 1


def test_a_vote_after_the_close_is_refused(voting: Any) -> None:
    services.budget_advance(actor=voting.organizer, budget=voting.budget)
    with pytest.raises(ValidationError) as refused:
        services.vote_cast(
            actor=voting.members[1], budget=voting.budget, posted=ids(voting, "A"), declared=YES
        )
    assert refused.value.code == "voting_closed"


def test_eligibility_must_be_declared_and_is_not_stored(voting: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        services.vote_cast(
            actor=voting.resident, budget=voting.budget, posted=ids(voting, "A"), declared={}
        )
    assert refused.value.code == "not_eligible"
    assert not BudgetVoter.objects.exists()


def test_strangers_vote_only_when_the_budget_is_open_to_residents(voting: Any) -> None:
    Budget.objects.filter(pk=voting.budget.pk).update(open_to_residents=False)
    voting.budget.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.vote_cast(
            actor=voting.resident, budget=voting.budget, posted=ids(voting, "A"), declared=YES
        )
    services.vote_cast(
        actor=voting.members[0], budget=voting.budget, posted=ids(voting, "A"), declared=YES
    )


@pytest.mark.parametrize(
    ("changes", "chosen", "code"),
    [
        ({"max_projects": 1}, ("A", "B"), "too_many"),
        ({"min_projects": 2}, ("A",), "too_few"),
        ({"max_total_cost": 70}, ("A", "B"), "over_cost"),
        ({"ballot_type": "knapsack"}, ("A", "B", "C"), "over_cost"),
        ({"ballot_type": "choose_one"}, ("A", "B"), "too_many"),
    ],
)
def test_ballot_limits(
    voting: Any, changes: dict[str, Any], chosen: tuple[str, ...], code: str
) -> None:
    Budget.objects.filter(pk=voting.budget.pk).update(**changes)
    voting.budget.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.vote_cast(
            actor=voting.members[0], budget=voting.budget, posted=ids(voting, *chosen), declared=YES
        )
    assert code in _code(refused.value)
    assert not BudgetVoter.objects.exists() and not BudgetBallot.objects.exists()


def test_cumulative_and_ranked_ballots(voting: Any) -> None:
    p = {t: str(voting.projects[t].pk) for t in "ABC"}
    Budget.objects.filter(pk=voting.budget.pk).update(ballot_type="cumulative", points=5)
    voting.budget.refresh_from_db()
    over = services.ballot_check(budget=voting.budget, posted={f"points-{p['A']}": "6"})
    assert [e.code for e in over.problems] == ["over_points"]
    services.vote_cast(
        actor=voting.members[0],
        budget=voting.budget,
        posted={f"points-{p['A']}": "3", f"points-{p['B']}": "2"},
        declared=YES,
    )
    assert BudgetBallot.objects.get().points == [3, 2]
    Budget.objects.filter(pk=voting.budget.pk).update(ballot_type="ranked", max_projects=3)
    voting.budget.refresh_from_db()
    gap = services.ballot_check(
        budget=voting.budget, posted={f"rank-{p['A']}": "1", f"rank-{p['B']}": "3"}
    )
    assert "rank_gap" in [e.code for e in gap.problems]
    services.vote_cast(
        actor=voting.members[1],
        budget=voting.budget,
        posted={f"rank-{p['C']}": "1", f"rank-{p['A']}": "2"},
        declared=YES,
    )
    ranked = next(
        b
        for b in BudgetBallot.objects.all()
        if len(b.projects) == 2 and b.projects[0] == voting.projects["C"].pid
    )
    assert ranked.projects == [voting.projects["C"].pid, voting.projects["A"].pid]
    assert ranked.points == [3, 2]


def test_the_running_total_is_checked_on_the_server(voting: Any) -> None:
    checked = services.ballot_check(budget=voting.budget, posted=ids(voting, "A", "B"))
    assert checked.total == 100 and not checked.problems
    assert not BudgetBallot.objects.exists()


def test_who_voted_and_what_was_voted_cannot_be_joined(voting: Any) -> None:
    for model, allowed in (
        (BudgetBallot, {"id", "budget", "projects", "points", "count"}),
        (BudgetVoter, {"id", "budget", "user"}),
    ):
        fields = {field.name for field in model._meta.concrete_fields}
        assert fields == allowed, model
        assert not [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.DateField | models.DateTimeField)
        ]
    assert not isinstance(BudgetBallot._meta.pk, models.AutoField)
    before = Event.objects.count()
    voters = [*voting.members, voting.resident]
    for voter in voters:
        services.vote_cast(actor=voter, budget=voting.budget, posted=ids(voting, "A"), declared=YES)
    assert Event.objects.count() == before  # no event per ballot: it would say who voted when
    first = set(BudgetBallot.objects.values_list("pk", flat=True))
    services.budget_advance(actor=voting.organizer, budget=voting.budget)
    after = set(BudgetBallot.objects.values_list("pk", flat=True))
    assert len(after) == 4 and not first & after  # written again under fresh ids at the close
