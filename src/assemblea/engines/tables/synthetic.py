"""A seeded synthetic assembly for benchmarks, tests and demos (skewed like a real one)."""

from __future__ import annotations

import numpy as np

from .model import Member

#: Category -> (value, share in the population). Small groups on purpose: they are the hard part.
PROFILE: dict[str, tuple[tuple[str, float], ...]] = {
    "gender": (("woman", 0.50), ("man", 0.47), ("non-binary", 0.03)),
    "age": (("16-29", 0.20), ("30-44", 0.25), ("45-59", 0.25), ("60-74", 0.20), ("75+", 0.10)),
    "area": (("city", 0.55), ("suburb", 0.30), ("rural", 0.15)),
    "education": (("school", 0.35), ("vocational", 0.30), ("degree", 0.35)),
    "housing": (("owner", 0.60), ("renter", 0.35), ("other", 0.05)),
}


def synthetic_assembly(size: int = 100, seed: int = 0) -> list[Member]:
    """`size` members with ids m001, m002, ... and the five categories of `PROFILE`."""
    rng = np.random.default_rng(seed)
    columns = {}
    for category, values in PROFILE.items():
        names = [name for name, _ in values]
        shares = np.array([share for _, share in values])
        columns[category] = rng.choice(names, size=size, p=shares / shares.sum())
    width = max(3, len(str(size)))
    return [
        Member(f"m{i + 1:0{width}d}", {c: str(columns[c][i]) for c in PROFILE}) for i in range(size)
    ]
