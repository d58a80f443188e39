"""bench/calibrate.py's confidence fit: the features and the products of two of them, each knowledge base
weighing the same, a feature's own coefficient held to its sign, and the features of ALONE in no product."""

from __future__ import annotations

import random

import pytest

from bot.ranking import confidence
from bot.signals import FEATURES, SIGNS
from _env import bench_module


@pytest.fixture(scope="module")
def calibrate():
    return bench_module("calibrate")


def _rows(n, seed, right_when):
    """Synthetic (features, top section right, in scope) rows: every feature uniform in [0, 1]."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        feats = {k: rng.random() for k in FEATURES}
        feats["unknown"] = float(rng.randint(0, 3))
        right = right_when(feats) if rng.random() > 0.05 else not right_when(feats)  # a little noise
        rows.append((feats, right, True))
    return rows


def test_a_product_lets_one_feature_count_only_when_another_is_high(calibrate, monkeypatch):
    # Right only when the best section both covers the question and leads by a margin: neither alone.
    rows = _rows(3000, 1, lambda f: f["cover"] > 0.5 and f["margin"] > 0.5)
    coef, center = calibrate.fit_confidence([(rows, "kb")])
    assert coef["cover*margin"] > 0
    assert center["cover"] == pytest.approx(sum(f["cover"] for f, _, _ in rows) / len(rows), abs=1e-3)

    def p(coef, center, cover, margin):
        return confidence(dict(center, score=0.5, cover=cover, margin=margin), coef, center)

    assert p(coef, center, 0.9, 0.9) > 0.7 and p(coef, center, 0.9, 0.1) < 0.3 and p(coef, center, 0.1, 0.9) < 0.3
    # Both well up is right; one at its top and the other low is not. The fit with products tells them
    # far apart; a sum of the two (the fit with no products) barely does.
    gap = p(coef, center, 0.7, 0.7) - p(coef, center, 0.99, 0.35)
    monkeypatch.setattr(calibrate, "ALONE", tuple(FEATURES))
    flat, flat_center = calibrate.fit_confidence([(rows, "kb")])
    assert not any("*" in k for k in flat)
    flat_gap = p(flat, flat_center, 0.7, 0.7) - p(flat, flat_center, 0.99, 0.35)
    assert gap > 0.2 and gap > flat_gap + 0.15, (gap, flat_gap)


def test_own_coefficients_keep_their_sign_and_alone_features_are_in_no_product(calibrate):
    # Here more unknown words go with *right* answers: the fit must not learn that (held to <= 0), and
    # no product may carry it either.
    rows = _rows(2000, 2, lambda f: f["unknown"] >= 2 or f["score"] > 0.7)
    coef, center = calibrate.fit_confidence([(rows, "kb")])
    for name, sign in SIGNS.items():
        assert coef.get(name, 0.0) * sign >= 0, name
    for term in coef:
        assert "*" not in term or not set(term.split("*")) & set(calibrate.ALONE), term
    base = dict(center, score=0.5)
    assert confidence(dict(base, unknown=3.0), coef, center) <= confidence(dict(base, unknown=0.0), coef, center)


def test_every_knowledge_base_weighs_the_same_in_the_fit(calibrate):
    # A big knowledge base where "score" decides, a small one where "margin" does: each sways the fit
    # as much as the other, so both features get a say; scored alone, the big one would drown the small.
    big = _rows(4000, 3, lambda f: f["score"] > 0.5)
    small = _rows(200, 4, lambda f: f["margin"] > 0.5)
    coef, _ = calibrate.fit_confidence([(big, "big"), (small, "small")])
    assert coef["score"] > 0.5 and coef["margin"] > 0.5
    ratio = coef["margin"] / coef["score"]
    assert 0.3 < ratio < 3, coef
