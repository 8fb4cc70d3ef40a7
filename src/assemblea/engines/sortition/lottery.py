"""A lottery anyone can check: M concrete panels, each drawn with probability 1/M.

Flanigan, Kehne, Procaccia, "Fair sortition made transparent" (NeurIPS 2021): round the optimal
distribution to a uniform lottery over M panels, losing as little fairness as possible.

1. Rounding (per type): choose integer multiplicities m_P (sum M) of the distribution's panels,
   each between floor(M lambda_P) and ceil(M lambda_P), minimising the largest deviation
   |sum_P m_P x_{P,t} / (M c_t) - pi_t| over types (an ILP in HiGHS, started from
   largest-remainder rounding, with a time limit; the best solution found is kept).
2. Concrete panels: within a type, members take seats in turn, in the order of SHA-256 of their
   id, so each member of type t sits in floor or ceil of S_t / c_t of the M panels. A person's
   lottery probability is (number of panels they sit in) / M, which anyone can count.
3. Draw: index = SHA-256("assemblea-sortition-draw/1" NUL lottery-digest NUL seed) as a
   big-endian integer, modulo M. The lottery digest is the SHA-256 of the panel list as compact
   JSON (UTF-8). Both are platform independent; `verify` recomputes them.
"""

from __future__ import annotations

import hashlib
import json
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

import highspy
import numpy as np

from .problem import FloatArray, IntArray
from .solver import INF, Distribution, StopCheck, check_stop, new_highs

DRAW_DOMAIN = b"assemblea-sortition-draw/1"
DEFAULT_LOTTERY_SIZE = 1000


@dataclass
class Lottery:
    panels: list[list[str]]  # M panels of person ids, in pool order within a panel
    digest: str
    person_probabilities: FloatArray  # panels containing the person / M, in pool order
    optimal_probabilities: FloatArray  # of the distribution it rounds
    eligible: list[int]  # pool indices of the people the lottery selects from
    rounding_seconds: float = 0.0
    rounding_method: str = ""

    @property
    def size(self) -> int:
        return len(self.panels)

    @property
    def fairness_loss(self) -> dict[str, float]:
        """How far the lottery is from the optimal distribution."""
        lottery = self.person_probabilities[self.eligible]
        optimal = self.optimal_probabilities[self.eligible]
        best = lottery_minimum_bound(float(optimal.min()), self.size)
        return {
            "optimal_min_probability": float(optimal.min()),
            "lottery_min_probability": float(lottery.min()),
            # A lottery is a distribution, so it cannot beat the optimum: a negative loss is
            # the optimum's own tolerance (about 1e-8), not a gain.
            "min_probability_loss": max(0.0, float(optimal.min() - lottery.min())),
            # Proven: no lottery of this many equally likely panels loses less.
            "min_probability_loss_bound": max(0.0, float(optimal.min()) - best),
            "max_abs_deviation": float(np.abs(lottery - optimal).max()),
        }


