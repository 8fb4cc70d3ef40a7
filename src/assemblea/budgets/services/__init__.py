"""Every write of the participatory budgets, by stage (re-exported here)."""

from __future__ import annotations

from assemblea.budgets.services.pb import Preview, pb_digest, pb_import, pb_preview
from assemblea.budgets.services.projects import project_propose, project_review
from assemblea.budgets.services.results import budget_commit, budget_count
from assemblea.budgets.services.setup import (
    budget_advance,
    budget_check,
    budget_create,
    budget_update,
)
from assemblea.budgets.services.voting import (
    ballot_check,
    eligibility_questions,
    has_voted,
    vote_cast,
)

__all__ = [
    "Preview",
    "ballot_check",
    "budget_advance",
    "budget_check",
    "budget_commit",
    "budget_count",
    "budget_create",
    "budget_update",
    "eligibility_questions",
    "has_voted",
    "pb_digest",
    "pb_import",
    "pb_preview",
    "project_propose",
    "project_review",
    "vote_cast",
]
