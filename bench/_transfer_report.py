"""Figures and tables of bench/transfer.py: from per-question rows to shares, text and markdown."""

from __future__ import annotations

import math
from collections import defaultdict

from bot.evaluate import wilson  # faqbot eval's interval (bench/transfer.py puts bot/ on the path)


def share(part: list, whole: list) -> float | None:
    """len(part) / len(whole), rounded; None when there is nothing to divide by."""
    return round(len(part) / len(whole), 4) if whole else None


def mean_interval(p1: float, n1: int, p2: float, n2: int, z: float = 1.96) -> tuple[float, float] | None:
    """95% normal interval of the mean of two shares measured on independent sets of n1 and n2 questions."""
    if n1 <= 0 or n2 <= 0:
        return None
    mid = (p1 + p2) / 2
    half = z * 0.5 * math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    return max(0.0, mid - half), min(1.0, mid + half)


def refused(rows: list[dict]) -> float | None:
    """Share of rows given no answer."""
    return share([r for r in rows if not r["answered"]], rows)


def figures(rows: list[dict]) -> dict:
    """top-1 / top-3 (ranking, threshold ignored), answered right, refusals and accuracy over all."""
    ins = [r for r in rows if r["in_scope"]]
    oos = [r for r in rows if not r["in_scope"]]
    good = [r for r in ins if r["right"]] + [r for r in oos if not r["answered"]]
    return {"n_in_scope": len(ins), "n_oos": len(oos),
            "top1": share([r for r in ins if r["top1"]], ins), "top3": share([r for r in ins if r["top3"]], ins),
            "answered_right": share([r for r in ins if r["right"]], ins),
            "answered_wrong": share([r for r in ins if r["answered"] and not r["right"]], ins),
            "in_scope_refused": refused(ins), "oos_refused": refused(oos), "accuracy": share(good, rows)}


def pool(name: str, kbs: list[dict]) -> dict:
    """Several knowledge bases' questions as one set (baselines: weighted by in-scope questions)."""
    rows = [r for k in kbs for r in k["rows"]]
    n = sum(k["n_in_scope"] for k in kbs)
    base = {m: {f: round(sum(k["baselines"][m][f] * k["n_in_scope"] for k in kbs) / n, 4) for f in ("top1", "top3")}
            for m in kbs[0]["baselines"]} if n else {}
    clinc = sum(k["n_clinc"] for k in kbs)
    return {"name": name, "group": "pooled", "sections": sum(k["sections"] for k in kbs), "alternates": 0,
            **figures(rows), "baselines": base, "n_clinc": clinc,
            "clinc_refused": round(sum(k["clinc_refused"] * k["n_clinc"] for k in kbs) / clinc, 4) if clinc else None,
            "timing": {t: round(sum(k["timing"][t] for k in kbs) / len(kbs), 2) for t in kbs[0]["timing"]},
            "by_category": by_category(rows)}


def by_category(rows: list[dict]) -> dict:
    """Per category: how many, share handled right (in scope: answered right; out of scope: refused), top-1."""
    cats: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        cats[r["cat"]].append(r)
    def ok(r: dict) -> bool:
        return r["right"] if r["in_scope"] else not r["answered"]

    return {c: {"n": len(rs), "right": share([r for r in rs if ok(r)], rs),
                "top1": share([r for r in rs if r["top1"]], rs) if rs[0]["in_scope"] else None}
            for c, rs in sorted(cats.items())}


def history_figures(cases: list[dict]) -> dict:
    """article-history.jsonl per category: right with history, right alone, answer unchanged by the history."""
    cats: dict[str, list[dict]] = defaultdict(list)
    for c in cases:
        cats[c["cat"]].append(c)
    table = {cat: {"n": len(cs), "right": share([c for c in cs if c["ok"]], cs),
                   "right_alone": share([c for c in cs if c["ok_alone"]], cs),
                   "same_as_alone": share([c for c in cs if c["same_as_alone"]], cs)}
             for cat, cs in sorted(cats.items())}
    return {"by_category": table, "cases": cases}


# ---- tables ----------------------------------------------------------------------------------
def _f(v) -> str:
    return "-" if v is None else f"{v:.3f}" if isinstance(v, float) else str(v)


MAIN = ["knowledge base", "in/out", "top-1", "top-3", "answered right", "in-scope refused", "OOS refused",
        "accuracy", "CLINC150 refused", "BM25 top-1", "TF-IDF top-1", "MiniLM top-1", "ms/q"]


