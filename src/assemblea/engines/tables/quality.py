"""How good a plan is: diversity of every table and how often the same people meet again."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .model import Encoded, FloatArray, IntArray, Member, Plan, encode, session_assignment


@dataclass(frozen=True)
class Quality:
    """Quality of a plan (docs/tables.md defines every figure).

    * `worst_deviation`: the largest, over sessions, tables and categories, total-variation
      distance between a table's shares of the category's values and the shares among the members
      present in that session (0 = the table mirrors the room; 1 = nothing in common).
      `worst_at` = (session, table, category) where it occurs.
    * `mean_deviation`: the same distance averaged over sessions, tables and categories.
    * `repeated_pairs`: sum over pairs of members of (sessions they shared a table − 1) where
      positive, so a pair seated together three times counts 2.
    * `pairs_met_again`: pairs seated together in more than one session (each counted once).
    * `met_min`, `met_mean`: distinct other members each member sits with over all sessions.
    * `deviation_floor`: a lower bound on `worst_deviation` for any plan with these table
      sizes: the largest, over sessions, table sizes and categories, distance between the mix
      and its best rounding to that many seats.
    """

    worst_deviation: float
    deviation_floor: float
    worst_at: tuple[int, int, str]
    mean_deviation: float
    worst_by_category: dict[str, float]
    table_deviation: tuple[tuple[float, ...], ...]
    repeated_pairs: int
    pairs_met_again: int
    most_meetings: int
    met_min: int
    met_mean: float

    def summary(self) -> str:
        session, table, category = self.worst_at
        return (
            f"worst table deviation {self.worst_deviation:.3f} (session {session + 1}, "
            f"table {table + 1}, {category}; floor {self.deviation_floor:.3f}); "
            f"mean {self.mean_deviation:.3f}; "
            f"repeated pairs {self.repeated_pairs} ({self.pairs_met_again} pairs met again); "
            f"distinct people met min {self.met_min}, mean {self.met_mean:.1f}"
        )


def quality(plan: Plan, members: Sequence[Member]) -> Quality:
    """Evaluate `plan` for `members` (the same list given to `allocate`)."""
    return evaluate(encode(members, plan.categories), plan)


def table_deviations(
    encoded: Encoded, present: IntArray, table: IntArray, count: int
) -> FloatArray:
    """`dev[t, c]`: total-variation distance of table t from the session's mix on category c."""
    x = encoded.onehot[present]
    mix = x.mean(axis=0)
    seats = np.zeros((count, len(present)))
    seats[table, np.arange(len(present))] = 1.0
    sizes = seats.sum(axis=1)
    shares = (seats @ x) / np.maximum(sizes, 1.0)[:, None]
    gap = np.abs(shares - mix[None, :])
    offsets = encoded.offsets
    dev = np.stack(
        [0.5 * gap[:, offsets[c] : offsets[c + 1]].sum(axis=1) for c in range(len(offsets) - 1)],
        axis=1,
    )
    dev[sizes == 0, :] = 0.0
    return dev


def rounding_floor(mix: FloatArray, size: int, offsets: list[int]) -> float:
    """The smallest worst-category distance any table of `size` seats can have from `mix`.

    Per category the closest counts in L1 are the floors of size × share plus one seat for each
    of the largest remainders (largest-remainder rounding).
    """
    worst = 0.0
    for c in range(len(offsets) - 1):
        ideal = size * mix[offsets[c] : offsets[c + 1]]
        counts = np.floor(ideal + 1e-12)
        left = round(float(size - counts.sum()))
        if left > 0:
            counts[np.argsort(-(ideal - counts), kind="stable")[:left]] += 1.0
        worst = max(worst, 0.5 * float(np.abs(counts - ideal).sum()) / size)
    return worst


def meetings(encoded: Encoded, plan: Plan) -> IntArray:
    """`m[i, j]`: sessions in which members i and j share a table (0 on the diagonal)."""
    n = len(encoded.ids)
    met = np.zeros((n, n), dtype=np.int64)
    for s in range(len(plan.sessions)):
        present, table = session_assignment(encoded, plan, s)
        seats = np.zeros((n, len(plan.sessions[s])), dtype=np.int64)
        seats[present, table] = 1
        met += seats @ seats.T
    np.fill_diagonal(met, 0)
    return met


def evaluate(encoded: Encoded, plan: Plan) -> Quality:
    worst = -1.0
    worst_at = (0, 0, encoded.categories[0])
    total = 0.0
    cells = 0
    floor = 0.0
    by_category = dict.fromkeys(encoded.categories, 0.0)
    per_table: list[tuple[float, ...]] = []
    for s, session in enumerate(plan.sessions):
        present, table = session_assignment(encoded, plan, s)
        dev = table_deviations(encoded, present, table, len(session))
        per_table.append(tuple(float(v) for v in dev.max(axis=1)))
        mix = encoded.onehot[present].mean(axis=0)
        for size in set(np.bincount(table, minlength=len(session)).tolist()) - {0}:
            floor = max(floor, rounding_floor(mix, size, encoded.offsets))
        total += float(dev.sum())
        cells += dev.size
        for c, name in enumerate(encoded.categories):
            by_category[name] = max(by_category[name], float(dev[:, c].max()))
        t, c = divmod(int(np.argmax(dev)), dev.shape[1])
        if dev[t, c] > worst + 1e-12:
            worst = float(dev[t, c])
            worst_at = (s, t, encoded.categories[c])
    met = meetings(encoded, plan)
    upper = np.triu(met, k=1)
    distinct = (met > 0).sum(axis=1)
    return Quality(
        worst_deviation=max(worst, 0.0),
        deviation_floor=floor,
        worst_at=worst_at,
        mean_deviation=total / max(cells, 1),
        worst_by_category=by_category,
        table_deviation=tuple(per_table),
        repeated_pairs=int(np.maximum(upper - 1, 0).sum()),
        pairs_met_again=int((upper > 1).sum()),
        most_meetings=int(upper.max(initial=0)),
        met_min=int(distinct.min()) if len(distinct) else 0,
        met_mean=float(distinct.mean()) if len(distinct) else 0.0,
    )
