"""Seat members at tables, session by session: diverse tables, few repeated encounters.

Four methods share the same checks, pins and table sizes:

* `random`: shuffle and fill the tables (the baseline any organizer can do by hand).
* `round_robin`: stratified dealing. Sort members by their category profile (the category
  order rotates each session, ties broken at random) and deal them around the tables in snake
  order (1..T, T..1, ...), the table order shuffled each session.
* `greedy`: members in random order each take the table, among those with room, where they add
  least to the objective below (one pass, no revision).
* `optimise` (default): start from `greedy`; descend by the best pair swap within a session
  until none lowers the objective; a seeded tabu search over the sessions (the best swap not
  recently made, even uphill; the best plan seen is kept); last, a repair of each session's
  worst table deviation by swaps that add almost no repeated encounter. See docs/tables.md.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .errors import TablesError
from .model import (
    Encoded,
    FloatArray,
    IntArray,
    Member,
    Plan,
    Session,
    SessionSpec,
    build_sessions,
    encode,
    seed_int,
    session_assignment,
    to_session,
)

METHODS = ("optimise", "greedy", "round_robin", "random")

#: Tabu search: rounds over all sessions, steps per session per round, minimum tenure.
TABU_ROUNDS = 12
TABU_STEPS = 25
TABU_TENURE = 2

#: Encounter cost one repair swap may add to lower the worst table deviation (about two
#: repeated encounters).
REPAIR_SLACK = 3.0

#: Weight of one extra meeting of the same pair against the pair-count term's tie-breaker.
CROWDING = 0.1


@dataclass
class _Seating:
    """One session being optimised: present members, their tables, and the diversity gaps."""

    spec: SessionSpec
    table: IntArray  # table of each present member (aligned with spec.present)
    x: FloatArray  # one-hot values of the present members
    target: FloatArray  # sizes[t] * session mix, per table and value
    gap: FloatArray  # counts - target, per table and value
    free: IntArray  # positions (in spec.present) that may move
    distance_free: FloatArray  # |x_i - x_k|^2 between free members

    @property
    def count(self) -> int:
        return len(self.spec.sizes)


def allocate(
    members: Sequence[Member],
    categories: Sequence[str] | Mapping[str, Collection[str]],
    sessions: int,
    tables: int | None = None,
    *,
    table_size: tuple[int, int] | None = None,
    pinned: Mapping[str, int] | None = None,
    pinned_by_session: Mapping[int, Mapping[str, int]] | None = None,
    absent: Mapping[int, Collection[str]] | None = None,
    keep: Sequence[Session] = (),
    seed: int | str = 0,
    method: str = "optimise",
    effort: float = 1.0,
    diversity_weight: float = 0.5,
    repair_slack: float = REPAIR_SLACK,
) -> Plan:
    """Seat `members` at tables for `sessions` sessions (numbered from 0).

    Give either `tables` (the same number every session) or `table_size=(low, high)` (the
    number of tables is chosen per session from who is present). Table sizes within a session
    differ by at most one. `pinned` maps a member id to a table for every session they attend;
    `pinned_by_session[s]` adds or overrides pins for session s. `absent[s]` lists members who
    miss session s. `keep` holds sessions already held: they stay as they are (and count for
    repeated pairs), and only the sessions after them are seated. The result is deterministic
    for a given `seed`; `effort` scales the number of tabu-search rounds (0: descent only).
    `diversity_weight` weighs diversity against repeated encounters in the search, and
    `repair_slack` is the encounter cost each final swap may add to lower the worst table
    (docs/tables.md).
    """
    if method not in METHODS:
        raise TablesError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    if len(keep) > sessions:
        raise TablesError(f"{len(keep)} sessions to keep but only {sessions} sessions")
    encoded = encode(members, categories)
    specs = build_sessions(
        encoded,
        sessions,
        tables,
        table_size,
        pinned or {},
        pinned_by_session or {},
        absent or {},
    )
    seed_value = seed_int(seed)
    rng = np.random.default_rng(seed_value)
    held = Plan(tuple(keep), encoded.categories, method, seed_value)
    met = np.zeros((len(encoded.ids), len(encoded.ids)))
    for s in range(len(keep)):
        present, table = session_assignment(encoded, held, s)
        _meet(met, present, table, len(keep[s]), 1.0)
    seatings: list[_Seating] = []
    for s in range(len(keep), sessions):
        spec = specs[s]
        if method == "random":
            table = _deal_random(spec, rng)
        elif method == "round_robin":
            table = _deal_round_robin(spec, encoded, s, rng)
        else:
            table = _deal_greedy(spec, encoded, met, rng, diversity_weight)
        seating = _seating(encoded, spec, table)
        _meet(met, spec.present, table, seating.count, 1.0)
        seatings.append(seating)
    if method == "optimise" and seatings:
        search = _Search(seatings, met, rng, diversity_weight, encoded.offsets)
        search.slack = repair_slack
        search.run(effort)
    new = tuple(to_session(encoded, s.spec.present, s.table, s.count) for s in seatings)
    return Plan((*held.sessions, *new), encoded.categories, method, seed_value)


def _deal_random(spec: SessionSpec, rng: np.random.Generator) -> IntArray:
    table, free, room = _with_pins(spec)
    slots = np.repeat(np.arange(len(room)), room)
    table[rng.permutation(free)] = slots
    return table


def _deal_round_robin(
    spec: SessionSpec, encoded: Encoded, session: int, rng: np.random.Generator
) -> IntArray:
    table, free, room = _with_pins(spec)
    codes = encoded.codes[spec.present[free]]
    n_categories = codes.shape[1]
    order = [(session + c) % n_categories for c in range(n_categories)]
    keys = [rng.random(len(free)), *(codes[:, c] for c in reversed(order))]
    ranked = free[np.lexsort(keys)]
    tables = rng.permutation(len(room))
    snake = np.concatenate([tables, tables[::-1]])
    step = 0
    for position in ranked:
        while room[snake[step % len(snake)]] == 0:
            step += 1
        chosen = snake[step % len(snake)]
        table[position] = chosen
        room[chosen] -= 1
        step += 1
    return table


def _deal_greedy(
    spec: SessionSpec,
    encoded: Encoded,
    met: FloatArray,
    rng: np.random.Generator,
    diversity_weight: float,
) -> IntArray:
    """Members in random order each take the table with room where they add the least to the
    objective: squared diversity gaps plus the people already met there."""
    table, free, room = _with_pins(spec)
    x = encoded.onehot[spec.present]
    seated = np.zeros((len(spec.sizes), len(encoded.ids)))
    pinned = np.flatnonzero(table >= 0)
    seated[table[pinned], spec.present[pinned]] = 1.0
    gap = seated[:, spec.present] @ x - spec.sizes[:, None] * x.mean(axis=0)[None, :]
    for position in rng.permutation(free):
        member = spec.present[position]
        cost = diversity_weight * (gap @ x[position] * 2.0 + x[position].sum())
        cost += seated @ ((met[member] >= 1.0) + CROWDING * met[member])
        cost[room == 0] = np.inf
        chosen = int(np.argmin(cost))
        table[position] = chosen
        room[chosen] -= 1
        gap[chosen] += x[position]
        seated[chosen, member] = 1.0
    return table


def _with_pins(spec: SessionSpec) -> tuple[IntArray, IntArray, IntArray]:
    """Tables with the pinned members placed (-1 elsewhere), the free positions, seats left."""
    position = {int(i): p for p, i in enumerate(spec.present)}
    table = np.full(len(spec.present), -1, dtype=np.int64)
    for member, t in spec.pins.items():
        table[position[member]] = t
    free = np.flatnonzero(table < 0)
    room = spec.sizes - np.bincount(table[table >= 0], minlength=len(spec.sizes))
    return table, free, room.astype(np.int64)


def _seats(table: IntArray, count: int) -> FloatArray:
    seats = np.zeros((len(table), count))
    seats[np.arange(len(table)), table] = 1.0
    return seats


def _meet(met: FloatArray, present: IntArray, table: IntArray, count: int, sign: float) -> None:
    seats = _seats(table, count)
    together = seats @ seats.T
    np.fill_diagonal(together, 0.0)
    met[np.ix_(present, present)] += sign * together


def _gain(met: FloatArray) -> FloatArray:
    """f(m + 1) - f(m) of the encounter penalty, elementwise (0 for m = 0)."""
    gain: FloatArray = (met >= 1.0) + CROWDING * met
    return gain


def _loss(met: FloatArray) -> FloatArray:
    """f(m) - f(m - 1) of the encounter penalty, elementwise (0 for m = 0)."""
    loss: FloatArray = (met >= 2.0) + CROWDING * np.maximum(met - 1.0, 0.0)
    return loss


def _total_variation(gap: FloatArray, offsets: Sequence[int]) -> FloatArray:
    """Total-variation distance per category (last axis) from share gaps (values on the last
    axis, category c owning `offsets[c]:offsets[c + 1]`)."""
    parts = [
        0.5 * np.abs(gap[..., offsets[c] : offsets[c + 1]]).sum(axis=-1)
        for c in range(len(offsets) - 1)
    ]
    return np.stack(parts, axis=-1)


def _seating(encoded: Encoded, spec: SessionSpec, table: IntArray) -> _Seating:
    x = encoded.onehot[spec.present]
    target = spec.sizes[:, None] * x.mean(axis=0)[None, :]
    gap = _seats(table, len(spec.sizes)).T @ x - target
    pinned = np.array([int(i) in spec.pins for i in spec.present], dtype=bool)
    square = (x * x).sum(axis=1)
    distance = square[:, None] + square[None, :] - 2.0 * (x @ x.T)
    free = np.flatnonzero(~pinned)
    return _Seating(spec, table, x, target, gap, free, distance[np.ix_(free, free)])


class _Search:
    """Local search over all sessions on diversity gaps plus repeated encounters.

    Objective = diversity_weight × Σ_sessions Σ_tables Σ_values (count − size × mix)²
              + Σ_pairs f(m), f(m) = max(0, m − 1) + CROWDING × m(m − 1)/2,
    where m is the number of sessions a pair shares a table.
    """

    def __init__(
        self,
        seatings: list[_Seating],
        met: FloatArray,
        rng: np.random.Generator,
        diversity_weight: float,
        offsets: Sequence[int],
    ) -> None:
        self.offsets = offsets
        self.slack = REPAIR_SLACK
        self.seatings = seatings
        self.met = met
        self.gain, self.loss = _gain(met), _loss(met)
        self.rng = rng
        self.weight = diversity_weight

    def objective(self) -> float:
        spread = sum(float((s.gap**2).sum()) for s in self.seatings)
        m = np.triu(self.met, k=1)
        pairs = float(np.maximum(m - 1.0, 0.0).sum() + CROWDING * (m * (m - 1.0) / 2.0).sum())
        return self.weight * spread + pairs

    def run(self, effort: float) -> None:
        """Descend, then tabu search session by session; keep the best plan seen."""
        self.descend_all()
        current = best = self.objective()
        saved = self.snapshot()
        tabu = [np.zeros(len(s.spec.present), dtype=np.int64) for s in self.seatings]
        step = 0
        for _ in range(round(effort * TABU_ROUNDS)):
            for s in self.rng.permutation(len(self.seatings)):
                seating = self.seatings[int(s)]
                for _ in range(TABU_STEPS):
                    found = self.deltas(seating)
                    if found is None:
                        break
                    delta, free = found
                    step += 1
                    blocked = tabu[int(s)][free] > step
                    allowed = delta + current < best - 1e-9
                    delta[blocked[:, None] & ~allowed] = np.inf
                    delta[blocked[None, :] & ~allowed] = np.inf
                    i, k = divmod(int(np.argmin(delta)), len(free))
                    if not np.isfinite(delta[i, k]):
                        break
                    current += float(delta[i, k])
                    self.swap(seating, int(free[i]), int(free[k]))
                    tenure = TABU_TENURE + self.rng.integers(0, TABU_TENURE, size=2)
                    tabu[int(s)][free[[i, k]]] = step + tenure
                    if current < best - 1e-9:
                        best = current
                        saved = self.snapshot()
        self.restore(saved)
        self.repair()

    def snapshot(self) -> tuple[list[IntArray], list[FloatArray], FloatArray]:
        return (
            [s.table.copy() for s in self.seatings],
            [s.gap.copy() for s in self.seatings],
            self.met.copy(),
        )

    def restore(self, saved: tuple[list[IntArray], list[FloatArray], FloatArray]) -> None:
        tables, gaps, self.met = saved
        self.gain, self.loss = _gain(self.met), _loss(self.met)
        for seating, table, gap in zip(self.seatings, tables, gaps, strict=True):
            seating.table, seating.gap = table, gap

    def descend_all(self) -> None:
        improved = True
        while improved:
            improved = False
            for seating in self.seatings:
                improved = self.descend(seating) or improved

    def descend(self, seating: _Seating) -> bool:
        """Best-improvement pair swaps in one session until none lowers the objective."""
        moved = False
        while (found := self.deltas(seating)) is not None:
            delta, free = found
            i, k = divmod(int(np.argmin(delta)), len(free))
            if not delta[i, k] < -1e-9:
                break
            self.swap(seating, int(free[i]), int(free[k]))
            moved = True
        return moved

    def deltas(self, seating: _Seating) -> tuple[FloatArray, IntArray] | None:
        """Change of the objective for swapping free members i and k (inf: same table), and
        the free positions; None when nobody can move."""
        free = seating.free
        if len(free) < 2 or seating.count < 2:
            return None
        table = seating.table[free]
        x = seating.x[free]
        # Diversity: swapping i (table A) and k (table B) changes the gaps by
        # 2 (g_A - g_B)·(x_k - x_i) + 2 |x_i - x_k|^2.
        gt = (seating.gap @ x.T)[table]
        own = np.diagonal(gt)
        spread = 2.0 * (gt + gt.T - own[:, None] - own[None, :] + seating.distance_free)
        delta = self.weight * spread + self.pair_deltas(seating)
        delta[table[:, None] == table[None, :]] = np.inf
        return delta, free

    def pair_deltas(self, seating: _Seating) -> FloatArray:
        """Change of the encounter term for swapping free members i and k (different tables).

        f(m+1) - f(m) when a pair starts sharing a table, f(m-1) - f(m) when it stops. Pinned
        members count as companions but do not move.
        """
        free, present = seating.free, seating.spec.present
        table = seating.table[free]
        gain, loss = self.gain[present[free]], self.loss[present[free]]
        if len(present) < len(self.met):
            gain, loss = gain[:, present], loss[:, present]
        seats = _seats(seating.table, seating.count)
        joined = (gain @ seats)[:, table]
        left = (loss @ seats)[np.arange(len(free)), table]
        gain_ik = gain[:, free]
        pairs: FloatArray = joined + joined.T - gain_ik - gain_ik.T - left[:, None] - left[None, :]
        return pairs

    def repair(self) -> None:
        """Lower the worst table deviation over all sessions, one swap at a time.

        Each step takes the session holding the worst (table, category) total-variation
        distance and makes the swap, between a free member of that table and a free member
        elsewhere, that lowers the larger deviation of the two tables the most, provided it
        adds at most `self.slack` to the encounter term. It stops when the worst session
        cannot improve.
        """
        worst = [self.worst_deviation(seating) for seating in self.seatings]
        for _ in range(10 * sum(len(seating.free) for seating in self.seatings)):
            s = int(np.argmax(worst))
            if not self.repair_step(self.seatings[s], worst[s]):
                return
            worst[s] = self.worst_deviation(self.seatings[s])

    def worst_deviation(self, seating: _Seating) -> float:
        sizes = seating.spec.sizes.astype(np.float64)
        return float(_total_variation(seating.gap / sizes[:, None], self.offsets).max())

    def repair_step(self, seating: _Seating, worst: float) -> bool:
        free, offsets = seating.free, self.offsets
        if len(free) < 2 or seating.count < 2:
            return False
        sizes = seating.spec.sizes.astype(np.float64)
        mix = seating.target[0] / sizes[0]
        deviation = _total_variation(seating.gap / sizes[:, None], offsets)
        a = int(np.argmax(deviation.max(axis=1)))
        table = seating.table[free]
        mine = np.flatnonzero(table == a)
        others = np.flatnonzero(table != a)
        if len(mine) == 0 or len(others) == 0:
            return False
        change = seating.x[free[others]][None, :, :] - seating.x[free[mine]][:, None, :]
        b = table[others]
        counts_a = seating.gap[a] + seating.target[a] + change
        counts_b = seating.gap[b] + seating.target[b] - change
        new_a = _total_variation(counts_a / sizes[a] - mix, offsets).max(axis=-1)
        new_b = _total_variation(counts_b / sizes[b][:, None] - mix, offsets).max(axis=-1)
        after = np.maximum(new_a, new_b)
        pairs = self.pair_deltas(seating)[np.ix_(mine, others)]
        after[pairs > self.slack + 1e-9] = np.inf
        i, k = divmod(int(np.argmin(after)), after.shape[1])
        if not after[i, k] < worst - 1e-9:
            return False
        self.swap(seating, int(free[mine[i]]), int(free[others[k]]))
        return True

    def swap(self, seating: _Seating, i: int, k: int) -> None:
        """Swap the present members at positions i and k (different tables) of a session."""
        a, b = int(seating.table[i]), int(seating.table[k])
        present = seating.spec.present
        at_a = present[(seating.table == a) & (np.arange(len(present)) != i)]
        at_b = present[(seating.table == b) & (np.arange(len(present)) != k)]
        mi, mk = int(present[i]), int(present[k])
        for member, leave, join in ((mi, at_a, at_b), (mk, at_b, at_a)):
            self.met[member, leave] -= 1.0
            self.met[leave, member] -= 1.0
            self.met[member, join] += 1.0
            self.met[join, member] += 1.0
        touched = np.concatenate([at_a, at_b])
        for member in (mi, mk):
            met = self.met[member, touched]
            self.gain[member, touched] = self.gain[touched, member] = _gain(met)
            self.loss[member, touched] = self.loss[touched, member] = _loss(met)
        change = seating.x[k] - seating.x[i]
        seating.gap[a] += change
        seating.gap[b] -= change
        seating.table[i], seating.table[k] = b, a
