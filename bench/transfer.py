"""Does faqbot transfer? Quality on many knowledge bases at the shipped threshold, beside BM25 and TF-IDF.

    .venv/bin/python bench/transfer.py --data ../shared/data [--json] [--write docs/transfer.md]

Knowledge bases: the article (knowledge/, with and without its alternates and synonyms), StackFAQ,
banking77 and clinc150-intents (with their alternates, and headings only), and the small site-owner
FAQs of tests/data/faqs. Each is built with the real `faqbot build` and asked through one `faqbot ask`
batch process (questions carrying a chat `history` go through `Bot.ask`, which the batch interface
cannot feed). StackFAQ, banking77, clinc150-intents and CLINC150's out-of-scope queries are asked on
their "check" half, the one bench/calibrate.py never fits on (--queries all: every query). Never part
of the test pass/fail.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shlex
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import _kb  # noqa: E402
import _transfer_report as report  # noqa: E402
from quality import (Bm25Baseline, MiniLMBaseline, TfidfBaseline, baseline_rows,  # noqa: E402
                     semantic_available, versions)

from bot.evaluate import load_questions  # noqa: E402
from bot.ingest import load_knowledge  # noqa: E402

QUESTIONS = ROOT / "tests" / "data" / "questions"
FAQS = ROOT / "tests" / "data" / "faqs"
SECTION_FILES = (".txt", ".md", ".csv", ".tsv")


@dataclass
class KB:
    """One row of the table: a content folder and the labeled questions asked against it."""

    name: str
    group: str
    content: Path
    questions: list[dict]
    note: str = ""
    clinc: bool = True  # also ask the CLINC150 out-of-scope set (unless the questions already hold it)
    result: dict = field(default_factory=dict)


def _sample(rows: list[dict], n: int, seed: int) -> list[dict]:
    """At most n rows, a fixed-seed sample in the original order (n <= 0: all)."""
    if n <= 0 or len(rows) <= n:
        return rows
    keep = sorted(random.Random(seed).sample(range(len(rows)), n))
    return [rows[i] for i in keep]


def _pool(rows: list[dict], args) -> list[dict]:
    """A large set's queries this run may ask: its check half, or all of them with --queries all."""
    return rows if args.queries == "all" else _kb.half(rows, "check")


def _asked(rows: list[dict], args) -> list[dict]:
    """The queries of a large set this run asks: its pool, then the optional sample."""
    return _sample(_pool(rows, args), args.sample, args.seed)


def _described(asked: list, whole: list, args) -> str:
    """"1500 of 3000 (check half)", with the sample's seed when --sample left some of the half out."""
    which = "" if args.queries == "all" else " (check half)"
    sampled = f", sample seed {args.seed}" if len(asked) < len(_pool(whole, args)) else ""
    return f"{len(asked)} of {len(whole)}{which}{sampled}"


def _intent_kbs(data: Path, name: str, tmp: Path, clinc: list[dict], args) -> list[KB]:
    """banking77 / clinc150-intents: with their alternates, and headings only (as most site owners write)."""
    queries = _kb.read_jsonl(data / name / "queries.jsonl")
    all_ins = [q for q in queries if q["gold"]]
    ins = _asked(all_ins, args)
    own_oos = [q for q in queries if not q["gold"]]
    own_oos = _pool(own_oos, args)
    kbs = []
    for alts in (True, False):
        folder = tmp / f"{name}-{'alternates' if alts else 'headings'}"
        ids = _kb.write_corpus_csv(data / name / "corpus.jsonl", folder, name, alternates=alts)
        qs = [{**q, "gold": [ids[g] for g in q["gold"]], "cat": "in-scope"} for q in ins]
        oos = own_oos or clinc  # banking77 has none of its own: CLINC150's are its out-of-scope set
        qs += [{**q, "gold": [], "cat": "oos" if own_oos else "clinc150-oos"} for q in oos]
        kbs.append(KB(f"{name}{'' if alts else ', headings only'}", "intents", folder, qs,
                      note=f"{_described(ins, all_ins, args)} in scope; out of scope: "
                           f"{'its own' if own_oos else 'CLINC150'}",
                      clinc=bool(own_oos)))
    return kbs