def _main_rows(out: dict) -> list[list[str]]:
    rows = []
    for k in [*out["kbs"], *out["pooled"]]:
        b = k["baselines"]
        rows.append([k["name"], f"{k['n_in_scope']}/{k['n_oos']}", _f(k["top1"]), _f(k["top3"]),
                     _f(k["answered_right"]), _f(k["in_scope_refused"]), _f(k["oos_refused"]), _f(k["accuracy"]),
                     _f(k["clinc_refused"]), _f(b.get("BM25", {}).get("top1")), _f(b.get("TF-IDF", {}).get("top1")), _f(b.get("MiniLM", {}).get("top1")),
                     f"{k['timing']['mean_ms']:.2f}"])
    return rows


def _data_rows(out: dict) -> list[list[str]]:
    return [[k["name"], k["content"], str(k["sections"]), str(k["alternates"]), str(k["n_questions"]),
             k["note"] or "-", _f(k["build_seconds"])] for k in out["kbs"]]


def _category_rows(out: dict) -> tuple[list[str], list[list[str]]]:
    pooled = out["pooled"]
    cats = sorted({c for p in pooled for c in p["by_category"]}, key=lambda c: (c.startswith("oos"), c))
    head = ["category", *[f"{p['name'].split(' (')[0]}: n, right, top-1" for p in pooled]]
    body = [[c, *[", ".join(_f(p["by_category"].get(c, {}).get(f)) for f in ("n", "right", "top1")) for p in pooled]]
            for c in cats]
    return head, body


def _history_rows(out: dict) -> list[list[str]]:
    sets = [("article", out["history"]),
            *((f"small FAQs, {split}", h) for split, h in out.get("faq_history", {}).items())]
    return [[name, c, str(v["n"]), _f(v["right"]), _f(v["right_alone"]), _f(v["same_as_alone"])]
            for name, h in sets for c, v in h["by_category"].items()]


HISTORY = ["set", "category", "n", "right with history", "right alone", "same answer with and without history"]


# Issue 13's "done when" goals that differ between the modes (the article's are the same in both).
GOALS = {"lexical": {"faq_right": 0.65, "faq_refused": 0.85, "intent_accuracy": 0.75, "intent_right": 0.60},
         "semantic": {"faq_right": 0.85, "faq_refused": 0.85, "intent_accuracy": 0.80, "intent_right": 0.70}}


def mode(out: dict) -> str:
    """"semantic" for a run whose indexes were built with an encoder, else "lexical"."""
    return "semantic" if out.get("encoder") else "lexical"


def targets(out: dict) -> list[list[str]]:
    """Issue 13's 'done when' figures of this run's mode that it can show, on these stand-in sets."""
    kbs = {k["name"]: k for k in [*out["kbs"], *out["pooled"]]}
    goal = GOALS[mode(out)]
    rows = []

    def add(what: str, value, goal: str, ok: bool | None, n: int = 0, interval=None) -> None:
        interval = interval or wilson(value, n)
        shown = "-" if interval is None else f"{interval[0]:.2f}-{interval[1]:.2f}"
        rows.append([what, _f(value), shown, str(n or "-"), goal,
                     "-" if ok is None or value is None else ("yes" if ok else "no")])

    faq = next((p for p in out["pooled"] if "heldout" in p["name"]), None)
    if faq:
        add("small FAQs held out (pooled): in scope answered right", faq["answered_right"],
            f">= {goal['faq_right']:.2f}", (faq["answered_right"] or 0) >= goal["faq_right"], faq["n_in_scope"])
        add("small FAQs held out (pooled): out of scope refused", faq["oos_refused"],
            f">= {goal['faq_refused']:.2f}", (faq["oos_refused"] or 0) >= goal["faq_refused"], faq["n_oos"])
    for name in ("banking77", "clinc150-intents"):
        if name in kbs:
            k = kbs[name]
            # The traffic is about half off-topic; these sets are 3:1 to 30:1 in scope, so accuracy at
            # their own mix is shown but not held to the target: the next row is.
            add(f"{name}: accuracy over all, at this set's mix ({k['n_in_scope']} in scope : {k['n_oos']} out)",
                k["accuracy"], f"(>= {goal['intent_accuracy']:.2f} on traffic half off-topic: next row)", None,
                k["n_in_scope"] + k["n_oos"])
            if k["answered_right"] is not None and k["oos_refused"] is not None:
                half = (k["answered_right"] + k["oos_refused"]) / 2
                add(f"{name}: accuracy over all, half of the questions off-topic", half,
                    f">= {goal['intent_accuracy']:.2f}", half >= goal["intent_accuracy"],
                    k["n_in_scope"] + k["n_oos"],
                    mean_interval(k["answered_right"], k["n_in_scope"], k["oos_refused"], k["n_oos"]))
            add(f"{name}: in scope answered right", k["answered_right"], f">= {goal['intent_right']:.2f}",
                (k["answered_right"] or 0) >= goal["intent_right"], k["n_in_scope"])
    art = kbs.get("article, held-out questions")
    if art:
        oos = [r for r in art["rows"] if not r["in_scope"]]
        ontopic = [r for r in oos if r["cat"] == "oos-ontopic"]
        offtopic = [r for r in oos if r["cat"] != "oos-ontopic"]
        add("article held out: answered right", art["answered_right"], ">= 0.90", (art["answered_right"] or 0) >= 0.90,
            art["n_in_scope"])
        add("article held out: off-topic refused", refused(offtopic), ">= 0.95", (refused(offtopic) or 0) >= 0.95,
            len(offtopic))
        add("article held out: on-topic unanswerable refused", refused(ontopic), ">= 0.80",
            (refused(ontopic) or 0) >= 0.80, len(ontopic))
    sf = kbs.get("stackfaq")
    if sf and mode(out) == "semantic":
        add("stackfaq: answered right", sf["answered_right"], ">= 0.955", (sf["answered_right"] or 0) >= 0.955,
            sf["n_in_scope"])
        add("stackfaq: CLINC150 refused", sf["clinc_refused"], ">= 0.95", (sf["clinc_refused"] or 0) >= 0.95,
            sf["n_clinc"])
    elif sf:
        bm = sf["baselines"]["BM25"]["top1"]
        add("stackfaq: answered right (BM25 top-1 answering everything + 0.05)", sf["answered_right"],
            f">= {bm + 0.05:.3f}", (sf["answered_right"] or 0) >= bm + 0.05, sf["n_in_scope"])
        add("stackfaq: CLINC150 refused", sf["clinc_refused"], ">= 0.95", (sf["clinc_refused"] or 0) >= 0.95,
            sf["n_clinc"])
    return rows


