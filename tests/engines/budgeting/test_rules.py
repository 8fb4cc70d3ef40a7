"""Hand-checked elections for each rule, and the properties every outcome must have."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from assemblea.engines.budgeting.model import Ballot, Election, Project
from assemblea.engines.budgeting.rules import _mes_run, _table, equal_shares, greedy


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
    exact, _, _ = _mes_run(_table(e, utility), share, exact=True)
    assert outcome.funded == exact


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
