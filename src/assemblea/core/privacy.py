"""The one rule for publishing facts about people as counts.

Anything about members or registrants that is not their own public name (lottery answers,
balancing values, seat categories on secret ballots) is published only as counts of a
group, and a count below `SMALL_CELL_MINIMUM` is withheld: a cell of one or two people,
joined with a public list of names, tells who answered what. docs/opendata.md states the
number; every public table, page and file that counts people uses `counts_suppressed`.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TypeVar

SMALL_CELL_MINIMUM = 3

Key = TypeVar("Key", bound=Hashable)


def count_is_publishable(count: int) -> bool:
    """Zero (nobody) and counts of at least SMALL_CELL_MINIMUM may be shown."""
    return count == 0 or count >= SMALL_CELL_MINIMUM


def counts_suppressed(counts: Mapping[Key, int]) -> dict[Key, int | None]:
    """`counts` with each small cell replaced by None ("fewer than 3").

    If exactly one cell is withheld, the total would give it away, so the next smallest
    cell is withheld too (the usual complementary suppression)."""
    shown: dict[Key, int | None] = {
        key: (count if count_is_publishable(count) else None) for key, count in counts.items()
    }
    withheld = [key for key, value in shown.items() if value is None]
    if len(withheld) == 1:
        others = sorted(
            (count, index)
            for index, (key, count) in enumerate(counts.items())
            if shown[key] is not None and count > 0
        )
        if others:
            smallest_index = others[0][1]
            shown[list(counts)[smallest_index]] = None
    return shown
