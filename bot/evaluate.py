"""`faqbot eval`: labeled questions in, quality figures and a threshold sweep out."""

from __future__ import annotations

import codecs
import html
import json
import math
import os
import secrets
from collections import defaultdict
from pathlib import Path
from typing import Any

from .answer import Policy

SWEEP = [round(0.05 * i, 2) for i in range(0, 20)] + [0.99]


def load_questions(path: Path) -> list[dict]:
    """Read JSONL of {query, gold, history?, fact?, cat?}; ValueError names file:line on bad input."""
    out = []
    try:
        data = Path(path).read_bytes()
    except OSError as e:  # one line: the exception's own text named the file a second time, with its errno
        raise ValueError(f"{path}: cannot read: {_why(e)}") from None
    data = data.removeprefix(codecs.BOM_UTF8)  # a BOM, as content files may have
    try:
        lines = data.decode("utf-8").splitlines()
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        raise ValueError(f"{path}:{line}: not UTF-8 (byte 0x{data[e.start]:02x}): save it as UTF-8") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
        except ValueError as e:
            raise ValueError(f"{path}:{n}: not JSON ({e.msg})") from None
        if isinstance(d, dict) and "query" not in d and isinstance(d.get("question"), str):
            # the API's field is `question`: an easy slip when labeling what visitors asked
            raise ValueError(f"{path}:{n}: an evaluation line names its question 'query', not 'question'")
        if not isinstance(d, dict) or not isinstance(d.get("query"), str) or not _strings(d.get("gold")):
            raise ValueError(f"{path}:{n}: expected an object with 'query' (string) and 'gold' (list of strings)")
        if not d["query"].strip():  # nothing to ask: it would count as a question the bot refused
            raise ValueError(f"{path}:{n}: 'query' is empty")
        for key in ("fact", "history"):
            if key in d and d[key] is not None and not _strings(d[key]):
                raise ValueError(f"{path}:{n}: '{key}' must be a list of strings")
        if not isinstance(d.get("cat", ""), str):
            raise ValueError(f"{path}:{n}: 'cat' must be a string")
        out.append(d)
    if not out:
        raise ValueError(f"{path}: no questions")
    return out


def _why(e: OSError) -> str:
    """What the system refused, in words (without the errno and the file name again)."""
    if isinstance(e, FileNotFoundError):
        return "no such file"
    if isinstance(e, IsADirectoryError):
        return "it is a folder, not a file"
    if isinstance(e, NotADirectoryError):
        return "a part of the path is a file, not a folder"
    if isinstance(e, PermissionError):
        return "permission denied"
    return (e.strerror or type(e).__name__).lower()


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def evaluate(bot: Any, questions: list[dict], threshold: float | None = None) -> dict:
    """Run every question once at threshold 0, then read off the figures at any threshold."""
    policy: Policy = bot.policy
    threshold = policy.threshold if threshold is None else threshold
    probe = Policy(policy.index, threshold=0.0, weights=policy.weights)
    by_heading = {s.heading.casefold(): s.id for s in policy.index.sections_}
    rows = []
    for q in questions:
        gold = {by_heading.get(str(g).casefold(), g) for g in q["gold"]}
        ans = probe.ask(q["query"], history=q.get("history") or (), top_k=9)
        ranked = ([ans.section_id] if ans.section_id else []) + [s.section_id for s in ans.suggestions]
        rank = next((i + 1 for i, sid in enumerate(ranked) if sid in gold), None)
        conf = ans.confidence if ans.kind == "answer" else 0.0
        fact = q.get("fact") or []
        rows.append({
            "query": q["query"], "cat": q.get("cat", ""), "in_scope": bool(gold), "gold": sorted(gold),
            "top": ans.section_id, "confidence": round(conf, 4), "rank": rank,
            "fact": fact, "fact_hit": bool(fact) and any(f.lower() in (ans.answer or "").lower() for f in fact),
        })
    figures = _figures(rows, threshold)
    report = {"threshold": threshold, "counts": _counts(rows), **figures,
              "intervals": _intervals(rows, threshold, figures),
              "sweep": [{"threshold": t, **_figures(rows, t)} for t in SWEEP],
              "calibration": _calibration(rows), "by_category": _by_category(rows, threshold),
              "errors": [r for r in rows if _wrong(r, threshold)]}
    return report


def _counts(rows: list[dict]) -> dict:
    return {"in_scope": sum(r["in_scope"] for r in rows), "out_of_scope": sum(not r["in_scope"] for r in rows)}


def _answered(r: dict, t: float) -> bool:
    return r["top"] is not None and r["confidence"] >= t and r["confidence"] > 0


def _wrong(r: dict, t: float) -> bool:
    if r["in_scope"]:
        return not (_answered(r, t) and r["rank"] == 1)
    return _answered(r, t)


def wilson(p: float | None, n: int, z: float = 1.96) -> tuple[float, float] | None:
    """95% Wilson score interval of a share p measured on n questions (None without questions): where the
    share could well lie on other questions of the same kind. 20 labeled questions leave it wide."""
    if p is None or n <= 0:
        return None
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


