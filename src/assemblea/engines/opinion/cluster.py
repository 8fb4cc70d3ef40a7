"""Seeded k-means (k-means++ start, weighted Lloyd) and weighted silhouette, in NumPy."""

from __future__ import annotations

import numpy as np

from .matrix import FloatArray, IntArray

N_INIT = 5
MAX_ITER = 100


def _sqdist(x: FloatArray, c: FloatArray) -> FloatArray:
    d: FloatArray = (x * x).sum(1)[:, None] - 2 * x @ c.T + (c * c).sum(1)[None, :]
    return np.maximum(d, 0.0)


def _plus_plus(x: FloatArray, w: FloatArray, k: int, rng: np.random.Generator) -> FloatArray:
    centers = [x[rng.choice(len(x), p=w / w.sum())]]
    nearest = _sqdist(x, np.array(centers))[:, 0]
    for _ in range(1, k):
        d = nearest * w
        total = d.sum()
        idx = rng.choice(len(x), p=d / total) if total > 0 else int(rng.integers(len(x)))
        centers.append(x[idx])
        nearest = np.minimum(nearest, _sqdist(x, x[idx : idx + 1])[:, 0])
    return np.array(centers)


def kmeans(
    x: FloatArray, k: int, seed: int, weights: FloatArray | None = None, n_init: int = N_INIT
) -> tuple[IntArray, FloatArray]:
    """Labels and centres of the best of `n_init` seeded runs (lowest weighted inertia)."""
    w = np.ones(len(x)) if weights is None else weights
    rng = np.random.default_rng(seed)
    best: tuple[float, IntArray, FloatArray] | None = None
    for _ in range(n_init):
        centers = _plus_plus(x, w, k, rng)
        labels = np.zeros(len(x), dtype=np.int64)
        for it in range(MAX_ITER):
            new = _sqdist(x, centers).argmin(axis=1)
            if it and np.array_equal(new, labels):
                break
            labels = new
            mass = np.bincount(labels, weights=w, minlength=k)
            for d in range(x.shape[1]):
                s = np.bincount(labels, weights=w * x[:, d], minlength=k)
                centers[:, d] = np.where(mass > 0, s / np.maximum(mass, 1e-300), centers[:, d])
        inertia = float((_sqdist(x, centers)[np.arange(len(x)), labels] * w).sum())
        if best is None or inertia < best[0] - 1e-12:
            best = (inertia, labels, centers.copy())
    assert best is not None
    return best[1], best[2]


def silhouette(x: FloatArray, labels: IntArray, weights: FloatArray | None = None) -> float:
    """Weighted mean silhouette (each point counts `weights[i]` times)."""
    w = np.ones(len(x)) if weights is None else weights
    k = int(labels.max()) + 1
    if k < 2:
        return -1.0
    dist = np.sqrt(_sqdist(x, x))
    onehot = np.zeros((len(x), k))
    onehot[np.arange(len(x)), labels] = w
    mass = onehot.sum(axis=0)
    sums = dist @ onehot  # weighted distance of each point to each cluster
    own = mass[labels] - 1.0  # the point itself (weight 1 of its w) at distance 0
    a = np.divide(sums[np.arange(len(x)), labels], own, out=np.zeros(len(x)), where=own > 0)
    other = np.where(
        np.arange(k)[None, :] == labels[:, None], np.inf, sums / np.maximum(mass, 1e-300)
    )
    b = other.min(axis=1)
    s = np.where(np.maximum(a, b) > 0, (b - a) / np.maximum(np.maximum(a, b), 1e-300), 0.0)
    s = np.where(own > 0, s, 0.0)
    return float((s * w).sum() / w.sum())
