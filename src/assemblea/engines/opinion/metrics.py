"""Adjusted Rand index (Hubert and Arabie 1985) between two labellings."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np


def adjusted_rand(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    if len(a) != len(b):
        raise ValueError("labellings of different lengths")
    _, ia = np.unique(np.asarray([str(x) for x in a]), return_inverse=True)
    _, ib = np.unique(np.asarray([str(x) for x in b]), return_inverse=True)
    table = np.zeros((ia.max() + 1 if len(a) else 1, ib.max() + 1 if len(b) else 1))
    np.add.at(table, (ia, ib), 1)

    def pairs(x: np.ndarray) -> float:
        return float((x * (x - 1) / 2).sum())

    index, rows, cols, total = (
        pairs(table),
        pairs(table.sum(1)),
        pairs(table.sum(0)),
        pairs(np.array([len(a)])),
    )
    expected = rows * cols / total if total else 0.0
    top = (rows + cols) / 2
    return 1.0 if top == expected else (index - expected) / (top - expected)
