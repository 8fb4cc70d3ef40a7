"""PCA to two components of the mean-imputed vote matrix, without ever making it dense.

With every missing vote imputed by its statement's mean, the column-centred matrix is zero at
every missing cell: it is exactly sparse, with `vote - mean` at the cast votes. Its covariance
(statements x statements) is accumulated a block of participants at a time, and its two
leading eigenvectors come from block (subspace) iteration with Rayleigh-Ritz.
"""

from __future__ import annotations

import numpy as np

from .matrix import FloatArray, IntArray

BLOCK = 8  # two components plus guard vectors: converges at the rate lambda_9 / lambda_3
MAX_ITER = 3000
TOL = 1e-8
CHUNK_CELLS = 4_000_000  # dense block of participants x statements (32 MB)
DENSE_CELLS = 50_000_000  # above this many cells, the randomised path
RANDOM_BLOCK = 12
POWER_ITER = 6


def column_means(cols: IntArray, values: FloatArray, n_cols: int) -> FloatArray:
    counts = np.bincount(cols, minlength=n_cols)
    sums = np.bincount(cols, weights=values, minlength=n_cols)
    return np.divide(sums, counts, out=np.zeros(n_cols), where=counts > 0)


def gram(rows: IntArray, cols: IntArray, z: FloatArray, shape: tuple[int, int]) -> FloatArray:
    """X^T X of the sparse centred matrix, a block of rows at a time."""
    n_rows, n_cols = shape
    order = np.argsort(rows, kind="stable")
    r, c, v = rows[order], cols[order], z[order]
    step = max(1, CHUNK_CELLS // max(1, n_cols))
    bounds = np.searchsorted(r, np.arange(0, n_rows + step, step))
    out = np.zeros((n_cols, n_cols))
    for lo, hi, first in zip(bounds[:-1], bounds[1:], range(0, n_rows, step), strict=False):
        if hi <= lo:
            continue
        block = np.zeros((min(step, n_rows - first), n_cols))
        block[r[lo:hi] - first, c[lo:hi]] = v[lo:hi]
        out += block.T @ block
    return out


def components(
    rows: IntArray,
    cols: IntArray,
    z: FloatArray,
    shape: tuple[int, int],
    seed: int,
    start: FloatArray | None = None,
) -> FloatArray:
    """The first two principal axes (2 x n_cols) of the sparse centred matrix (rows, cols, z):
    exact (to TOL) from the covariance up to DENSE_CELLS cells, else randomised."""
    n_cols = shape[1]
    if shape[0] * n_cols > DENSE_CELLS:
        return _fixed_sign(_randomised(rows, cols, z, shape, seed), n_cols)
    cov = gram(rows, cols, z, shape)
    q = min(BLOCK, n_cols)
    rng = np.random.default_rng(seed)
    v = rng.standard_normal((n_cols, q))
    if start is not None:
        v[:, : start.shape[0]] = start.T
    v, _ = np.linalg.qr(v)
    for _ in range(MAX_ITER):
        w = cov @ v
        v_new, _ = np.linalg.qr(w)
        small = v_new.T @ cov @ v_new
        _, evecs = np.linalg.eigh((small + small.T) / 2)
        v_new = v_new @ evecs[:, ::-1]
        k = min(2, q)
        done = np.abs(np.abs(np.sum(v_new[:, :k] * v[:, :k], axis=0)) - 1).max() < TOL
        v = v_new
        if done:
            break
    return _fixed_sign(v[:, : min(2, q)].T.copy(), n_cols)


def _times(rows: IntArray, cols: IntArray, z: FloatArray, v: FloatArray, n: int) -> FloatArray:
    """(sparse matrix with entries z at (rows, cols)) @ v, one column of v at a time."""
    return np.stack(
        [np.bincount(rows, weights=z * v[cols, j], minlength=n) for j in range(v.shape[1])],
        axis=1,
    )


def _randomised(
    rows: IntArray, cols: IntArray, z: FloatArray, shape: tuple[int, int], seed: int
) -> FloatArray:
    """Randomised range finder with power iterations (Halko, Martinsson, Tropp 2011), for
    conversations too large to hold the covariance block by block in reasonable time."""
    n_rows, n_cols = shape
    q = min(RANDOM_BLOCK, n_cols)
    v = np.random.default_rng(seed).standard_normal((n_cols, q))
    for _ in range(POWER_ITER):
        u, _ = np.linalg.qr(_times(rows, cols, z, v, n_rows))
        v, _ = np.linalg.qr(_times(cols, rows, z, u, n_cols))
    b = _times(rows, cols, z, v, n_rows)  # X V = U S W^T  ->  axes = V W
    _, _, wt = np.linalg.svd(b, full_matrices=False)
    out: FloatArray = (v @ wt.T)[:, :2].T.copy()
    return out


def _fixed_sign(comps: FloatArray, n_cols: int) -> FloatArray:
    """Largest loading positive (deterministic), padded to two rows."""
    for i in range(comps.shape[0]):
        if comps[i, np.argmax(np.abs(comps[i]))] < 0:
            comps[i] = -comps[i]
    if comps.shape[0] < 2:
        comps = np.vstack([comps, np.zeros((2 - comps.shape[0], n_cols))])
    return comps


def project(
    rows: IntArray,
    cols: IntArray,
    z: FloatArray,
    comps: FloatArray,
    n_rows: int,
    n_statements: int,
    zeroed: int = 0,
) -> FloatArray:
    """Sparsity-aware projection: X_c @ comps.T scaled by sqrt(n_statements / n_votes).
    As Polis (and red-dwarf), moderated-out statements count as `zeroed` cells every
    participant holds."""
    raw = np.stack(
        [np.bincount(rows, weights=z * comps[j, cols], minlength=n_rows) for j in range(2)],
        axis=1,
    )
    n_votes = np.bincount(rows, minlength=n_rows)
    out: FloatArray = raw * np.sqrt(n_statements / np.maximum(1, n_votes + zeroed))[:, None]
    return out
