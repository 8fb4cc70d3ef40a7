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
from collections.abc import Sequence
from dataclasses import dataclass

import highspy
import numpy as np

from .problem import FloatArray, IntArray
from .solver import INF, Distribution, new_highs

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

    @property
    def size(self) -> int:
        return len(self.panels)

    @property
    def fairness_loss(self) -> dict[str, float]:
        """How far the lottery is from the optimal distribution."""
        lottery = self.person_probabilities[self.eligible]
        optimal = self.optimal_probabilities[self.eligible]
        return {
            "optimal_min_probability": float(optimal.min()),
            "lottery_min_probability": float(lottery.min()),
            "min_probability_loss": float(optimal.min() - lottery.min()),
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


def round_multiplicities(
    distribution: Distribution, size: int, time_limit: float = 10.0
) -> IntArray:
    """Integer multiplicities m (sum `size`) of the distribution's panels, fairness-optimal."""
    weights = distribution.weights
    panels = distribution.panels.astype(np.float64)
    counts = distribution.problem.counts.astype(np.float64)
    target = distribution.type_probabilities * counts * size  # seats of type t over M panels
    scaled = weights * size
    base = np.floor(scaled).astype(np.int64)
    # Largest remainder start.
    start = base.copy()
    order = np.argsort(-(scaled - base), kind="stable")
    start[order[: size - int(base.sum())]] += 1
    n_panels = len(weights)
    if n_panels == 1:
        return np.array([size], dtype=np.int64)
    h = new_highs(time_limit=time_limit, mip_rel_gap=1e-6)
    # Columns: m_P (P), then d.
    lower = np.append(base.astype(np.float64), 0.0)
    upper = np.append(np.ceil(scaled), INF)
    h.addVars(n_panels + 1, lower, upper)
    h.changeColsIntegrality(
        n_panels,
        np.arange(n_panels, dtype=np.int32),
        np.full(n_panels, highspy.HighsVarType.kInteger),
    )
    h.changeColCost(n_panels, 1.0)
    all_panels = np.arange(n_panels, dtype=np.int32)
    h.addRow(float(size), float(size), n_panels, all_panels, np.ones(n_panels))
    for t in range(len(counts)):
        rows = np.nonzero(panels[:, t])[0]
        idx = np.append(rows, n_panels).astype(np.int32)
        # |sum m_P x_Pt - target_t| <= d * c_t  (d in units of probability times M)
        h.addRow(-INF, float(target[t]), len(idx), idx, np.append(panels[rows, t], -counts[t]))
        h.addRow(float(target[t]), INF, len(idx), idx, np.append(panels[rows, t], counts[t]))
    start_d = float(np.max(np.abs(start @ panels - target) / counts)) if len(counts) else 0.0
    solution = highspy.HighsSolution()
    solution.col_value = [*start.astype(np.float64).tolist(), start_d]
    h.setSolution(solution)
    h.run()
    values = np.asarray(h.getSolution().col_value)
    if len(values) != n_panels + 1 or not np.isfinite(values).all():
        return start
    m = np.rint(values[:n_panels]).astype(np.int64)
    if int(m.sum()) != size or (m < 0).any():
        return start
    found_d = float(np.max(np.abs(m @ panels - target) / counts))
    return m if found_d <= start_d + 1e-9 else start


def member_order(ids: Sequence[str], members: Sequence[int]) -> list[int]:
    """Seat-taking order within a type: by SHA-256 of the id (not by position in the file)."""
    return sorted(members, key=lambda p: (hashlib.sha256(ids[p].encode("utf-8")).digest(), p))


def build_lottery(
    distribution: Distribution,
    ids: Sequence[str],
    size: int = DEFAULT_LOTTERY_SIZE,
    time_limit: float = 10.0,
) -> Lottery:
    """Round `distribution` to `size` concrete panels of person ids."""
    import time

    started = time.perf_counter()
    problem = distribution.problem
    multiplicities = round_multiplicities(distribution, size, time_limit)
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
    )


def draw(lottery_panels: Sequence[Sequence[str]], seed: str) -> tuple[int, list[str]]:
    """The panel the seed selects: (index, ids)."""
    digest = lottery_digest(lottery_panels)
    index = draw_index(digest, seed, len(lottery_panels))
    return index, list(lottery_panels[index])
