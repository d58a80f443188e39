"""Lexical against semantic (an index built with --encoder minilm) on the article: build time, ms per question in
batch, and the memory of serving workers.

    .venv/bin/python bench/semantic.py --data ../shared/data [--encoder minilm] [--rounds 3] [--questions 1000]

Build: `faqbot build --quiet [--encoder NAME]` wall time (a fresh process each time, median of the rounds).
Batch: `faqbot ask --json` reading questions from stdin, as perf.py's cold path: the time per question is
(time for N questions - time for 10) / (N - 10), so start-up and index loading cancel out; the questions are
perf.py's pool (StackFAQ queries and the article's held-out questions, shuffled), all different, so the
encoder's small cache of recent questions does not flatter it. Rounds alternate the modes, so both see the
same load on the machine. Memory: `faqbot serve --workers 2`, 50 questions, then each process's PSS and RSS
from /proc/<pid>/smaps_rollup (PSS splits pages the processes share, such as the memory-mapped model).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from perf import question_pool, stop  # noqa: E402  (the same questions as bench/perf.py)

FAQBOT = str(Path(sys.executable).with_name("faqbot"))
KNOWLEDGE = ROOT / "knowledge"


def _env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAQBOT_")}
    return {**env, "TOKENIZERS_PARALLELISM": "false", **extra}


def _timed(cmd: list[str], stdin: str | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of a command; CPU time barely moves with other load on the machine."""
    t, c = time.perf_counter(), _child_cpu()
    r = subprocess.run(cmd, input=stdin, capture_output=True, text=True, cwd=ROOT, env=_env(), timeout=1800)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:3])}: exit {r.returncode}: {r.stderr.strip()[-300:]}")
    return time.perf_counter() - t, _child_cpu() - c


def _child_cpu() -> float:
    u = resource.getrusage(resource.RUSAGE_CHILDREN)
    return u.ru_utime + u.ru_stime


def build(index: Path, encoder: str) -> tuple[float, float]:
    """Seconds for `faqbot build` of the article, in a fresh process."""
    return _timed([FAQBOT, "build", "--quiet", "--content", str(KNOWLEDGE), "--index", str(index),
                   "--encoder", encoder])


def batch(index: Path, questions: list[str]) -> tuple[float, float]:
    """Seconds for `faqbot ask --json` over these questions from stdin."""
    return _timed([FAQBOT, "ask", "--json", "--index", str(index), "--content", str(KNOWLEDGE)],
                  stdin="\n".join(questions) + "\n")


def _mem(pid: int) -> dict:
    fields = {}
    for line in open(f"/proc/{pid}/smaps_rollup"):
        parts = line.split()
        if parts[0] in ("Rss:", "Pss:", "Anonymous:"):
            fields[parts[0][:-1].lower()] = int(parts[1])
    return fields


def _children(pid: int) -> list[int]:
    return [int(c) for task in Path(f"/proc/{pid}/task").glob("*/children") for c in task.read_text().split()]


def serve_memory(index: Path, questions: list[str], workers: int = 2) -> dict:
    """PSS/RSS (KiB) of the arbiter and each worker of `faqbot serve` after the questions."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    tmp = Path(tempfile.mkdtemp())
    env = _env(FAQBOT_DATABASE_URL=f"sqlite:///{tmp}/q.sqlite3", FAQBOT_RATE_LIMIT="0")
    p = subprocess.Popen([FAQBOT, "serve", "--port", str(port), "--index", str(index), "--content", str(KNOWLEDGE),
                          "--workers", str(workers)], cwd=tmp, env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline, served = time.monotonic() + 120, 0
        while served < len(questions) and time.monotonic() < deadline and p.poll() is None:
            body = json.dumps({"question": questions[served]}).encode()
            req = urllib.request.Request(f"http://127.0.0.1:{port}/api/ask", data=body,
                                         headers={"Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(req, timeout=10) as r:
                    served += r.status == 200
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.05)
        if served < len(questions):
            return {"error": f"{served} of {len(questions)} answered (exit code {p.poll()})"}
        workers_mem = [_mem(c) for c in _children(p.pid)]
        return {"arbiter": _mem(p.pid), "workers": workers_mem}
    finally:
        stop(p, 15)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True, help="the shared data folder (StackFAQ queries for the pool)")
    ap.add_argument("--encoder", default="minilm")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--questions", type=int, default=1000)
    a = ap.parse_args()
    pool = question_pool(Path(a.data))
    questions = list(dict.fromkeys(pool))[: a.questions]
    modes = {"lexical": "", a.encoder: a.encoder}
    out: dict = {m: {"build_s": [], "batch_s": [], "batch10_s": [], "build_cpu": [], "batch_cpu": [],
                     "batch10_cpu": []} for m in modes}
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(a.rounds):
            for mode, encoder in modes.items():
                index = Path(tmp) / f"{mode}-{r}"
                built = build(index, encoder)
                batch(index, questions[:10])  # untimed: page cache and __pycache__ warm, like a second run
                for key, (wall, cpu) in (("build", built), ("batch10", batch(index, questions[:10])),
                                         ("batch", batch(index, questions))):
                    out[mode][f"{key}_s"].append(wall)
                    out[mode][f"{key}_cpu"].append(cpu)
                print(f"round {r + 1} {mode}: build {out[mode]['build_s'][-1]:.2f} s, "
                      f"{len(questions)} questions {out[mode]['batch_s'][-1]:.2f} s", file=sys.stderr)
        for mode in modes:
            index = Path(tmp) / f"{mode}-0"
            version = index / "versions" / (index / "CURRENT").read_text().strip()
            out[mode]["size_kib"] = round(sum(f.stat().st_size for f in version.iterdir()) / 1024)
            out[mode]["memory"] = serve_memory(index, questions[:50])
    n = len(questions)
    print(f"\n{n} questions in batch (faqbot ask --json, stdin), article knowledge base, medians of {a.rounds} rounds\n")
    print(f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', '(default)')}, "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n")
    print("| mode | build s (CPU s) | ms per question in batch (CPU ms) | index KiB | arbiter PSS MiB "
          "| worker PSS MiB (each) | worker RSS MiB |")
    print("|---|---:|---:|---:|---:|---|---|")
    med = statistics.median
    for mode in modes:
        o = out[mode]
        per_q = (med(o["batch_s"]) - med(o["batch10_s"])) / (n - 10) * 1000
        per_q_cpu = (med(o["batch_cpu"]) - med(o["batch10_cpu"])) / (n - 10) * 1000
        mem = o["memory"]
        if "error" in mem:
            arb = wpss = wrss = mem["error"]
        else:
            arb = f"{mem['arbiter']['pss'] / 1024:.0f}"
            wpss = ", ".join(f"{w['pss'] / 1024:.0f}" for w in mem["workers"])
            wrss = ", ".join(f"{w['rss'] / 1024:.0f}" for w in mem["workers"])
        print(f"| {mode} | {med(o['build_s']):.2f} ({med(o['build_cpu']):.2f}) | {per_q:.2f} ({per_q_cpu:.2f}) "
              f"| {o['size_kib']} | {arb} | {wpss} | {wrss} |")
    print("\n" + json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