def clinc_oos(args) -> list[dict]:
    """CLINC150's out-of-scope queries this run asks: the check half (oos_val), or all."""
    halves = _kb.clinc_oos(args.data)
    rows = halves["check"] if args.queries == "check" else halves["fit"] + halves["check"]
    return [{**q, "cat": "clinc150-oos"} for q in rows]


def knowledge_bases(args, tmp: Path) -> list[KB]:
    """Every knowledge base of the run, with its labeled questions (section ids as faqbot builds them)."""
    data = Path(args.data)
    clinc = clinc_oos(args)
    art = Path(args.content)
    plain = tmp / "article-plain"  # the article's own text: no alternates, no synonyms
    plain.mkdir()
    for f in sorted(art.iterdir()):
        if f.suffix in SECTION_FILES:
            shutil.copy(f, plain / f.name)
    heldout = load_questions(QUESTIONS / "article-heldout.jsonl")
    kbs = [KB("article, held-out questions", "article", art, heldout),
           KB("article, dev questions (tuned on)", "article", art, load_questions(QUESTIONS / "article-dev.jsonl")),
           KB("article, generic-word questions", "article", art, load_questions(QUESTIONS / "article-generic.jsonl"),
              clinc=False),
           KB("article, other-treatment questions", "article", art,
              load_questions(QUESTIONS / "article-treatments.jsonl"), clinc=False),
           KB("article without alternates/synonyms, held-out", "article", plain, heldout)]
    ids = _kb.write_stackfaq_csv(data / "stackfaq" / "corpus.jsonl", tmp / "stackfaq")
    all_stack = _kb.read_jsonl(data / "stackfaq" / "queries.jsonl")
    stack = _asked(all_stack, args)
    kbs.append(KB("stackfaq", "stackfaq", tmp / "stackfaq",
                  [{**q, "gold": [ids[g] for g in q["gold"]], "cat": "in-scope"} for q in stack] + clinc,
                  note=f"{_described(stack, all_stack, args)} part-1 queries; out of scope: CLINC150",
                  clinc=False))
    for name in ("banking77", "clinc150-intents"):
        kbs += _intent_kbs(data, name, tmp, clinc, args)
    faqs = []
    for qfile in sorted(Path(args.faqs).glob("*.questions.jsonl")):
        name = qfile.name.removesuffix(".questions.jsonl")
        qs = load_questions(qfile)
        split = qs[0].get("split", "?")
        faqs.append(KB(name, f"faq-{split}", Path(args.faqs) / name, qs, note=split))
    kbs += sorted(faqs, key=lambda k: (k.group != "faq-dev", k.name))
    return kbs


# ---- asking ----------------------------------------------------------------------------------
def _row(q: dict, ans: dict) -> dict:
    """What one answer means for the figures: ranking (answer, else first suggestion) and refusal."""
    ranked = ([ans["section_id"]] if ans.get("section_id") else []) + [
        s["section_id"] for s in ans.get("suggestions") or []]
    gold = set(q["gold"])
    return {"query": q["query"], "cat": q.get("cat", ""), "history": q.get("history") or [],
            "gold": q["gold"], "in_scope": bool(gold), "answered": bool(ans.get("answered")),
            "kind": ans.get("kind"), "section_id": ans.get("section_id"), "top": ranked[0] if ranked else None,
            "top1": bool(ranked) and ranked[0] in gold, "top3": any(r in gold for r in ranked[:3]),
            "right": bool(ans.get("answered")) and ans.get("section_id") in gold,
            "confidence": ans.get("confidence", 0.0)}


