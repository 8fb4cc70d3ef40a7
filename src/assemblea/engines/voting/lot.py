"""Deterministic drawing of lots.

Where a rule says "decided by lot", the engine orders the tied candidates by the SHA-256 of
``"<seed>|<context>|<candidate number>"`` and takes the first. The same seed, ballots and rule
give the same draw on every machine, and anyone can recompute it. A returning officer who
needs a real lot draws a public seed (e.g. dice at the count) and passes it; the result
reports every draw made.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

DEFAULT_SEED = "assemblea"


@dataclass(frozen=True)
class LotDraw:
    """One decision by lot: among whom, why, and who was drawn."""

    context: str
    tied: tuple[int, ...]
    chosen: int
    seed: str


def lot_key(seed: str, context: str, candidate: int) -> str:
    return hashlib.sha256(f"{seed}|{context}|{candidate}".encode()).hexdigest()


def lot_order(candidates: Iterable[int], seed: str, context: str) -> list[int]:
    """The candidates in the order the lot ranks them (first = drawn first)."""
    return sorted(candidates, key=lambda c: (lot_key(seed, context, c), c))


def draw(candidates: Iterable[int], seed: str, context: str) -> LotDraw:
    tied = tuple(sorted(candidates))
    chosen = lot_order(tied, seed, context)[0]
    return LotDraw(context=context, tied=tied, chosen=chosen, seed=seed)
