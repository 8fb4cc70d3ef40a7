"""A ballot as posted → the ballot as stored, or every reason it breaks the budget's rules.

The same check runs when the voter presses "Check my total" (no vote is cast) and when the vote
is cast, so a phone without JavaScript sees the running total from the server; the small
script on the ballot page shows the same total as the voter ticks.

Posted choices: approval, knapsack and choose-one post `project` ids; cumulative posts
`points-<id>`; ranked posts `rank-<id>` (1 = first). Stored: the projects' engine ids in
ballot order and, for cumulative and ranked ballots, points (a ranked ballot of k places gives
k points to the first, k-1 to the next: a Borda count, as Kraków's 3/2/1).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assemblea.budgets.models import BallotType, Budget, Project


@dataclass
class Checked:
    """The ballot read back: chosen projects (in order), points, the total and what is wrong."""

    projects: list[Project] = field(default_factory=list)
    points: list[int] = field(default_factory=list)
    total: int = 0
    problems: list[ValidationError] = field(default_factory=list)

    @property
    def stored(self) -> tuple[list[str], list[int]]:
        return [project.pid for project in self.projects], self.points


def spending_limit(budget: Budget) -> int | None:
    """The most one ballot may spend: the budget itself for a knapsack ballot."""
    limits = [budget.max_total_cost] if budget.max_total_cost else []
    if budget.ballot_type == BallotType.KNAPSACK:
        limits.append(budget.amount)
    return min(limits) if limits else None


def _whole(raw: Any) -> int | None:
    text = str(raw or "").strip()
    if not text:
        return 0
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        return None
    return int(text)


def _read(budget: Budget, posted: Mapping[str, Any], projects: Sequence[Project]) -> Checked:
    checked = Checked()
    by_id = {str(project.pk): project for project in projects}
    kind = budget.ballot_type
    if kind in (BallotType.APPROVAL, BallotType.KNAPSACK, BallotType.CHOOSE_ONE):
        chosen = posted.get("project", [])
        chosen = [chosen] if isinstance(chosen, str) else list(chosen)
        if any(pk not in by_id for pk in chosen):
            checked.problems.append(
                ValidationError(_("A project on this ballot is not on the list."), code="unknown")
            )
        checked.projects = [by_id[pk] for pk in dict.fromkeys(chosen) if pk in by_id]
        return checked
    prefix = "points-" if kind == BallotType.CUMULATIVE else "rank-"
    given: list[tuple[int, Project]] = []
    for pk, project in by_id.items():
        value = _whole(posted.get(prefix + pk))
        if value is None:
            checked.problems.append(
                ValidationError(
                    _("“%(title)s”: write a whole number."),
                    code="not_a_number",
                    params={"title": project.title},
                )
            )
        elif value:
            given.append((value, project))
    if kind == BallotType.CUMULATIVE:
        checked.projects = [project for _, project in given]
        checked.points = [value for value, _ in given]
    else:
        given.sort(key=lambda pair: pair[0])
        checked.projects = [project for _, project in given]
        ranks = [value for value, _ in given]
        if ranks != list(range(1, len(ranks) + 1)):
            checked.problems.append(
                ValidationError(
                    _("Number your choices 1, 2, 3… with no gaps and no number twice."),
                    code="rank_gap",
                )
            )
        width = budget.max_projects or len(projects)
        checked.points = [width - place for place in range(len(ranks))]
    return checked


def _limits(budget: Budget, checked: Checked) -> None:
    n = len(checked.projects)
    fewest = 1 if budget.ballot_type == BallotType.CHOOSE_ONE else max(budget.min_projects, 1)
    most = 1 if budget.ballot_type == BallotType.CHOOSE_ONE else budget.max_projects
    if n < fewest:
        checked.problems.append(
            ValidationError(
                ngettext(
                    "Choose at least %(count)s project.",
                    "Choose at least %(count)s projects.",
                    fewest,
                ),
                code="too_few",
                params={"count": fewest},
            )
        )
    if most is not None and n > most:
        checked.problems.append(
            ValidationError(
                ngettext(
                    "Choose at most %(count)s project.", "Choose at most %(count)s projects.", most
                ),
                code="too_many",
                params={"count": most},
            )
        )
    limit = spending_limit(budget)
    if limit is not None and checked.total > limit:
        checked.problems.append(
            ValidationError(
                _("Your choices cost %(total)s in all, more than the %(limit)s you may spend."),
                code="over_cost",
                params={"total": checked.total, "limit": limit},
            )
        )
    if budget.ballot_type == BallotType.CUMULATIVE and sum(checked.points) > budget.points:
        checked.problems.append(
            ValidationError(
                _("You gave %(given)s points; you have %(points)s to share out."),
                code="over_points",
                params={"given": sum(checked.points), "points": budget.points},
            )
        )


def ballot_read(budget: Budget, posted: Mapping[str, Any], projects: Sequence[Project]) -> Checked:
    """Read and check a posted ballot against the budget's rules (nothing is saved)."""
    checked = _read(budget, posted, projects)
    checked.total = sum(project.cost or 0 for project in checked.projects)
    _limits(budget, checked)
    return checked


def ballot_rules(budget: Budget) -> list[str]:
    """The ballot's rules in words, for the top of the ballot page."""
    rules: list[str] = []
    kind = budget.ballot_type
    if kind == BallotType.CHOOSE_ONE:
        rules.append(_("Choose one project."))
    elif budget.max_projects:
        rules.append(
            _("Choose between %(fewest)s and %(most)s projects.")
            % {"fewest": max(budget.min_projects, 1), "most": budget.max_projects}
        )
    elif budget.min_projects > 1:
        rules.append(_("Choose at least %(fewest)s projects.") % {"fewest": budget.min_projects})
    limit = spending_limit(budget)
    if limit is not None:
        rules.append(
            _("Your choices may cost %(limit)s %(currency)s in all.")
            % {"limit": limit, "currency": budget.currency}
        )
    if kind == BallotType.CUMULATIVE:
        rules.append(_("Share out up to %(points)s points.") % {"points": budget.points})
    if kind == BallotType.RANKED:
        rules.append(_("Number the projects you choose: 1 for your first choice."))
    return rules
