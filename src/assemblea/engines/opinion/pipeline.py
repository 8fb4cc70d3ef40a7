"""The opinion-map pipeline: vote matrix -> PCA (2-D, sparsity-aware) ->
groups (k by silhouette, 2..5) -> repness, group-informed consensus, divisive statements.
`vote_update` re-projects and re-assigns after one vote from the previous map."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .cluster import kmeans, silhouette
from .matrix import FloatArray, IntArray, VoteMatrix
from .pca import column_means, components, project
from .stats import Pick, consensus, divisive, group_counts, repness

MIN_VOTES = 7  # Polis: participants with fewer votes are placed but not clustered
MIN_IN_CONV = 15  # Polis tops the clustered set up to 15 with the heaviest voters
MIN_PARTICIPANTS = 10  # fewer clustered participants: too small to map
MIN_STATEMENTS = 3
K_RANGE = (2, 5)
SILHOUETTE_SAMPLE = 3000


@dataclass
class OpinionMap:
    too_small: str  # "" when mapped, else why the conversation is too small to cluster
    projections: FloatArray  # participants x 2
    clustered: np.ndarray  # bool: used to form the groups
    labels: IntArray  # group per participant (nearest group centre), -1 if too small
    centers: FloatArray  # groups x 2
    k: int
    silhouette: float
    representative: list[list[Pick]]
    consensus: list[Pick]
    divisive: list[Pick]
    means: FloatArray
    comps: FloatArray
    counts: tuple[FloatArray, FloatArray, FloatArray]
    active: np.ndarray  # statements used (not moderated out)
    scale: tuple[int, int] = (0, 0)  # statements with votes, of which moderated out


def _in_conv(n_votes: IntArray, n_active: int) -> np.ndarray:
    mask = n_votes >= min(MIN_VOTES, n_active)
    if mask.sum() < MIN_IN_CONV:
        top = np.argsort(-n_votes, kind="stable")[:MIN_IN_CONV]
        mask[top[n_votes[top] > 0]] = True
    return mask


def _groups(points: FloatArray, seed: int) -> tuple[FloatArray, int, float]:
    """k-means on the clustered participants for k in K_RANGE, the best silhouette wins (as
    red-dwarf: it agrees better with Polis' recorded groups than base clusters do here). The
    silhouette is measured on a seeded sample of at most SILHOUETTE_SAMPLE participants."""
    rng = np.random.default_rng(seed)
    sample = np.sort(rng.permutation(len(points))[:SILHOUETTE_SAMPLE])
    best: tuple[float, int, FloatArray] = (-2.0, 0, points[:1])
    for k in range(K_RANGE[0], min(K_RANGE[1], len(points) - 1) + 1):
        labels, centers = kmeans(points, k, seed)
        score = silhouette(points[sample], labels[sample])
        if score > best[0] + 1e-12:
            best = (score, k, centers)
    return _order(best[2], points), best[1], best[0]


def _order(centers: FloatArray, points: FloatArray) -> FloatArray:
    """Groups numbered by size, largest first (stable labels for a seed)."""
    sizes = np.bincount(_nearest(points, centers), minlength=len(centers))
    out: FloatArray = centers[np.lexsort((centers[:, 0], -sizes))]
    return out


def _nearest(points: FloatArray, centers: FloatArray) -> IntArray:
    out: IntArray = ((points[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)
    return out


def _empty(
    m: VoteMatrix,
    reason: str,
    proj: FloatArray,
    mask: np.ndarray,
    active: np.ndarray,
    means: FloatArray,
    comps: FloatArray,
) -> OpinionMap:
    zero = np.zeros((0, len(m.statements)))
    return OpinionMap(
        reason,
        proj,
        mask,
        np.full(len(m.participants), -1),
        np.zeros((0, 2)),
        0,
        0.0,
        [],
        [],
        [],
        means,
        comps,
        (zero, zero, zero),
        active,
    )


def opinion_map(m: VoteMatrix, seed: int = 0) -> OpinionMap:
    n, d = m.shape
    active = np.ones(d, dtype=bool)
    active[list(m.moderated_out)] = False
    values = m.values.astype(np.float64)
    means = column_means(m.cols, values, d)
    use = active[m.cols]
    rows, cols = m.rows[use], m.cols[use]
    z = values[use] - means[cols]
    n_active = int(active.sum())
    comps = (
        components(rows, cols, z, (n, d), seed) if n_active >= 2 and len(z) else np.zeros((2, d))
    )
    voted = np.bincount(m.cols, minlength=d) > 0
    scale = (int(voted.sum()), int((voted & ~active).sum()))
    proj = project(rows, cols, z, comps, n, *scale)
    mask = _in_conv(np.bincount(m.rows, minlength=n), scale[0])
    reason = ""
    if n_active < MIN_STATEMENTS:
        reason = f"only {n_active} statements to vote on (at least {MIN_STATEMENTS})"
    elif mask.sum() < MIN_PARTICIPANTS:
        reason = (
            f"only {int(mask.sum())} participants with enough votes (at least {MIN_PARTICIPANTS})"
        )
    if reason:
        return replace(_empty(m, reason, proj, mask, active, means, comps), scale=scale)
    centers, k, score = _groups(proj[mask], seed)
    labels = _nearest(proj, centers)
    result = _finish(m, proj, mask, labels, centers, k, score, means, comps, active)
    return replace(result, scale=scale)


def _finish(
    m: VoteMatrix,
    proj: FloatArray,
    mask: np.ndarray,
    labels: IntArray,
    centers: FloatArray,
    k: int,
    score: float,
    means: FloatArray,
    comps: FloatArray,
    active: np.ndarray,
) -> OpinionMap:
    counted = np.where(mask, labels, -1)
    counts = group_counts(counted, m.rows, m.cols, m.values.astype(np.int64), k, len(m.statements))
    return _stats(
        OpinionMap(
            "", proj, mask, labels, centers, k, score, [], [], [], means, comps, counts, active
        )
    )


def _stats(result: OpinionMap) -> OpinionMap:
    agree, disagree, seen = result.counts
    _, cons = consensus(agree, seen, result.active)
    return replace(
        result,
        representative=repness(agree, disagree, seen, result.active),
        consensus=cons,
        divisive=divisive(agree, seen, result.active),
    )


def vote_update(
    prev: OpinionMap, m: VoteMatrix, participant: int, statement: int, value: int
) -> OpinionMap:
    """Record one vote in `m` (in place; the latest wins) and update the map from `prev`:
    that participant is re-projected with the previous axes and re-assigned to the nearest
    group; the group counts change by that one vote. Axes and groups are kept (a full
    `opinion_map` in the background refreshes them)."""
    before = np.flatnonzero(m.rows == participant)
    old_cols, old_vals = m.cols[before].tolist(), m.values[before].tolist()
    hit = before[m.cols[before] == statement]
    if len(hit):
        m.values[hit[0]] = value
    else:
        m.rows = np.append(m.rows, participant)
        m.cols = np.append(m.cols, statement)
        m.values = np.append(m.values, np.int8(value))
    if prev.too_small:
        return prev
    mine = np.flatnonzero(m.rows == participant)
    cols = m.cols[mine]
    use = prev.active[cols]
    z = m.values[mine][use].astype(np.float64) - prev.means[cols[use]]
    n_cols, zeroed = prev.scale
    point = (z @ prev.comps[:, cols[use]].T) * np.sqrt(n_cols / max(1, len(z) + zeroed))
    proj = prev.projections.copy()
    proj[participant] = point
    mask = prev.clustered.copy()
    mask[participant] = mask[participant] or len(mine) >= min(MIN_VOTES, n_cols)
    labels = prev.labels.copy()
    labels[participant] = int(_nearest(point[None, :], prev.centers)[0])
    agree, disagree, seen = (a.copy() for a in prev.counts)
    if prev.clustered[participant]:
        for c, v in zip(old_cols, old_vals, strict=True):
            _move(agree, disagree, seen, int(prev.labels[participant]), c, v, -1)
    if mask[participant]:
        for c, v in zip(cols.tolist(), m.values[mine].tolist(), strict=True):
            _move(agree, disagree, seen, int(labels[participant]), c, v, +1)
    return _stats(
        replace(
            prev, projections=proj, clustered=mask, labels=labels, counts=(agree, disagree, seen)
        )
    )


def _move(
    agree: FloatArray, disagree: FloatArray, seen: FloatArray, g: int, c: int, v: int, sign: int
) -> None:
    seen[g, c] += sign
    if v == 1:
        agree[g, c] += sign
    elif v == -1:
        disagree[g, c] += sign
