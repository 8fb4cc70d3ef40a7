"""Small cells are withheld, and a lone withheld cell cannot be recovered from the total."""

from __future__ import annotations

from assemblea.core.privacy import SMALL_CELL_MINIMUM, count_is_publishable, counts_suppressed


def test_counts_below_the_minimum_are_withheld_and_zero_is_shown() -> None:
    assert SMALL_CELL_MINIMUM == 3
    assert [count_is_publishable(n) for n in range(5)] == [True, False, False, True, True]
    shown = counts_suppressed({"woman": 12, "man": 10, "non-binary": 1, "other": 2, "none": 0})
    assert shown == {"woman": 12, "man": 10, "non-binary": None, "other": None, "none": 0}


def test_a_single_withheld_cell_takes_the_next_smallest_with_it() -> None:
    shown = counts_suppressed({"18-29": 9, "30-49": 20, "50-64": 7, "65+": 1})
    assert shown == {"18-29": 9, "30-49": 20, "50-64": None, "65+": None}


def test_nothing_is_withheld_when_every_cell_is_large() -> None:
    assert counts_suppressed({"a": 3, "b": 4}) == {"a": 3, "b": 4}
