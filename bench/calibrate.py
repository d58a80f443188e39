"""Fit the ranking weights and the confidence model on the DEV split only; write bot/calibration.json.

    .venv/bin/python bench/calibrate.py [--questions tests/data/questions/article-dev.jsonl] [--encoder NAME]
                                        [--write]

--encoder fits the entry of that mode (an index built with that sentence encoder); without it, the
"lexical" entry. --write replaces only that entry of bot/calibration.json.

The held-out split is never read here. Confidence is a logistic regression over features that do
not depend on the knowledge base (scores in [0, 1], coverage shares, margin, unknown-word count),
so one threshold can serve any knowledge base.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile

import numpy as np
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.artifact import IndexUnavailable  # noqa: E402
from bot.build import ensure  # noqa: E402
from bot.model import ContentError  # noqa: E402
from bot.answer import Policy  # noqa: E402
from bot.evaluate import load_questions  # noqa: E402
from bot.ranking import CALIBRATION_FILE, Weights, mode_of, read_calibration  # noqa: E402
from bot.signals import FEATURES, LEXICAL, SIGNALS, SIGNS, WEIGHT_GRID  # noqa: E402  (the one table of signals)

L2 = 0.0005


def fit_signed_logistic(X: np.ndarray, y: np.ndarray) -> dict[str, float]:
    """Logistic regression with sign-constrained coefficients (L-BFGS-B), lightly L2-regularised."""
    from scipy.optimize import minimize

    sign = np.array([SIGNS[k] for k in FEATURES], dtype=float)
    Xs = X * sign  # fit non-negative weights on sign-flipped features

    def loss(theta):
        z = Xs @ theta[:-1] + theta[-1]
        p = 1 / (1 + np.exp(-z))
        eps = 1e-9
        nll = -np.mean(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps))
        grad_z = (p - y) / len(y)
        g = np.append(Xs.T @ grad_z, grad_z.sum())
        g[:-1] += 2 * L2 * theta[:-1]
        return nll + L2 * np.sum(theta[:-1] ** 2), g

    bounds = [(0, None)] * len(FEATURES) + [(None, None)]
    res = minimize(loss, np.zeros(len(FEATURES) + 1), jac=True, bounds=bounds, method="L-BFGS-B")
    coef = {k: round(float(c * sg), 4) for k, c, sg in zip(FEATURES, res.x[:-1], sign)}
    coef["bias"] = round(float(res.x[-1]), 4)
    return coef


def collect(policy: Policy, questions: list[dict]) -> list[tuple[dict, bool, bool]]:
    """(features, top section right, in scope) per question, at threshold 0."""
    rows = []
    for q in questions:
        ans = policy.ask(q["query"], history=q.get("history") or (), top_k=3)
        if ans.kind == "smalltalk" or not ans.explain or "score" not in ans.explain:
            rows.append(({k: 0.0 for k in FEATURES}, False, bool(q["gold"])))
            continue
        feats = {k: float(ans.explain[k]) for k in FEATURES}
        rows.append((feats, ans.section_id in set(q["gold"]), bool(q["gold"])))
    return rows


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--questions", default=str(ROOT / "tests/data/questions/article-dev.jsonl"))
    ap.add_argument("--content", default=str(ROOT / "knowledge"))
    ap.add_argument("--encoder", default="", help="fit the mode of an index built with this encoder (default: lexical)")
    ap.add_argument("--write", action="store_true", help=f"write the mode's entry into {CALIBRATION_FILE}")
    ap.add_argument("--no-grid", action="store_true", help="keep the current ranking weights")
    args = ap.parse_args()
    if "heldout" in args.questions:
        sys.exit("refusing to calibrate on the held-out split")
    questions = load_questions(Path(args.questions))
    mode = mode_of(args.encoder)
    with tempfile.TemporaryDirectory() as tmp:
        try:
            index = ensure(Path(args.content), Path(tmp) / "full", encoder=args.encoder).index
        except (ContentError, IndexUnavailable) as e:  # bad content, or an encoder this install lacks
            sys.exit(f"calibrate: {e}")
    in_scope = [q for q in questions if q["gold"]]

    # 1. Ranking weights: a coarse grid, maximising top-1 on in-scope dev questions. (The
    #    confidence does not move the top section, so the current coefficients serve here.)
    current = Weights.load(args.encoder)
    best = (None, current) if args.no_grid else None
    # A lexical index never computes the vector signals: they are neither searched nor written.
    unused = {s.name for s in SIGNALS if s.vectors} if mode == LEXICAL else set()
    grid = {k: v for k, v in WEIGHT_GRID.items() if k not in unused}
    for values in [] if args.no_grid else itertools.product(*grid.values()):
        w = Weights(rank=dict(zip(grid, values)), coef=current.coef)
        rows = collect(Policy(index, threshold=0.0, weights=w), in_scope)
        top1 = sum(r[1] for r in rows) / len(rows)
        if best is None or top1 > best[0]:
            best = (top1, w)
    top1, w = best
    print(f"ranking weights (dev top-1 {top1}):",
          {k: w.rank[k] for k in grid})

    # 2. Confidence: a logistic regression of "the top section is right" on the features, with
    #    each coefficient held to the sign it must have (more unknown words never raises
    #    confidence). Unconstrained, 190 questions and correlated features give signs that
    #    fit the dev split and nothing else.
    rows = collect(Policy(index, threshold=0.0, weights=w), questions)
    X = np.array([[r[0][k] for k in FEATURES] for r in rows], dtype=float)
    y = np.array([int(r[1]) for r in rows], dtype=float)
    coef = {k: v for k, v in fit_signed_logistic(X, y).items() if k not in unused}
    print("confidence coefficients:", coef)
    out = {"note": "fitted by bench/calibrate.py on the dev split; do not edit by hand",
           "questions": Path(args.questions).name,
           "rank": {k: w.rank[k] for k in grid}, "coef": coef}
    if args.write:
        data = read_calibration()
        data[mode] = out  # the other modes' fits are kept as they are
        CALIBRATION_FILE.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"wrote the {mode!r} entry of {CALIBRATION_FILE}")
    else:
        print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
