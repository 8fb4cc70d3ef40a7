"""The .pb import: problems by line, nothing saved before the say-so; and the export."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from assemblea.budgets import selectors, services
from assemblea.budgets.models import Budget, BudgetBallot
from assemblea.engines.budgeting.formats import parse_pb
from assemblea.engines.budgeting.rules import equal_shares
from tests.budgets.conftest import YES, ids

pytestmark = pytest.mark.django_db

GOOD = """META
key;value
description;Test
budget;100
vote_type;approval
max_length;2
PROJECTS
project_id;cost;name
p1;60;Park
p2;40;Bikes
p3;50;Library
VOTES
voter_id;vote;age;sex
1;p1;34;F
2;p1;41;M
3;p2,p3;22;F
4;p3;60;M
"""
BAD = (
    GOOD.replace("p3;50;Library", "p3;lots;Library")
    .replace("max_length;2", "max_length;2\nmax_sum_cost;90")
    .replace("4;p3;60;M", "4;p9;60;M\n5;p1,p2;30;F\n6;p2;30;F")
)


def test_a_file_with_problems_is_reported_by_line_and_nothing_is_saved(round_: Any) -> None:
    preview = services.pb_preview(actor=round_.organizer, assembly=round_.assembly, text=BAD)
    lines = {problem.line: problem.message for problem in preview.problems}
    assert 12 in lines and "not a whole number" in lines[12]  # cost not a number
    assert any("unknown" in message for message in lines.values())  # ballot for p9
    assert any("more than the limit" in message for message in lines.values())  # 3 > max_length
    assert preview.dropped == ["age", "sex"]
    assert Budget.objects.filter(imported=True).count() == 0
    with pytest.raises(ValidationError) as refused:
        services.pb_import(
            actor=round_.organizer,
            assembly=round_.assembly,
            text=BAD,
            digest=preview.digest,
            accept_problems=False,
            title="Imported",
        )
    assert refused.value.code == "problems_not_accepted"
    assert Budget.objects.filter(imported=True).count() == 0


def test_the_rest_is_imported_on_the_say_so_and_counted(round_: Any) -> None:
    preview = services.pb_preview(actor=round_.organizer, assembly=round_.assembly, text=BAD)
    budget = services.pb_import(
        actor=round_.organizer,
        assembly=round_.assembly,
        text=BAD,
        digest=preview.digest,
        accept_problems=True,
        title="Imported",
        rule="mes",
        completion="none",
    )
    rows = BudgetBallot.objects.filter(budget=budget)
    assert budget.projects.count() == 2 and sorted(rows.values_list("count", flat=True)) == [1, 2]
    election, _ = parse_pb(BAD, accept_problems=True)
    assert sorted(budget.result.funded) == sorted(equal_shares(election).funded)


def test_a_budget_of_zero_is_fatal_and_another_file_is_refused(round_: Any) -> None:
    zero = GOOD.replace("budget;100", "budget;0")
    preview = services.pb_preview(actor=round_.organizer, assembly=round_.assembly, text=zero)
    assert preview.fatal and preview.problems[0].line == 4
    good = services.pb_preview(actor=round_.organizer, assembly=round_.assembly, text=GOOD)
    with pytest.raises(ValidationError) as refused:
        services.pb_import(
            actor=round_.organizer,
            assembly=round_.assembly,
            text=GOOD + "\n",
            digest=good.digest,
            accept_problems=True,
            title="X",
        )
    assert refused.value.code == "not_the_previewed_file"


def test_the_export_of_a_finished_budget_has_no_personal_data_and_reads_back(voting: Any) -> None:
    for voter in voting.members:
        services.vote_cast(actor=voter, budget=voting.budget, posted=ids(voting, "A"), declared=YES)
    services.budget_advance(actor=voting.organizer, budget=voting.budget)
    voting.budget.refresh_from_db()
    text = selectors.budget_pb(voting.budget)
    for voter in voting.members:
        assert voter.username not in text
    election, problems = parse_pb(text)
    assert not problems and len(election.ballots) == 3
    assert {b.voter for b in election.ballots} == {"1", "2", "3"}
    assert {p.id for p in election.projects.values() if p.selected} == set(
        voting.budget.result.funded
    )