class Asker:
    """Builds each content folder once and asks questions: the batch CLI, or Bot.ask when there is history."""

    def __init__(self, tmp: Path, env: dict[str, str]) -> None:
        self.tmp, self.env, self.indexes, self.bots = tmp, env, {}, {}

    def index(self, content: Path) -> tuple[Path, float | None]:
        if content in self.indexes:
            return self.indexes[content], None
        idx = self.tmp / f"index-{len(self.indexes)}"
        seconds = _kb.cli_build(content, idx, self.env)
        self.indexes[content] = idx
        return idx, seconds

    def ask(self, content: Path, questions: list[dict]) -> tuple[list[dict], dict]:
        idx, _ = self.index(content)
        plain = [q for q in questions if not q.get("history")]
        answers, timing = _kb.cli_ask_batch(idx, content, [q["query"] for q in plain], self.env)
        by_id = {id(q): a for q, a in zip(plain, answers)}
        for q in questions:
            if q.get("history"):
                by_id[id(q)] = self.ask_history(content, q["query"], q["history"])
        return [_row(q, by_id[id(q)]) for q in questions], timing

    def ask_history(self, content: Path, query: str, history: list[str]) -> dict:
        if content not in self.bots:
            self.bots[content] = _kb.load_bot(self.indexes[content], content, environ=self.env)
        return self.bots[content].ask(query, history=history, top_k=3).to_dict()


def run_kb(kb: KB, asker: Asker, clinc: list[dict]) -> dict:
    """faqbot's figures through the CLI, and BM25 / TF-IDF top-1 on the same sections."""
    _, build_s = asker.index(kb.content)
    rows, timing = asker.ask(kb.content, kb.questions + (clinc if kb.clinc else []))
    own, extra = rows[:len(kb.questions)], rows[len(kb.questions):]
    sections = load_knowledge(kb.content).sections
    ins = [q for q in kb.questions if q["gold"]]
    base = {}
    models = [Bm25Baseline(sections), TfidfBaseline(sections)]
    if semantic_available():
        models.append(MiniLMBaseline(sections))
    for model in models:
        br = baseline_rows(model, sections, ins)
        base[model.name] = {"top1": report.share([r for r in br if r["rank"] == 1], br),
                            "top3": report.share([r for r in br if r["rank"] and r["rank"] <= 3], br)}
    clinc_rows = extra or [r for r in own if r["cat"] == "clinc150-oos"]
    return {"name": kb.name, "group": kb.group, "note": kb.note, "content": _where(kb.content),
            "sections": len(sections), "alternates": sum(len(s.alternates) for s in sections),
            "build_seconds": None if build_s is None else round(build_s, 2),
            "timing": timing, "n_questions": len(own),
            **report.figures(own), "clinc_refused": report.refused(clinc_rows), "n_clinc": len(clinc_rows),
            "baselines": base, "rows": own}


def _where(p: Path) -> str:
    return os.path.relpath(p, ROOT) if p.is_relative_to(ROOT) else f"(temporary) {p.name}"


def history_cases(asker: Asker, content: Path, file: Path = QUESTIONS / "article-history.jsonl") -> dict:
    """A history file (article-history.jsonl, a small FAQ's <name>.history.jsonl): each case with its history
    and alone; does the history change what it should?"""
    asker.index(content)
    return report.history_figures(_history_rows(asker, content, load_questions(file)))


def faq_history_cases(asker: Asker, faqs: Path) -> dict[str, dict]:
    """Every small FAQ's <name>.history.jsonl, pooled per split (dev, heldout)."""
    rows: dict[str, list[dict]] = {}
    for file in sorted(faqs.glob("*.history.jsonl")):
        content = faqs / file.name.removesuffix(".history.jsonl")
        asker.index(content)
        cases = load_questions(file)
        rows.setdefault(cases[0].get("split", "dev"), []).extend(
            {**r, "faq": content.name} for r in _history_rows(asker, content, cases))
    return {split: report.history_figures(rs) for split, rs in sorted(rows.items())}


def _history_rows(asker: Asker, content: Path, cases: list[dict]) -> list[dict]:
    out = []
    for q in cases:
        with_h = _row(q, asker.ask_history(content, q["query"], q["history"]))
        alone = _row(q, asker.ask_history(content, q["query"], []))
        same = (with_h["answered"], with_h["section_id"]) == (alone["answered"], alone["section_id"])
        out.append({**with_h, "ok": with_h["right"] if q["gold"] else not with_h["answered"],
                    "ok_alone": alone["right"] if q["gold"] else not alone["answered"], "same_as_alone": same,
                    "alone_section": alone["section_id"], "alone_answered": alone["answered"]})
    return out


