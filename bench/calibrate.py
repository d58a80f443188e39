"""Fit the ranking weights and the confidence on several knowledge bases at once; prove transfer by leaving
each one out. Writes bot/calibration.json with --write.

    .venv/bin/python bench/calibrate.py --data ../shared/data [--encoder minilm] [--no-grid | --search NAMES]
                                        [--fit-only NAMES [--keep-bias] | --keep-confidence] [--faq-share N]
                                        [--write] [--json]

Fitted on the "fit" half of each knowledge base only:
  article            knowledge/ with tests/data/questions/article-dev.jsonl (held-out file never read)
  stackfaq           StackFAQ (no alternates), even-numbered queries; out of scope: CLINC150 oos_train
  banking77          entries with alternates, an even-numbered sample; out of scope: CLINC150 oos_train
  clinc150-intents   entries with alternates, an even-numbered sample and its own even out-of-scope queries
  small FAQs         tests/data/faqs, the knowledge bases of the "dev" split (no alternates, as site owners write)
The "check" half (odd-numbered queries, CLINC150 oos_val, the held-out article file, the held-out FAQs)
scores each fit. Leave-one-out: each knowledge base is scored by a fit that never saw it.

Confidence is a logistic regression of "the top section is right" on the features of bot/signals.py,
each coefficient held to its sign, every knowledge base weighing the same in the fit.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import _kb  # noqa: E402
from bot.answer import Policy  # noqa: E402
from bot.build import build  # noqa: E402
from bot.artifact import load_current  # noqa: E402
from bot.evaluate import load_questions  # noqa: E402
from bot.ranking import CALIBRATION_FILE, Weights, mode_of, read_calibration  # noqa: E402
from bot.signals import FEATURES, LEXICAL, SIGNALS, SIGNS, VETOES, WEIGHT_GRID  # noqa: E402  (the one table of signals)

QUESTIONS = ROOT / "tests" / "data" / "questions"
FAQS = ROOT / "tests" / "data" / "faqs"
L2 = 0.001
SAMPLE = 400  # in-scope questions per half of a large query set


@dataclass
class KB:
    """A knowledge base and its labeled questions for each half ("fit", "check")."""

    name: str
    content: Path
    halves: dict[str, list[dict]]
    policy: Policy | None = None
    rows: dict[str, list] = field(default_factory=dict)


def _sample(rows: list[dict], n: int, seed: int = 7) -> list[dict]:
    if len(rows) <= n:
        return rows
    keep = sorted(random.Random(seed).sample(range(len(rows)), n))
    return [rows[i] for i in keep]


def knowledge_bases(data: Path, tmp: Path) -> list[KB]:
    """The knowledge bases, their questions mapped to faqbot's section ids, split into halves."""
    clinc_oos = _kb.clinc_oos(data)
    kbs = [KB("article", ROOT / "knowledge", {"fit": load_questions(QUESTIONS / "article-dev.jsonl"),
                                              "check": load_questions(QUESTIONS / "article-heldout.jsonl")})]
    ids = _kb.write_stackfaq_csv(data / "stackfaq" / "corpus.jsonl", tmp / "stackfaq")
    queries = [{"query": q["query"], "gold": [ids[g] for g in q["gold"]]}
               for q in _kb.read_jsonl(data / "stackfaq" / "queries.jsonl")]
    kbs.append(KB("stackfaq", tmp / "stackfaq", {h: _kb.half(queries, h) + clinc_oos[h] for h in ("fit", "check")}))
    for name in ("banking77", "clinc150-intents"):
        ids = _kb.write_corpus_csv(data / name / "corpus.jsonl", tmp / name, name, alternates=True)
        queries = [{"query": q["query"], "gold": [ids[g] for g in q["gold"]]}
                   for q in _kb.read_jsonl(data / name / "queries.jsonl")]
        ins, own_oos = [q for q in queries if q["gold"]], [q for q in queries if not q["gold"]]
        halves = {}
        for h in ("fit", "check"):
            oos = _kb.half(own_oos, h) if own_oos else clinc_oos[h]
            halves[h] = _sample(_kb.half(ins, h), SAMPLE) + oos
        kbs.append(KB(name, tmp / name, halves))
    faqs = {"fit": [], "check": []}
    for qfile in sorted(FAQS.glob("*.questions.jsonl")):
        qs = load_questions(qfile)
        half = "fit" if qs[0].get("split") == "dev" else "check"
        faqs[half].append((qfile.name.removesuffix(".questions.jsonl"), qs))
    for half, items in faqs.items():
        for name, qs in items:
            kbs.append(KB(f"faq:{name}", FAQS / name, {half: qs, "fit" if half == "check" else "check": []}))
    return kbs


