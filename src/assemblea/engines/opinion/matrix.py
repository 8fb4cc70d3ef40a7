"""The participant x statement vote matrix, stored sparse (coordinates of the cast votes)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass
class VoteMatrix:
    """Votes as coordinates: `rows[i]` voted `values[i]` (1 agree, -1 disagree, 0 pass) on
    statement `cols[i]`. One entry per (participant, statement): the latest vote."""

    participants: list[str]
    statements: list[str]
    rows: IntArray
    cols: IntArray
    values: npt.NDArray[np.int8]
    moderated_out: set[int] = field(default_factory=set)

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.participants), len(self.statements)

    @classmethod
    def from_events(
        cls,
        participants: list[str],
        statements: list[str],
        rows: npt.ArrayLike,
        cols: npt.ArrayLike,
        values: npt.ArrayLike,
        moderated_out: set[int] | None = None,
    ) -> VoteMatrix:
        """Build from vote events in time order: for a (participant, statement) voted more
        than once, the last event wins (as in Polis)."""
        r = np.asarray(rows, dtype=np.int64)
        c = np.asarray(cols, dtype=np.int64)
        v = np.asarray(values, dtype=np.int8)
        key = r * max(1, len(statements)) + c
        # last occurrence of each key: unique on the reversed array
        _, first_rev = np.unique(key[::-1], return_index=True)
        keep = np.sort(len(key) - 1 - first_rev)
        return cls(participants, statements, r[keep], c[keep], v[keep], set(moderated_out or ()))

    def votes_per_participant(self) -> IntArray:
        return np.bincount(self.rows, minlength=len(self.participants)).astype(np.int64)

    def dense(self) -> FloatArray:
        """Dense matrix with NaN for a missing vote (small conversations and tests only)."""
        out = np.full(self.shape, np.nan)
        out[self.rows, self.cols] = self.values
        return out