def run(args) -> dict:
    env = _kb.cli_env(args.threshold)
    if args.encoder:
        env["FAQBOT_ENCODER"] = args.encoder  # every index of the run built with it
    from bot.settings import Settings

    threshold = Settings.from_env(env).threshold
    out: dict = {"threshold": threshold, "queries": args.queries, "sample": args.sample, "seed": args.seed,
                 "encoder": args.encoder, "kbs": []}
    with tempfile.TemporaryDirectory(prefix="faqbot-transfer-") as tmp:
        tmp = Path(tmp)
        clinc = clinc_oos(args)
        asker = Asker(tmp, env)
        for kb in knowledge_bases(args, tmp):
            t0 = time.perf_counter()
            res = run_kb(kb, asker, clinc)
            res["seconds"] = round(time.perf_counter() - t0, 1)
            out["kbs"].append(res)
            print(f"  {kb.name}: {res['n_questions']} questions, {res['seconds']} s", file=sys.stderr)
        out["pooled"] = [report.pool(f"small FAQs, {split} ({len(ks)} pooled)", ks)
                         for split in ("dev", "heldout")
                         if (ks := [k for k in out["kbs"] if k["group"] == f"faq-{split}"])]
        out["history"] = history_cases(asker, Path(args.content))
        out["faq_history"] = faq_history_cases(asker, Path(args.faqs))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True,
                    help="folder holding stackfaq/, banking77/, clinc150-intents/, clinc150-oos/")
    ap.add_argument("--content", default=str(ROOT / "knowledge"), help="the article's content folder")
    ap.add_argument("--faqs", default=str(FAQS), help="folder of small FAQs (<name>/ + <name>.questions.jsonl)")
    ap.add_argument("--queries", choices=("check", "all"), default="check",
                    help="large sets: the half bench/calibrate.py never fits on (default), or every query")
    ap.add_argument("--sample", type=int, default=0,
                    help="at most this many in-scope queries per large set, a fixed-seed sample (default 0: all)")
    ap.add_argument("--seed", type=int, default=13, help="seed of the --sample subsample")
    ap.add_argument("--threshold", type=float, help="confidence threshold (default: the shipped one)")
    ap.add_argument("--encoder", default="", help="build every index with this encoder (e.g. minilm)")
    ap.add_argument("--json", action="store_true", help="print everything as JSON (with every question's row)")
    ap.add_argument("--errors", action="store_true", help="also list what went wrong on the small FAQs")
    ap.add_argument("--write", metavar="MD", help="write the tables as a markdown page")
    args = ap.parse_args(argv)
    data = Path(args.data)
    need = [data / "stackfaq" / "corpus.jsonl", data / "clinc150-oos" / "queries_oos_dev.jsonl",
            *(data / n / f for n in ("banking77", "clinc150-intents") for f in ("corpus.jsonl", "queries.jsonl"))]
    for p in need:
        if not p.is_file():
            ap.error(f"{p}: not found")
    if not list(Path(args.faqs).glob("*.questions.jsonl")):
        ap.error(f"{args.faqs}: no *.questions.jsonl files")
    t0 = time.perf_counter()
    out = run(args)
    exe = os.path.relpath(sys.executable)
    exe = exe if not exe.startswith("..") else "python"
    out["command"] = shlex.join([exe, os.path.relpath(__file__), *(sys.argv[1:] if argv is None else argv)])
    out["date"] = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    out["versions"] = versions()
    out["seconds"] = round(time.perf_counter() - t0, 1)
    out["cpus"] = os.cpu_count()
    if args.write:
        Path(args.write).parent.mkdir(parents=True, exist_ok=True)
        Path(args.write).write_text(report.markdown(out), encoding="utf-8")
        print(f"wrote {args.write}", file=sys.stderr)
    if args.json:
        print(json.dumps(out, indent=1))
    else:
        print(report.text(out, errors=args.errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
