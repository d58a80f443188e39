"""Per-question and build performance of faqbot, with BM25 (bm25s) and plain TF-IDF as references.

    .venv/bin/python bench/perf.py --data ../shared/data [--sizes 2000,20000,100000] [--quick]
                                   [--write docs/performance.md]

Knowledge bases: the article (knowledge/) and synthetic ones of --sizes sections (bench/synth.py,
generated from a seed into --workdir, outside the repository). For each knowledge base and system,
one subprocess builds the artifact (build time, artifact size, peak RSS of that process) and a second
one loads it and answers questions (import time, load time, RSS after load, time per question after
warm-up, peak RSS), so every memory figure belongs to one system alone. The parent also polls each
child's RSS, and stops a child that passes --timeout or --mem-limit (reported as such, not hidden).

Questions: the StackFAQ queries and the article's held-out questions, shuffled with a fixed seed.
The cold path (the article only): `faqbot ask "..."` as a subprocess, the batch CLI on 10 and 1,000
questions from stdin, and `faqbot serve` to the first 200 on /api/ask (when web/server.py exists).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
# The engine's sources as copied at the start of the run (see snapshot): every process uses them.
if os.environ.get("PERF_SRC"):
    sys.path.insert(0, os.environ["PERF_SRC"])

SYSTEMS = ("faqbot", "bm25s", "tfidf")
COLD_QUESTION = "how long does redness last?"
COLD_UNKNOWN = "where can I park?"  # "park" is not in the article: the typo and stemming path
HEADING = "## Per-question and build performance"
PLOT = "perf-question-time.svg"
LIBRARIES = ("scikit-learn", "numpy", "scipy", "rapidfuzz", "nltk", "bm25s", "flask")


def now() -> float:
    return time.perf_counter()


def rss_kib(pid: int | str = "self", field: str = "VmRSS") -> int:
    """A memory figure of a process from /proc (KiB); 0 if the process is gone."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def peak_kib() -> int:
    """Peak RSS of this process (KiB).

    VmHWM, not getrusage's ru_maxrss: Linux carries ru_maxrss over fork and exec, so a child
    would report at least its parent's size; VmHWM belongs to the process's own address space.
    """
    return rss_kib("self", "VmHWM")


def dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


# ---- child side: one system, one phase ---------------------------------------------------

def _texts(content: Path) -> list[str]:
    from bot.ingest import load_knowledge

    return ["\n".join((s.heading, *s.alternates, s.body)) for s in load_knowledge(content).sections]


# What each system imports before it builds, and before it loads its artifact. faqbot's query side
# is its public entry point only: whatever it imports lazily counts in its load or first question.
_IMPORTS = {
    ("faqbot", "build"): ("numpy", "scipy.sparse", "sklearn.feature_extraction.text", "nltk.stem.snowball",
                          "rapidfuzz.process", "bot.artifact", "bot.ingest"),
    ("faqbot", "query"): ("bot.engine", "bot.settings"),
    ("bm25s", "build"): ("numpy", "scipy.sparse", "bm25s", "bot.ingest"),
    ("bm25s", "query"): ("numpy", "scipy.sparse", "bm25s"),
    ("tfidf", "build"): ("numpy", "scipy.sparse", "sklearn.feature_extraction.text", "bot.ingest"),
    ("tfidf", "query"): ("numpy", "scipy.sparse", "sklearn.feature_extraction.text"),
}


def import_system(system: str, phase: str) -> float:
    """Import what the system needs for the phase; seconds taken (kept out of build and load times)."""
    import importlib

    t = now()
    for name in _IMPORTS[system, phase]:
        importlib.import_module(name)
    return now() - t


def build_system(system: str, content: Path, out: Path) -> dict:
    """Content folder -> artifact on disk, the way each system does it; times the whole path."""
    shutil.rmtree(out, ignore_errors=True)
    imports = import_system(system, "build")
    if system == "faqbot":
        from bot.build import build

        t = now()
        m = build(content, out, keep=1)
        return {"build_s": now() - t, "imports_s": imports, "size": m["size_bytes"], "sections": m["sections"]}
    t = now()
    texts = _texts(content)
    read_s = now() - t
    out.mkdir(parents=True)
    if system == "bm25s":
        import bm25s

        r = bm25s.BM25()
        r.index(bm25s.tokenize(texts, stopwords="en", show_progress=False), show_progress=False)
        r.save(str(out))
    else:
        import numpy as np
        import scipy.sparse as sp
        from sklearn.feature_extraction.text import TfidfVectorizer

        vec = TfidfVectorizer(sublinear_tf=True, stop_words="english", dtype=np.float32)
        sp.save_npz(out / "matrix.npz", vec.fit_transform(texts).tocsr())
        np.save(out / "idf.npy", vec.idf_)
        (out / "vocabulary.json").write_text(json.dumps({k: int(v) for k, v in vec.vocabulary_.items()}))
    return {"build_s": now() - t, "imports_s": imports, "read_s": read_s, "size": dir_bytes(out),
            "sections": len(texts)}


