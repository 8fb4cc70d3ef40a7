"""A real pabulib election (Świecie 2023, which the city counted by Equal Shares with the
add-one completion) imported through the app: the same funded projects as the city's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assemblea.budgets import selectors, services
from assemblea.engines.budgeting.formats import parse_pb
from assemblea.engines.budgeting.rules import equal_shares

pytestmark = pytest.mark.django_db

FILE = Path(__file__).resolve().parents[2] / "../shared/data/pb/Poland_Swiecie_2023.pb"


@pytest.mark.skipif(not FILE.exists(), reason=f"no pabulib file at {FILE}")
def test_swiecie_imports_and_matches_the_city_and_its_export(round_: Any) -> None:
    text = FILE.read_text(encoding="utf-8-sig")
    preview = services.pb_preview(actor=round_.organizer, assembly=round_.assembly, text=text)
    assert preview.election is not None and not preview.problems
    budget = services.pb_import(
        actor=round_.organizer,
        assembly=round_.assembly,
        text=text,
        digest=preview.digest,
        accept_problems=False,
        title="Świecie 2023",
        rule="mes",
        satisfaction="cost",
        completion="add-one",
    )
    city = {p.id for p in preview.election.projects.values() if p.selected}
    assert set(budget.result.funded) == city
    assert budget.result.ballots == len(preview.election.ballots)
    exported, problems = parse_pb(selectors.budget_pb(budget))
    assert not problems
    assert set(equal_shares(exported, completion="add-one").funded) == city
    assert not set(preview.dropped) & set(exported.vote_columns)
    lines = selectors.results_lines(budget)
    assert {line.project.pid for line in lines if line.funded} == city
