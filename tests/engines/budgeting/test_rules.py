"""Hand-checked elections for each rule, and the properties every outcome must have."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from assemblea.engines.budgeting.exact import run_exact
from assemblea.engines.budgeting.mes import Table
from assemblea.engines.budgeting.model import Ballot, Election, Project
from assemblea.engines.budgeting.rules import equal_shares, greedy


def election(budget: int, costs: dict[str, int], ballots: list[tuple[str, ...]]) -> Election:
    projects = {pid: Project(pid, cost) for pid, cost in costs.items()}
    votes = [Ballot(f"v{i}", names) for i, names in enumerate(ballots)]
    return Election({"budget": str(budget), "vote_type": "approval"}, projects, votes)


# Budget 100, four voters. v1-v3 approve X (60) and Y (40); v4 approves Z (25).
# Greedy: X (3 votes) leaves 40, Y (3 votes, id after X) fits exactly: {X, Y}; Z does not fit.
# MES, cost utilities: each voter has 25. X: ρ = 60/(3·60) = 1/3, each of v1-v3 pays 20.
# Y: ρ = 40/(3·40) = 1/3 too: an exact tie, broken by id, X first. Then v1-v3 have 5 each,
# 15 < 40, so Y is unaffordable. Z: v4 pays all 25 (ρ = 1). MES funds {X, Z}, spends 85.
# Add-one: at 26 each nothing changes and 15 left fits nothing: already exhaustive.
MAJORITY = election(100, {"X": 60, "Y": 40, "Z": 25}, [("X", "Y")] * 3 + [("Z",)])


def test_greedy_lets_the_majority_take_everything() -> None:
    outcome = greedy(MAJORITY)
    assert outcome.funded == ["X", "Y"]
    assert "only 0 was left" in outcome.notes["Z"]


def test_greedy_threshold_and_no_skip() -> None:
    assert greedy(MAJORITY, threshold=2).funded == ["X", "Y"]
    assert "below the threshold" in greedy(MAJORITY, threshold=2).notes["Z"]
    small = election(10, {"a": 8, "b": 5, "c": 2}, [("a", "b", "c"), ("a", "b"), ("a",)])
    assert greedy(small).funded == ["a", "c"]
    assert greedy(small, skip=False).funded == ["a"]


def test_equal_shares_gives_the_minority_its_share() -> None:
    outcome = equal_shares(MAJORITY)
    assert outcome.funded == ["X", "Z"]
    assert outcome.per_voter_budget == 25
    assert outcome.exact_rerun  # the X/Y tie at ρ = 1/3 is decided exactly
    by_group = {outcome.groups[g][0]: pay for g, pay in outcome.payments["X"].items()}
    assert by_group == {("X", "Y"): 20.0}
    assert "not funded: its 3 supporters had 15.00 left of the 40" in outcome.notes["Y"]
    assert equal_shares(MAJORITY, completion="add-one+greedy").funded == ["X", "Z"]


def test_equal_shares_cardinality_utilities() -> None:
    # Budget 30, 3 voters (10 each), all approve a (30) and b (9). Cardinality: ρ_a = 30/3 = 10,
    # ρ_b = 9/3 = 3, b first; then each has 7, 21 < 30.
    # Cost utilities: ρ_a = 1/3 = ρ_b, tie by id: a.
    small = election(30, {"a": 30, "b": 9}, [("a", "b")] * 3)
    assert equal_shares(small, utility="cardinality").funded == ["b"]
    assert equal_shares(small, utility="cost").funded == ["a"]


def test_add_one_raises_the_share_until_it_would_overspend() -> None:
    # Budget 10, two voters (5 each): v1 approves a (6), v2 approves b (4). MES: a unaffordable
    # (5 < 6), b funded. Add-one: at 6 each, a and b both funded (10): feasible and exhaustive.
    small = election(10, {"a": 6, "b": 4}, [("a",), ("b",)])
    assert equal_shares(small).funded == ["b"]
    outcome = equal_shares(small, completion="add-one")
    assert sorted(outcome.funded) == ["a", "b"]
    assert outcome.per_voter_budget == 6


names = st.sampled_from("abcde")
elections = st.builds(
    lambda budget, costs, ballots: election(
        budget, dict(zip("abcde", costs, strict=False)), [tuple(sorted(b)) for b in ballots]
    ),
    st.integers(1, 100),
    st.lists(st.integers(1, 60), min_size=5, max_size=5),
    st.lists(st.sets(names, max_size=4), min_size=1, max_size=7),
)


@settings(max_examples=150, deadline=None)
@given(elections)
def test_greedy_never_overspends_and_is_exhaustive(e: Election) -> None:
    outcome = greedy(e)
    left = e.budget - outcome.spent(e)
    assert left >= 0
    assert all(p.cost > left for p in e.projects.values() if p.id not in outcome.funded)


@settings(max_examples=150, deadline=None)
@given(elections, st.sampled_from(["cost", "cardinality"]))
def test_equal_shares_shares_and_payments(e: Election, utility: str) -> None:
    outcome = equal_shares(e, utility=utility)
    assert outcome.spent(e) <= e.budget
    share = Fraction(e.budget, len(e.ballots))
    assert outcome.per_voter_budget == share
    paid: dict[int, float] = {}
    for pays in outcome.payments.values():
        for g, pay in pays.items():
            paid[g] = paid.get(g, 0) + pay
    assert all(total <= float(share) * (1 + 1e-9) for total in paid.values())
    # the float search decides as the exact one does
    table = Table.build(e.groups(), {p.id: p.cost for p in e.projects.values()}, utility)
    assert outcome.funded == [table.pids[j] for j in run_exact(table, share).funded]


@settings(max_examples=100, deadline=None)
@given(elections)
def test_completions_never_overspend(e: Election) -> None:
    for completion in ("add-one", "add-one+greedy", "greedy"):
        assert equal_shares(e, completion=completion).spent(e) <= e.budget


def test_add_one_ends_when_a_project_nobody_supports_would_still_fit() -> None:
    """Raising the share can never fund an unsupported project: the completion used to loop
    for ever waiting for the outcome to become exhaustive."""
    e = election(10, {"a": 3, "b": 2, "c": 1}, [("a",), ("a", "b")])
    outcome = equal_shares(e, completion="add-one")
    assert sorted(outcome.funded) == ["a", "b"]
    assert outcome.spent(e) == 5


def naive_add_one(e: Election) -> list[str]:
    """pabutools' loop, one unit at a time, every run exact: the reference for the skips."""
    table = Table.build(e.groups(), {p.id: p.cost for p in e.projects.values()}, "cost")
    share = Fraction(e.budget, len(e.ballots))
    supported = [j for j, c in enumerate(table.costs) if c > 0]
    previous: list[int] = []
    for _ in range(10_000):
        funded = run_exact(table, share).funded
        spent = sum(table.costs[j] for j in funded)
        if spent > e.budget:
            funded = previous
            break
        if all(table.costs[j] > e.budget - spent for j in supported if j not in funded):
            break
        previous, share = funded, share + 1
    return sorted(table.pids[j] for j in funded)