def load_system(system: str, out: Path):
    """(seconds to load the artifact, ask(question), encode(answer) or None); libraries imported already."""
    t = now()
    if system == "faqbot":
        from bot.engine import Bot
        from bot.settings import Settings

        # No answer cache: questions come round again in the timed passes, and this measures answering.
        bot = Bot.from_index(Settings(index_dir=str(out), answer_cache=0))
        return now() - t, bot.ask, lambda a: json.dumps(a.to_dict(), ensure_ascii=False)
    if system == "bm25s":
        import bm25s

        r = bm25s.BM25.load(str(out))
        k = min(10, int(r.scores["num_docs"]))

        def ask(q: str):
            return r.retrieve(bm25s.tokenize([q], stopwords="en", show_progress=False), k=k,
                              show_progress=False)

        return now() - t, ask, None
    import numpy as np
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import TfidfVectorizer

    X = sp.load_npz(out / "matrix.npz").tocsr()
    vocab = json.loads((out / "vocabulary.json").read_text())
    vec = TfidfVectorizer(sublinear_tf=True, stop_words="english", dtype=np.float32, vocabulary=vocab)
    vec.idf_ = np.load(out / "idf.npy", allow_pickle=False)
    k = min(10, X.shape[0])

    def ask_tfidf(q: str):
        s = (X @ vec.transform([q]).T).toarray().ravel()
        top = np.argpartition(-s, k - 1)[:k]
        return top[np.argsort(-s[top], kind="stable")]

    return now() - t, ask_tfidf, None


def query_system(system: str, out: Path, questions: list[str], budget: float, min_n: int) -> dict:
    """Load, answer one question cold, warm up, then time questions one at a time."""
    rss0 = rss_kib()
    imports = import_system(system, "query")
    rss_imports = rss_kib()
    load_s, ask, encode = load_system(system, out)
    rss_imports_load = rss_kib()
    t = now()
    ask(questions[0])
    first = now() - t
    for q in questions[1:21]:
        ask(q)
    times, enc = [], []
    start, i = now(), 0
    while True:
        q = questions[i % len(questions)]
        i += 1
        t0 = time.perf_counter_ns()
        a = ask(q)
        t1 = time.perf_counter_ns()
        times.append(t1 - t0)
        if encode is not None:
            encode(a)
            enc.append(time.perf_counter_ns() - t1)
        el = now() - start
        if (el >= budget and len(times) >= min_n) or len(times) >= 5 * len(questions) or el >= 4 * budget:
            break
    ms = sorted(x / 1e6 for x in times)
    return {"imports_s": imports, "load_s": load_s, "rss_start_kib": rss0, "rss_imports_kib": rss_imports,
            "rss_load_kib": rss_imports_load,
            "first_ms": first * 1e3, "n": len(ms), "median_ms": statistics.median(ms),
            "p99_ms": ms[min(len(ms) - 1, math.ceil(0.99 * len(ms)) - 1)], "mean_ms": statistics.fmean(ms),
            "json_ms": statistics.median(enc) / 1e6 if enc else None, "peak_kib": peak_kib()}


def child_main(spec: dict) -> int:
    if spec["phase"] == "build":
        r = build_system(spec["system"], Path(spec["content"]), Path(spec["out"]))
    else:
        qs = Path(spec["questions"]).read_text(encoding="utf-8").splitlines()
        r = query_system(spec["system"], Path(spec["out"]), qs, spec["budget"], spec["min_n"])
    r["peak_kib"] = peak_kib()
    print(json.dumps(r))
    return 0


# ---- parent side -------------------------------------------------------------------------

def run_child(spec: dict, timeout: float, mem_limit_kib: int, work: Path) -> dict:
    """Run one child; returns its figures, or {'error': ...} with the peak RSS seen from outside."""
    out_f, err_f = work / "child.out", work / "child.err"
    with open(out_f, "w") as o, open(err_f, "w") as e:
        p = subprocess.Popen([sys.executable, __file__, "--child", json.dumps(spec)], stdout=o, stderr=e,
                             cwd=ROOT, env=_env())
        start, seen, why = now(), 0, None
        while p.poll() is None:
            seen = max(seen, rss_kib(p.pid))
            if now() - start > timeout:
                why = f"timeout after {timeout:.0f} s"
            elif seen > mem_limit_kib:
                why = f"stopped at {seen / 2**20:.1f} GiB RSS (limit {mem_limit_kib / 2**20:.1f} GiB)"
            if why:
                p.kill()
                p.wait()
                break
            time.sleep(0.05)
    wall = now() - start
    if why:
        return {"error": why, "peak_kib": seen, "wall_s": wall}
    lines = out_f.read_text().strip().splitlines()
    if p.returncode != 0 or not lines:
        tail = err_f.read_text().strip().splitlines()[-1:] or ["no output"]
        return {"error": f"exit {p.returncode}: {tail[0][:200]}", "peak_kib": seen, "wall_s": wall}
    r = json.loads(lines[-1])
    r["wall_s"] = wall
    return r


def _env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAQBOT_")}
    env.update(PYTHONHASHSEED="0", **extra)
    if os.environ.get("PERF_SRC"):
        env["PYTHONPATH"] = os.pathsep.join(filter(None, (os.environ["PERF_SRC"], env.get("PYTHONPATH"))))
    return env


