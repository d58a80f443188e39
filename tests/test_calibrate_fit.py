"""bench/calibrate.py's confidence fit: each knowledge base weighing the same, each coefficient held to its
feature's sign."""

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


def test_coefficients_keep_their_sign_whatever_the_data_say(calibrate):
    # Here more unknown words go with *right* answers: the fit must not learn that (held to <= 0).
    rows = _rows(2000, 2, lambda f: f["unknown"] >= 2 or f["score"] > 0.7)
    coef = calibrate.fit_confidence([(rows, "kb")])
    assert coef["score"] > 1
    for name, sign in SIGNS.items():
        assert coef.get(name, 0.0) * sign >= 0, name
    base = {k: 0.5 for k in FEATURES}
    assert confidence(dict(base, unknown=3.0), coef) <= confidence(dict(base, unknown=0.0), coef)


def test_every_knowledge_base_weighs_the_same_in_the_fit(calibrate):
    # A big knowledge base where "score" decides, a small one where "margin" does: each sways the fit
    # as much as the other, so both features get a say; weighed by rows, the big one would drown the small.
    big = _rows(4000, 3, lambda f: f["score"] > 0.5)
    small = _rows(200, 4, lambda f: f["margin"] > 0.5)
    coef = calibrate.fit_confidence([(big, "big"), (small, "small")])
    assert coef["score"] > 0.5 and coef["margin"] > 0.5
    assert 0.3 < coef["margin"] / coef["score"] < 3, coef


def test_the_confidence_fit_can_hold_every_coefficient_but_the_ones_named(calibrate):
    """`--fit-only NAMES` (a new feature's coefficient, say): the others stay as shipped, the bias moves."""
    rows = _rows(2000, 5, lambda f: f["score"] + f["margin"] > 1.0)
    free = calibrate.fit_confidence([(rows, "kb")])
    hold = {k: 0.25 for k in FEATURES if k != "margin"}
    held = calibrate.fit_confidence([(rows, "kb")], hold)
    assert {k: held[k] for k in hold} == hold  # exactly as given, whatever the data say
    assert held["margin"] > 1 and held["bias"] != free["bias"]
    assert abs(held["margin"] - free["margin"]) > 0.1  # fitted around the held ones, not copied from the free fit


def test_the_confidence_fit_can_hold_the_bias_too(calibrate):
    """`--fit-only NAMES --keep-bias`: a feature that is 0 on one knowledge base (the phrasings' classifier's
    vote, where none is trained) is fitted on the others and leaves that one's confidence exactly as shipped."""
    rows = _rows(2000, 6, lambda f: f["score"] + f["margin"] > 1.0)
    plain = [(dict(f, margin=0.0), right, ins) for f, right, ins in _rows(500, 7, lambda f: f["score"] > 0.5)]
    hold = {k: 0.0 for k in FEATURES if k != "margin"} | {"score": 2.0, "bias": -1.5}
    held = calibrate.fit_confidence([(rows, "kb"), (plain, "plain")], hold)
    assert held["bias"] == -1.5 and held["margin"] > 1
    shipped = {**hold, "margin": 0.0}
    assert all(confidence(f, held) == confidence(f, shipped) for f, _, _ in plain)
    moved = calibrate.fit_confidence([(rows, "kb"), (plain, "plain")], {k: v for k, v in hold.items() if k != "bias"})
    assert moved["bias"] != -1.5 and any(confidence(f, moved) != confidence(f, shipped) for f, _, _ in plain)


def test_the_weight_search_can_be_held_to_the_signals_named(calibrate, monkeypatch):
    """`--search NAMES` (a new signal's weight, say) tries only those signals' grids; the rest stay put."""
    from bot.ranking import Weights
    from bot.signals import WEIGHT_GRID

    tried = []

    def top1(kbs, weights, half="fit"):  # a made-up objective that a lower `head` and a higher `fuzz` both lift
        tried.append(dict(weights.rank))
        return -weights.rank["head"] + weights.rank["fuzz"]

    monkeypatch.setattr(calibrate, "top1", top1)
    start = Weights(rank={"head": 0.3, "fuzz": 0.0})
    held = calibrate.fit_weights([], start, unused=set(), only={"fuzz"})
    assert held.rank == {**start.rank, "fuzz": max(WEIGHT_GRID["fuzz"])}
    assert all(t["head"] == 0.3 for t in tried) and any(t["fuzz"] != 0.0 for t in tried)
    free = calibrate.fit_weights([], start, unused=set())
    assert free.rank["head"] == min(WEIGHT_GRID["head"]) and free.rank["fuzz"] == max(WEIGHT_GRID["fuzz"])


def test_searching_a_signal_that_does_not_exist_is_one_line_before_anything_is_built(tmp_path):
    import subprocess
    import sys

    from _env import ROOT

    r = subprocess.run([sys.executable, str(ROOT / "bench" / "calibrate.py"), "--data", str(tmp_path / "none"),
                        "--search", "fuzz,nosuch"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.strip().splitlines()[-1].endswith("--search: no ranking signal named nosuch"), r.stderr


def test_keeping_the_confidence_and_fitting_part_of_it_are_one_line_before_anything_is_built(tmp_path):
    import subprocess
    import sys

    from _env import ROOT

    r = subprocess.run([sys.executable, str(ROOT / "bench" / "calibrate.py"), "--data", str(tmp_path / "none"),
                        "--search", "clf", "--keep-confidence", "--fit-only", "score"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.strip().splitlines()[-1].endswith("--fit-only and --keep-confidence: choose one"), r.stderr


def test_keeping_the_bias_without_fitting_part_of_the_confidence_is_one_line(tmp_path):
    import subprocess
    import sys

    from _env import ROOT

    r = subprocess.run([sys.executable, str(ROOT / "bench" / "calibrate.py"), "--data", str(tmp_path / "none"),
                        "--keep-bias"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.strip().splitlines()[-1].endswith("--keep-bias: only with --fit-only NAMES"), r.stderr