def lottery_digest(panels: Sequence[Sequence[str]]) -> str:
    text = json.dumps([list(p) for p in panels], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def normalise_seed(seed: str) -> str:
    """Seeds are compared as text: surrounding whitespace removed, inner runs of spaces kept as
    one space (so "12 07 33" read aloud and typed twice gives the same seed)."""
    return " ".join(seed.split())


def draw_index(digest: str, seed: str, size: int) -> int:
    """Index of the drawn panel: a platform-independent function of the lottery and the seed.

    The modulo bias of a 256-bit number reduced mod M <= 10^6 is below 10^-70.
    """
    message = DRAW_DOMAIN + b"\0" + digest.encode("ascii") + b"\0"
    message += normalise_seed(seed).encode("utf-8")
    return int.from_bytes(hashlib.sha256(message).digest(), "big") % size


# Seconds the ILP may spend improving the rounding when it does not meet the bound.
ILP_BUDGET = 0.3
# Rounds of the pair-swap local search after the rounding, and its time limit.
SWAP_ROUNDS = 200
SWAP_SECONDS = 0.4
# The whole rounding aims to finish within this (the ILP gets what is left of it).
ROUNDING_SECONDS = 0.8


@dataclass
class Rounding:
    """Multiplicities of the distribution's panels in the lottery, and how they were found."""

    multiplicities: IntArray
    method: str  # "exact", "pipage", "pipage+swaps", "pipage+swaps+ilp"
    bound_met: bool  # the lottery minimum is the best any lottery of this size can have
    ilp_seconds: float = 0.0


def lottery_minimum_bound(optimal_min: float, size: int) -> float:
    """The largest minimum probability any lottery of `size` equally likely panels can have.

    A person's lottery probability is (panels containing them) / size, a multiple of 1/size,
    and no distribution has a smaller person below the optimal minimum (LEXIMIN and MAXIMIN
    maximise it), so no lottery beats floor(size * optimal_min) / size."""
    return math.floor(size * optimal_min + 1e-6) / size


class _Rounder:
    """State of the rounding: seats per type S_t = sum_P m_P x_Pt against the targets."""

    def __init__(self, distribution: Distribution, size: int) -> None:
        self.panels = distribution.panels.astype(np.float64)
        counts = distribution.problem.counts.astype(np.float64)
        self.inv_counts = 1.0 / np.maximum(counts, 1.0)
        self.counts = counts
        self.target = distribution.type_probabilities * counts * size
        # Seats each type needs so that all its members reach the bound (floor(S_t/c_t) >= L).
        level = math.floor(size * distribution.min_probability + 1e-6)
        self.required = level * counts

    def score(self, deviation: FloatArray) -> FloatArray:
        """Lower is better; works on one deviation vector or a stack of them (last axis =
        types): a large penalty per seat short of the bound, then the largest deviation."""
        seats = self.target + deviation
        short = np.maximum(self.required - seats, 0.0) * self.inv_counts
        spread = np.abs(deviation) * self.inv_counts
        result: FloatArray = 1e3 * short.sum(axis=-1) + spread.max(axis=-1)
        return result

    def meets_bound(self, m: IntArray) -> bool:
        seats = m @ self.panels
        return bool((seats >= self.required - 1e-6).all())


def _pipage(rounder: _Rounder, scaled: FloatArray) -> IntArray:
    """Dependent (pipage) rounding of `scaled` (sum integral), derandomised: each step moves
    weight between two fractional panels until one is integral, in the direction that keeps
    the type deviations smaller (Gandhi, Khuller, Parthasarathy, Srinivasan, J. ACM 2006;
    used for sortition by Flanigan, Kehne, Procaccia, NeurIPS 2021). Every multiplicity ends
    at the floor or the ceiling of M lambda_P, and the total stays M."""
    base = np.floor(scaled)
    y = scaled - base
    y[y < 1e-12] = 0.0
    y[y > 1 - 1e-12] = 1.0
    deviation = (base + y) @ rounder.panels - rounder.target
    order = [int(i) for i in np.argsort(-y, kind="stable") if 0.0 < y[i] < 1.0]
    current = order.pop(0) if order else -1
    while order:
        other = order.pop(0)
        change = rounder.panels[current] - rounder.panels[other]
        up = min(1.0 - y[current], y[other])  # current up, other down
        down = min(y[current], 1.0 - y[other])  # current down, other up
        first = deviation + up * change
        second = deviation - down * change
        if rounder.score(first) <= rounder.score(second):
            y[current] += up
            y[other] -= up
            deviation = first
        else:
            y[current] -= down
            y[other] += down
            deviation = second
        for index in (current, other):
            if y[index] < 1e-9:
                y[index] = 0.0
            elif y[index] > 1 - 1e-9:
                y[index] = 1.0
        # Keep the one still fractional (at most one of the two is).
        if 0.0 < y[current] < 1.0:
            continue
        current = other if 0.0 < y[other] < 1.0 else (order.pop(0) if order else -1)
    m: IntArray = (base + np.rint(y)).astype(np.int64)
    return m


def _swaps(rounder: _Rounder, m: IntArray, low: IntArray, high: IntArray, rounds: int) -> IntArray:
    """Local search: move one panel's copy to another (each within floor/ceil) while that
    lowers the score, trying the panels that matter most for the worst type."""
    started = time.perf_counter()
    m = m.copy()
    panels = rounder.panels
    deviation = m @ panels - rounder.target
    score = float(rounder.score(deviation))
    for _ in range(rounds):
        if time.perf_counter() - started > SWAP_SECONDS:
            break
        seats = rounder.target + deviation
        short = np.maximum(rounder.required - seats, 0.0)
        if short.any():
            worst, sign = int(np.argmax(short * rounder.inv_counts)), 1.0
        else:
            spread = deviation * rounder.inv_counts
            worst = int(np.argmax(np.abs(spread)))
            sign = -1.0 if spread[worst] > 0 else 1.0  # 1: the type needs more seats
        can_drop = np.nonzero(m > low)[0]
        can_add = np.nonzero(m < high)[0]
        if len(can_drop) == 0 or len(can_add) == 0:
            break
        drop = can_drop[np.argsort(sign * panels[can_drop, worst], kind="stable")[:24]]
        add = can_add[np.argsort(-sign * panels[can_add, worst], kind="stable")[:24]]
        moves = panels[add][None, :, :] - panels[drop][:, None, :]
        scores = rounder.score(deviation + moves)
        for i, j in zip(*np.nonzero(drop[:, None] == add[None, :]), strict=True):
            scores[i, j] = INF
        best = np.unravel_index(int(np.argmin(scores)), scores.shape)
        if float(scores[best]) >= score - 1e-12:
            break
        i, j = int(drop[best[0]]), int(add[best[1]])
        m[i] -= 1
        m[j] += 1
        deviation = deviation + panels[j] - panels[i]
        score = float(scores[best])
    return m


def _ilp(
    rounder: _Rounder,
    start: IntArray,
    low: IntArray,
    high: IntArray,
    size: int,
    time_limit: float,
) -> IntArray | None:
    """Minimise seats short of the bound (weighted), then the largest deviation, by HiGHS
    within `time_limit` seconds, started from `start`; None if it found nothing better."""
    panels, counts, target = rounder.panels, rounder.counts, rounder.target
    n_panels, t_count = panels.shape
    h = new_highs(time_limit=time_limit, mip_rel_gap=1e-6)
    # Columns: m_P, then d, then one shortfall v_t per type.
    h.addVars(
        n_panels + 1 + t_count,
        np.concatenate([low.astype(np.float64), [0.0], np.zeros(t_count)]),
        np.concatenate([high.astype(np.float64), [INF], np.full(t_count, INF)]),
    )
    h.changeColsIntegrality(
        n_panels,
        np.arange(n_panels, dtype=np.int32),
        np.full(n_panels, highspy.HighsVarType.kInteger),
    )
    costs = np.concatenate([[1.0], 1e3 * rounder.inv_counts])
    h.changeColsCost(
        1 + t_count, np.arange(n_panels, n_panels + 1 + t_count, dtype=np.int32), costs
    )
    h.addRow(
        float(size), float(size), n_panels, np.arange(n_panels, dtype=np.int32), np.ones(n_panels)
    )
    for t in range(t_count):
        rows = np.nonzero(panels[:, t])[0]
        idx = np.append(rows, n_panels).astype(np.int32)
        # |sum m_P x_Pt - target_t| <= d * c_t  (d in units of probability times M)
        h.addRow(-INF, float(target[t]), len(idx), idx, np.append(panels[rows, t], -counts[t]))
        h.addRow(float(target[t]), INF, len(idx), idx, np.append(panels[rows, t], counts[t]))
        if rounder.required[t] > 0:
            short = np.append(rows, n_panels + 1 + t).astype(np.int32)
            h.addRow(
                float(rounder.required[t]), INF, len(short), short, np.append(panels[rows, t], 1.0)
            )
    deviation = start @ panels - target
    start_short = np.maximum(rounder.required - (target + deviation), 0.0)
    solution = highspy.HighsSolution()
    solution.col_value = [
        *start.astype(np.float64).tolist(),
        float(np.max(np.abs(deviation) * rounder.inv_counts)),
        *start_short.tolist(),
    ]
    h.setSolution(solution)
    h.run()
    values = np.asarray(h.getSolution().col_value)
    if len(values) != n_panels + 1 + t_count or not np.isfinite(values).all():
        return None
    m: IntArray = np.rint(values[:n_panels]).astype(np.int64)
    if int(m.sum()) != size or (m < low).any() or (m > high).any():
        return None
    return m


def round_to_lottery(
    distribution: Distribution,
    size: int,
    time_limit: float = ILP_BUDGET,
    should_stop: StopCheck | None = None,
) -> Rounding:
    """Integer multiplicities m (sum `size`, each the floor or ceiling of size * lambda_P).

    Pipage rounding first, then pair swaps; the ILP runs (within `time_limit` seconds) only
    when the result does not yet reach `lottery_minimum_bound`."""
    started = time.perf_counter()
    weights = distribution.weights
    n_panels = len(weights)
    if n_panels == 1:
        return Rounding(np.array([size], dtype=np.int64), "exact", True)
    scaled = weights * size
    low = np.floor(scaled + 1e-9).astype(np.int64)
    high = np.ceil(scaled - 1e-9).astype(np.int64)
    rounder = _Rounder(distribution, size)
    if int(low.sum()) == size:
        m = low
        return Rounding(m, "exact", rounder.meets_bound(m))
    m = _pipage(rounder, scaled)
    m = np.clip(m, low, high)
    # Floating point can leave the total off by one: fix it on the largest remainders.
    while int(m.sum()) < size:
        room = np.nonzero(m < high)[0]
        m[room[int(np.argmax((scaled - m)[room]))]] += 1
    while int(m.sum()) > size:
        room = np.nonzero(m > low)[0]
        m[room[int(np.argmin((scaled - m)[room]))]] -= 1
    method = "pipage"
    if not rounder.meets_bound(m) or float(rounder.score(m @ rounder.panels - rounder.target)) > 1:
        m = _swaps(rounder, m, low, high, SWAP_ROUNDS)
        method = "pipage+swaps"
    if rounder.meets_bound(m):
        return Rounding(m, method, True)
    check_stop(should_stop)
    budget = min(time_limit, ROUNDING_SECONDS - (time.perf_counter() - started))
    if budget < 0.05:
        return Rounding(m, method, False)
    wider_low, wider_high = np.maximum(low - 1, 0), high + 1
    mark = time.perf_counter()
    # The ILP may move each multiplicity one further than floor/ceil: still a lottery over the
    # same panels, with more room to reach the bound.
    improved = _ilp(rounder, m, wider_low, wider_high, size, budget)
    seconds = time.perf_counter() - mark
    if improved is not None:
        old = float(rounder.score(m @ rounder.panels - rounder.target))
        new = float(rounder.score(improved @ rounder.panels - rounder.target))
        if new < old - 1e-12:
            m = improved
            method += "+ilp"
    return Rounding(m, method, rounder.meets_bound(m), seconds)


def round_multiplicities(
    distribution: Distribution, size: int, time_limit: float = ILP_BUDGET
) -> IntArray:
    """Integer multiplicities m (sum `size`) of the distribution's panels (see
    `round_to_lottery`)."""
    return round_to_lottery(distribution, size, time_limit).multiplicities


def member_order(ids: Sequence[str], members: Sequence[int]) -> list[int]:
    """Seat-taking order within a type: by SHA-256 of the id (not by position in the file)."""
    return sorted(members, key=lambda p: (hashlib.sha256(ids[p].encode("utf-8")).digest(), p))


def build_lottery(
    distribution: Distribution,
    ids: Sequence[str],
    size: int = DEFAULT_LOTTERY_SIZE,
    time_limit: float = ILP_BUDGET,
    *,
    should_stop: StopCheck | None = None,
) -> Lottery:
    """Round `distribution` to `size` concrete panels of person ids."""
    started = time.perf_counter()
    problem = distribution.problem
    rounding = round_to_lottery(distribution, size, time_limit, should_stop)
    multiplicities = rounding.multiplicities
    orders = [member_order(ids, members) for members in problem.members]
    pointers = [0] * problem.n_types
    seats_taken = np.zeros(len(ids), dtype=np.int64)
    panels: list[list[str]] = []
    for panel, times in zip(distribution.panels, multiplicities, strict=True):
        types = np.nonzero(panel)[0]
        for _ in range(int(times)):
            chosen: list[int] = []
            for t in types:
                order = orders[t]
                count = len(order)
                start = pointers[t]
                chosen.extend(order[(start + i) % count] for i in range(int(panel[t])))
                pointers[t] = (start + int(panel[t])) % count
            chosen.sort()
            seats_taken[chosen] += 1
            panels.append([ids[p] for p in chosen])
    optimal = distribution.person_probabilities()
    return Lottery(
        panels=panels,
        digest=lottery_digest(panels),
        person_probabilities=seats_taken / size,
        optimal_probabilities=optimal,
        eligible=problem.eligible,
        rounding_seconds=time.perf_counter() - started,
        rounding_method=rounding.method,
    )


def draw(lottery_panels: Sequence[Sequence[str]], seed: str) -> tuple[int, list[str]]:
    """The panel the seed selects: (index, ids)."""
    digest = lottery_digest(lottery_panels)
    index = draw_index(digest, seed, len(lottery_panels))
    return index, list(lottery_panels[index])