def prepare(kbs: list[KB], tmp: Path, encoder: str | None) -> None:
    """Build every knowledge base's index (the real build) and a Policy over it."""
    if encoder:
        # The weight search asks every question many times: remember every question's vector for this run
        # (the engine's own cache holds the last 1,024), so each is encoded once.
        from functools import lru_cache

        from bot import semantic

        semantic._reading = lru_cache(maxsize=None)(semantic._reading.__wrapped__)
    for i, kb in enumerate(kbs):
        idx = tmp / f"index-{i}"
        kwargs = {"encoder": encoder} if encoder else {}
        build(kb.content, idx, keep=1, **kwargs)
        kb.policy = Policy(load_current(idx).index, threshold=1e-9)


def collect(kb: KB, half: str, weights: Weights) -> list[tuple[dict, bool, bool]]:
    """(features, top section right, in scope) per question of a half, with these weights."""
    kb.policy.weights = weights
    rows = []
    for q in kb.halves[half]:
        ans = kb.policy.ask(q["query"], history=q.get("history") or (), top_k=3)
        in_scope = bool(q["gold"])
        if ans.kind == "smalltalk" or not ans.explain or "score" not in ans.explain:
            rows.append(({k: 0.0 for k in FEATURES + VETOES}, False, in_scope))
            continue
        top = ans.section_id or (ans.suggestions[0].section_id if ans.suggestions else None)
        rows.append(({k: float(ans.explain[k]) for k in FEATURES + VETOES}, top in set(q["gold"]), in_scope))
    return rows


def top1(kbs: list[KB], weights: Weights, half: str = "fit") -> float:
    """Mean over knowledge bases of the in-scope questions whose top section is right."""
    shares = []
    for kb in kbs:
        rows = [r for r in collect(kb, half, weights) if r[2]]
        if rows:
            shares.append(sum(r[1] for r in rows) / len(rows))
    return float(np.mean(shares))


def fit_weights(kbs: list[KB], start: Weights, unused: set[str], passes: int = 2,
                only: set[str] | None = None) -> Weights:
    """Ranking weights by coordinate descent over each signal's grid (or only these signals'),
    maximising the mean top-1."""
    best = Weights(rank=dict(start.rank), coef=dict(start.coef))
    best_score = top1(kbs, best)
    for _ in range(passes):
        improved = False
        for name, grid in WEIGHT_GRID.items():
            if name in unused or (only and name not in only):
                continue
            for value in sorted(set(grid) | {best.rank[name]}):
                trial = Weights(rank={**best.rank, name: value}, coef=best.coef)
                score = top1(kbs, trial)
                if score > best_score + 1e-9:
                    best, best_score, improved = trial, score, True
        if not improved:
            break
    print(f"ranking weights (mean fit top-1 {best_score:.3f}): {best.rank}", file=sys.stderr)
    return best


def fit_confidence(data: list[tuple[list, str]], hold: dict[str, float] | None = None,
                   faq_share: float | None = None) -> dict[str, float]:
    """Sign-constrained logistic regression; each knowledge base's rows weigh 1 in total (so a big set
    does not drown a small one), in- and out-of-scope halves of it equally. `hold`: coefficients kept as
    given, the bias too if it holds "bias" (every other feature's are fitted). `faq_share`: the small FAQs
    ("faq:" names) weigh this many knowledge bases together rather than one each."""
    from scipy.optimize import minimize

    hold = hold or {}
    free = [k for k in FEATURES if k not in hold]
    bias = hold.get("bias")
    X, y, w, fixed = [], [], [], []
    n_faqs = sum(name.startswith("faq:") for _rows, name in data)
    for rows, name in data:
        kb_weight = faq_share / n_faqs if faq_share is not None and name.startswith("faq:") else 1.0
        groups = [[r for r in rows if r[2]], [r for r in rows if not r[2]]]
        groups = [g for g in groups if g]
        for g in groups:
            for feats, right, _ in g:
                X.append([feats[k] for k in free])
                fixed.append(sum(c * feats[k] for k, c in hold.items() if k != "bias"))
                y.append(float(right))
                w.append(kb_weight / (len(g) * len(groups)))
    X, y, w, fixed = np.asarray(X).reshape(len(y), len(free)), np.asarray(y), np.asarray(w), np.asarray(fixed)
    w = w / w.sum()
    sign = np.array([SIGNS.get(k, 1) for k in free], dtype=float)
    Xs = X * sign

    def loss(theta):
        z = Xs @ theta[:-1] + theta[-1] + fixed
        p = 1 / (1 + np.exp(-z))
        eps = 1e-9
        nll = -np.sum(w * (y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps)))
        grad_z = w * (p - y)
        g = np.append(Xs.T @ grad_z, grad_z.sum())
        g[:-1] += 2 * L2 * theta[:-1]
        return nll + L2 * np.sum(theta[:-1] ** 2), g

    bounds = [(0, None)] * len(free) + [(bias, bias)]  # (None, None): the bias is fitted
    res = minimize(loss, np.append(np.zeros(len(free)), bias or 0.0), jac=True, bounds=bounds, method="L-BFGS-B")
    fitted = {k: round(float(c * sg), 4) for k, c, sg in zip(free, res.x[:-1], sign)}
    coef = {k: hold[k] if k in hold else fitted[k] for k in FEATURES}
    coef["bias"] = round(float(res.x[-1]), 4)
    return coef


