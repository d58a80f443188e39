"""The one table of signals: what is derived from it, and the calibration file that goes with it."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from bot import signals
from bot.answer import Policy
from bot.ranking import CALIBRATION_FILE, CalibrationError, Weights, modes
from _env import bench_module

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "matching.md"


def test_docs_hold_exactly_the_generated_signal_table():
    doc = DOC.read_text(encoding="utf-8")
    assert doc.count(signals.DOC_BEGIN) == 1 and doc.count(signals.DOC_END) == 1
    assert signals.with_table(doc) == doc, "run: .venv/bin/python -m bot.signals docs/matching.md"
    for s in signals.SIGNALS:
        assert f"| `{s.name}` |" in doc


def test_every_signal_is_declared_completely():
    names = [s.name for s in signals.SIGNALS]
    assert len(names) == len(set(names))
    for s in signals.SIGNALS:
        assert s.over in ("sections", "rerank", "best"), s.name
        assert s.about, f"{s.name}: its function needs a docstring (the docs show it)"
        assert (s.weight is None) == (s.over == "best"), f"{s.name}: only ranked signals have a weight"
        assert (s.weight is None) == (not s.grid), f"{s.name}: a ranking weight needs calibration grid values"
        assert s.weight is not None or s.sign is not None or s.veto, f"{s.name}: feeds neither ranking nor confidence"
        assert s.sign in (None, 1, -1)
        # bot/ranking.py leaves the vector signals out of a lexical index per section and as features of the
        # best section; the re-ranking step has no such path
        assert not s.vectors or s.over in ("sections", "best"), f"{s.name}: no vector signal re-ranks"


def test_calibration_script_takes_its_features_signs_and_grid_from_the_table():
    calibrate = bench_module("calibrate")
    assert calibrate.FEATURES is signals.FEATURES
    assert calibrate.SIGNS is signals.SIGNS
    assert calibrate.WEIGHT_GRID is signals.WEIGHT_GRID
    assert list(signals.WEIGHT_GRID) == [s.name for s in signals.SIGNALS if s.weight is not None]


def test_confidence_is_the_logistic_of_the_table_features(article_bot):
    # The features an answer explains are the table's, and they alone make its confidence.
    coef = Weights.load().coef
    for q in ["how long does redness last after microneedling?", "can I wear makeup after microneedling",
              "where can I park my car?"]:
        a = article_bot.ask(q)
        feats = {k: a.explain[k] for k in signals.FEATURES}
        z = coef["bias"] + sum(coef.get(k, 0.0) * v for k, v in feats.items())
        vetoed = any(a.explain[k] for k in signals.VETOES)  # a rule, not a feature: confidence 0
        assert a.confidence == (0.0 if vetoed else pytest.approx(1 / (1 + math.exp(-z)), abs=2e-3)), q


def test_shipped_calibration_holds_one_entry_per_mode_naming_only_table_signals():
    from bot.encoder import ENCODERS

    data = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))
    assert modes(data) == ["lexical", *ENCODERS]  # every encoder can be used: each has its fit
    for mode in modes(data):
        entry = data[mode]
        assert set(entry["rank"]) <= set(signals.RANK_WEIGHTS), mode
        assert set(entry["coef"]) <= set(signals.FEATURES) | {"bias"}, mode
        w = Weights.load("" if mode == "lexical" else mode)
        assert w.rank == {k: float(entry["rank"].get(k, signals.RANK_WEIGHTS[k])) for k in signals.RANK_WEIGHTS}
    # the lexical fit names no signal a lexical index never computes
    vectors = {s.name for s in signals.SIGNALS if s.vectors}
    assert not vectors & (set(data["lexical"]["rank"]) | set(data["lexical"]["coef"]))


def test_each_feature_moves_the_confidence_only_its_own_way(article_bot):
    # A feature held to a sign moves every question's confidence that way, whatever its other features: a
    # word more the knowledge base has never seen never raises it, a closer heading never lowers it. (A fit
    # that also weighed products of two features broke this: on a three-entry FAQ it refused "where can I
    # park my car?" at 0.27 and answered "can i park my boat there" at 0.63; docs/matching.md.)
    from bot.ranking import confidence

    for mode in ("lexical", "minilm"):
        w = Weights.load(mode)
        for q in ["how long does redness last after microneedling?", "can I wear makeup after microneedling",
                  "where can I park my car?", "what is the capital of peru", "redness", "is it safe?"]:
            feats = {k: article_bot.ask(q).explain[k] for k in signals.FEATURES}
            feats["score"] = max(feats["score"], 0.1)  # a question that matched nothing has no confidence
            base = confidence(feats, w.coef)
            for name, sign in signals.SIGNS.items():
                up = confidence(dict(feats, **{name: feats[name] + 0.2}), w.coef)
                assert (up - base) * sign >= 0, (mode, q, name)


def test_the_mode_is_the_encoder_name_or_lexical():
    assert Weights.load() == Weights.load("") == Weights.load(None) == Weights.load("lexical")
    assert Weights.load("MiniLM") == Weights.load("minilm") != Weights.load()


def _write(path, entry, mode="lexical"):
    path.write_text(json.dumps({"note": "test", mode: entry}))
    return path


def test_a_weight_the_calibration_lacks_falls_back_to_the_table_default(tmp_path):
    path = _write(tmp_path / "calibration.json", {"rank": {"head": 0.5}, "coef": {"score": 1.0, "bias": -1.0}})
    w = Weights.load(path=path)
    assert w.rank["head"] == 0.5
    assert {k: v for k, v in w.rank.items() if k != "head"} == {
        s.name: s.weight for s in signals.SIGNALS if s.weight is not None and s.name != "head"}
    assert w.coef == {"score": 1.0, "bias": -1.0}


@pytest.mark.parametrize("content, message", [
    (None, "is missing"),
    ("{not json", "cannot read"),
    ("[1, 2]", "object of modes"),
    ({"rank": {}, "coef": {"score": 1.0, "bias": 0.0}}, "no calibration for the 'lexical' mode"),  # before modes
    ({"lexical": {"rank": {}, "coef": {"score": 1.0}}}, "bias"),
    ({"lexical": {"rank": {"nonsense": 0.1}, "coef": {"bias": 0.0}}}, "nonsense"),
    ({"lexical": {"rank": {}, "coef": {"nonsense": 1.0, "bias": 0.0}}}, "nonsense"),
])
def test_a_missing_or_unfit_calibration_file_is_a_clear_error(tmp_path, content, message):
    path = tmp_path / "calibration.json"
    if content is not None:
        path.write_text(content if isinstance(content, str) else json.dumps(content))
    with pytest.raises(CalibrationError, match=message) as e:
        Weights.load(path=path)
    assert str(path) in str(e.value)


def test_a_mode_the_calibration_lacks_is_a_clear_error(tmp_path):
    path = _write(tmp_path / "calibration.json", {"rank": {}, "coef": {"bias": 0.0}})
    assert Weights.load(path=path).coef == {"bias": 0.0}
    with pytest.raises(CalibrationError, match="no calibration for the 'minilm' mode .*holds lexical"):
        Weights.load("minilm", path=path)


def test_policy_has_no_threshold_of_its_own(article_bot):
    with pytest.raises(TypeError):
        Policy(article_bot.policy.index)


def test_calibration_file_ships_in_the_wheel():
    import tomllib

    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "calibration.json" in meta["tool"]["setuptools"]["package-data"]["bot"]
