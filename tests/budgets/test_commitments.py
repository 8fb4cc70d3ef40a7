"""Funded projects become commitments on the accountability record, with their budget."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from assemblea.accountability.models import Commitment
from assemblea.accountability.services import progress_report
from assemblea.budgets import services
from tests.budgets.conftest import YES, ids

pytestmark = pytest.mark.django_db


def test_funded_projects_become_commitments_once(voting: Any, client: Any) -> None:
    for voter in voting.members:
        services.vote_cast(
            actor=voter, budget=voting.budget, posted=ids(voting, "A", "B"), declared=YES
        )
    services.budget_advance(actor=voting.organizer, budget=voting.budget)
    voting.budget.refresh_from_db()
    funded = services.budget_commit(actor=voting.organizer, budget=voting.budget)
    assert {p.title for p in funded} == {"A", "B"}
    commitments = Commitment.objects.filter(recommendation__assembly=voting.assembly)
    assert {(c.title, c.budget) for c in commitments} == {("A", Decimal(60)), ("B", Decimal(40))}
    with pytest.raises(ValidationError) as refused:
        services.budget_commit(actor=voting.organizer, budget=voting.budget)
    assert refused.value.code == "already_committed"
    commitment = commitments.get(title="A")
    progress_report(
        actor=voting.organizer,
        commitment=commitment,
        progress=40,
        status="under_way",
        note="Trees planted.",
    )
    project = voting.projects["A"]
    page = client.get(
        f"/a/{voting.assembly.slug}/budgets/{voting.budget.pk}/projects/{project.number}/"
    )
    assert b"Trees planted." in page.content and b'value="40"' in page.content