def score(rows: list, coef: dict[str, float], threshold: float) -> dict:
    """Figures of one knowledge base at a threshold: answered right, refusals, accuracy over all."""
    from bot.ranking import confidence

    ins = [r for r in rows if r[2]]
    oos = [r for r in rows if not r[2]]
    answered = [confidence(r[0], coef) >= threshold and r[0]["score"] > 0 for r in rows]
    right = sum(a and r[1] for a, r in zip(answered, rows) if r[2])
    ins_refused = sum(not a for a, r in zip(answered, rows) if r[2])
    oos_refused = sum(not a for a, r in zip(answered, rows) if not r[2])
    return {"n_in": len(ins), "n_out": len(oos),
            "top1": round(sum(r[1] for r in ins) / len(ins), 3) if ins else None,
            "answered_right": round(right / len(ins), 3) if ins else None,
            "in_scope_refused": round(ins_refused / len(ins), 3) if ins else None,
            "oos_refused": round(oos_refused / len(oos), 3) if oos else None,
            "accuracy": round((right + oos_refused) / len(rows), 3) if rows else None}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True, help="the evaluation data folder (../shared/data)")
    ap.add_argument("--encoder", default="", help="fit the entry for indexes built with this encoder")
    ap.add_argument("--threshold", type=float, default=None, help="threshold to report at (default: the setting's)")
    ap.add_argument("--no-grid", action="store_true", help="keep the current ranking weights")
    ap.add_argument("--search", default="", metavar="NAMES",
                    help="search only these signals' ranking weights (comma-separated; a new signal's, say)")
    ap.add_argument("--fit-only", default="", metavar="NAMES",
                    help="fit only these confidence coefficients and the bias (comma-separated; a new feature's, "
                         "say), the others held as shipped")
    ap.add_argument("--keep-bias", action="store_true",
                    help="with --fit-only: keep the shipped bias too (a feature that is 0 on some knowledge bases then "
                         "leaves their confidence exactly as shipped)")
    ap.add_argument("--keep-confidence", action="store_true",
                    help="keep the shipped confidence coefficients and bias (a new ranking signal that only orders)")
    ap.add_argument("--faq-share", type=float, default=None, metavar="N",
                    help="the dev small FAQs weigh N knowledge bases together in the fit (default: one each)")
    ap.add_argument("--write", action="store_true", help=f"write {CALIBRATION_FILE}")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()
    only = {n.strip() for n in args.search.split(",") if n.strip()}
    if only - set(WEIGHT_GRID):  # before building anything
        ap.error(f"--search: no ranking signal named {', '.join(sorted(only - set(WEIGHT_GRID)))}")
    fit_only = {n.strip() for n in args.fit_only.split(",") if n.strip()}
    if fit_only - set(FEATURES):
        ap.error(f"--fit-only: no confidence feature named {', '.join(sorted(fit_only - set(FEATURES)))}")
    if fit_only and args.keep_confidence:
        ap.error("--fit-only and --keep-confidence: choose one")
    if args.keep_bias and not fit_only:
        ap.error("--keep-bias: only with --fit-only NAMES")
    from bot.settings import Settings

    threshold = args.threshold if args.threshold is not None else Settings().threshold
    mode = mode_of(args.encoder)
    with tempfile.TemporaryDirectory() as tmp:
        kbs = knowledge_bases(Path(args.data), Path(tmp))
        prepare(kbs, Path(tmp), args.encoder or None)
        current = Weights.load(args.encoder)
        # A lexical index never computes the vector signals: they are neither searched nor written.
        unused = {s.name for s in SIGNALS if s.vectors} if mode == LEXICAL else set()
        fitting = [kb for kb in kbs if kb.halves["fit"]]
        weights = current if args.no_grid else fit_weights(fitting, current, unused, only=only)
        for kb in kbs:
            for half in ("fit", "check"):
                kb.rows[half] = collect(kb, half, weights) if kb.halves[half] else []
        # --fit-only: every other coefficient as shipped (one the calibration file lacks counts 0)
        hold = {k: current.coef.get(k, 0.0) for k in FEATURES if k not in fit_only} if fit_only else None
        if args.keep_bias:
            hold["bias"] = current.coef.get("bias", 0.0)
        if args.keep_confidence:
            coef = {k: v for k, v in current.coef.items() if k not in unused}
        else:
            coef = {k: v for k, v in fit_confidence([(kb.rows["fit"], kb.name) for kb in fitting], hold,
                                                     args.faq_share).items()
                    if k not in unused}
        print(f"confidence coefficients: {coef}", file=sys.stderr)
        report = {"mode": mode, "threshold": threshold, "rank": weights.rank, "coef": coef,
                  "all": {}, "leave_one_out": {}}
        # As installed: the coefficients bot/calibration.json holds now, not this run's fit (only when the
        # ranking weights are the shipped ones too: --no-grid, or a search that kept them).
        shipped = weights.rank == current.rank or args.keep_confidence
        report["shipped"] = {} if shipped else None
        for kb in kbs:
            report["all"][kb.name] = score(kb.rows["check"], coef, threshold) if kb.rows["check"] else None
            if shipped:
                report["shipped"][kb.name] = score(kb.rows["check"], current.coef, threshold) if kb.rows["check"] else None
        report["means"] = {key: {k: round(float(np.mean([f[k] for f in report[key].values() if f and f[k] is not None])), 3)
                                 for k in ("answered_right", "oos_refused", "accuracy")}
                           for key in ("all", "shipped") if report[key]}
        sweep = {}
        for t in (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6):
            figs = [score(kb.rows["check"], coef, t) for kb in kbs if kb.rows["check"]]
            sweep[t] = {k: round(float(np.mean([f[k] for f in figs if f[k] is not None])), 3)
                        for k in ("answered_right", "in_scope_refused", "oos_refused", "accuracy")}
        report["sweep"] = sweep
        for kb in fitting:
            others = [(o.rows["fit"], o.name) for o in fitting if o is not kb]
            loo = fit_confidence(others, hold, args.faq_share)
            rows = kb.rows["check"] or kb.rows["fit"]
            report["leave_one_out"][kb.name] = score(rows, loo, threshold)
    if args.json:
        print(json.dumps(report, indent=1))
    else:
        print(format_report(report))
    if args.write:
        data = read_calibration()
        data[mode] = {"note": "fitted by bench/calibrate.py on several knowledge bases; do not edit by hand",
                      "rank": {k: v for k, v in weights.rank.items() if k not in unused}, "coef": coef}
        CALIBRATION_FILE.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {CALIBRATION_FILE}", file=sys.stderr)
    return 0


