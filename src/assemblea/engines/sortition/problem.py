"""The selection problem over *types*: people with the same quota profile and no household tie.

Two people with the same value in every quota category, neither of whom shares a household with
anyone else in the pool, are interchangeable: swapping them maps every valid panel to a valid
panel. Every fairness objective used here is symmetric, so its optimum gives them the same
selection probability and the problem can be solved over types, with an integer count per type
in each panel, instead of one binary variable per person. A pool of 10,000 people with 8 quota
categories typically has a few hundred to a few thousand types.

People who share a household with someone else in the pool are each a type of their own, and
each household adds the rule "at most one of these types".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .io import Pool, QuotaSet

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]


@dataclass
class Problem:
    """Panels are integer vectors x with 0 <= x <= counts, sum(x) = seats, lower <= A x <= upper."""

    counts: IntArray  # (T,) people per type
    quota_matrix: IntArray  # (Q, T) 1 when type t has the value of quota q
    lower: IntArray  # (Q,)
    upper: IntArray  # (Q,)
    seats: int
    households: list[list[int]]  # groups of types of which at most one may be selected
    members: list[list[int]]  # person indices (into the pool) of each type
    profiles: list[tuple[str, ...]]  # quota values of each type
    quota_keys: list[tuple[str, str]]  # (category, value) of each quota row
    original_lower: IntArray  # (Q,) quotas as written (before seats already taken)
    original_upper: IntArray  # (Q,)
    n_people: int  # size of the pool the member indices refer to (including excluded people)

    @property
    def n_types(self) -> int:
        return len(self.counts)

    @property
    def pool_size(self) -> int:
        return int(self.counts.sum())

    @property
    def eligible(self) -> list[int]:
        """Pool indices of the people this problem selects from, in pool order."""
        return sorted(p for people in self.members for p in people)

    def person_probabilities(self, type_probabilities: FloatArray) -> FloatArray:
        """Probability of every person of the pool (0 for people excluded from the problem)."""
        out = np.zeros(self.n_people, dtype=np.float64)
        for t, people in enumerate(self.members):
            out[people] = type_probabilities[t]
        return out

    def is_valid_panel(self, x: Sequence[int] | IntArray) -> bool:
        vector = np.asarray(x, dtype=np.int64)
        if vector.shape != self.counts.shape:
            return False
        if (vector < 0).any() or (vector > self.counts).any() or int(vector.sum()) != self.seats:
            return False
        totals = self.quota_matrix @ vector
        if (totals < self.lower).any() or (totals > self.upper).any():
            return False
        return all(int(vector[group].sum()) <= 1 for group in self.households)


def household_groups(keys: Sequence[str] | None) -> list[list[int]]:
    """Person indices of every household with two or more pool members (blank keys ignored)."""
    if keys is None:
        return []
    groups: dict[str, list[int]] = {}
    for person, key in enumerate(keys):
        if key.replace("\x1f", "").strip():
            groups.setdefault(key, []).append(person)
    return [people for people in groups.values() if len(people) > 1]


def build_problem(
    pool: Pool,
    quotas: QuotaSet,
    seats: int,
    exclude: Sequence[int] = (),
    bound_shift: dict[tuple[str, str], int] | None = None,
) -> Problem:
    """Aggregate the pool into types.

    `exclude` removes people (by pool index) from the pool; `bound_shift` subtracts, per
    (category, value), a number of seats already taken (used to draw replacements).
    """
    excluded = set(exclude)
    tied: set[int] = set()
    person_groups = household_groups(pool.households)
    for group in person_groups:
        tied.update(group)
    type_of_profile: dict[tuple[str, ...], int] = {}
    members: list[list[int]] = []
    profiles: list[tuple[str, ...]] = []
    type_of_person: dict[int, int] = {}
    for person, profile in enumerate(pool.profiles):
        if person in excluded:
            continue
        if person in tied:
            type_of_person[person] = len(members)
            members.append([person])
            profiles.append(profile)
            continue
        t = type_of_profile.get(profile)
        if t is None:
            t = len(members)
            type_of_profile[profile] = t
            members.append([])
            profiles.append(profile)
        members[t].append(person)
        type_of_person[person] = t
    households = []
    for group in person_groups:
        types = [type_of_person[p] for p in group if p not in excluded]
        if len(types) > 1:
            households.append(types)
    keys = [(q.category, q.value) for q in quotas.quotas]
    position = {category: i for i, category in enumerate(pool.categories)}
    matrix = np.zeros((len(keys), len(members)), dtype=np.int64)
    for q, (category, value) in enumerate(keys):
        column = position[category]
        for t, profile in enumerate(profiles):
            if profile[column] == value:
                matrix[q, t] = 1
    shift = bound_shift or {}
    lower = np.array(
        [max(0, q.min - shift.get(k, 0)) for q, k in zip(quotas.quotas, keys, strict=True)]
    )
    upper = np.array([q.max - shift.get(k, 0) for q, k in zip(quotas.quotas, keys, strict=True)])
    return Problem(
        counts=np.array([len(m) for m in members], dtype=np.int64),
        quota_matrix=matrix,
        lower=lower.astype(np.int64),
        upper=upper.astype(np.int64),
        seats=seats,
        households=households,
        members=members,
        profiles=profiles,
        quota_keys=keys,
        original_lower=np.array([q.min for q in quotas.quotas], dtype=np.int64),
        original_upper=np.array([q.max for q in quotas.quotas], dtype=np.int64),
        n_people=len(pool),
    )
