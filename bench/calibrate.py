"""Fit the ranking weights and the confidence model on the DEV split only; write bot/calibration.json.

    .venv/bin/python bench/calibrate.py [--questions tests/data/questions/article-dev.jsonl] [--write]

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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot import artifact  # noqa: E402
from bot.answer import CALIBRATION_FILE, Policy, Weights  # noqa: E402
from bot.evaluate import load_questions  # noqa: E402

FEATURES = ["score", "cover", "margin", "known", "unknown", "miss", "unit", "head"]


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
    ap.add_argument("--write", action="store_true", help=f"write {CALIBRATION_FILE}")
    ap.add_argument("--no-grid", action="store_true", help="keep the current ranking weights")
    args = ap.parse_args()
    if "heldout" in args.questions:
        sys.exit("refusing to calibrate on the held-out split")
    questions = load_questions(Path(args.questions))
    with tempfile.TemporaryDirectory() as tmp:
        index = artifact.ensure(Path(args.content), Path(tmp)).index
    in_scope = [q for q in questions if q["gold"]]

    # 1. Ranking weights: a coarse grid, maximising top-1 then MRR on in-scope dev questions.
    best = (None, Weights.load()) if args.no_grid else None
    grid = {"head": [0.2, 0.3], "body": [0.0, 0.1], "sent": [0.1, 0.2, 0.3],
            "char": [0.05, 0.15], "fuzz": [0.0, 0.1], "cover": [0.1, 0.2], "unit": [0.0, 0.1, 0.2]}
    for values in [] if args.no_grid else itertools.product(*grid.values()):
        w = Weights(**dict(zip(grid, values)))
        rows = collect(Policy(index, threshold=0.0, weights=w), in_scope)
        top1 = sum(r[1] for r in rows) / len(rows)
        if best is None or top1 > best[0]:
            best = (top1, w)
    top1, w = best
    print(f"ranking weights (dev top-1 {top1}):",
          {k: getattr(w, k) for k in grid})

    # 2. Confidence: logistic regression of "the top section is right" on the features.
    from sklearn.linear_model import LogisticRegression

    rows = collect(Policy(index, threshold=0.0, weights=w), questions)
    X = [[r[0][k] for k in FEATURES] for r in rows]
    y = [int(r[1]) for r in rows]
    lr = LogisticRegression(C=100.0, max_iter=5000).fit(X, y)
    coef = {k: round(float(c), 4) for k, c in zip(FEATURES, lr.coef_[0])}
    coef["bias"] = round(float(lr.intercept_[0]), 4)
    print("confidence coefficients:", coef)
    out = {"note": "fitted by bench/calibrate.py on the dev split; do not edit by hand",
           "questions": Path(args.questions).name,
           "rank": {k: getattr(w, k) for k in grid}, "coef": coef}
    if args.write:
        CALIBRATION_FILE.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {CALIBRATION_FILE}")
    else:
        print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
