"""The bridge to the budgeting engine: stored rows → an `Election`, the rule → an `Outcome`.

The engine (`assemblea.engines.budgeting`) is pure and does the counting, exactly (Equal
Shares re-runs in fractions whenever a float decision is close); this module only translates.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

from assemblea.budgets.models import BallotType, Budget, CountingRule, Project
from assemblea.engines.budgeting.formats import write_pb
from assemblea.engines.budgeting.model import Ballot, Election
from assemblea.engines.budgeting.model import Project as EngineProject
from assemblea.engines.budgeting.rules import Outcome, equal_shares, greedy, scores

VOTE_TYPES = {
    BallotType.APPROVAL: "approval",
    BallotType.KNAPSACK: "approval",
    BallotType.CHOOSE_ONE: "choose-1",
    BallotType.CUMULATIVE: "cumulative",
    BallotType.RANKED: "ordinal",
}
RULE_NAMES = {
    CountingRule.GREEDY: "greedy",
    CountingRule.GREEDY_THRESHOLD: "greedy-threshold",
    CountingRule.MES: "equalshares",
}


def score_by(budget: Budget) -> str:
    """Greedy counts points on cumulative and ranked ballots, votes on the others."""
    return "points" if budget.ballot_type in (BallotType.CUMULATIVE, BallotType.RANKED) else "votes"


def election_of(
    budget: Budget,
    projects: Sequence[Project],
    ballots: Iterable[tuple[Sequence[str], Sequence[int], int]],
) -> Election:
    """The budget as the engine sees it: projects on the ballot and anonymous ballots
    (`count` identical ballots per stored row).

    Voters are numbered in the order given (the ballots' random order): the number is only
    a row number, it names nobody."""
    meta = {
        "description": budget.title,
        "num_projects": str(len(projects)),
        "budget": str(budget.amount),
        "vote_type": VOTE_TYPES[BallotType(budget.ballot_type)],
        "rule": RULE_NAMES[CountingRule(budget.rule)],
        "currency": budget.currency,
    }
    if budget.max_projects:
        meta["max_length"] = str(budget.max_projects)
    if budget.min_projects > 1:
        meta["min_length"] = str(budget.min_projects)
    engine_projects = {
        project.pid: EngineProject(project.pid, int(project.cost or 0), project.title)
        for project in projects
    }
    rows: list[Ballot] = []
    for chosen, points, count in ballots:
        for _ in range(count):
            rows.append(Ballot(str(len(rows) + 1), tuple(chosen), tuple(points)))
    meta["num_votes"] = str(len(rows))
    return Election(meta, engine_projects, rows, ["project_id", "cost", "name"], ["voter_id"])


def outcome_of(budget: Budget, election: Election) -> Outcome:
    """Count with the budget's rule."""
    if budget.rule == CountingRule.MES:
        return equal_shares(election, utility=budget.satisfaction, completion=budget.completion)
    threshold = budget.threshold if budget.rule == CountingRule.GREEDY_THRESHOLD else 0
    return greedy(election, by=score_by(budget), threshold=threshold)


def result_fields(budget: Budget, election: Election, outcome: Outcome) -> dict[str, Any]:
    """What `BudgetResult` keeps: JSON-ready, the share as an exact fraction."""
    share = outcome.per_voter_budget
    return {
        "rule": outcome.rule,
        "funded": list(outcome.funded),
        "notes": dict(outcome.notes),
        "scores": scores(election, score_by(budget)),
        "share": "" if share is None else f"{share.numerator}/{share.denominator}",
        "payments": {
            pid: {str(group): pay for group, pay in pays.items()}
            for pid, pays in outcome.payments.items()
        },
        "groups": [[list(chosen), count] for chosen, count in outcome.groups],
        "spent": outcome.spent(election),
        "ballots": len(election.ballots),
        "exact_rerun": outcome.exact_rerun,
    }


def share_of(text: str) -> Fraction | None:
    return Fraction(text) if text else None


def pb_text(election: Election, funded: set[str]) -> str:
    return write_pb(election, selected=funded)