# The questions each share of the headline is measured on (its denominator), for its interval.
_BASES = {"top1": "in_scope", "top3": "in_scope", "in_scope_refused": "in_scope", "oos_refused": "out_of_scope",
          "precision": "answered", "fact_in_answer": "facts"}


def _intervals(rows: list[dict], t: float, figures: dict) -> dict:
    """Per headline share: [low, high] of its 95% interval and the number of questions it rests on."""
    correct = [r for r in rows if r["in_scope"] and _answered(r, t) and r["rank"] == 1]
    n = {"in_scope": sum(r["in_scope"] for r in rows), "out_of_scope": sum(not r["in_scope"] for r in rows),
         "answered": sum(_answered(r, t) for r in rows), "facts": sum(bool(r["fact"]) for r in correct)}
    out = {}
    for key, base in _BASES.items():
        iv = wilson(figures[key], n[base])
        out[key] = {"n": n[base], "low": None if iv is None else round(iv[0], 4),
                    "high": None if iv is None else round(iv[1], 4)}
    return out


def _figures(rows: list[dict], t: float) -> dict:
    ins = [r for r in rows if r["in_scope"]]
    oos = [r for r in rows if not r["in_scope"]]
    answered = [r for r in rows if _answered(r, t)]
    correct = [r for r in ins if _answered(r, t) and r["rank"] == 1]
    facts = [r for r in correct if r["fact"]]

    def share(a, b):
        return round(len(a) / len(b), 4) if b else None

    return {
        "top1": share(correct, ins),
        "top3": share([r for r in ins if r["rank"] and r["rank"] <= 3], ins),
        "mrr": round(sum(1 / r["rank"] for r in ins if r["rank"]) / len(ins), 4) if ins else None,
        "in_scope_refused": share([r for r in ins if not _answered(r, t)], ins),
        "oos_refused": share([r for r in oos if not _answered(r, t)], oos),
        "precision": share([r for r in answered if r["in_scope"] and r["rank"] == 1], answered),
        "fact_in_answer": share([r for r in facts if r["fact_hit"]], facts),
    }


def _calibration(rows: list[dict]) -> list[dict]:
    """Per confidence bin: how many answers, and how many of them were right."""
    bins: dict[int, list[bool]] = defaultdict(list)
    for r in rows:
        if r["top"] is None:
            continue
        b = min(int(r["confidence"] * 10), 9)
        bins[b].append(r["in_scope"] and r["rank"] == 1)
    return [{"bin": f"{b / 10:.1f}-{(b + 1) / 10:.1f}", "n": len(v), "right": round(sum(v) / len(v), 3)}
            for b, v in sorted(bins.items())]


def _by_category(rows: list[dict], t: float) -> dict:
    cats: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        cats[r["cat"] or ("in-scope" if r["in_scope"] else "out-of-scope")].append(r)
    return {c: {"n": len(v), "right": round(sum(not _wrong(r, t) for r in v) / len(v), 4)}
            for c, v in sorted(cats.items())}


def _fmt(v: Any) -> str:
    return "  -  " if v is None else f"{v:.3f}"


def format_report(report: dict, errors: bool = False) -> str:
    """The figures as text: headline, per category, threshold sweep, calibration."""
    c = report["counts"]
    lines = [f"questions: {c['in_scope']} in scope, {c['out_of_scope']} out of scope; "
             f"threshold {report['threshold']}", ""]  # as set (0.375, not 0.38) and as --json says it
    names = [("top1", "top-1 accuracy (in scope)"), ("top3", "top-3 recall (answer + suggestions)"),
             ("mrr", "MRR"), ("oos_refused", "out-of-scope refused"),
             ("in_scope_refused", "in-scope wrongly refused"), ("precision", "answers that are right"),
             ("fact_in_answer", "concise answer holds the fact")]
    intervals = report.get("intervals", {})
    for key, label in names:
        iv = intervals.get(key)
        note = f"  ({iv['low']:.2f}-{iv['high']:.2f} of {iv['n']})" if iv and iv["low"] is not None else ""
        lines.append(f"  {label:<38} {_fmt(report[key])}{note}")
    lines.append("  (95% intervals: where each share could well lie on other questions of the same kind)")
    lines += ["", "by category (share handled right):"]
    for cat, v in report["by_category"].items():
        lines.append(f"  {cat:<20} {v['right']:.3f}  (n={v['n']})")
    lines += ["", "threshold sweep:", "  thresh   top-1  oos-refused  in-scope-refused  precision"]
    for s in report["sweep"]:
        mark = " <" if abs(s["threshold"] - report["threshold"]) < 1e-9 else ""
        lines.append(f"  {s['threshold']:.2f}    {_fmt(s['top1'])}     {_fmt(s['oos_refused'])}"
                     f"            {_fmt(s['in_scope_refused'])}      {_fmt(s['precision'])}{mark}")
    lines += ["", "calibration (confidence bin: answers, share right):"]
    for b in report["calibration"]:
        lines.append(f"  {b['bin']}  n={b['n']:<4} right={b['right']:.3f}")
    if errors:
        lines += ["", "wrong at this threshold:"]
        for r in report["errors"]:
            lines.append(f"  {_error_line(r, report['threshold'])}")
    return "\n".join(lines)


