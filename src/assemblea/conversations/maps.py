"""The opinion map of a conversation: requested by votes (debounced), computed by the
engine in a background task from the vote matrix, stored as a snapshot.

`map_request` is what a vote costs: one UPDATE that flips `map_pending` from false to true,
and, only when it did, one task enqueued after commit (to run MAP_INTERVAL later with the
database workers). The task clears the flag first, so a
vote cast while the map is being computed enqueues the next computation: at most one waits.
"""

from __future__ import annotations

import datetime
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone

from assemblea.conversations.models import (
    Conversation,
    MapSnapshot,
    Statement,
    StatementStatus,
    Vote,
)
from assemblea.core.privacy import SMALL_CELL_MINIMUM
from assemblea.engines.opinion import OpinionMap, VoteMatrix, opinion_map
from assemblea.engines.opinion.pipeline import MIN_PARTICIPANTS, MIN_STATEMENTS

SEED = 0
GROUP_LABELS = "ABCDE"
MAX_POINTS = 5000  # points drawn on the map; the counts always use every participant
MAP_INTERVAL = 5  # seconds a requested map waits, with database workers (map_enqueue)


def map_enqueue(conversation_id: int) -> None:
    """Enqueue the map's computation: MAP_INTERVAL from now where the task backend can
    defer (the database workers of production), so that under a stream of votes the map
    is redrawn about every MAP_INTERVAL rather than back to back, on the cores the votes
    need; at once where it cannot (in-process backends, tests)."""
    from assemblea.conversations.tasks import map_recompute

    if map_recompute.get_backend().supports_defer:
        later = timezone.now() + datetime.timedelta(seconds=MAP_INTERVAL)
        map_recompute.using(run_after=later).enqueue(conversation_id)
    else:
        map_recompute.enqueue(conversation_id)


def map_request(conversation: Conversation) -> bool:
    """Ask for the map to be recomputed; True when this call enqueued the task."""
    flipped = Conversation.objects.filter(pk=conversation.pk, map_pending=False).update(
        map_pending=True
    )
    if flipped:
        pk = conversation.pk
        transaction.on_commit(lambda: map_enqueue(pk))
    return bool(flipped)


def _matrix(conversation: Conversation) -> tuple[VoteMatrix, list[int], list[Statement]]:
    statements = list(Statement.objects.filter(conversation=conversation).order_by("number"))
    s_index = {s.pk: i for i, s in enumerate(statements)}
    rows = list(
        Vote.objects.filter(statement__conversation=conversation)
        .order_by("participant__number")
        .values_list("participant__number", "statement_id", "value")
    )
    numbers = sorted({r[0] for r in rows})
    p_index = {n: i for i, n in enumerate(numbers)}
    matrix = VoteMatrix(
        [str(n) for n in numbers],
        [str(s.number) for s in statements],
        np.fromiter((p_index[r[0]] for r in rows), dtype=np.int64, count=len(rows)),
        np.fromiter((s_index[r[1]] for r in rows), dtype=np.int64, count=len(rows)),
        np.fromiter((r[2] for r in rows), dtype=np.int8, count=len(rows)),
        {i for i, s in enumerate(statements) if s.status == StatementStatus.REJECTED},
    )
    return matrix, numbers, statements


def _too_small(result: OpinionMap, matrix: VoteMatrix) -> tuple[str, dict[str, int]]:
    if not result.too_small:
        return "", {}
    active = len(matrix.statements) - len(matrix.moderated_out)
    if active < MIN_STATEMENTS:
        return "few_statements", {"have": active, "need": MIN_STATEMENTS}
    return "few_participants", {"have": int(result.clustered.sum()), "need": MIN_PARTICIPANTS}


def _pick(numbers: list[int], pick: Any) -> dict[str, Any]:
    return {"statement": numbers[pick.statement], "side": pick.side, "p": round(pick.p, 3)}


def _points(result: OpinionMap, numbers: list[int]) -> list[list[float]]:
    """[number, x, y, group, clustered] per participant, x and y scaled into [-1, 1]."""
    proj = result.projections
    if not len(proj):
        return []
    scale = float(np.abs(proj).max()) or 1.0
    step = max(1, -(-len(proj) // MAX_POINTS))
    return [
        [
            numbers[i],
            round(float(proj[i, 0]) / scale, 3),
            round(float(proj[i, 1]) / scale, 3),
            int(result.labels[i]) if result.k else -1,
            int(bool(result.clustered[i])),
        ]
        for i in range(0, len(proj), step)
    ]


def _totals(matrix: VoteMatrix, statements: list[Statement]) -> dict[str, list[int]]:
    n = len(statements)
    values = matrix.values.astype(np.int64)
    agree = np.bincount(matrix.cols, weights=values == 1, minlength=n)
    disagree = np.bincount(matrix.cols, weights=values == -1, minlength=n)
    passed = np.bincount(matrix.cols, weights=values == 0, minlength=n)
    return {
        str(s.number): [int(agree[i]), int(disagree[i]), int(passed[i])]
        for i, s in enumerate(statements)
    }


def snapshot_data(
    result: OpinionMap, matrix: VoteMatrix, numbers: list[int], statements: list[Statement]
) -> dict[str, Any]:
    s_numbers = [s.number for s in statements]
    agree, disagree, seen = result.counts
    sizes = [int(((result.labels == g) & result.clustered).sum()) for g in range(result.k)]
    # A group of one or two people: its split and its representative statements would be
    # their own votes, so neither is published (the group still shows on the map).
    small = [size < SMALL_CELL_MINIMUM for size in sizes]
    groups = [
        {
            "label": GROUP_LABELS[g],
            "size": sizes[g],
            "withheld": small[g],
            "representative": []
            if small[g]
            else [_pick(s_numbers, p) for p in result.representative[g]],
        }
        for g in range(result.k)
    ]
    counts = {
        str(number): [
            None
            if small[g]
            else [
                int(agree[g, i]),
                int(disagree[g, i]),
                int(seen[g, i] - agree[g, i] - disagree[g, i]),
            ]
            for g in range(result.k)
        ]
        for i, number in enumerate(s_numbers)
    }
    return {
        "groups": groups,
        "points": _points(result, numbers),
        "consensus": [_pick(s_numbers, p) for p in result.consensus],
        "divisive": [_pick(s_numbers, p) for p in result.divisive],
        "counts": counts,
        "totals": _totals(matrix, statements),
    }


def map_compute(conversation_id: int) -> MapSnapshot | None:
    """Compute the map from every vote now stored and keep it as the snapshot."""
    Conversation.objects.filter(pk=conversation_id).update(map_pending=False)
    conversation = Conversation.objects.filter(pk=conversation_id).first()
    if conversation is None:
        return None
    matrix, numbers, statements = _matrix(conversation)
    result = opinion_map(matrix, seed=SEED)
    code, params = _too_small(result, matrix)
    data = snapshot_data(result, matrix, numbers, statements)
    data["too_small_params"] = params
    snapshot, _created = MapSnapshot.objects.update_or_create(
        conversation=conversation,
        defaults={
            "computed_at": timezone.now(),
            "vote_count": len(matrix.rows),
            "participant_count": len(numbers),
            "too_small": code,
            "data": data,
        },
    )
    return snapshot