def snapshot(work: Path) -> dict:
    """Copy bot/ and web/ aside so one run measures one version of the engine, even while it is edited.

    Child processes (and `faqbot`, through PYTHONPATH, ahead of the editable install) import the copy.
    """
    import hashlib

    src = work / "src"
    shutil.rmtree(src, ignore_errors=True)
    h = hashlib.sha256()
    for pkg in ("bot", "web"):
        shutil.copytree(ROOT / pkg, src / pkg, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        for f in sorted((src / pkg).rglob("*")):
            if f.is_file():
                h.update(str(f.relative_to(src)).encode() + b"\0" + f.read_bytes())
    git = ["git", "-C", str(ROOT)]
    commit = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run([*git, "status", "--porcelain", "bot", "web"], capture_output=True, text=True).stdout
    os.environ["PERF_SRC"] = str(src)
    sys.path.insert(0, str(src))
    return {"commit": commit + (" with uncommitted changes in bot/ or web/" if dirty.strip() else ""),
            "sources": h.hexdigest()[:12]}


def stop(p: "subprocess.Popen", wait: float) -> None:
    """Stop a server this benchmark started: SIGTERM, then SIGKILL after `wait` seconds."""
    p.terminate()
    try:
        p.wait(wait)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()


def question_pool(data: Path, seed: int = 7) -> list[str]:
    """StackFAQ queries and the article's held-out questions, shuffled reproducibly."""
    qs = []
    for path in (data / "stackfaq" / "queries.jsonl", ROOT / "tests/data/questions/article-heldout.jsonl"):
        with open(path, encoding="utf-8") as fh:
            qs += [json.loads(line)["query"] for line in fh if line.strip()]
    qs = [" ".join(q.split()) for q in qs if q.strip()]
    random.Random(seed).shuffle(qs)
    return qs


def measure_kb(label: str, content: Path, work: Path, a: argparse.Namespace, log) -> dict:
    """Build and query one knowledge base with every system."""
    res = {}
    for system in SYSTEMS:
        out = work / "artifacts" / label / system
        log(f"{label}: {system} build")
        b = run_child({"phase": "build", "system": system, "content": str(content), "out": str(out)},
                      a.timeout, a.mem_limit * 2**20, work)
        q = {"error": "not built"}
        if "error" not in b:
            log(f"{label}: {system} questions")
            q = run_child({"phase": "query", "system": system, "out": str(out), "questions": str(work / "q.txt"),
                           "budget": a.budget, "min_n": a.min_n}, a.timeout, a.mem_limit * 2**20, work)
        res[system] = {"build": b, "query": q}
        log(f"{label}: {system} " + _brief(b, q))
    return res


def _brief(b: dict, q: dict) -> str:
    if "error" in b:
        return f"build failed: {b['error']}"
    s = f"build {b['build_s']:.2f} s"
    return s + (f"; query failed: {q['error']}" if "error" in q else
                f"; load {q['load_s'] * 1e3:.0f} ms; median {q['median_ms']:.2f} ms, p99 {q['p99_ms']:.2f} ms")


def _timed(cmd: list[str], stdin: str | None = None, cwd: Path = ROOT) -> float:
    t = now()
    r = subprocess.run(cmd, input=stdin, capture_output=True, text=True, cwd=cwd, env=_env(), timeout=300)
    wall = now() - t
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:3])}... exit {r.returncode}: {r.stderr.strip()[-200:]}")
    return wall


def cold_path(index: Path, questions: list[str], work: Path, log) -> dict:
    """faqbot ask (one question, and batches), its import profile, and faqbot serve to the first answer."""
    faqbot = str(Path(sys.executable).with_name("faqbot"))
    base = ["--index", str(index), "--content", str(ROOT / "knowledge")]
    out: dict = {}
    log("cold path: faqbot ask")
    _timed([faqbot, "ask", COLD_QUESTION, *base])  # untimed: page cache and __pycache__ warm, like a second run
    out["ask_s"] = sorted(_timed([faqbot, "ask", COLD_QUESTION, *base]) for _ in range(5))
    out["ask_unknown_s"] = sorted(_timed([faqbot, "ask", COLD_UNKNOWN, *base]) for _ in range(5))
    build = [faqbot, "build", "--quiet", "--content", str(ROOT / "knowledge"), "--index", str(work / "cold-build")]
    out["build_s"] = statistics.median(_timed(build) for _ in range(3))
    shutil.rmtree(work / "cold-build", ignore_errors=True)
    out["python_s"] = statistics.median(_timed([sys.executable, "-c", "pass"]) for _ in range(5))
    for n in (10, 1000):
        batch = "\n".join(questions[i % len(questions)] for i in range(n)) + "\n"
        out[f"batch{n}_s"] = statistics.median(_timed([faqbot, "ask", *base], stdin=batch) for _ in range(3))
    for key, question in (("imports", COLD_QUESTION), ("imports_unknown", COLD_UNKNOWN)):
        r = subprocess.run([sys.executable, "-X", "importtime", "-m", "web.cli", "ask", question, *base],
                           capture_output=True, text=True, cwd=os.environ.get("PERF_SRC", ROOT), env=_env())
        out[key] = _import_profile(r.stderr)
    out["serve"] = serve_path(index, work, questions[:50], log)
    return out


def _import_profile(stderr: str) -> dict[str, float]:
    """Seconds to import each package, wherever it was first imported (python -X importtime).

    A package's time is the cumulative time of its outermost import entries (including what it
    imports in turn, so numpy also counts inside scipy).
    """
    entries = []
    for line in stderr.splitlines():
        m = re.match(r"import time:\s+\d+ \|\s+(\d+) \| ( *)(\S+)", line)
        if m:
            entries.append((m.group(3).split(".")[0], len(m.group(2)), int(m.group(1)) / 1e6))
    top: dict[str, tuple[int, float]] = {}
    for root, level, cum in entries:
        lvl, total = top.get(root, (level, 0.0))
        if level < lvl:
            top[root] = (level, cum)
        elif level == lvl:
            top[root] = (lvl, total + cum)
    return dict(sorted(((k, v[1]) for k, v in top.items()), key=lambda kv: -kv[1]))


