"""Matching quality of faqbot against plain TF-IDF and BM25, on the article, StackFAQ and CLINC150 OOS.

    .venv/bin/python bench/quality.py --data ../shared/data [--questions FILE] [--json] [--write docs/quality.md]

faqbot's figures come from `bot.evaluate.evaluate` on a real Bot, the code path of `faqbot eval`.
The baselines are scored with the same definitions (see `figures`). Never part of the test pass/fail.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import _kb  # noqa: E402
from bot.evaluate import evaluate, load_questions, write_plot  # noqa: E402

QUESTIONS = ROOT / "tests" / "data" / "questions"
KEEP_FROM = "<!-- the sections below are not written by bench/quality.py -->"
RANKED = 10  # faqbot eval ranks the answer plus 9 suggestions; baselines get the same depth
COLUMNS = [("top1", "top-1"), ("top3", "top-3"), ("mrr", "MRR"), ("oos_refused", "OOS refused"),
           ("in_scope_refused", "in-scope refused"), ("precision", "precision")]
NO_ALT = "{} (no alternates)"  # the article's text alone, without the editor's alternate questions


# ---- baselines -------------------------------------------------------------------------------
def section_text(s, alternates: bool = True) -> str:
    """Heading, alternate questions appended to it, then the body: what the baselines index."""
    return " ".join([s.heading, *(s.alternates if alternates else ())]) + "\n" + s.body


class TfidfBaseline:
    """scikit-learn TfidfVectorizer with its defaults; cosine similarity; top score is the confidence."""

    def __init__(self, sections, alternates: bool = True) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.name = "TF-IDF" if alternates else NO_ALT.format("TF-IDF")
        self.vec = TfidfVectorizer()
        self.matrix = self.vec.fit_transform([section_text(s, alternates) for s in sections])

    def scores(self, query: str) -> np.ndarray:
        # Rows are L2-normalised, so the dot product is the cosine.
        return (self.matrix @ self.vec.transform([query]).T).toarray().ravel()


class Bm25Baseline:
    """bm25s with default parameters and its own tokenizer and English stop words; top score is the confidence."""

    def __init__(self, sections, alternates: bool = True) -> None:
        import bm25s

        self.name = "BM25" if alternates else NO_ALT.format("BM25")
        self.bm25s = bm25s
        texts = [section_text(s, alternates) for s in sections]
        tokens = bm25s.tokenize(texts, stopwords="en", show_progress=False)
        self.model = bm25s.BM25()
        self.model.index(tokens, show_progress=False)
        self.n = len(sections)

    def scores(self, query: str) -> np.ndarray:
        toks = self.bm25s.tokenize([query], stopwords="en", return_ids=False, show_progress=False)[0]
        if not toks:  # bm25s fails on an empty query; nothing matches
            return np.zeros(self.n)
        return np.asarray(self.model.get_scores(toks), dtype=float)


class MiniLMBaseline:
    """all-MiniLM-L6-v2 alone (faqbot's numpy encoder): cosine with each section's heading and alternates
    (the best of them); top cosine is the confidence. Needs the semantic extra."""

    def __init__(self, sections, alternates: bool = True) -> None:
        from bot.encoder import load_encoder

        self.name = "MiniLM" if alternates else NO_ALT.format("MiniLM")
        self.encoder = load_encoder("minilm")
        texts, self.owner = [], []
        for i, s in enumerate(sections):
            for t in (s.heading, *(s.alternates if alternates else ())):
                texts.append(t)
                self.owner.append(i)
        self.owner = np.asarray(self.owner)
        self.vectors = self.encoder.encode(texts)
        self.n = len(sections)

    def scores(self, query: str) -> np.ndarray:
        sims = self.vectors @ self.encoder.encode([query])[0]
        best = np.full(self.n, -1.0)
        np.maximum.at(best, self.owner, sims)
        return np.clip(best, 0.0, None)


def semantic_available() -> bool:
    """Is the semantic extra installed (for the MiniLM baseline)?"""
    try:
        from bot.encoder import load_encoder

        load_encoder("minilm")
        return True
    except Exception:
        return False


def baseline_rows(model, sections, questions: list[dict]) -> list[dict]:
    """Per question: rank of the first gold section, the top section and its score (history is ignored)."""
    ids = [s.id for s in sections]
    by_heading = {s.heading.casefold(): s.id for s in sections}
    rows = []
    for q in questions:
        gold = {by_heading.get(str(g).casefold(), g) for g in q["gold"]}
        sc = model.scores(q["query"])
        order = [int(i) for i in np.lexsort((np.arange(len(sc)), -sc)) if sc[i] > 0][:RANKED]
        rank = next((n + 1 for n, i in enumerate(order) if ids[i] in gold), None)
        rows.append({"cat": q.get("cat", ""), "in_scope": bool(gold), "rank": rank,
                     "top": ids[order[0]] if order else None,
                     "confidence": float(sc[order[0]]) if order else 0.0})
    return rows


# ---- figures (the definitions of bot/evaluate.py) ------------------------------------------
def _answered(r: dict, t: float) -> bool:
    return r["top"] is not None and r["confidence"] >= t and r["confidence"] > 0


def figures(rows: list[dict], t: float) -> dict:
    """top-1 (answered and right), top-3, MRR, OOS refused, in-scope refused, precision, as `faqbot eval`."""
    ins = [r for r in rows if r["in_scope"]]
    oos = [r for r in rows if not r["in_scope"]]
    answered = [r for r in rows if _answered(r, t)]

    def share(a, b):
        return round(len(a) / len(b), 4) if b else None

    return {
        "top1": share([r for r in ins if _answered(r, t) and r["rank"] == 1], ins),
        "top3": share([r for r in ins if r["rank"] and r["rank"] <= 3], ins),
        "mrr": round(sum(1 / r["rank"] for r in ins if r["rank"]) / len(ins), 4) if ins else None,
        "in_scope_refused": share([r for r in ins if not _answered(r, t)], ins),
        "oos_refused": share([r for r in oos if not _answered(r, t)], oos),
        "precision": share([r for r in answered if r["in_scope"] and r["rank"] == 1], answered),
    }


def by_category(rows: list[dict], t: float) -> dict:
    """Share of each category handled right (in scope: answered with a gold section; OOS: refused)."""
    cats: dict[str, list[bool]] = {}
    for r in rows:
        ok = (_answered(r, t) and r["rank"] == 1) if r["in_scope"] else not _answered(r, t)
        cats.setdefault(r["cat"] or ("in-scope" if r["in_scope"] else "out-of-scope"), []).append(ok)
    return {c: {"n": len(v), "right": round(sum(v) / len(v), 4)} for c, v in sorted(cats.items())}


def matching_threshold(rows: list[dict], target: float) -> float:
    """The lowest threshold on a baseline's own score that refuses at least `target` of the OOS rows."""
    oos = sorted(r["confidence"] for r in rows if not r["in_scope"])
    need = int(np.ceil(target * len(oos) - 1e-9))
    return float(np.nextafter(oos[min(need, len(oos)) - 1], np.inf)) if need > 0 and oos else 0.0


# ---- the run ---------------------------------------------------------------------------------
def faqbot_entry(bot, questions: list[dict]) -> tuple[dict, dict, dict]:
    """(figures at the configured threshold, figures at threshold 0, the full eval report)."""
    report = evaluate(bot, questions)
    zero = next((s for s in report["sweep"] if s["threshold"] == 0.0), None)
    if zero is None:
        zero = evaluate(bot, questions, threshold=0.0)
    pick = lambda d: {k: d.get(k) for k, _ in COLUMNS}  # noqa: E731
    return pick(report), pick(zero), report


def run(args: argparse.Namespace) -> dict:
    data = Path(args.data)
    sets = {"heldout": load_questions(Path(args.questions)), "dev": load_questions(Path(args.dev))}
    clinc = _kb.read_jsonl(data / "clinc150-oos" / "queries_oos_dev.jsonl")
    stack_q = _kb.read_jsonl(data / "stackfaq" / "queries.jsonl")
    out: dict = {"kbs": {}, "thresholds": {}}
    with tempfile.TemporaryDirectory(prefix="faqbot-quality-") as tmp:
        tmp = Path(tmp)
        id_map = _kb.write_stackfaq_csv(data / "stackfaq" / "corpus.jsonl", tmp / "stackfaq")
        stack = [{**q, "gold": [id_map[g] for g in q["gold"]]} for q in stack_q]
        kbs = {"article": (Path(args.content), sets), "stackfaq": (tmp / "stackfaq", {"stackfaq": stack})}
        reports: dict = {}
        rows: dict = {}
        for kb, (content, qsets) in kbs.items():
            t0 = time.perf_counter()
            bot = _kb.load_bot(_kb.build_index(content, tmp / f"index-{kb}"))
            where = os.path.relpath(content, ROOT) if kb == "article" else "stackfaq/corpus.jsonl as a CSV"
            out["kbs"][kb] = {"content": where,
                              "sections": len(bot.sections()),
                              "build_seconds": round(time.perf_counter() - t0, 2), "sets": {}}
            out["faqbot_threshold"] = bot.policy.threshold
            models = [TfidfBaseline(bot.sections()), Bm25Baseline(bot.sections())]
            if any(s.alternates for s in bot.sections()):
                models += [TfidfBaseline(bot.sections(), False), Bm25Baseline(bot.sections(), False)]
            for name, qs in [*qsets.items(), ("clinc", clinc)]:
                fb, fb0, reports[f"{kb}/{name}"] = faqbot_entry(bot, qs)
                out["kbs"][kb]["sets"][name] = {"n_in_scope": sum(bool(q["gold"]) for q in qs),
                                                "n_oos": sum(not q["gold"] for q in qs),
                                                "faqbot": fb, "faqbot@0": fb0}
                for m in models:
                    rows[(kb, name, m.name)] = baseline_rows(m, bot.sections(), qs)
    # The baselines' "matched" threshold: refuse the share of held-out article OOS questions faqbot refuses.
    target = out["kbs"]["article"]["sets"]["heldout"]["faqbot"]["oos_refused"] or 0.0
    clinc_target = out["kbs"]["stackfaq"]["sets"]["clinc"]["faqbot"]["oos_refused"]
    for name in dict.fromkeys(model for _, _, model in rows):
        t = matching_threshold(rows[("article", "heldout", name)], target)
        sf = rows.get(("stackfaq", "clinc", name))
        t_sf = matching_threshold(sf, clinc_target) if sf else None
        out["thresholds"][name] = {"matched": t, "matched_stackfaq_on_clinc": t_sf}
        for (kb, qset, model), r in rows.items():
            if model != name:
                continue
            entry = out["kbs"][kb]["sets"][qset]
            entry[f"{name}@0"] = figures(r, 0.0)
            entry[f"{name}@matched"] = figures(r, t)
            if kb == "stackfaq":
                entry[f"{name}@matched-on-stackfaq"] = figures(r, t_sf)
    out["by_category"] = {"faqbot": reports["article/heldout"]["by_category"],
                          **{f"{n}@matched": by_category(rows[("article", "heldout", n)],
                                                        out["thresholds"][n]["matched"])
                             for n in ("TF-IDF", "BM25")}}
    out["faqbot_reports"] = reports
    return out


# ---- printing --------------------------------------------------------------------------------
def _f(v) -> str:
    return "-" if v is None else f"{v:.3f}"


def _systems(out: dict, kb: str) -> list[tuple[str, str, str]]:
    """(key in a set entry, system label, threshold label) in table order."""
    th = out["thresholds"]
    rows = [("faqbot", "faqbot", f"{out['faqbot_threshold']:.2f} (configured)"), ("faqbot@0", "faqbot", "0")]
    for n in th:
        if f"{n}@0" not in out["kbs"][kb]["sets"]["clinc"]:
            continue
        rows += [(f"{n}@0", n, "0 (answers everything)"),
                 (f"{n}@matched", n, f"{th[n]['matched']:.4g} (matched)")]
        if kb == "stackfaq":
            rows.append((f"{n}@matched-on-stackfaq", n, f"{th[n]['matched_stackfaq_on_clinc']:.4g} (matched here)"))
    return rows


def _table(out: dict, kb: str, qset: str, md: bool) -> list[str]:
    entry, clinc = out["kbs"][kb]["sets"][qset], out["kbs"][kb]["sets"]["clinc"]
    head = ["system", "threshold", *[label for _, label in COLUMNS], "CLINC150 refused"]
    body = [[label, th, *[_f(entry[key][k]) for k, _ in COLUMNS], _f(clinc[key]["oos_refused"])]
            for key, label, th in _systems(out, kb)]
    return _grid(head, body, md)


def _grid(head: list[str], body: list[list[str]], md: bool) -> list[str]:
    if md:
        return ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|",
                *["| " + " | ".join(r) + " |" for r in body]]
    w = [max(len(str(r[i])) for r in [head, *body]) for i in range(len(head))]

    def line(r: list[str]) -> str:  # labels left-aligned, figures right-aligned
        return "  ".join(c.ljust(w[i]) if i < 2 else c.rjust(w[i]) for i, c in enumerate(r))

    return [line(head), "  ".join("-" * x for x in w), *[line(r) for r in body]]


