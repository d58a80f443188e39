"""Knowledge bases for benchmarks: StackFAQ as a CSV content folder, and a faqbot index built from a folder.

Shared by bench/quality.py, bench/transfer.py and the performance benchmark; keep it small and its
signatures stable.
The evaluation data is read from wherever it lives and written only to temporary folders, never into
the repository.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

STACKFAQ_DOCUMENT = "stackfaq"  # the CSV is written as <dir>/stackfaq.csv, so section ids are stackfaq/<id>


def read_jsonl(path: str | os.PathLike) -> list[dict]:
    """Every non-blank line of a JSON-lines file, parsed."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def write_stackfaq_csv(corpus: str | os.PathLike, out_dir: str | os.PathLike) -> dict[str, str]:
    """Write a corpus.jsonl ({id, heading, body}) as <out_dir>/stackfaq.csv (columns id,question,answer).

    Returns {corpus id: faqbot section id}. faqbot's CSV ingestion names a row's section
    `<document>/<slugify(id)>`; the mapping is computed with the same slugify.
    """
    return write_corpus_csv(corpus, out_dir, STACKFAQ_DOCUMENT, alternates=False)


def write_corpus_csv(corpus: str | os.PathLike, out_dir: str | os.PathLike, document: str,
                     alternates: bool = True) -> dict[str, str]:
    """Write a corpus.jsonl ({id, heading, body, alternates?}) as <out_dir>/<document>.csv.

    Columns id,question,answer and, when `alternates` is true and the corpus has any, an `alternates`
    column ('|'-separated, as a site owner would write it). Returns {corpus id: faqbot section id}.
    """
    from bot.ingest import document_slug
    from bot.text import slugify

    rows = read_jsonl(corpus)
    alternates = alternates and any(r.get("alternates") for r in rows)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    name = f"{document}.csv"
    with open(out / name, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "question", "answer", *(["alternates"] if alternates else [])])
        for r in rows:
            # '|' separates alternates in the column, so one inside a phrasing would split it.
            alts = ["|".join(a.replace("|", "/") for a in r.get("alternates") or [])] if alternates else []
            w.writerow([r["id"], r["heading"], r["body"], *alts])
    doc = document_slug(name)
    return {r["id"]: f"{doc}/{slugify(r['id'])}" for r in rows}


# ---- the split bench/calibrate.py fits on ("fit") and the one it never sees ("check") -------------
HALVES = ("fit", "check")


def half(rows: list, which: str) -> list:
    """The even-numbered rows ("fit": what bench/calibrate.py fits the confidence on) or the odd-numbered
    ones ("check": never fitted on), in their original order."""
    if which not in HALVES:
        raise ValueError(f"half must be one of {HALVES}, not {which!r}")
    return rows[0::2] if which == "fit" else rows[1::2]


def clinc_oos(data: str | os.PathLike) -> dict[str, list[dict]]:
    """CLINC150's out-of-scope queries by half: its oos_train split is "fit", the rest (oos_val) "check"."""
    rows = read_jsonl(Path(data) / "clinc150-oos" / "queries_oos_dev.jsonl")
    return {"fit": [{"query": q["query"], "gold": []} for q in rows if q.get("split") == "oos_train"],
            "check": [{"query": q["query"], "gold": []} for q in rows if q.get("split") != "oos_train"]}


def build_index(content_dir: str | os.PathLike, index_dir: str | os.PathLike) -> Path:
    """Build a faqbot index for a content folder the way `faqbot build --content DIR --index DIR` does.

    Raises RuntimeError (with faqbot's own message on stderr) if the build fails. Returns index_dir.
    """
    from bot.cli import main

    code = main(["build", "--content", str(content_dir), "--index", str(index_dir), "--quiet"])
    if code != 0:
        raise RuntimeError(f"faqbot build --content {content_dir} failed (exit {code})")
    return Path(index_dir)


def load_bot(index_dir: str | os.PathLike, content_dir: str | os.PathLike | None = None,
             environ: dict[str, str] | None = None):
    """A faqbot Bot serving a built index, with the configured settings (FAQBOT_* apply, as for `faqbot`).

    `environ` replaces os.environ as the source of FAQBOT_* settings (e.g. `cli_env()` for the shipped ones).
    """
    from bot.engine import Bot
    from bot.settings import Settings

    settings = Settings.from_env(environ, index_dir=str(index_dir),
                                 content_dir=None if content_dir is None else str(content_dir))
    return Bot.from_index(settings)