def target_head(out: dict) -> list[str]:
    return ["figure", "today", "95% interval", "questions", f"issue 13 target ({mode(out)})", "met"]


def grid(head: list[str], body: list[list[str]], md: bool) -> list[str]:
    """A table as markdown, or as aligned plain text (first column left, the rest right)."""
    if md:
        return ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|",
                *["| " + " | ".join(r) + " |" for r in body]]
    w = [max(len(r[i]) for r in [head, *body]) for i in range(len(head))]
    line = lambda r: "  ".join(c.ljust(w[i]) if i == 0 else c.rjust(w[i]) for i, c in enumerate(r))  # noqa: E731
    return [line(head), "  ".join("-" * x for x in w), *[line(r) for r in body]]


def _errors(out: dict) -> list[str]:
    lines = []
    for k in out["kbs"]:
        if not k["group"].startswith("faq"):
            continue
        lines.append(f"{k['name']}:")
        for r in k["rows"]:
            ok = r["right"] if r["in_scope"] else not r["answered"]
            if not ok:
                got = f"{'ANSWERED' if r['answered'] else 'refused'} {r['section_id'] or r['top'] or r['kind']}"
                lines.append(f"  [{r['cat']}] {r['query']!r} -> {got} ({r['confidence']:.2f});"
                             f" gold {', '.join(g.split('/')[-1] for g in r['gold']) or '-'}")
    return lines


def text(out: dict, errors: bool = False) -> str:
    """The figures as plain-text tables."""
    lines = [f"faqbot at threshold {out['threshold']:.2f}; {out['seconds']:.0f} s on {out['cpus']} CPUs", "",
             *grid(MAIN, _main_rows(out), False), "", *grid(target_head(out), targets(out), False), "",
             *grid(*_category_rows(out), False), "",
             "follow-ups (article-history.jsonl, tests/data/faqs/*.history.jsonl)", *grid(HISTORY, _history_rows(out), False), "",
             *grid(["knowledge base", "content", "sections", "alternates", "questions", "note", "build s"],
                   _data_rows(out), False)]
    return "\n".join(lines + (["", *_errors(out)] if errors else []))