def _sections(out: dict, md: bool) -> list[tuple[str, list[str]]]:
    a, s = out["kbs"]["article"], out["kbs"]["stackfaq"]
    hs, dv, sf = a["sets"]["heldout"], a["sets"]["dev"], s["sets"]["stackfaq"]
    cats = out["by_category"]
    names = list(cats["faqbot"])
    cat_rows = [[c, str(cats["faqbot"][c]["n"]), *[_f(cats[k].get(c, {}).get("right")) for k in cats]] for c in names]
    return [
        (f"(a) The article, held-out questions ({hs['n_in_scope']} in scope, {hs['n_oos']} out of scope; "
         f"{a['sections']} sections); CLINC150 against the article", _table(out, "article", "heldout", md)),
        (f"(a) The article, dev questions ({dv['n_in_scope']} in scope, {dv['n_oos']} out of scope) -- "
         "faqbot was tuned on these; for reference only", _table(out, "article", "dev", md)),
        (f"(b) StackFAQ ({sf['n_in_scope']} queries, all in scope, the even-numbered half of them among what "
         f"bench/calibrate.py fits on; {s['sections']} sections); (c) CLINC150 against StackFAQ",
         _table(out, "stackfaq", "stackfaq", md)),
        ("Held-out article questions by category: share handled right (faqbot at its threshold, "
         "baselines at the matched one)", _grid(["category", "n", *cats], cat_rows, md)),
    ]


