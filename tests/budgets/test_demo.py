"""The demo's participatory budget loads through the services and ends counted."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from assemblea.budgets.models import Budget, Stage

pytestmark = pytest.mark.django_db


def test_the_demo_round_is_counted_within_its_budget() -> None:
    call_command("load_demo", stdout=io.StringIO())
    budget = Budget.objects.get(title="Eastside capital budget 2027")
    assert budget.stage == Stage.RESULTS
    assert budget.result.ballots == 5 and 0 < budget.result.spent <= budget.amount
    assert budget.projects.filter(funded=True).exists()
