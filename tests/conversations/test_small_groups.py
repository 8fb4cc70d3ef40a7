"""A group of one or two people on the public map: its split and its representative
statements would be those people's own votes, so they are not published."""

from __future__ import annotations

import numpy as np

from assemblea.conversations.maps import snapshot_data
from assemblea.engines.opinion import OpinionMap, VoteMatrix
from assemblea.engines.opinion.stats import Pick


def _map(labels: list[int]) -> tuple[OpinionMap, VoteMatrix]:
    n = len(labels)
    rows = np.repeat(np.arange(n), 2)
    cols = np.tile(np.arange(2), n)
    values = np.array([1 if labels[r] == 0 else -1 for r in rows], dtype=np.int8)
    matrix = VoteMatrix([str(i) for i in range(n)], ["1", "2"], rows, cols, values)
    k = max(labels) + 1
    agree = np.array(
        [[sum(1 for r in range(n) if labels[r] == g and g == 0)] * 2 for g in range(k)]
    )
    disagree = np.array(
        [[sum(1 for r in range(n) if labels[r] == g and g != 0)] * 2 for g in range(k)]
    )
    result = OpinionMap(
        too_small="",
        projections=np.zeros((n, 2)),
        clustered=np.ones(n, dtype=bool),
        labels=np.array(labels),
        centers=np.zeros((k, 2)),
        k=k,
        silhouette=0.5,
        representative=[[Pick(statement=0, side="agree", score=1.0, p=0.9)] for _g in range(k)],
        consensus=[],
        divisive=[],
        means=np.zeros(2),
        comps=np.zeros((2, 2)),
        counts=(agree.astype(float), disagree.astype(float), (agree + disagree).astype(float)),
        active=np.ones(2, dtype=bool),
    )
    return result, matrix


class _Statement:
    def __init__(self, number: int) -> None:
        self.number = number


def test_a_group_of_two_shows_on_the_map_but_not_how_it_voted() -> None:
    result, matrix = _map([0, 0, 0, 0, 0, 1, 1])
    data = snapshot_data(result, matrix, list(range(7)), [_Statement(1), _Statement(2)])  # type: ignore[list-item]
    big, small = data["groups"]
    assert (big["size"], big["withheld"], len(big["representative"])) == (5, False, 1)
    assert (small["size"], small["withheld"], small["representative"]) == (2, True, [])
    assert data["counts"]["1"] == [[5, 0, 0], None]
    # Everyone's total still counts every vote.
    assert data["totals"]["1"] == [5, 2, 0]