def format_report(report: dict) -> str:
    """The figures as markdown tables: every knowledge base's check half, then leave-one-out."""
    cols = ["n_in", "n_out", "top1", "answered_right", "in_scope_refused", "oos_refused", "accuracy"]
    out = [f"mode {report['mode']}, threshold {report['threshold']}", ""]
    for title, key in (("fit on all (check halves)", "all"),
                       ("the shipped coefficients, bot/calibration.json as installed (check halves)", "shipped"),
                       ("leave one knowledge base out of the fit", "leave_one_out")):
        if not report.get(key):
            continue
        out += [f"### {title}", "", "| knowledge base | " + " | ".join(cols) + " |", "|---" * (len(cols) + 1) + "|"]
        for name, fig in report[key].items():
            if fig:
                out.append(f"| {name} | " + " | ".join("–" if fig[c] is None else str(fig[c]) for c in cols) + " |")
        if key in report.get("means", {}):
            m = report["means"][key]
            out.append(f"\nmean: answered right {m['answered_right']}, out-of-scope refused {m['oos_refused']}, "
                       f"accuracy {m['accuracy']}")
        out.append("")
    out += ["### threshold sweep (mean over the check halves)", "", "| threshold | answered right | in-scope refused "
            "| out-of-scope refused | accuracy |", "|---|---|---|---|---|"]
    for t, f in report.get("sweep", {}).items():
        out.append(f"| {t} | {f['answered_right']} | {f['in_scope_refused']} | {f['oos_refused']} | {f['accuracy']} |")
    return "\n".join(out)


if __name__ == "__main__":
    raise SystemExit(main())