HOW_TO_READ = """\
- **top-1**, **top-3**: ranking alone, threshold ignored: the share of in-scope questions whose right
  section is faqbot's answer, or its first suggestion when it refused (top-3: among the answer and the
  suggestions). **answered right**: answered at the shipped threshold with a right section.
  **in-scope refused** / **OOS refused**: share of in-scope / out-of-scope questions given no answer
  (an in-scope question that is neither answered right nor refused got a wrong answer).
  **accuracy**: share of all questions handled right (a right answer or a right refusal), so it depends
  on each set's mix of in-scope and out-of-scope questions (the *in/out* column). The targets table
  also gives it for traffic half off-topic, as issue 13 describes its intent-style sets: the mean of
  in scope answered right and out of scope refused.
- **CLINC150 refused**: the out-of-scope CLINC150 assistant queries asked against that knowledge base
  (for StackFAQ and banking77 they are its out-of-scope set; for clinc150-intents its own out-of-scope
  queries are the *OOS* column).
- **95% interval**: where the figure would fall on other questions of the same kind, given how few
  were asked (Wilson score interval; for the half-off-topic accuracy, a normal interval of the mean of
  its two shares). A target inside the interval is not told apart from today's figure by these sets.
- **BM25 / TF-IDF top-1**: the baselines of `bench/quality.py` (bm25s defaults with English stop words;
  scikit-learn `TfidfVectorizer()`), indexing the same sections (heading, alternates, body); ranking only.
- **headings only**: banking77 and clinc150-intents written as a site owner without alternates would
  write them: each entry is just its intent label ("card arrival") and a one-line stand-in answer.
  **article without alternates/synonyms**: the shipped article without `knowledge/*.alternates` and
  `*.synonyms`.
- **small FAQs**: `tests/data/faqs/` (no alternates, no synonyms); each is dev (tuned on) or held out, as the
  "note" column of the last table and its README say. Pooled rows put each split's questions together.
- **ms/q**: milliseconds per question in the `faqbot ask` batch process: the time from its reply to a
  warm-up question (sent first, answered once the index is loaded, paying the one-off lazy imports) to
  its last answer, over the questions. The
  batch reader answers the lines already waiting together (up to 64; with an encoder, in one encoder
  pass), so single gaps between answer lines are not reported. The machine is shared with other work, so
  these are rough. Questions with a
  chat `history` (a few article ones, and `article-history.jsonl`) go through `Bot.ask` in process, on
  the same index, because the batch interface takes one question per line and no history.
- **article-history.jsonl** and the small FAQs' **`<name>.history.jsonl`** (pooled per split): *standalone*
  questions follow an unrelated question and should get the same answer as alone (*standalone-oos*: refused);
  *followup* ones need their history. *right alone* asks each without its history.
"""


def asked(out: dict) -> str:
    """Which queries of the large sets the run asked, in a sentence."""
    if out.get("queries", "all") == "check":
        what = ("StackFAQ, banking77 and clinc150-intents are asked their \"check\" half (odd-numbered queries) "
                "and CLINC150's out-of-scope queries their oos_val split: the questions bench/calibrate.py never "
                "fits the confidence on")
    else:
        what = "Every query of StackFAQ, banking77, clinc150-intents and CLINC150's out-of-scope set is asked"
    if out.get("sample"):
        what += f", at most {out['sample']} in-scope queries a set (a sample, seed {out['seed']})"
    return what + "."


def markdown(out: dict) -> str:
    """The page docs/transfer.md."""
    vers = ", ".join(f"{k} {v}" for k, v in out["versions"].items())
    head, body = _category_rows(out)
    return "\n".join([
        "# Transfer: faqbot on knowledge bases it was not tuned on"
        + (f" (semantic: every index built with `--encoder {out['encoder']}`)" if out.get("encoder") else ""), "",
        "Generated by `bench/transfer.py`; do not edit by hand. To reproduce, from the project root:", "",
        f"    {out['command']}", "",
        f"Run {out['date']} in {out['seconds']:.0f} s on {out['cpus']} CPUs. Versions: {vers}.", "",
        f"faqbot at its shipped threshold {out['threshold']:.2f}, one setting for every knowledge base. "
        f"{asked(out)}", "",
        "## Per knowledge base", "", *grid(MAIN, _main_rows(out), True), "",
        f"## Issue 13's {mode(out)} targets, on these sets", "",
        "The issue's author measures on held-out sets and real traffic; these are the nearest stand-ins here "
        "(banking77 and clinc150-intents for intent-style knowledge bases, this repository's small FAQs for "
        "site owners' FAQs). BM25 on StackFAQ is taken answering everything, which flatters it.", "",
        *grid(target_head(out), targets(out), True), "",
        "## Small FAQs by question category", "",
        "Share handled right (in scope: answered right; out of scope: refused) and top-1.", "",
        *grid(head, body, True), "",
        "## Follow-ups and standalone questions after an unrelated one", "",
        *grid(HISTORY, _history_rows(out), True), "",
        "## The knowledge bases", "",
        *grid(["knowledge base", "content", "sections", "alternates", "questions", "note", "build s"],
              _data_rows(out), True), "",
        "## How to read this", "", HOW_TO_READ])
