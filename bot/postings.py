"""Sparse-matrix helpers: products that read only a question's own postings, per-section maxima.

Matrices are stored term-major (CSC), so a product reads only the columns of the question's
terms: its cost follows the question, not the size of the knowledge base.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp


def ranges(starts: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """starts[0]..starts[0]+lens[0]-1, starts[1]..., concatenated, without a Python loop."""
    return np.arange(int(lens.sum())) - (lens.cumsum() - lens).repeat(lens) + starts.repeat(lens)


def bounds(owner: np.ndarray, n: int) -> np.ndarray:
    """Start offset of each section's rows (owner is sorted), plus the end."""
    return np.searchsorted(owner, np.arange(n + 1)).astype(np.int64)


class Segments:
    """Rows grouped by section (contiguous, in section order): per-section maximum in one reduceat."""

    def __init__(self, offsets: np.ndarray) -> None:
        self.n, self.rows = len(offsets) - 1, int(offsets[-1])
        self.nonempty = offsets[1:] > offsets[:-1]
        self.starts = np.minimum(offsets[:-1], max(self.rows - 1, 0))

    def max(self, values: np.ndarray) -> np.ndarray:
        """Per-section maximum of per-row values (0 for a section without rows)."""
        out = np.zeros(self.n, dtype=values.dtype)
        if self.rows and self.n:
            red = np.maximum.reduceat(values, self.starts)
            out[self.nonempty] = red[self.nonempty]
        return out


def csc(m: sp.spmatrix) -> sp.csc_matrix:
    """Term-major storage with sorted row indices (the layout `matvec` and `Index.in_section` need)."""
    c = sp.csc_matrix(m, dtype=np.float32)
    c.sort_indices()
    return c


SCIPY_FROM = 4096  # postings read by one product from which scipy's column copy beats numpy's gather


def matvec(M: sp.csc_matrix, cols: np.ndarray, vals: np.ndarray, binary: bool = False) -> np.ndarray:
    """M[:, cols] @ vals, reading only those columns' postings (binary: count presence, not weight), in float64.

    Few postings (a small knowledge base): gathered with numpy, whose calls cost less than scipy's
    indexing; for a few columns (a question's words), joined as slices, in fewer calls still. Many
    postings: the columns are copied out in C and multiplied by scipy, several times faster."""
    if len(cols) == 0:
        return np.zeros(M.shape[0], dtype=np.float64)
    cols = np.asarray(cols)
    starts, ends = M.indptr[cols], M.indptr[cols + 1]
    lens = ends - starts
    total = int(lens.sum())
    if total == 0:
        return np.zeros(M.shape[0], dtype=np.float64)
    if total >= SCIPY_FROM:
        sub = M[:, cols]
        if binary:
            sub.data = np.ones(len(sub.data), dtype=np.float64)
        return sub @ np.asarray(vals, dtype=np.float64)
    if len(cols) <= FEW_COLUMNS:
        return _few_columns(M, starts.tolist(), ends.tolist(), lens, vals, binary)
    pos = ranges(starts, lens)  # positions of every posting of every column
    weights = np.repeat(np.asarray(vals, dtype=np.float64), lens)
    if not binary:
        weights = weights * M.data[pos]  # in float64, as scipy's path multiplies: both round alike
    return np.bincount(M.indices[pos], weights=weights, minlength=M.shape[0])


FEW_COLUMNS = 16  # up to this many columns (a question's words), `_few_columns` does it in fewer numpy calls


def _few_columns(M: sp.csc_matrix, starts: list[int], ends: list[int], lens: np.ndarray, vals: np.ndarray,
                 binary: bool) -> np.ndarray:
    """`matvec` for a few columns: their postings joined as slices rather than gathered by position.

    numpy's per-call cost, not the postings, is most of a small knowledge base's product: this takes
    fewer calls, and sums the same products in the same order."""
    spans = [(a, b) for a, b in zip(starts, ends) if b > a]
    indices = np.concatenate([M.indices[a:b] for a, b in spans])
    weights = np.asarray(vals, dtype=np.float64).repeat(lens)
    if not binary:
        weights = weights * np.concatenate([M.data[a:b] for a, b in spans])
    return np.bincount(indices, weights=weights, minlength=M.shape[0])


def prune_common(M: sp.csc_matrix, cols: np.ndarray, vals: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Drop the question's character n-grams found in over a quarter of a large index's rows.

    Their idf is near the floor, so they barely move a score, yet their postings are the
    longest ones: on 100,000 sections they would cost more than everything else together.
    """
    limit = max(2000, M.shape[0] // 4)
    keep = np.diff(M.indptr)[cols] <= limit
    return cols[keep], vals[keep]


def blend(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray],
          weight: float) -> tuple[np.ndarray, np.ndarray]:
    """L2-normalised a + weight * b, for vectors given as (sorted columns, values)."""
    cols = np.union1d(a[0], b[0])
    vals = np.zeros(len(cols), dtype=np.float32)
    vals[np.searchsorted(cols, a[0])] += a[1]
    vals[np.searchsorted(cols, b[0])] += weight * b[1]
    norm = float(np.sqrt(np.dot(vals, vals)))
    return cols, (vals / norm if norm > 0 else vals)
