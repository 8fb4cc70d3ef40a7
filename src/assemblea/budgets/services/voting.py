"""Casting a ballot exactly once, with eligibility checked and forgotten.

Who voted (`BudgetVoter`) and what was voted (`BudgetBallot`) are two rows with nothing in
common but the budget: no time, no voter on the ballot, a random ballot id; at the close the
ballots are written again, shuffled, under fresh ids. No event is recorded per ballot (an
event would say who voted when). The eligibility the voter declares is checked here and
stored nowhere.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from assemblea.budgets.ballots import Checked, ballot_read
from assemblea.budgets.models import (
    Budget,
    BudgetBallot,
    BudgetVoter,
    ProjectStatus,
    Stage,
    random_ballot_id,
)
from assemblea.budgets.permissions import BudgetAction, require
from assemblea.budgets.services._common import budget_lock, one_writer, stage_require


def eligibility_questions(budget: Budget) -> list[tuple[str, str]]:
    """What a voter must declare before voting: (field name, sentence)."""
    questions: list[tuple[str, str]] = []
    if budget.residence:
        questions.append(("lives_in", _("I live in %(place)s.") % {"place": budget.residence}))
    if budget.min_age:
        questions.append(("old_enough", _("I am %(age)s or older.") % {"age": budget.min_age}))
    return questions


def _eligibility_check(budget: Budget, declared: Mapping[str, bool]) -> None:
    missing = [text for name, text in eligibility_questions(budget) if not declared.get(name)]
    if missing:
        raise ValidationError(
            _("Only eligible voters can vote here. Confirm: %(missing)s"),
            code="not_eligible",
            params={"missing": " ".join(missing)},
        )


def ballot_check(*, budget: Budget, posted: Mapping[str, Any]) -> Checked:
    """The posted ballot read against the rules (for "Check my total"; nothing is saved)."""
    projects = list(budget.projects.filter(status=ProjectStatus.FEASIBLE))
    return ballot_read(budget, posted, projects)


def has_voted(budget: Budget, user: Any) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return BudgetVoter.objects.filter(budget=budget, user=user).exists()


def vote_cast(
    *, actor: Any, budget: Budget, posted: Mapping[str, Any], declared: Mapping[str, bool]
) -> None:
    """Cast the actor's ballot once, while voting is open."""
    budget = Budget.objects.select_related("assembly").get(pk=budget.pk)  # its stage as stored
    require(actor, BudgetAction.VOTE, budget.assembly, budget=budget)
    stage_require(budget, Stage.VOTING)
    if has_voted(budget, actor):
        raise _already_voted()
    _eligibility_check(budget, declared)
    checked = ballot_check(budget=budget, posted=posted)
    if checked.problems:
        raise ValidationError(checked.problems)
    chosen, points = checked.stored
    with one_writer():
        locked = budget_lock(budget)
        stage_require(locked, Stage.VOTING)
        # The exactly-once step, under the budget's lock: a second ballot racing this one
        # waits, then finds the voter's row (the unique constraint is the backstop).
        if has_voted(locked, actor):
            raise _already_voted()
        try:
            with transaction.atomic():
                BudgetVoter.objects.create(budget=locked, user=actor)
        except IntegrityError:
            raise _already_voted() from None
        BudgetBallot.objects.create(
            id=_free_ballot_id(), budget=locked, projects=chosen, points=points
        )


def _already_voted() -> ValidationError:
    return ValidationError(
        _("You have already voted in this budget: a vote is cast once and kept."),
        code="already_voted",
    )


def _free_ballot_id() -> int:
    ballot_id = random_ballot_id()
    while BudgetBallot.objects.filter(pk=ballot_id).exists():
        ballot_id = random_ballot_id()
    return ballot_id


def ballots_rewrite(budget: Budget) -> None:
    """At the close: the ballots written again, shuffled, under fresh random ids."""
    rows = list(BudgetBallot.objects.filter(budget=budget).values("projects", "points", "count"))
    random.SystemRandom().shuffle(rows)
    BudgetBallot.objects.filter(budget=budget).delete()
    ids: set[int] = set()
    while len(ids) < len(rows):
        ids.update(random_ballot_id() for _ in range(len(rows) - len(ids)))
        ids -= set(BudgetBallot.objects.filter(pk__in=ids).values_list("pk", flat=True))
    BudgetBallot.objects.bulk_create(
        (
            BudgetBallot(id=ballot_id, budget=budget, **row)
            for ballot_id, row in zip(sorted(ids), rows, strict=True)
        ),
        batch_size=2000,
    )
