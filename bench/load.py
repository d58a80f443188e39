"""Serving under load: requests per second and latency of `faqbot serve` (gunicorn) over loopback.

    .venv/bin/python bench/load.py [--workers 1,2,4] [--seconds 5] [--rounds 3] [--clients 2] [--threads 4]
                                   [--reindex-seconds 30] [--write docs/performance.md]

For each worker count, one server on 127.0.0.1 answers /api/health, /api/ask with questions asked
again (tests/data/questions/article-dev.jsonl over the shipped knowledge/, answered from the answer
cache after the first pass) and /api/ask with questions never sent before in the run, each for
--seconds under the same load: --clients client processes x --threads threads, each sending one
request at a time on a new connection (as separate visitors do). The ask/health ratios compare them
on the same server and workers, in one run. Then a 2-worker server answers /api/ask while the content changes and is published
every --reindex-every seconds, alternately by POST /api/reindex and by `faqbot build` in another
process: request counts, failures, latencies, and how long each worker took to serve each new version.

Everything runs on this machine (loopback only), bounded in time; the servers are stopped at the end.
The clients share the machine's cores with the server: figures are for this machine as a whole.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADING = "## Serving under load"
TOKEN = "bench-load-token"


# ---- the server ---------------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children(pid: int) -> set[int]:
    out = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                out.add(int(entry))
    return out


def cpu_seconds(pids: set[int]) -> float:
    """User + system CPU time of these processes so far (from /proc)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / os.sysconf("SC_CLK_TCK")