def serve_path(index: Path, work: Path, questions: list[str], log) -> dict:
    """Seconds from `faqbot serve` to the first 200 on POST /api/ask, and the server's RSS."""
    if not (ROOT / "web" / "server.py").exists():
        return {"error": "web/server.py does not exist yet (faqbot serve cannot start); not measured"}
    import urllib.error
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    tmp = Path(tempfile.mkdtemp(dir=work))
    env = _env(FAQBOT_DATABASE_URL=f"sqlite:///{tmp}/questions.sqlite3", FAQBOT_RATE_LIMIT="0")
    cmd = [str(Path(sys.executable).with_name("faqbot")), "serve", "--port", str(port), "--index", str(index),
           "--content", str(ROOT / "knowledge")]
    log("cold path: faqbot serve")
    body = json.dumps({"question": COLD_QUESTION}).encode()
    t = now()
    p = subprocess.Popen(cmd, cwd=tmp, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        first = None
        while now() - t < 60 and p.poll() is None:
            try:
                req = urllib.request.Request(f"http://127.0.0.1:{port}/api/ask", data=body,
                                             headers={"Content-Type": "application/json"})
                with urllib.request.urlopen(req, timeout=5) as r:
                    if r.status == 200:
                        first = now() - t
                        break
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.02)
        if first is None:
            return {"error": f"no 200 from /api/ask within 60 s (exit code {p.poll()})"}
        mem_first = _tree_mem(p.pid)
        for q in questions:
            req = urllib.request.Request(f"http://127.0.0.1:{port}/api/ask", data=json.dumps({"question": q}).encode(),
                                         headers={"Content-Type": "application/json"})
            urllib.request.urlopen(req, timeout=5).read()
        return {"first_s": first, "mem_first": mem_first, "mem_after50": _tree_mem(p.pid)}
    finally:
        stop(p, 10)
        shutil.rmtree(tmp, ignore_errors=True)


def _tree_mem(pid: int) -> dict:
    """RSS of the server process and of each child (gunicorn workers), and their summed PSS, KiB.

    RSS counts pages shared between the arbiter and a forked worker in both; PSS splits them.
    """
    procs, todo = [], [pid]
    while todo:
        p = todo.pop(0)
        procs.append(p)
        for task in Path(f"/proc/{p}/task").glob("*/children"):
            todo += [int(c) for c in task.read_text().split()]
    pss = 0
    for p in procs:
        try:
            pss += next(int(ln.split()[1]) for ln in open(f"/proc/{p}/smaps_rollup") if ln.startswith("Pss:"))
        except (OSError, StopIteration):
            pass
    return {"rss_kib": [rss_kib(p) for p in procs], "pss_kib": pss}


# ---- profile ----------------------------------------------------------------------------

_ASK_PARTS = (("bot/ranking.py", "rank"), ("bot/index.py", "analyse"), ("bot/typos.py", "correct"),
              ("sklearn/feature_extraction/text.py", "transform"), ("bot/vectorize.py", "transform"),
              ("bot/ranking.py", "_section_signals"),
              ("scipy/sparse/_base.py", "__matmul__"), ("bot/text.py", "words"), ("bot/text.py", "fold"),
              ("bot/signals.py", "fuzz"), ("bot/ranking.py", "features"), ("bot/concise.py", "concise_answer"),
              ("json/encoder.py", "encode"))
_BUILD_PARTS = (("bot/build.py", "content_hash"), ("bot/ingest/__init__.py", "load_knowledge"),
                ("bot/ingest/render.py", "render_block"), ("bot/index.py", "fit"),
                ("sklearn/feature_extraction/text.py", "_count_vocab"), ("bot/terms.py", "ngrams"),
                ("bot/terms.py", "terms"), ("bot/text.py", "words"), ("bot/text.py", "fold"),
                ("bot/text.py", "sentences"), ("sklearn/feature_extraction/text.py", "_char_wb_ngrams"),
                ("bot/index.py", "_post_fit"), ("bot/index.py", "save"), ("json/encoder.py", "encode"),
                ("numpy/lib/_npyio_impl.py", "savez_compressed"))


def profile(label: str, content: Path, work: Path, questions: list[str], n: int) -> None:
    """cProfile of faqbot's build and of n questions: named parts (cumulative) and the top functions.

    rapidfuzz's scorers are compiled functions cProfile does not see; signals.py:fuzz is the
    fuzzy re-ranking (with the heading tokenizing it does).
    """
    import cProfile
    import pstats

    import_system("faqbot", "build")
    from bot.build import build
    from bot.engine import Bot
    from bot.settings import Settings

    out = work / "artifacts" / f"profile-{label}"
    shutil.rmtree(out, ignore_errors=True)
    pb = cProfile.Profile()
    pb.runcall(build, content, out, keep=1)
    bot = Bot.from_index(Settings(index_dir=str(out)))
    for q in questions[:20]:
        bot.ask(q)
    qs = (questions * 5)[:n]
    pa = cProfile.Profile()
    pa.runcall(lambda: [json.dumps(bot.ask(q).to_dict(), ensure_ascii=False) for q in qs])
    for what, prof, parts, per in (("build", pb, _BUILD_PARTS, 1), (f"{len(qs)} questions", pa, _ASK_PARTS, len(qs))):
        st = pstats.Stats(prof)
        total = st.total_tt
        print(f"\n== {label}: {what}, {total:.2f} s under cProfile ({total / per * 1e3:.2f} ms each) ==")
        for suffix, func in parts:
            cum = max((v[3] for (f, _, name), v in st.stats.items() if name == func and f.endswith(suffix)),
                      default=0.0)  # cumulative: includes what it calls
            print(f"  {suffix + ':' + func:<50s} {cum:8.3f} s  {100 * cum / total:5.1f}%")
        st.sort_stats("tottime").print_stats(15)