@settings(max_examples=150, deadline=None)
@given(elections)
def test_add_one_skipping_increments_finds_what_counting_each_one_finds(e: Election) -> None:
    outcome = equal_shares(e, completion="add-one", scan_runs=10**6)
    assert sorted(outcome.funded) == naive_add_one(e)
    assert outcome.search in ("", "every increment")
    # the default search (bisection past SCAN_WORK) finds the same here
    assert sorted(equal_shares(e, completion="add-one").funded) == sorted(outcome.funded)


@settings(max_examples=150, deadline=None)
@given(elections, st.sampled_from(["none", "add-one"]))
def test_every_voter_has_the_same_share_and_pays_within_it(e: Election, completion: str) -> None:
    outcome = equal_shares(e, completion=completion)
    share = outcome.per_voter_budget
    assert share is not None and (share - Fraction(e.budget, len(e.ballots))).denominator == 1
    paid: dict[int, float] = {}
    for pays in outcome.payments.values():
        for g, pay in pays.items():
            paid[g] = paid.get(g, 0) + pay
    # one share for every distinct ballot (so every voter), none paying past it
    assert all(total <= float(share) * (1 + 1e-9) for total in paid.values())
    # what the supporters paid for a funded project is its cost
    groups = dict(enumerate(outcome.groups))
    for pid, pays in outcome.payments.items():
        bought = sum(pay * groups[g][1] for g, pay in pays.items())
        assert abs(bought - e.projects[pid].cost) <= 1e-6 * max(1, e.projects[pid].cost)


@settings(max_examples=60, deadline=None)
@given(elections)
def test_same_projects_as_pabutools_on_random_elections(e: Election) -> None:
    pytest = __import__("pytest")
    pytest.importorskip("pabutools")
    from pabutools.election import ApprovalBallot, ApprovalProfile, Cost_Sat, Instance
    from pabutools.election import Project as PeerProject
    from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares

    projects = {p.id: PeerProject(p.id, p.cost) for p in e.projects.values()}
    instance = Instance(projects.values(), budget_limit=e.budget)
    profile = ApprovalProfile([ApprovalBallot(projects[p] for p in b.projects) for b in e.ballots])
    peer = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
    assert sorted(greedy(e).funded) == sorted(p.name for p in peer)
    for increment, completion in ((None, "none"), (1, "add-one")):
        peer = method_of_equal_shares(
            instance, profile, sat_class=Cost_Sat, voter_budget_increment=increment
        )
        ours = equal_shares(e, completion=completion).funded
        assert sorted(ours) == sorted(p.name for p in peer), completion
