"""Importing a pabulib `.pb` file: a preview that saves nothing, then the import on the
organizer's say-so (the same file, checked by its digest, with its problems accepted)."""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assemblea.assemblies.models import Assembly
from assemblea.budgets import events
from assemblea.budgets.models import (
    BallotType,
    Budget,
    BudgetBallot,
    Project,
    ProjectStatus,
    Stage,
    random_ballot_id,
)
from assemblea.budgets.permissions import BudgetAction, require
from assemblea.core.events import assembly_event_record
from assemblea.engines.budgeting.formats import PbError, Problem, parse_pb
from assemblea.engines.budgeting.model import Election

BALLOT_TYPES = {
    "approval": BallotType.APPROVAL,
    "choose-1": BallotType.CHOOSE_ONE,
    "cumulative": BallotType.CUMULATIVE,
    "scoring": BallotType.CUMULATIVE,
    "ordinal": BallotType.RANKED,
}
# Columns of a VOTES section that describe the voter (age, sex, neighbourhood...): never kept.
VOTE_COLUMNS_KEPT = ("voter_id", "vote", "points")


@dataclass
class Preview:
    """What the file holds, its problems by line, and the columns that will not be kept."""

    digest: str
    election: Election | None
    problems: list[Problem] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)

    @property
    def fatal(self) -> bool:
        return self.election is None


def pb_digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def pb_preview(*, actor: Any, assembly: Assembly, text: str) -> Preview:
    """Read the file and say what is wrong with it, line by line. Nothing is saved."""
    require(actor, BudgetAction.MANAGE, assembly)
    digest = pb_digest(text)
    try:
        election, problems = parse_pb(text, "upload.pb", accept_problems=True)
    except PbError as error:
        return Preview(digest, None, list(error.problems))
    dropped = [c for c in election.vote_columns if c not in VOTE_COLUMNS_KEPT]
    return Preview(digest, election, problems, dropped)


def _refuse(message: str, code: str, **params: Any) -> ValidationError:
    return ValidationError(message, code=code, params=params)


def _budget_fields(election: Election) -> dict[str, Any]:
    meta = election.meta

    def number(key: str) -> int | None:
        try:
            return int(float(meta[key])) if key in meta else None
        except ValueError:
            return None

    ballot_type = BALLOT_TYPES.get(election.vote_type, BallotType.APPROVAL)
    fields: dict[str, Any] = {
        "amount": election.budget,
        "ballot_type": ballot_type,
        "min_projects": max(number("min_length") or 1, 1),
        "max_projects": number("max_length"),
        "max_total_cost": number("max_sum_cost"),
        "currency": (meta.get("currency") or "EUR")[:3],
        "description": meta.get("description", "")[:5000],
    }
    if ballot_type == BallotType.CUMULATIVE:
        most = max((sum(b.points) for b in election.ballots), default=1)
        fields["points"] = number("max_sum_points") or max(most, 1)
    return fields


@transaction.atomic
def pb_import(
    *,
    actor: Any,
    assembly: Assembly,
    text: str,
    digest: str,
    accept_problems: bool,
    title: str,
    **rules: Any,
) -> Budget:
    """Import the previewed file: its budget, projects (reviewed, on the ballot) and ballots
    (without any voter column), then count it with the chosen rule."""
    require(actor, BudgetAction.MANAGE, assembly)
    if pb_digest(text) != digest:
        raise _refuse(
            _("This is not the file you previewed: preview it again."), "not_the_previewed_file"
        )
    preview = pb_preview(actor=actor, assembly=assembly, text=text)
    if preview.election is None:
        raise _refuse(_("This file cannot be imported: see its problems."), "pb_unreadable")
    if preview.problems and not accept_problems:
        raise _refuse(
            _("The file has %(count)s problems: import the rest only if you accept them."),
            "problems_not_accepted",
            count=len(preview.problems),
        )
    from assemblea.budgets.services.results import budget_count
    from assemblea.budgets.services.setup import budget_check

    election = preview.election
    fields = {**_budget_fields(election), **rules, "title": title.strip()}
    budget_check(fields)
    budget = Budget.objects.create(assembly=assembly, stage=Stage.RESULTS, imported=True, **fields)
    Project.objects.bulk_create(
        Project(
            budget=budget,
            number=number,
            code=pid[:60],
            title=(project.name or pid)[:200],
            proposed_cost=project.cost,
            cost=project.cost,
            status=ProjectStatus.FEASIBLE,
        )
        for number, (pid, project) in enumerate(election.projects.items(), start=1)
    )
    _ballots_store(budget, election)
    assembly_event_record(
        assembly=assembly,
        verb=events.IMPORTED,
        actor=actor,
        data={
            "budget": budget.pk,
            "projects": len(election.projects),
            "ballots": len(election.ballots),
            "skipped": len(preview.problems),
        },
    )
    budget_count(actor=actor, budget=budget)
    return budget


def _ballots_store(budget: Budget, election: Election) -> None:
    """Identical ballots become one row with their count (no order, no voter column)."""
    counts = Counter((b.projects, b.points) for b in election.ballots)
    rows = [(list(chosen), list(points), count) for (chosen, points), count in counts.items()]
    random.SystemRandom().shuffle(rows)
    ids: set[int] = set()
    while len(ids) < len(rows):
        ids.update(random_ballot_id() for _ in range(len(rows) - len(ids)))
        ids -= set(BudgetBallot.objects.filter(pk__in=ids).values_list("pk", flat=True))
    BudgetBallot.objects.bulk_create(
        (
            BudgetBallot(id=ballot_id, budget=budget, projects=chosen, points=points, count=count)
            for ballot_id, (chosen, points, count) in zip(sorted(ids), rows, strict=True)
        ),
        batch_size=2000,
    )