# ---- reporting ---------------------------------------------------------------------------

def machine() -> dict:
    from importlib.metadata import version

    cpu = next((ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo") if ln.startswith("model name")), "?")
    with open("/proc/meminfo") as fh:
        mem = int(fh.readline().split()[1])
    libs = {}
    for d in LIBRARIES:
        try:
            libs[d] = version(d)
        except Exception:
            libs[d] = "missing"
    return {"nproc": os.cpu_count(), "cpu": cpu, "mem_gib": mem / 2**20, "python": platform.python_version(),
            "os": platform.platform(terse=True), "libraries": libs, "load": os.getloadavg()[0]}


def _ms(x: float | None) -> str:
    if x is None:
        return "–"
    return f"{x:.3f}" if x < 1 else f"{x:.2f}" if x < 10 else f"{x:.1f}" if x < 100 else f"{x:.0f}"


def _mib(kib: int | None) -> str:
    return "–" if not kib else f"{kib / 1024:.0f}"


def _s(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}" if x < 1 else f"{x:.2f}" if x < 10 else f"{x:.1f}"


def tables(results: dict) -> str:
    """Markdown: per-question times; build, size, load, memory."""
    q = ["| knowledge base | sections | system | median ms | p99 ms | first ms | JSON ms | n |",
         "|---|---:|---|---:|---:|---:|---:|---:|"]
    b = ["| knowledge base | system | build s | artifact MiB | imports s | load ms | RSS libraries MiB "
         "| RSS after load MiB | peak RSS build MiB | peak RSS questions MiB |",
         "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for label, kb in results.items():
        for system, r in kb["systems"].items():
            bu, qu = r["build"], r["query"]
            if "error" in qu:
                q.append(f"| {label} | {kb['sections']} | {system} | {qu['error']} | | | | |")
            else:
                q.append(f"| {label} | {kb['sections']} | {system} | {_ms(qu['median_ms'])} | {_ms(qu['p99_ms'])} "
                         f"| {_ms(qu['first_ms'])} | {_ms(qu['json_ms'])} | {qu['n']} |")
            if "error" in bu:
                b.append(f"| {label} | {system} | {bu['error']} (after {bu['wall_s']:.0f} s) | | | | | | "
                         f"{_mib(bu['peak_kib'])} | |")
                continue
            ok = "error" not in qu
            b.append(f"| {label} | {system} | {_s(bu['build_s'])} | {bu['size'] / 2**20:.2f} "
                     f"| {_s(qu['imports_s']) if ok else '–'} | {_ms(qu['load_s'] * 1e3) if ok else '–'} "
                     f"| {_mib(qu['rss_imports_kib']) if ok else '–'} "
                     f"| {_mib(qu['rss_load_kib']) if ok else '–'} | {_mib(bu['peak_kib'])} "
                     f"| {_mib(qu['peak_kib']) if ok else '–'} |")
        if kb.get("read_s") is not None:
            b.append(f"| {label} | *(reading the content files, included above)* | {_s(kb['read_s'])} "
                     "| | | | | | | |")
    return "\n".join(q) + "\n\n" + "\n".join(b)


def growth(results: dict, system: str, start: int = 0) -> float | None:
    """Exponent k in time ~ sections^k from synthetic knowledge base `start` to the largest."""
    pts = [(kb["sections"], kb["systems"][system]["query"].get("median_ms")) for label, kb in results.items()
           if label != "article"]
    pts = [(n, t) for n, t in pts if t]
    if len(pts) < 2 or pts[start][0] == pts[-1][0]:
        return None
    (n0, t0), (n1, t1) = pts[start], pts[-1]
    return math.log(t1 / t0) / math.log(n1 / n0)


def targets(results: dict, cold: dict | None) -> str:
    """The issue's targets next to what was measured."""
    rows = ["| target | goal | measured | |", "|---|---:|---:|---|"]

    def row(name: str, goal: float, val: float | None, unit: str, fmt=_ms) -> None:
        if val is None:
            rows.append(f"| {name} | < {goal:g} {unit} | not measured | |")
        else:
            rows.append(f"| {name} | < {goal:g} {unit} | {fmt(val)} {unit} | {'met' if val < goal else '**missed**'} |")

    def fq(label: str, key: str, phase: str = "query"):
        r = results.get(label, {}).get("systems", {}).get("faqbot", {}).get(phase, {})
        return r.get(key)

    row("article: one question, median", 1, fq("article", "median_ms"), "ms")
    row("article: one question, p99", 5, fq("article", "p99_ms"), "ms")
    if cold:
        per = (cold["batch1000_s"] - cold["batch10_s"]) / 990 * 1e3
        row("article: batch CLI per question (1,000 minus 10, per extra question)", 1, per, "ms")
        row("article: `faqbot ask \"…\"` from cold (median of 5)", 1.5, statistics.median(cold["ask_s"]), "s", _s)
        row("article: `faqbot ask \"…\"` from cold, a word the article lacks", 1.5,
            statistics.median(cold["ask_unknown_s"]), "s", _s)
    load = fq("article", "load_s")
    row("article: index load", 200, load * 1e3 if load is not None else None, "ms")
    srv = (cold or {}).get("serve", {})
    row("server resident memory after 50 pool questions (PSS, arbiter + worker)", 150,
        srv["mem_after50"]["pss_kib"] * 1024 / 1e6 if "mem_after50" in srv else None, "MB", lambda v: f"{v:.0f}")
    big = "100000"
    row("100,000 sections: one question, median", 20, fq(big, "median_ms"), "ms")
    bs = fq(big, "build_s", "build")
    row("100,000 sections: build", 60, bs, "s", _s)
    ls = fq(big, "load_s")
    row("100,000 sections: load", 2, ls, "s", _s)
    for key, phase, what in (("peak_kib", "build", "peak during build"), ("rss_load_kib", "query", "after load"),
                             ("peak_kib", "query", "peak while answering")):
        v = fq(big, key, phase)
        row(f"100,000 sections: memory, {what}", 1.5, v * 1024 / 1e9 if v else None, "GB", lambda x: f"{x:.2f}")
    g, g_last = growth(results, "faqbot"), growth(results, "faqbot", -2)
    sizes = [kb["sections"] for label, kb in results.items() if label != "article"]
    if g is None:
        rows.append("| time per question grows less than linearly | exponent < 1 | not measured | |")
    else:
        cell, status = f"{g:.2f}", "met" if g < 1 else "**missed**"
        if g_last is not None and len(sizes) > 2:
            cell += f" ({g_last:.2f} from {sizes[-2]:,})"
            status += f"; {'met' if g_last < 1 else '**missed**'} from {sizes[-2]:,}"
        rows.append(f"| time per question grows less than linearly ({sizes[0]:,} → {sizes[-1]:,}) | exponent < 1 "
                    f"| {cell} | {status} |")
    return "\n".join(rows)


def cold_table(cold: dict) -> str:
    ask = cold["ask_s"]
    rows = ["| what | wall time | per question |", "|---|---:|---:|",
            f"| `python -c pass` (interpreter start, reference) | {_s(cold['python_s'])} s | |",
            f"| `faqbot ask \"{COLD_QUESTION}\" --index …` (median of 5; min {_s(ask[0])}, max {_s(ask[-1])}) "
            f"| {_s(statistics.median(ask))} s | |",
            f"| `faqbot ask \"{COLD_UNKNOWN}\" --index …` (a word the article lacks; median of 5) "
            f"| {_s(statistics.median(cold['ask_unknown_s']))} s | |"]
    rows.append(f"| `faqbot build --content knowledge --index …` (a fresh build, median of 3) "
                f"| {_s(cold['build_s'])} s | |")
    for n in (10, 1000):
        w = cold[f"batch{n}_s"]
        rows.append(f"| `faqbot ask` batch, {n:,} questions on stdin (median of 3) | {_s(w)} s "
                    f"| {_ms(w / n * 1e3)} ms |")
    per = (cold["batch1000_s"] - cold["batch10_s"]) / 990
    rows.append(f"| batch, each question beyond the first 10 ((1,000 − 10 run) / 990) | | {_ms(per * 1e3)} ms |")
    srv = cold["serve"]
    if "error" in srv:
        rows.append(f"| `faqbot serve` to the first 200 on /api/ask | {srv['error']} | |")
    else:
        rows.append(f"| `faqbot serve` to the first 200 on POST /api/ask | {_s(srv['first_s'])} s | |")
        for when, m in (("at the first answer", srv["mem_first"]),
                        ("after 50 questions from the pool", srv["mem_after50"])):
            rss = " + ".join(_mib(k) for k in m["rss_kib"])
            rows.append(f"| server memory {when}: PSS of all its processes (RSS of arbiter + worker) "
                        f"| {_mib(m['pss_kib'])} MiB ({rss} MiB) | |")
    text = "\n".join(rows) + "\n\nImports (`python -X importtime`; each package with what it imports in turn):\n"
    for key, question in (("imports", COLD_QUESTION), ("imports_unknown", COLD_UNKNOWN)):
        imp = ", ".join(f"{k} {v:.3f} s" for k, v in list(cold[key].items())[:7])
        text += f"\n- `faqbot ask \"{question}\"`: {imp}"
    return text


def svg_plot(results: dict) -> str:
    """Median (solid) and p99 (dashed) time per question against sections, log-log, hand-drawn SVG."""
    colors = {"faqbot": "#c0392b", "bm25s": "#2471a3", "tfidf": "#229954"}
    pts = {s: [(kb["sections"], kb["systems"][s]["query"]) for kb in results.values()
               if "error" not in kb["systems"][s]["query"]] for s in SYSTEMS}
    vals = [v for s in pts.values() for _, q in s for v in (q["median_ms"], q["p99_ms"])] + [1, 20]
    W, H, L, R, T, B = 640, 400, 70, 130, 30, 50
    x0, x1 = 1, math.ceil(math.log10(max(kb["sections"] for kb in results.values())) - 1e-9)
    y0, y1 = math.floor(math.log10(min(vals))), math.ceil(math.log10(max(vals)))

    def X(n: float) -> float:
        return L + (math.log10(n) - x0) / (x1 - x0) * (W - L - R)

    def Y(ms: float) -> float:
        return H - B - (math.log10(ms) - y0) / (y1 - y0) * (H - T - B)

    o = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
         'font-family="sans-serif" font-size="12">', f'<rect width="{W}" height="{H}" fill="white"/>',
         f'<text x="{L}" y="18" font-size="14">Time per question vs number of sections (log-log)</text>']
    for e in range(x0, x1 + 1):
        o.append(f'<line x1="{X(10**e):.1f}" y1="{T}" x2="{X(10**e):.1f}" y2="{H - B}" stroke="#ddd"/>'
                 f'<text x="{X(10**e):.1f}" y="{H - B + 16}" text-anchor="middle">{10**e:,}</text>')
    for e in range(y0, y1 + 1):
        lab = f"{10.0**e:g} ms"
        o.append(f'<line x1="{L}" y1="{Y(10**e):.1f}" x2="{W - R}" y2="{Y(10**e):.1f}" stroke="#ddd"/>'
                 f'<text x="{L - 6}" y="{Y(10**e) + 4:.1f}" text-anchor="end">{lab}</text>')
    o.append(f'<text x="{(L + W - R) / 2}" y="{H - 12}" text-anchor="middle">sections</text>')
    for s, p in pts.items():
        for key, dash in (("median_ms", ""), ("p99_ms", ' stroke-dasharray="5,4"')):
            xy = " ".join(f"{X(n):.1f},{Y(q[key]):.1f}" for n, q in p)
            o.append(f'<polyline points="{xy}" fill="none" stroke="{colors[s]}" stroke-width="2"{dash}/>')
        for n, q in p:
            o.append(f'<circle cx="{X(n):.1f}" cy="{Y(q["median_ms"]):.1f}" r="3.5" fill="{colors[s]}"/>')
    syn = [(kb["sections"], kb["systems"]["faqbot"]["query"]) for label, kb in results.items() if label != "article"]
    syn = [(n, q["median_ms"]) for n, q in syn if "error" not in q]
    if len(syn) >= 2:  # what linear growth from the smallest synthetic knowledge base would look like
        (n0, t0), n1 = syn[0], syn[-1][0]
        o.append(f'<line x1="{X(n0):.1f}" y1="{Y(t0):.1f}" x2="{X(n1):.1f}" y2="{Y(t0 * n1 / n0):.1f}" '
                 'stroke="#999" stroke-dasharray="1,3" stroke-width="1.5"/>'
                 f'<text x="{X(n1) - 4:.1f}" y="{Y(t0 * n1 / n0) - 6:.1f}" text-anchor="end" fill="#777">'
                 'faqbot if linear</text>')
    for n, ms in ((22, 1), (100000, 20)):  # the median targets
        if n > 10**x1 or not y0 <= math.log10(ms) <= y1:
            continue
        o.append(f'<text x="{X(n):.1f}" y="{Y(ms) + 5:.1f}" text-anchor="middle" fill="#555" font-size="16">×</text>')
    ly = T + 10
    for s in SYSTEMS:
        o.append(f'<line x1="{W - R + 12}" y1="{ly}" x2="{W - R + 36}" y2="{ly}" stroke="{colors[s]}" '
                 'stroke-width="2"/>'
                 f'<text x="{W - R + 42}" y="{ly + 4}">{s}</text>')
        ly += 18
    o.append(f'<text x="{W - R + 12}" y="{ly + 6}" fill="#555">solid: median</text>'
             f'<text x="{W - R + 12}" y="{ly + 22}" fill="#555">dashed: p99</text>'
             f'<text x="{W - R + 12}" y="{ly + 38}" fill="#555">× target (median)</text>')
    o.append("</svg>")
    return "\n".join(o) + "\n"


def report(results: dict, cold: dict | None, mach: dict, command: str, a: argparse.Namespace) -> str:
    libs = ", ".join(f"{k} {v}" for k, v in mach["libraries"].items())
    kbs = "; ".join(f"{label}: {kb['sections']:,} sections" for label, kb in results.items())
    parts = [
        HEADING, "",
        f"Measured with `{command}` on {mach['date']}, commit {mach['commit']} (bot/ and web/ sources "
        f"{mach['sources']}, copied at the start so the whole run measures one version).",
        f"Machine: {mach['nproc']} CPUs ({mach['cpu']}), {mach['mem_gib']:.0f} GiB RAM, {mach['os']}, "
        f"Python {mach['python']}; {libs}. Load average (1 min) {mach['load_start']:.2f} at the start, "
        f"{mach['load']:.2f} at the end (other work on the machine adds noise, most of all to p99).", "",
        f"Knowledge bases: {kbs}. \"article\" is `knowledge/` (22 sections with their alternate questions and "
        "synonyms); the others are generated by `bench/synth.py` (seed 1) from the StackFAQ entries and the "
        "article's sections: the 147 originals, then recombinations (a source heading with one or two words "
        "swapped or added and a number word; 3-10 sentences from 2-4 source bodies), written as CSV FAQ tables "
        "and built by `bot.build.build`, faqbot's normal build path.",
        "",
        "How it is measured: each system builds in its own process (libraries imported first; build time is "
        "content folder to artifact on disk, reading the files included; peak RSS is that process's VmHWM, "
        "as `ru_maxrss` would carry the parent's size over fork and exec). A second process imports (faqbot: "
        "only its entry point `bot.engine`, so whatever it imports lazily counts in its load or its first "
        "question; the references: their libraries; \"RSS libraries\" is measured here), loads the artifact "
        f"(\"RSS after load\"), answers the pool's first question cold (\"first\": \"{a.first_question}\"), "
        f"warms up on 20 and times questions one at a time (at least {a.min_n}, for about {a.budget:g} s, up "
        "to five passes over the pool): median and p99 over those. Questions: the 625 StackFAQ queries and "
        "the 87 held-out article questions, shuffled (on the article, StackFAQ queries are out of scope: the "
        "no-answer path). faqbot: `Bot.ask` (ranking, confidence, concise answer, suggestions); \"JSON ms\" "
        "is `json.dumps(answer.to_dict())` on top. bm25s: `tokenize` + `retrieve(k=10)` (numpy backend, "
        "English stop words, no stemmer). tfidf: scikit-learn `TfidfVectorizer` (sublinear tf, stop words) "
        "transform + sparse product + top 10. faqbot's artifact also holds the section texts and sentences "
        "it answers with; the references store only their index. MiB = 2^20 bytes; the issue's MB and GB "
        "are read as 10^6 and 10^9 bytes.", "",
        "### Targets (issue 6)", "", targets(results, cold), "",
        "### One question in process", "", tables(results).split("\n\n")[0], "",
        f"![time per question against number of sections]({PLOT})", "", growth_note(results),
        "### Build, artifact, load, memory", "", tables(results).split("\n\n")[1], "",
    ]
    if cold:
        parts += ["### Cold path (the article)", "", cold_table(cold), ""]
    return "\n".join(parts)


def growth_note(results: dict) -> str:
    """The growth exponents, over the whole range and over the last step (where fixed costs matter least)."""
    sizes = [kb["sections"] for label, kb in results.items() if label != "article"]
    if len(sizes) < 2:
        return ""
    out = []
    for start, what in ((0, f"{sizes[0]:,} → {sizes[-1]:,}"), (-2, f"{sizes[-2]:,} → {sizes[-1]:,}")):
        g = {s: growth(results, s, start) for s in SYSTEMS}
        out.append(f"{what}: " + ", ".join(f"{s} {v:.2f}" for s, v in g.items() if v is not None))
        if len(sizes) == 2:
            break
    return ("Growth of the median time per question with the number of sections, as the exponent k in "
            "time ∝ sections^k (1 is linear): " + "; ".join(out) + ". Fixed per-question costs flatten the "
            "curve at small sizes; the last step shows how the work grows with the content.\n")


def write_doc(path: Path, section: str) -> None:
    """Replace this benchmark's part of the document (up to the next level-2 heading), keep the rest."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n\n"
    lines = text.splitlines()
    try:
        start = lines.index(HEADING)
    except ValueError:
        new = text.rstrip("\n") + "\n\n" + section.rstrip("\n") + "\n"
    else:
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        new = "\n".join(lines[:start] + section.rstrip("\n").splitlines() + ([""] + lines[end:] if end < len(lines)
                                                                              else [])) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(new, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        return child_main(json.loads(argv[1]))
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", required=True, type=Path, help="the shared data folder (stackfaq/)")
    p.add_argument("--sizes", default="2000,20000,100000", help="synthetic knowledge base sizes (sections)")
    p.add_argument("--quick", action="store_true", help="the article and 2,000 sections only")
    p.add_argument("--write", type=Path, help="put the results into this Markdown file (and a plot beside it)")
    p.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "faqbot-perf",
                   help="where synthetic content and artifacts go (default: %(default)s)")
    p.add_argument("--seed", type=int, default=1, help="seed of the synthetic knowledge bases")
    p.add_argument("--budget", type=float, default=10.0, help="seconds of timed questions per system and size")
    p.add_argument("--min-n", type=int, default=50, help="at least this many timed questions")
    p.add_argument("--timeout", type=float, default=420.0, help="seconds allowed to one build or query process")
    p.add_argument("--mem-limit", type=float, default=8.0, help="GiB of RSS at which a process is stopped")
    p.add_argument("--no-cold", action="store_true", help="skip the cold-path measurements")
    p.add_argument("--profile", metavar="KB", help="instead: cProfile faqbot's build and questions on "
                   "one knowledge base ('article' or a number of sections)")
    a = p.parse_args(argv)
    sizes = [2000] if a.quick else [int(s) for s in a.sizes.split(",") if s.strip()]
    if a.quick:
        a.budget = min(a.budget, 5.0)
    work = a.workdir.resolve()
    work.mkdir(parents=True, exist_ok=True)
    t_start = now()
    load_start = os.getloadavg()[0]

    def log(msg: str) -> None:
        print(f"[{now() - t_start:6.1f} s] {msg}", file=sys.stderr, flush=True)

    src = snapshot(work)
    import bench.synth as synth

    questions = question_pool(a.data)
    a.first_question = questions[0]
    if a.profile:
        content = ROOT / "knowledge" if a.profile == "article" else synth.make(
            a.data, int(a.profile), work / f"kb-{int(a.profile)}", seed=a.seed)
        profile(a.profile, content, work, questions, len(questions) if a.profile == "article" else 100)
        return 0
    (work / "q.txt").write_text("\n".join(questions) + "\n", encoding="utf-8")
    kbs = [("article", ROOT / "knowledge")]
    for n in sizes:
        log(f"generating {n} sections")
        kbs.append((str(n), synth.make(a.data, n, work / f"kb-{n}", seed=a.seed)))
    results: dict = {}
    for label, content in kbs:
        systems = measure_kb(label, content, work, a, log)
        fb = systems["faqbot"]["build"]
        n = fb.get("sections") or systems["tfidf"]["build"].get("sections")
        results[label] = {"sections": n, "systems": systems, "read_s": systems["tfidf"]["build"].get("read_s")}
    cold = None
    if not a.no_cold and "error" not in results["article"]["systems"]["faqbot"]["build"]:
        cold = cold_path(work / "artifacts" / "article" / "faqbot", questions, work, log)
    mach = {**machine(), **src}
    mach["load_start"] = load_start
    mach["date"] = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    command = ".venv/bin/python bench/perf.py " + " ".join(argv)
    text = report(results, cold, mach, command, a)
    print(text)
    (work / "results.json").write_text(json.dumps({"results": results, "cold": cold, "machine": mach}, indent=1))
    if a.write:
        write_doc(a.write, text)
        (a.write.parent / PLOT).write_text(svg_plot(results), encoding="utf-8")
        log(f"wrote {a.write} and {a.write.parent / PLOT}")
    log("done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