def format_text(out: dict) -> str:
    lines = []
    for title, table in _sections(out, md=False):
        lines += [title, *table, ""]
    lines.append(_threshold_note(out))
    return "\n".join(lines)


def _threshold_note(out: dict) -> str:
    hs = out["kbs"]["article"]["sets"]["heldout"]["faqbot"]["oos_refused"] or 0.0
    sf = out["kbs"]["stackfaq"]["sets"]["clinc"]["faqbot"]["oos_refused"]
    return (f"Matched: each baseline's lowest threshold refusing at least the {hs:.3f} of held-out article "
            "out-of-scope questions that faqbot refuses, then used unchanged on every set. Matched here: "
            f"refusing at least the {sf:.3f} of CLINC150 that faqbot refuses against StackFAQ.")


def versions() -> dict[str, str]:
    """Python and the libraries the figures depend on."""
    from importlib.metadata import version

    from bot.artifact import library_versions

    out = {"python": sys.version.split()[0], **library_versions()}
    out["bm25s"] = version("bm25s")
    try:  # which engine made the figures: the commit, and whether bot/ had uncommitted changes
        def git(*a: str) -> str:
            return subprocess.run(["git", *a], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()

        dirty = git("status", "--porcelain", "--untracked-files=no", "--", "bot")
        out["faqbot"] += f" (commit {git('rev-parse', '--short', 'HEAD')}{', bot/ modified' if dirty else ''})"
    except (OSError, subprocess.CalledProcessError):
        pass
    return out


HOW_TO_READ = """\
- **top-1**: share of in-scope questions answered (confidence at or above the threshold) with a right
  section; a refused in-scope question counts as wrong. **top-3**, **MRR**: ranking alone, whatever the
  threshold (faqbot: the answer plus its suggestions, as `faqbot eval` counts them; baselines: their 10
  best sections scoring above 0). **OOS refused** / **in-scope refused**: share of out-of-scope
  (`gold: []`) / in-scope questions given no answer. **precision**: share of answers given that are right.
  **CLINC150 refused**: share of 200 assistant-style questions, asked against that knowledge base, refused.
- **faqbot** rows come from `bot.evaluate.evaluate`, the code of `faqbot eval`: at its configured threshold
  (one setting for every knowledge base) and at threshold 0 (ranking alone).
- **Baselines** answer with their best section and take its score as the confidence; a score of 0 (no word
  in common) is never an answer, for faqbot either. *0* is how hosted FAQ services ship: everything else
  is answered. *Matched*: the lowest threshold on the baseline's own score at which it refuses at least as
  many held-out article out-of-scope questions as faqbot; used unchanged on every set, so top-1 compares at
  equal refusal. BM25 scores are not normalised, so such a threshold does not carry over to another
  knowledge base; *matched here* (StackFAQ) re-matches on CLINC150 against StackFAQ, i.e. on the test set,
  which flatters the baselines.
- **Fairness**: the baselines index exactly faqbot's sections (same ids), each as its heading with the
  editor's alternate questions appended, then the body, so the article's curated alternates help them too;
  the *(no alternates)* rows show them on the article's own text. Synonym lists are faqbot's only. The
  baselines see only the question, not the chat `history` that follow-up questions carry.
- **Dev vs held-out**: faqbot's ranking weights and confidence were fitted on the dev split; the held-out
  split was never tuned on and is the one to quote.
- TF-IDF: scikit-learn `TfidfVectorizer()` defaults, cosine similarity. BM25: `bm25s.BM25()` defaults
  (Lucene variant, k1 1.5, b 0.75), `bm25s.tokenize(..., stopwords="en")`, no stemming.
"""


def format_markdown(out: dict) -> str:
    lines = ["# Matching quality: faqbot against plain TF-IDF and BM25", "",
             "Generated by `bench/quality.py`; do not edit by hand. To reproduce, from the project root:", "",
             f"    {out['command']}", "",
             f"Run {out['date']} in {out['seconds']:.0f} s. Versions: "
             + ", ".join(f"{k} {v}" for k, v in out["versions"].items()) + ".", "",
             f"faqbot threshold: {out['faqbot_threshold']:.2f}. Data: the shipped `knowledge/` article, "
             "`tests/data/questions/`, and `stackfaq/` and `clinc150-oos/queries_oos_dev.jsonl` from the "
             "shared evaluation data (read in place, not copied).", ""]
    for title, table in _sections(out, md=True):
        lines += [f"## {title}", "", *table, ""]
    lines += [_threshold_note(out), "",
              "The threshold sweep for faqbot on the held-out article split: "
              "[quality-sweep.html](quality-sweep.html).", "", "## How to read this", "", HOW_TO_READ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True, help="folder holding stackfaq/ and clinc150-oos/ (e.g. ../shared/data)")
    ap.add_argument("--questions", default=str(QUESTIONS / "article-heldout.jsonl"),
                    help="held-out labeled questions for the article")
    ap.add_argument("--dev", default=str(QUESTIONS / "article-dev.jsonl"), help="dev split (reported, labeled)")
    ap.add_argument("--content", default=str(ROOT / "knowledge"), help="the article's content folder")
    ap.add_argument("--json", action="store_true", help="print everything as JSON")
    ap.add_argument("--write", metavar="MD", help="write the tables as a markdown page (and the sweep plot beside it)")
    args = ap.parse_args(argv)
    data = Path(args.data)
    for p in (data / "stackfaq" / "corpus.jsonl", data / "stackfaq" / "queries.jsonl",
              data / "clinc150-oos" / "queries_oos_dev.jsonl", Path(args.questions), Path(args.dev)):
        if not p.is_file():
            ap.error(f"{p}: not found")
    t0 = time.perf_counter()
    out = run(args)
    exe = os.path.relpath(sys.executable) if not os.path.relpath(sys.executable).startswith("..") else "python"
    out["command"] = shlex.join([exe, os.path.relpath(__file__), *(sys.argv[1:] if argv is None else argv)])
    out["date"] = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    out["versions"] = versions()
    out["seconds"] = round(time.perf_counter() - t0, 1)
    if args.write:
        md = Path(args.write)
        md.parent.mkdir(parents=True, exist_ok=True)
        # What follows this marker (the transfer tables of bench/calibrate.py and bench/transfer.py) is kept.
        old = md.read_text(encoding="utf-8") if md.exists() else ""
        kept = old[old.index(KEEP_FROM):] if KEEP_FROM in old else "\n" + KEEP_FROM + "\n"
        md.write_text(format_markdown(out).rstrip("\n") + "\n\n" + kept, encoding="utf-8")
        write_plot(out["faqbot_reports"]["article/heldout"], md.with_name("quality-sweep.html"))
        print(f"wrote {md} and {md.with_name('quality-sweep.html')}", file=sys.stderr)
    print(json.dumps(out, indent=1) if args.json else format_text(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
