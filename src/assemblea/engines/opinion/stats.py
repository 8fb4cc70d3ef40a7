"""Per-group statistics: Polis' representativeness (repness), group-informed consensus and
the most divisive statements. Counts are (groups x statements) arrays."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .matrix import FloatArray, IntArray

Z90 = 1.2816  # one-sided 90 %, as Polis
PICK = 5


@dataclass(frozen=True)
class Pick:
    statement: int
    side: str  # "agree" | "disagree"
    score: float
    p: float  # smoothed probability of that side in the group (or the product, for consensus)


def group_counts(
    labels: IntArray, rows: IntArray, cols: IntArray, values: IntArray, k: int, n_cols: int
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Agrees, disagrees and votes (passes included) per group and statement; rows whose
    label is -1 (not clustered) are left out."""
    g = labels[rows]
    keep = g >= 0
    key = g[keep] * n_cols + cols[keep]
    v = values[keep]
    size = k * n_cols
    agree = np.bincount(key, weights=(v == 1), minlength=size).reshape(k, n_cols).astype(np.float64)
    disagree_flat = np.bincount(key, weights=(v == -1), minlength=size)
    disagree = disagree_flat.reshape(k, n_cols).astype(np.float64)
    seen = np.bincount(key, minlength=size).reshape(k, n_cols).astype(np.float64)
    return agree, disagree, seen


def _one_prop(succ: FloatArray, n: FloatArray) -> FloatArray:
    out: FloatArray = 2 * np.sqrt(n + 1) * ((succ + 1) / (n + 1) - 0.5)
    return out


def _two_prop(
    s_in: FloatArray, s_out: FloatArray, n_in: FloatArray, n_out: FloatArray
) -> FloatArray:
    s1, s2, n1, n2 = s_in + 1, s_out + 1, n_in + 1, n_out + 1
    p1, p2 = s1 / n1, s2 / n2
    ph = (s1 + s2) / (n1 + n2)
    den = np.sqrt(ph * (1 - ph) * (1 / n1 + 1 / n2))
    out: FloatArray = np.divide(p1 - p2, den, out=np.zeros_like(p1), where=den > 0)
    return out


def repness(
    agree: FloatArray, disagree: FloatArray, seen: FloatArray, active: np.ndarray
) -> list[list[Pick]]:
    """Up to PICK representative statements per group (agree first), as Polis selects them."""
    out = []
    for g in range(agree.shape[0]):
        sides = []
        for side, succ in (("agree", agree), ("disagree", disagree)):
            s_in, n_in = succ[g], seen[g]
            s_out, n_out = succ.sum(axis=0) - s_in, seen.sum(axis=0) - n_in
            p = (s_in + 1) / (n_in + 2)
            r = p / ((s_out + 1) / (n_out + 2))
            zp, zr = _one_prop(s_in, n_in), _two_prop(s_in, s_out, n_in, n_out)
            ok = (zp > Z90) & (zr > Z90) & active & (n_in > 0)
            sides.append((side, r * zr * p * zp, ok, p))
        picks = [
            Pick(int(c), side, float(metric[c]), float(p[c]))
            for side, metric, ok, p in sides
            for c in np.flatnonzero(ok)
        ]
        best: dict[int, Pick] = {}
        for pick in picks:
            if pick.statement not in best or pick.score > best[pick.statement].score:
                best[pick.statement] = pick
        chosen = sorted(best.values(), key=lambda q: (-q.score, q.statement))[:PICK]
        if not chosen:
            metric = np.where(active & (seen[g] > 0), sides[0][1], -np.inf)
            c = int(np.argmax(metric))
            if np.isfinite(metric[c]):
                chosen = [Pick(c, "agree", float(metric[c]), float(sides[0][3][c]))]
        out.append(sorted(chosen, key=lambda q: (q.side != "agree", -q.score, q.statement)))
    return out


def consensus(
    agree: FloatArray, seen: FloatArray, active: np.ndarray
) -> tuple[FloatArray, list[Pick]]:
    """Group-informed consensus: product over groups of (A_g + 1) / (S_g + 2); top PICK."""
    gac = np.prod((agree + 1) / (seen + 2), axis=0)
    gac = np.where(active & (seen.sum(axis=0) > 0), gac, 0.0)
    order = np.lexsort((np.arange(len(gac)), -gac))[:PICK]
    return gac, [Pick(int(c), "agree", float(gac[c]), float(gac[c])) for c in order if gac[c] > 0]


def divisive(agree: FloatArray, seen: FloatArray, active: np.ndarray) -> list[Pick]:
    """Statements whose smoothed agree rate differs most between groups (max - min)."""
    p = (agree + 1) / (seen + 2)
    spread = np.where(active & (seen.min(axis=0) > 0), p.max(axis=0) - p.min(axis=0), -1.0)
    order = np.lexsort((np.arange(len(spread)), -spread))[:PICK]
    return [
        Pick(int(c), "agree", float(spread[c]), float(spread[c])) for c in order if spread[c] > 0
    ]
