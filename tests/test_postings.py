"""Sparse products that read only a question's own postings, checked against scipy's full product."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from bot import postings
from bot.postings import matvec


def _matrix(rows: int, cols: int, density: float, seed: int = 3) -> sp.csc_matrix:
    m = sp.random(rows, cols, density=density, format="csc", dtype=np.float32, random_state=seed)
    m.sort_indices()
    return m


@pytest.mark.parametrize("binary", [False, True])
@pytest.mark.parametrize("shape,density,n", [((40, 30), 0.2, 6), ((40, 30), 0.2, 24), ((20000, 300), 0.05, 6)])
def test_matvec_is_the_product_over_the_chosen_columns(shape, density, n, binary):
    # few postings and few columns (joined as slices), few postings and many columns (gathered), many postings
    M = _matrix(*shape, density)
    rng = np.random.default_rng(7)
    cols = np.sort(rng.choice(shape[1], n, replace=False))
    vals = rng.random(n).astype(np.float32)
    dense = M.toarray()
    if binary:
        dense = (dense != 0).astype(np.float64)
    expected = dense[:, cols] @ vals.astype(np.float64)
    got = matvec(M, cols, vals, binary=binary)
    total = int(np.diff(M.indptr)[cols].sum())
    assert (total >= postings.SCIPY_FROM) == (shape[0] == 20000)  # every way of computing is exercised
    assert (n <= postings.FEW_COLUMNS) == (n == 6)
    assert got.dtype == np.float64 and got.shape == (shape[0],)
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-7)


def test_matvec_reads_a_read_only_matrix():
    """Loaded indexes are memory-mapped read-only: a product must never write into the matrix."""
    M = _matrix(20000, 300, 0.05)
    for a in (M.data, M.indices, M.indptr):
        a.flags.writeable = False
    cols = np.arange(0, 300, 50)
    for binary in (False, True):
        assert matvec(M, cols, np.ones(len(cols), np.float32), binary=binary).any()
    assert not M.data.flags.writeable


def test_matvec_of_nothing_is_zero():
    M = sp.csc_matrix(np.array([[1, 0, 2], [0, 0, 3]], dtype=np.float32))  # column 1 has no postings
    assert not matvec(M, np.array([], dtype=np.int64), np.array([], dtype=np.float32)).any()
    assert not matvec(M, np.array([1]), np.ones(1, np.float32)).any()
    assert matvec(M, np.array([1, 2]), np.ones(2, np.float32)).tolist() == [2.0, 3.0]


@pytest.mark.parametrize("n", [1, 5, 22, 64, 65, 300])
def test_top_sections_are_the_best_first_ties_by_section_order_at_every_size(n, monkeypatch):
    """Up to FEW_SECTIONS sections `top_sections` sorts in Python, above with numpy: both give the k best, best
    first, equal scores (to 6 decimals) in section order, as a full sort would."""
    from bot import match

    rng = np.random.default_rng(n)
    for trial in range(200):
        score = (rng.choice([0.0, 0.25, 0.5, 1 / 3], n) if trial % 2 else rng.random(n)).astype(np.float32)
        k = int(rng.integers(1, 12))
        rounded = np.round(score, 6).tolist()
        expected = sorted(range(n), key=lambda i: (-rounded[i], i))[:k]
        assert match.top_sections(score, k).tolist() == expected
        monkeypatch.setattr(match, "FEW_SECTIONS", 0)  # numpy's way, whatever the size
        assert match.top_sections(score, k).tolist() == expected
        monkeypatch.undo()
