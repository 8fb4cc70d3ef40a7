"""Cross-checks: the search's swap deltas against the objective, quality against brute force."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assemblea.engines.tables import Member, Plan, allocate, quality
from assemblea.engines.tables.model import build_sessions, encode
from assemblea.engines.tables.solver import _deal_random, _meet, _Search, _seating
from assemblea.engines.tables.synthetic import PROFILE, synthetic_assembly


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_swap_deltas_equal_the_change_of_the_objective(seed: int) -> None:
    members = synthetic_assembly(26, seed=seed)
    encoded = encode(members, list(PROFILE))
    specs = build_sessions(
        encoded, 3, 4, None, {"m001": 1, "m002": 1}, {}, {1: ["m003", "m004", "m005"]}
    )
    rng = np.random.default_rng(seed)
    met = np.zeros((26, 26))
    seatings = []
    for spec in specs:
        table = _deal_random(spec, rng)
        seatings.append(_seating(encoded, spec, table))
        _meet(met, spec.present, table, len(spec.sizes), 1.0)
    search = _Search(seatings, met, rng, 0.7, encoded.offsets)
    for _ in range(30):
        seating = seatings[int(rng.integers(3))]
        found = search.deltas(seating)
        assert found is not None
        delta, free = found
        i, k = (int(v) for v in rng.choice(len(free), size=2, replace=False))
        if not np.isfinite(delta[i, k]):
            assert seating.table[free[i]] == seating.table[free[k]]
            continue
        before = search.objective()
        search.swap(seating, int(free[i]), int(free[k]))
        assert search.objective() - before == pytest.approx(delta[i, k], abs=1e-9)
    # The incremental state matches a recomputation.
    fresh = np.zeros_like(met)
    for seating in seatings:
        _meet(fresh, seating.spec.present, seating.table, seating.count, 1.0)
    assert np.array_equal(fresh, search.met)


def brute_force(plan: Plan, members: list[Member]) -> tuple[float, int, int]:
    values = {m.id: m.values for m in members}
    worst = 0.0
    for session in plan.sessions:
        present = [m for table in session for m in table]
        for category in plan.categories:
            mix = {
                v: sum(values[m][category] == v for m in present) / len(present)
                for v in {values[m][category] for m in present}
            }
            for table in session:
                if table:
                    share = {
                        v: sum(values[m][category] == v for m in table) / len(table) for v in mix
                    }
                    worst = max(worst, 0.5 * sum(abs(share[v] - mix[v]) for v in mix))
    together: dict[tuple[str, str], int] = {}
    for session in plan.sessions:
        for table in session:
            for pair in combinations(sorted(table), 2):
                together[pair] = together.get(pair, 0) + 1
    repeats = sum(m - 1 for m in together.values() if m > 1)
    met = {m.id: set() for m in members}  # type: dict[str, set[str]]
    for a, b in together:
        met[a].add(b)
        met[b].add(a)
    return worst, repeats, min(len(s) for s in met.values())


@settings(max_examples=30, deadline=None)
@given(
    size=st.integers(2, 25),
    tables=st.integers(1, 5),
    sessions=st.integers(1, 4),
    seed=st.integers(0, 1000),
)
def test_quality_matches_brute_force(size: int, tables: int, sessions: int, seed: int) -> None:
    if tables > size:
        return
    members = synthetic_assembly(size, seed=seed)
    plan = allocate(members, list(PROFILE), sessions, tables, seed=seed, method="random")
    q = quality(plan, members)
    worst, repeats, met_min = brute_force(plan, members)
    assert q.worst_deviation == pytest.approx(worst)
    assert q.repeated_pairs == repeats
    assert q.met_min == met_min