# ---- the real command line, as a site owner runs it ------------------------------------------
def faqbot_command() -> list[str]:
    """How to run the `faqbot` console script of this interpreter's environment."""
    import shutil
    import sys

    exe = Path(sys.executable).parent / "faqbot"
    if exe.is_file():
        return [str(exe)]
    found = shutil.which("faqbot")
    return [found] if found else [sys.executable, "-m", "web.cli"]


def cli_env(threshold: float | None = None) -> dict[str, str]:
    """The environment for faqbot subprocesses: no FAQBOT_* of the caller's, so shipped defaults apply; and this
    project's own code first on the path, so the console script runs the code the bench reports on (the commit of
    this tree), not whichever faqbot the environment has installed (an editable install of another checkout)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAQBOT_")}
    root = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    if threshold is not None:
        env["FAQBOT_THRESHOLD"] = repr(threshold)
    return env


def cli_build(content_dir: str | os.PathLike, index_dir: str | os.PathLike, env: dict[str, str]) -> float:
    """Run `faqbot build --content DIR --index DIR`; return its wall time in seconds (RuntimeError if it fails)."""
    import subprocess
    import time

    t0 = time.perf_counter()
    p = subprocess.run([*faqbot_command(), "build", "--content", str(content_dir), "--index", str(index_dir),
                        "--quiet"], env=env, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"faqbot build --content {content_dir} failed: {p.stderr.strip()}")
    return time.perf_counter() - t0


def warm_up_question(questions: list[str]) -> str:
    """A question that pays a batch process's one-off costs before it is timed: words of the questions with
    "ings" added are new to any index, and those whose stem the index knows need nltk's stemmer (a
    one-second import on first use, which `faqbot serve` pays at start-up in `Bot.warm`)."""
    import re

    seen = dict.fromkeys(w for q in questions for w in re.findall(r"[a-z]{4,}", q.lower()))
    return "what about " + " ".join(w + "ings" for w in list(seen)[:40]) + "?"


def cli_ask_batch(index_dir: str | os.PathLike, content_dir: str | os.PathLike, questions: list[str],
                  env: dict[str, str], top_k: int = 3) -> tuple[list[dict], dict[str, float]]:
    """Ask every question through one `faqbot ask --json` batch process (stdin in, JSON lines out).

    Returns (one Answer dict per question, timing). Timing is `mean_ms`: a warm-up question is asked
    first (answered once the index is loaded, it also pays the one-off lazy imports, e.g. nltk's stemmer
    for a word the index has never seen); the questions are sent after its reply, and the time from that
    reply to the last answer, over the number of questions, is the mean (loading not counted). The batch
    reader answers the lines already waiting together (up to 64), so single gaps between answer lines
    say nothing about one question.
    """
    import subprocess
    import threading
    import time

    lines = [" ".join(q.split()) for q in questions]  # one question per line: no newlines inside
    if not all(lines):
        raise ValueError("an empty question cannot go through the batch interface")
    p = subprocess.Popen([*faqbot_command(), "ask", "--index", str(index_dir), "--content", str(content_dir),
                          "--json", "--top-k", str(top_k)], env=env, stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")

    loaded = threading.Event()

    def feed() -> None:  # a separate writer, so a full stdout pipe cannot deadlock us
        p.stdin.write(warm_up_question(lines) + "\n")
        p.stdin.flush()
        if loaded.wait(600):
            p.stdin.write("".join(q + "\n" for q in lines))
        p.stdin.close()

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    answers, stamps = [], []
    for line in p.stdout:
        stamps.append(time.perf_counter())
        if len(stamps) == 1:
            loaded.set()
            continue
        answers.append(json.loads(line))
    loaded.set()
    writer.join()
    err = p.stderr.read()
    if p.wait() != 0 or len(answers) != len(lines):
        raise RuntimeError(f"faqbot ask batch on {index_dir}: exit {p.returncode}, {len(answers)} of "
                           f"{len(lines)} answers; {err.strip()[-300:]}")
    mean = (stamps[-1] - stamps[0]) * 1000 / len(answers) if answers else 0.0
    return answers, {"mean_ms": round(mean, 2)}
