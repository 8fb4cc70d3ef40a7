"""Reads of the participatory budgets: lists, the results with their reasons, the .pb export."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from assemblea.assemblies.models import Assembly
from assemblea.budgets.counting import election_of, pb_text, share_of
from assemblea.budgets.models import (
    Budget,
    BudgetBallot,
    BudgetResult,
    CountingRule,
    Project,
    ProjectStatus,
    Stage,
)

# The results page lists at most this many ballot groups under each funded project.
GROUPS_SHOWN = 12


def budgets_of(assembly: Assembly) -> QuerySet[Budget]:
    return Budget.objects.filter(assembly=assembly)


def budget_get(assembly: Assembly, pk: int) -> Budget:
    try:
        return Budget.objects.select_related("assembly").get(assembly=assembly, pk=pk)
    except Budget.DoesNotExist:
        raise Http404(_("No such budget.")) from None


def project_get(budget: Budget, number: int) -> Project:
    try:
        return budget.projects.select_related("commitment").get(number=number)
    except Project.DoesNotExist:
        raise Http404(_("No such project.")) from None


def on_ballot(budget: Budget) -> list[Project]:
    return list(budget.projects.filter(status=ProjectStatus.FEASIBLE))


@dataclass
class GroupPay:
    projects: list[str]
    voters: int
    each: float


@dataclass
class Line:
    """One project on the results page: funded or not, and why, in the reader's language."""

    project: Project
    score: int
    funded: bool
    reason: str
    paid_by: int = 0
    groups: list[GroupPay] = field(default_factory=list)
    more_groups: int = 0
    paid_total: float = 0.0


def _left_per_group(result: BudgetResult, share: Fraction) -> list[float]:
    spent = [0.0] * len(result.groups)
    for pays in result.payments.values():
        for group, pay in pays.items():
            spent[int(group)] += pay
    return [float(share) - s for s in spent]


def _mes_line(result: BudgetResult, project: Project, line: Line, names: dict[str, str]) -> None:
    pays = result.payments.get(project.pid, {})
    groups = [(int(g), pay) for g, pay in pays.items()]
    groups.sort(key=lambda pair: -result.groups[pair[0]][1])
    line.paid_by = sum(result.groups[g][1] for g, _ in groups)
    line.paid_total = sum(result.groups[g][1] * pay for g, pay in groups)
    line.groups = [
        GroupPay([names.get(p, p) for p in result.groups[g][0]], result.groups[g][1], pay)
        for g, pay in groups[:GROUPS_SHOWN]
    ]
    line.more_groups = max(len(groups) - GROUPS_SHOWN, 0)
    line.reason = _("Its %(voters)s supporters paid its %(cost)s from their shares.") % {
        "voters": line.paid_by,
        "cost": project.cost,
    }


def _supporters(result: BudgetResult) -> dict[str, list[int]]:
    """Project → the ballot groups that chose it (one pass over the groups)."""
    index: dict[str, list[int]] = {}
    for group, (chosen, _count) in enumerate(result.groups):
        for pid in chosen:
            index.setdefault(pid, []).append(group)
    return index


def _mes_unfunded(
    result: BudgetResult, project: Project, left: list[float], supporters: list[int]
) -> str:
    if not supporters:
        return _("Nobody voted for it.")
    voters = sum(result.groups[g][1] for g in supporters)
    have = sum(result.groups[g][1] * max(left[g], 0.0) for g in supporters)
    return _(
        "Its %(voters)s supporters had %(have)s left of their shares when nothing more could "
        "be bought, less than the %(cost)s it costs: most of them had spent their share on "
        "other projects they chose."
    ) % {"voters": voters, "have": f"{have:.2f}", "cost": project.cost}


def _greedy_reasons(
    budget: Budget, result: BudgetResult, projects: list[Project]
) -> dict[str, str]:
    threshold = budget.threshold if budget.rule == CountingRule.GREEDY_THRESHOLD else 0
    left = budget.amount
    reasons: dict[str, str] = {}
    order = sorted(projects, key=lambda p: (-result.scores.get(p.pid, 0), p.pid))
    for project in order:
        score = result.scores.get(project.pid, 0)
        if project.pid in result.funded:
            left -= project.cost or 0
            reasons[project.pid] = _("Its turn came with %(left)s still to spend.") % {
                "left": left + (project.cost or 0)
            }
        elif score < threshold:
            reasons[project.pid] = _("It had fewer votes than the %(threshold)s needed.") % {
                "threshold": threshold
            }
        else:
            reasons[project.pid] = _(
                "When its turn came only %(left)s was left, less than its cost."
            ) % {"left": left}
    return reasons


def results_lines(budget: Budget) -> list[Line]:
    """Every project on the ballot, funded first, each with the reason in words."""
    result = getattr(budget, "result", None)
    if result is None:
        return []
    projects = on_ballot(budget)
    names = {p.pid: p.title for p in projects}
    share = share_of(result.share)
    mes = budget.rule == CountingRule.MES and share is not None
    greedy = {} if mes else _greedy_reasons(budget, result, projects)
    left = _left_per_group(result, share) if mes and share is not None else []
    supporters = _supporters(result) if mes else {}
    lines = []
    for project in projects:
        funded = project.pid in result.funded
        line = Line(project, result.scores.get(project.pid, 0), funded, greedy.get(project.pid, ""))
        if mes and funded and project.pid in result.payments:
            _mes_line(result, project, line, names)
        elif mes and funded:
            line.reason = _("Funded by the completion: it fitted the money left, by votes.")
        elif mes:
            line.reason = _mes_unfunded(result, project, left, supporters.get(project.pid, []))
        lines.append(line)
    lines.sort(key=lambda line: (not line.funded, -line.score, line.project.number))
    return lines


def share_shown(budget: Budget) -> str:
    result = getattr(budget, "result", None)
    share = share_of(result.share) if result else None
    return "" if share is None else f"{float(share):.2f}"


def budget_pb(budget: Budget) -> str:
    """The finished budget as a .pb file: projects, anonymous ballots (random order, voters
    numbered 1, 2, 3… in that order), the funded projects as `selected`."""
    if budget.stage != Stage.RESULTS:
        raise Http404(_("The budget has no results yet."))
    projects = on_ballot(budget)
    rows = BudgetBallot.objects.filter(budget=budget).order_by("id")
    election = election_of(
        budget, projects, rows.values_list("projects", "points", "count").iterator()
    )
    funded = set(budget.result.funded) if hasattr(budget, "result") else set()
    return pb_text(election, funded)


def commitment_of(project: Project) -> Any:
    """The accountability commitment of a funded project, with its progress updates."""
    if project.commitment_id is None:
        return None
    return project.commitment
