"""PCA to two components of the mean-imputed vote matrix, without ever making it dense.

With every missing vote imputed by its statement's mean, the column-centred matrix is zero at
every missing cell: it is exactly sparse, with `vote - mean` at the cast votes. Its top right
singular vectors come from block power (subspace) iteration with sparse products.
"""

from __future__ import annotations

import numpy as np

from .matrix import FloatArray, IntArray

BLOCK = 4  # two components plus two guard vectors, for faster, steadier convergence
MAX_ITER = 300
TOL = 1e-9


def column_means(cols: IntArray, values: FloatArray, n_cols: int) -> FloatArray:
    counts = np.bincount(cols, minlength=n_cols)
    sums = np.bincount(cols, weights=values, minlength=n_cols)
    return np.divide(sums, counts, out=np.zeros(n_cols), where=counts > 0)


def _times(rows: IntArray, cols: IntArray, z: FloatArray, v: FloatArray, n_rows: int) -> FloatArray:
    return np.stack(
        [np.bincount(rows, weights=z * v[cols, j], minlength=n_rows) for j in range(v.shape[1])],
        axis=1,
    )


def components(
    rows: IntArray,
    cols: IntArray,
    z: FloatArray,
    shape: tuple[int, int],
    seed: int,
    start: FloatArray | None = None,
) -> FloatArray:
    """The first two principal axes (2 x n_cols) of the sparse centred matrix (rows, cols, z)."""
    n_rows, n_cols = shape
    q = min(BLOCK, n_cols)
    rng = np.random.default_rng(seed)
    v = rng.standard_normal((n_cols, q))
    if start is not None:
        v[:, : start.shape[0]] = start.T
    v, _ = np.linalg.qr(v)
    for _ in range(MAX_ITER):
        w = _times(cols, rows, z, _times(rows, cols, z, v, n_rows), n_cols)
        v_new, _ = np.linalg.qr(w)
        # Rayleigh-Ritz: order the block by captured variance
        small = v_new.T @ w
        _, evecs = np.linalg.eigh((small + small.T) / 2)
        v_new = v_new @ evecs[:, ::-1]
        done = np.abs(np.abs(np.sum(v_new[:, :2] * v[:, :2], axis=0)) - 1).max() < TOL
        v = v_new
        if done:
            break
    comps = v[:, : min(2, q)].T.copy()
    for i in range(comps.shape[0]):  # fixed sign: largest loading positive (deterministic)
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
) -> FloatArray:
    """Sparsity-aware projection: X_c @ comps.T scaled by sqrt(n_statements / n_votes)."""
    raw = _times(rows, cols, z, comps.T, n_rows)
    n_votes = np.bincount(rows, minlength=n_rows)
    out: FloatArray = raw * np.sqrt(n_statements / np.maximum(1, n_votes))[:, None]
    return out