class Server:
    """`faqbot serve --workers N` on a free port with settings for a load test (no rate limit)."""

    def __init__(self, work: Path, workers: int) -> None:
        self.work, self.workers, self.port = work, workers, free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("FAQBOT_")}
        env.update(FAQBOT_CONTENT_DIR=str(work / "content"), FAQBOT_INDEX_DIR=str(work / "index"),
                   FAQBOT_DATABASE_URL=f"sqlite:///{work}/faqbot.sqlite3", FAQBOT_RATE_LIMIT="0",
                   FAQBOT_ADMIN_TOKEN=TOKEN, FAQBOT_PORT=str(self.port))
        self.log = open(work / f"server-{self.port}.log", "wb")
        self.proc = subprocess.Popen([sys.executable, "-m", "web.cli", "serve", "--workers", str(workers)],
                                     env=env, cwd=work, stdout=self.log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        seen: set[int] = set()
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"server exited: see {self.log.name}")
            status, headers, body = request(self.port, "GET", "/api/health", None)
            if status == 200:
                seen.add(body["pid"])
                if seen >= children(self.proc.pid) and len(seen) >= workers:
                    return
            else:
                time.sleep(0.1)
        self.stop()
        raise SystemExit(f"server not ready in 60 s: see {self.log.name}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            pids = children(self.proc.pid)
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                for pid in pids | {self.proc.pid}:
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                self.proc.wait(10)
        self.log.close()


def request(port: int, method: str, path: str, body: dict | None, timeout: float = 10.0, headers: dict | None = None):
    """(status or None, headers, JSON body or error text) on a new connection; never raises."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        data = None if body is None else json.dumps(body).encode()
        conn.request(method, path, body=data, headers={"Connection": "close", "Content-Type": "application/json",
                                                       **(headers or {})})
        r = conn.getresponse()
        raw = r.read()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, json.loads(raw)
    except (OSError, http.client.HTTPException, ValueError) as e:
        return None, {}, f"{type(e).__name__}: {e}"
    finally:
        conn.close()


# ---- the load -------------------------------------------------------------------------------------------------

def distinct(question: str, variant: int) -> str:
    """The question with its letters' case set by the bits of `variant`: the engine folds case, so it does the
    same work and gives the same answer, but the answer cache (which keys on the exact text) never has it."""
    out, bit = [], 0
    for ch in question:
        if ch.isalpha():
            ch = ch.upper() if variant >> bit & 1 else ch.lower()
            bit += 1
        out.append(ch)
    return "".join(out)


def _client(job: tuple) -> list[tuple]:
    """One client process: `threads` threads sending back to back until `until` (time.monotonic, system-wide).
    A sample: (start, seconds, status or None, index version, worker pid)."""
    port, kind, until, threads, questions, client, clients = job
    samples: list[tuple] = []
    lock = threading.Lock()

    def run(i: int) -> None:
        n, sent, mine = client * 1000 + 100 * i, 0, []
        while time.monotonic() < until:
            if kind == "health":
                method, path, body = "GET", "/api/health", None
            elif kind == "ask":  # the dev questions over and over: mostly answered from the answer cache
                method, path, body = "POST", "/api/ask", {"question": questions[n % len(questions)]}
            else:  # "ask-new": no text is sent twice in a run (unique over clients and threads)
                u = (sent * clients + client) * threads + i
                method, path, body = "POST", "/api/ask", {
                    "question": distinct(questions[u % len(questions)], 1 + u // len(questions))}
                sent += 1
            t0 = time.monotonic()
            status, headers, _ = request(port, method, path, body)
            mine.append((t0, time.monotonic() - t0, status, headers.get("faqbot-index-version"),
                         headers.get("faqbot-worker")))
            n += 1
        with lock:
            samples.extend(mine)

    pool = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return samples


def load(port: int, kind: str, seconds: float, clients: int, threads: int, questions: list[str],
         started=None) -> list[tuple]:
    """Samples from `clients` processes x `threads` threads for `seconds`; `started()` is called once the
    client processes exist (they are forked before it runs, so never while its threads do)."""
    with multiprocessing.get_context("fork").Pool(clients) as pool:
        until = time.monotonic() + seconds
        if started is not None:
            started()
        parts = pool.map(_client, [(port, kind, until, threads, questions, c, clients) for c in range(clients)])
    return [s for part in parts for s in part]


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def summary(samples: list[tuple], seconds: float) -> dict:
    ok = [s for s in samples if s[2] is not None and 200 <= s[2] < 300]
    lat = [s[1] * 1000 for s in samples]
    return {"requests": len(samples), "errors": len(samples) - len(ok), "rps": len(ok) / seconds,
            "p50": quantile(lat, .5), "p99": quantile(lat, .99), "max": max(lat, default=float("nan"))}


# ---- the runs -----------------------------------------------------------------------------------------------

def questions() -> list[str]:
    path = ROOT / "tests" / "data" / "questions" / "article-dev.jsonl"
    return [json.loads(line)["query"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def prepare(work: Path) -> None:
    shutil.copytree(ROOT / "knowledge", work / "content")
    cp = subprocess.run([sys.executable, "-m", "web.cli", "build", "--quiet", "--content", str(work / "content"),
                         "--index", str(work / "index")], capture_output=True, text=True, cwd=work)
    if cp.returncode:
        raise SystemExit(cp.stderr)


KINDS = ["health", "ask", "ask-new"]


def by_workers(work: Path, counts: list[int], seconds: float, clients: int, threads: int, qs: list[str],
               rounds: int) -> list[dict]:
    """Each worker count measured `rounds` times, in a rotating order (so background noise on the machine
    spreads over all of them); within a round health, ask and ask-new run on the same server, one after the
    other, in an order that rotates too."""
    runs: dict[int, list[dict]] = {n: [] for n in counts}
    for r in range(rounds):
        for n in counts[r % len(counts):] + counts[:r % len(counts)]:
            server = Server(work, n)
            try:
                load(server.port, "ask", 1.0, clients, threads, qs)  # warm-up: every worker has answered
                pids, got = children(server.proc.pid), {}
                kinds = KINDS[r % len(KINDS):] + KINDS[:r % len(KINDS)]
                for kind in kinds:
                    cpu = cpu_seconds(pids)
                    got[kind] = summary(load(server.port, kind, seconds, clients, threads, qs), seconds)
                    got[kind]["cpu_ms"] = 1000 * (cpu_seconds(pids) - cpu) / max(1, got[kind]["requests"])
            finally:
                server.stop()
            runs[n].append(got)
            print(f"round {r + 1}, {n} worker(s): " + ", ".join(f"{k} {got[k]['rps']:.0f}/s" for k in KINDS)
                  + f", errors {sum(got[k]['errors'] for k in KINDS)}", file=sys.stderr, flush=True)
    rows = []
    for n in counts:
        row: dict = {"workers": n}
        for kind in KINDS:
            mine = [run[kind] for run in runs[n]]
            row[kind] = {key: statistics.median(m[key] for m in mine) for key in ("rps", "p50", "p99", "cpu_ms")}
            row[kind].update(errors=sum(m["errors"] for m in mine), requests=sum(m["requests"] for m in mine))
        for kind in ("ask", "ask-new"):
            ratios = [run[kind]["rps"] / run["health"]["rps"] for run in runs[n]]
            row[kind].update(ratio=statistics.median(ratios), ratio_range=(min(ratios), max(ratios)))
        rows.append(row)
    return rows


def _edit(content: Path, k: int) -> None:
    """Content version k: an extra article whose text says k (the old one removed)."""
    for old in content.glob("bench-extra-*.txt"):
        old.unlink()
    (content / f"bench-extra-{k}.txt").write_text(
        f"Clinic Notice {k}\n\nWhen Is The Clinic Open During Update {k}?\n\n"
        f"During update {k} the clinic keeps its usual opening hours, Monday to Saturday.\n", encoding="utf-8")


def during_reindex(work: Path, seconds: float, every: float, clients: int, threads: int, qs: list[str]) -> dict:
    server = Server(work, 2)
    published: list[tuple[float, str, str]] = []  # (CURRENT written, version, how)
    windows: list[tuple[float, float, str]] = []  # (build started, publisher returned, how)
    failures: list[str] = []

    def publish() -> None:
        k, end = 0, time.monotonic() + seconds - 10.0  # a build takes seconds: the last one lands before the end
        while time.monotonic() < end:
            time.sleep(every)
            k += 1
            _edit(work / "content", k)
            began = time.monotonic()
            if k % 2:
                status, _, body = request(server.port, "POST", "/api/reindex", {}, timeout=60,
                                          headers={"Authorization": f"Bearer {TOKEN}"})
                how = "POST /api/reindex"
                if status != 200:
                    failures.append(f"reindex {status}: {body}")
                    continue
            else:
                cp = subprocess.run([sys.executable, "-m", "web.cli", "build", "--quiet", "--content",
                                     str(work / "content"), "--index", str(work / "index")],
                                    capture_output=True, text=True, cwd=work)
                how = "faqbot build"
                if cp.returncode:
                    failures.append(f"build: {cp.stderr.strip()}")
                    continue
            windows.append((began, time.monotonic(), how))
            current = work / "index" / "CURRENT"
            written = time.monotonic() - (time.time() - current.stat().st_mtime)
            published.append((written, current.read_text().strip(), how))

    try:
        load(server.port, "ask", 1.0, clients, threads, qs)
        publisher = threading.Thread(target=publish)
        start = time.monotonic()
        samples = load(server.port, "ask", seconds, clients, threads, qs, started=publisher.start)
        publisher.join()
        workers = {str(p) for p in children(server.proc.pid)}
    finally:
        server.stop()
    lags = []
    for t, version, _ in published:
        for pid in workers:
            first = [s[0] + s[1] for s in samples if s[4] == pid and s[3] == version and s[0] >= t]
            if first:
                lags.append(min(first) - t)
    order = {v: i for i, (_, v, _) in enumerate(published)}
    late = [s for s in samples if any(t + 2.0 <= s[0] and order.get(s[3], -1) < i for i, (t, _, _) in
                                      enumerate(published))]
    out = summary(samples, time.monotonic() - start)
    for how in ("POST /api/reindex", "faqbot build"):  # requests that overlapped a build of each kind
        during = [s[1] * 1000 for s in samples if any(h == how and s[0] < e and s[0] + s[1] > b for b, e, h in windows)]
        out[how] = {"requests": len(during), "p50": quantile(during, .5), "p99": quantile(during, .99),
                    "max": max(during, default=float("nan"))}
    quiet = [s[1] * 1000 for s in samples if not any(s[0] < e and s[0] + s[1] > b for b, e, _ in windows)]
    out["no build"] = {"requests": len(quiet), "p50": quantile(quiet, .5), "p99": quantile(quiet, .99),
                       "max": max(quiet, default=float("nan"))}
    out.update(publications=len(published), api=sum(h.startswith("POST") for _, _, h in published),
               cli=sum(h == "faqbot build" for _, _, h in published), publish_failures=failures,
               versions=len({s[3] for s in samples}), max_lag=max(lags, default=float("nan")),
               late=len(late), seconds=seconds)
    print(f"during reindex: {out}", file=sys.stderr, flush=True)
    return out


# ---- the report -------------------------------------------------------------------------------------------

def report(rows: list[dict], reindex: dict | None, args, command: str, load_start: float) -> str:
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                cwd=ROOT).stdout.strip()
    except OSError:
        commit = "?"
    load1 = os.getloadavg()[0]
    lines = [HEADING, "",
             f"Measured with `{command}` on {now}, commit {commit}; {os.cpu_count()} CPUs, "
             f"Python {platform.python_version()}, load average (1 min) {load_start:.2f} at the start, {load1:.2f} "
             "at the end (other work on the machine adds noise). "
             f"`faqbot serve` (gunicorn, gevent workers) on 127.0.0.1 with the shipped `knowledge/`, "
             f"SQLite question log, no rate limit. Load: {args.clients} client processes x {args.threads} threads, "
             f"each sending one request at a time on a new connection, for {args.seconds:g} s per endpoint "
             f"(after a 1 s warm-up). /api/ask is measured twice: \"repeated\" sends the "
             f"{len(questions())} questions of `tests/data/questions/article-dev.jsonl` over and over, so after "
             "the first pass they are answered from each worker's answer cache (FAQBOT_ANSWER_CACHE), as "
             "suggested and popular questions are; \"each new\" sends no text twice in a run (the same questions "
             "with their letters' case varied: the engine folds case, so it does the full work and gives the same "
             "answer, but the cache never has it). "
             f"Each worker count was measured {args.rounds} times in a rotating order: medians over the rounds, "
             f"the ask/health ratio taken within each round (same server, same workers) and its range shown. "
             "The clients run on the same cores as the server, so these are whole-machine figures: /api/health "
             "(a SQLite ping and a file read) mostly measures the clients and the HTTP stack, /api/ask the "
             "answering on top of them. \"CPU ms/req\" is the workers' own CPU time (user + system, from /proc) "
             "per request: what a request costs the server, whatever else runs on the machine.", "",
             "| workers | endpoint | req/s | p50 ms | p99 ms | CPU ms/req | req/s ÷ /api/health's (range) | "
             "requests | errors |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
    labels = {"health": "/api/health", "ask": "/api/ask, repeated", "ask-new": "/api/ask, each new"}
    for r in rows:
        for kind in KINDS:
            k = r[kind]
            ratio = f"{k['ratio']:.2f} ({k['ratio_range'][0]:.2f}-{k['ratio_range'][1]:.2f})" if "ratio" in k else ""
            lines.append(f"| {r['workers']} | {labels[kind]} | {k['rps']:.0f} | {k['p50']:.1f} | {k['p99']:.1f} | "
                         f"{k['cpu_ms']:.2f} | {ratio} | {k['requests']} | {k['errors']} |")
    cpu = {kind: statistics.median(r[kind]["cpu_ms"] for r in rows) for kind in KINDS}
    lines += ["", f"Per request the workers spend {cpu['health']:.2f} ms of CPU on /api/health, {cpu['ask']:.2f} ms on "
              f"a repeated question and {cpu['ask-new']:.2f} ms on a new one (medians over the worker counts): "
              f"answering a new question costs {cpu['ask-new'] - cpu['ask']:.2f} ms more than returning a cached "
              "answer, which is the engine's own time (bench/perf.py measures it without HTTP). This machine has 2 cores, shared by the server and the load generator, so "
              "more workers cannot show more throughput here: one worker already answers on about one core (the "
              "GIL), the clients need much of the rest, and differences between the rows are mostly noise from other "
              "work on the machine (see the load average and the ratio's range). More workers pay off with more "
              "cores; each holds its own copy of the index in memory."]
    if reindex:
        d = reindex
        lines += ["", f"During reindexing (2 workers, {d['seconds']:g} s of /api/ask under the same load, the content "
                  f"changed and published every {args.reindex_every:g} s: {d['api']} times by POST /api/reindex, "
                  f"{d['cli']} by `faqbot build` in another process):", "",
                  "| requests | failed | req/s | p50 ms | p99 ms | max ms | versions served | publications | "
                  "slowest worker switch | answers from an old version > 2 s after a publication |",
                  "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
                  f"| {d['requests']} | {d['errors']} | {d['rps']:.0f} | {d['p50']:.1f} | {d['p99']:.1f} | "
                  f"{d['max']:.0f} | {d['versions']} | {d['publications']} | {d['max_lag']:.2f} s | {d['late']} |"]
        lines += ["", "| requests overlapping | count | p50 ms | p99 ms | max ms |", "|---|---:|---:|---:|---:|"]
        for how, label in (("no build", "no build"), ("POST /api/reindex", "a POST /api/reindex (built in a worker)"),
                           ("faqbot build", "a `faqbot build` (another process)")):
            w = d[how]
            lines.append(f"| {label} | {w['requests']} | {w['p50']:.1f} | {w['p99']:.1f} | {w['max']:.0f} |")
        if d["publish_failures"]:
            lines += ["", "Publications that failed: " + "; ".join(d["publish_failures"])]
    lines += ["", "A worker switch is the time from the new CURRENT being written to the first response of that worker "
              "from the new version (workers check every FAQBOT_RELOAD_INTERVAL = 1 s, in a thread, and load the new "
              "version off the request path). The fault tests (`tests/test_faults.py`, `tests/test_serving.py`) "
              "check the same properties on every CI run.", ""]
    return "\n".join(lines)


def write_doc(path: Path, section: str) -> None:
    """Replace this benchmark's section (up to the next level-2 heading) or append it; keep the rest."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    lines = text.splitlines()
    if HEADING in lines:
        start = lines.index(HEADING)
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        lines[start:end] = section.rstrip("\n").splitlines() + ([""] if end < len(lines) else [])
        new = "\n".join(lines) + "\n"
    else:
        new = text.rstrip("\n") + "\n\n" + section.rstrip("\n") + "\n"
    path.write_text(new, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--workers", default="1,2,4", help="worker counts to measure (default: %(default)s)")
    p.add_argument("--seconds", type=float, default=5.0, help="seconds of load per endpoint, worker count and round")
    p.add_argument("--rounds", type=int, default=3, help="times each worker count is measured (median reported)")
    p.add_argument("--clients", type=int, default=2, help="client processes")
    p.add_argument("--threads", type=int, default=4, help="threads per client process")
    p.add_argument("--reindex-seconds", type=float, default=30.0, help="seconds of the run while reindexing (0: skip)")
    p.add_argument("--reindex-every", type=float, default=2.0, help="seconds between publications")
    p.add_argument("--write", type=Path, help="put the tables into this Markdown file's 'Serving under load' section")
    args = p.parse_args(argv)
    command = ".venv/bin/python bench/load.py" + ("" if argv is None and len(sys.argv) == 1 else
                                                   " " + " ".join(sys.argv[1:] if argv is None else argv))
    qs = questions()
    load_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="faqbot-load-") as tmp:
        work = Path(tmp)
        prepare(work)
        rows = by_workers(work, [int(n) for n in args.workers.split(",")], args.seconds, args.clients,
                          args.threads, qs, args.rounds)
        reindex = during_reindex(work, args.reindex_seconds, args.reindex_every, args.clients, args.threads, qs) \
            if args.reindex_seconds > 0 else None
    section = report(rows, reindex, args, command, load_start)
    print(section)
    if args.write:
        write_doc(args.write, section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