def _error_line(r: dict, threshold: float) -> str:
    """A question got wrong, for --errors: its category (if labeled), what the bot did and what was expected. It
    printed the category even when none was labeled ("[] 'how long ...'") and an out-of-scope question's gold as
    "gold []"."""
    cat = f"[{r['cat']}] " if r.get("cat") else ""
    if _answered(r, threshold):
        did = f"answered {r['top']} ({r['confidence']:.2f})"
    else:
        shown = f", {r['confidence']:.2f}" if r["confidence"] else ""
        did = "refused" + (f" (closest {r['top']}{shown})" if r["top"] else "")
    expected = f"expected {', '.join(r['gold'])}" if r["gold"] else "expected a refusal (out of scope)"
    return f"{cat}{r['query']!r} -> {did}; {expected}"


def write_plot(report: dict, path: Path) -> None:
    """An HTML page with an SVG line chart of the sweep (no script, opens anywhere)."""
    W, H, P = 640, 360, 48
    series = [("top1", "#1f6feb", "top-1 accuracy"), ("oos_refused", "#1a7f37", "out-of-scope refused"),
              ("in_scope_refused", "#cf222e", "in-scope wrongly refused")]

    def xy(t: float, v: float) -> str:
        return f"{P + t * (W - 2 * P):.1f},{H - P - v * (H - 2 * P):.1f}"

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" role="img" '
             f'aria-label="threshold sweep">', f'<rect width="{W}" height="{H}" fill="white"/>']
    for i in range(0, 11):
        y = H - P - i / 10 * (H - 2 * P)
        x = P + i / 10 * (W - 2 * P)
        parts.append(f'<line x1="{P}" y1="{y}" x2="{W - P}" y2="{y}" stroke="#eee"/>')
        parts.append(f'<text x="{P - 8}" y="{y + 4}" font-size="10" text-anchor="end">{i / 10:.1f}</text>')
        parts.append(f'<text x="{x}" y="{H - P + 16}" font-size="10" text-anchor="middle">{i / 10:.1f}</text>')
    tx = P + report["threshold"] * (W - 2 * P)
    parts.append(f'<line x1="{tx}" y1="{P}" x2="{tx}" y2="{H - P}" stroke="#888" stroke-dasharray="4"/>')
    for n, (key, color, label) in enumerate(series):
        pts = " ".join(xy(s["threshold"], s[key]) for s in report["sweep"] if s[key] is not None)
        parts.append(f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{pts}"/>')
        parts.append(f'<text x="{P + 10}" y="{P - 24 + 12 * n}" font-size="11" fill="{color}">'
                     f'{html.escape(label)}</text>')
    parts.append(f'<text x="{W / 2}" y="{H - 8}" font-size="11" text-anchor="middle">confidence threshold</text>')
    parts.append("</svg>")
    table = "".join(f"<tr><td>{s['threshold']:.2f}</td><td>{_fmt(s['top1'])}</td><td>{_fmt(s['oos_refused'])}"
                    f"</td><td>{_fmt(s['in_scope_refused'])}</td><td>{_fmt(s['precision'])}</td></tr>"
                    for s in report["sweep"])
    page = (f"<!doctype html><meta charset=utf-8><title>faqbot threshold sweep</title>"
            f"<h1>Threshold sweep</h1><p>Current threshold: {report['threshold']}</p>{''.join(parts)}"
            f"<table border=1 cellpadding=4><tr><th>threshold</th><th>top-1</th><th>out-of-scope refused</th>"
            f"<th>in-scope wrongly refused</th><th>precision</th></tr>{table}</table>")
    from .editing import write_atomic

    write_atomic(path, page.encode("utf-8"))  # a browser reloading it sees the old page or the new, never half


PLOT_SUFFIXES = (".html", ".htm")


def plot_problem(path: Path) -> str | None:
    """Why the sweep page cannot be written to `path`, in one line (None when it can): checked before the
    evaluation, which takes minutes on a big file, rather than after it."""
    parent = path.parent
    if os.path.isdir(path):
        return f"{path}: is a folder: give a file name in it, such as {path / 'sweep.html'}"
    if path.suffix.lower() not in PLOT_SUFFIXES:
        return f"{path}: the plot is an HTML page: give a file name ending in .html"
    if os.path.lexists(path) and not os.path.isfile(path):
        return f"{path}: not a regular file: give a new file name ending in .html"
    if not os.path.lexists(parent):
        return f"{path}: the folder {parent} does not exist: create it first"
    if not os.path.isdir(parent):
        return f"{path}: {parent} is not a folder"
    probe = parent / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    try:  # the one true test of "can write here" (as root, permission bits say yes to everything)
        with open(probe, "x"):
            pass
    except OSError as e:
        return f"{path}: cannot write in {parent}: {_why(e)}"
    os.unlink(probe)
    return None
