"""An integer point of a face of R near a fractional one: round, then repair the quotas.

The Caratheodory walk (`relaxation.walk_panels`) needs, at every step, a panel in the minimal
face G of its current point: integer counts within G's bounds (types at 0 or at their count
stay there), the tight quota rows met exactly, the others within their bounds. Without
households the face's LP vertices are nearly always fractional (`paper_1727_110`: the MIP ran
at almost every step), but a vertex has at most as many fractional counts as G has tight rows,
so rounding it misses the quotas by a few seats. `round_to_sum` rounds it keeping the number
of seats; `repair_quotas` then moves one seat at a time from a type a to a type b (a swap
keeps the seats), always the move that lowers the total quota violation most (ties broken by
a seeded generator, so the result is deterministic), until no quota is violated. A greedy
search can get stuck: it then gives up (None) and the caller falls back to the face's MIP.
"""

from __future__ import annotations

import numpy as np

from .problem import FloatArray

# Moves tried before giving up (the vertex of a face typically needs 1-3).
REPAIR_MOVES = 200


def round_to_sum(
    value: FloatArray, lower: FloatArray, upper: FloatArray, seats: float
) -> FloatArray:
    """value rounded to integers in [lower, upper] with the given sum: floor everything, then
    raise the largest fractional parts (or lower the smallest) until the sum is right."""
    base = np.clip(np.floor(value + 1e-9), lower, upper)
    need = round(float(seats - base.sum()))
    fraction = value - base
    if need > 0:
        candidates = np.nonzero(base < upper)[0]
        order = candidates[np.argsort(-fraction[candidates], kind="stable")]
        base[order[:need]] += 1
    elif need < 0:
        candidates = np.nonzero(base > lower)[0]
        order = candidates[np.argsort(fraction[candidates], kind="stable")]
        base[order[:-need]] -= 1
    rounded: FloatArray = base
    return rounded


def _best_swap(
    x: FloatArray,
    bounds: tuple[FloatArray, FloatArray],
    by_type: np.ndarray,
    activity: FloatArray,
    rows: tuple[FloatArray, FloatArray],
    rng: np.random.RandomState,
) -> tuple[int, int, float] | None:
    """The swap (a, b) that lowers the violation most, and its change (None: no move)."""
    lower, upper = bounds
    row_lower, row_upper = rows
    under = row_lower - activity > 0.5
    over = activity - row_upper > 0.5
    # Change of the violation when a row gains a seat (up) or loses one (down).
    up = (activity + 1 > row_upper + 0.5).astype(np.float32) - (activity < row_lower - 0.5)
    down = (activity - 1 < row_lower - 0.5).astype(np.float32) - (activity > row_upper + 0.5)
    both = up + down  # rows that a and b share do not change
    kink = np.nonzero(both)[0]
    givers = np.nonzero(x > lower)[0]
    takers = np.nonzero(x < upper)[0]
    # A move that helps puts b into an under-filled row or takes a out of an over-filled one.
    blocks = [(givers, takers[by_type[takers][:, under].any(axis=1)])]
    if over.any():
        blocks.append((givers[by_type[givers][:, over].any(axis=1)], takers))
    best: tuple[int, int, float] | None = None
    for give, take in blocks:
        if len(give) == 0 or len(take) == 0:
            continue
        a_rows, b_rows = by_type[give], by_type[take]
        delta = (a_rows @ down)[:, None] + (b_rows @ up)[None, :]
        if len(kink):
            delta -= (a_rows[:, kink] * both[kink]) @ b_rows[:, kink].T
        delta[give[:, None] == take[None, :]] = np.inf
        lowest = float(delta.min())
        if best is None or lowest < best[2] - 1e-6:
            ties = np.flatnonzero(delta <= lowest + 1e-6)
            pick = int(ties[rng.randint(len(ties))])
            best = (int(give[pick // len(take)]), int(take[pick % len(take)]), lowest)
    return best


def repair_quotas(
    x: FloatArray,
    bounds: tuple[FloatArray, FloatArray],
    matrix: FloatArray,
    rows: tuple[FloatArray, FloatArray],
    rng: np.random.RandomState,
) -> FloatArray | None:
    """Greedy swaps from the integer point x (within `bounds`, right number of seats) until
    every row of `matrix` lies within `rows`; None when stuck or out of moves."""
    x = x.copy()
    activity = matrix @ x
    by_type = np.ascontiguousarray(matrix.T, dtype=np.float32)
    row_lower, row_upper = rows
    for _ in range(REPAIR_MOVES):
        if not ((row_lower - activity > 0.5).any() or (activity - row_upper > 0.5).any()):
            return x
        move = _best_swap(x, bounds, by_type, activity, rows, rng)
        if move is None or move[2] > 1e-6:
            return None
        a, b, _ = move
        x[a] -= 1
        x[b] += 1
        activity += matrix[:, b] - matrix[:, a]
    return None
