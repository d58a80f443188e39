"""A real `faqbot serve` (gunicorn) in a subprocess on a free 127.0.0.1 port, and a threaded HTTP load.

Used by test_serving.py and test_faults.py. Everything is bounded: the server is stopped (SIGTERM, then
SIGKILL of its own processes by pid) when the test ends, every request has a client timeout, and a load
stops after its duration even if the server stops answering.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

ROOT = Path(__file__).resolve().parents[1]
KB_SMALL = ROOT / "tests" / "data" / "kb-small"
TOKEN = "serving-test-token"
SWITCH_HANG = 30.0  # seconds: a worker that has not switched to a published version by then is stuck


def until(check, what: str, within: float = 60.0, step: float = 0.1):
    """check()'s first true value, asked every `step` seconds; an AssertionError naming `what` after `within` seconds
    (a guard against a stuck server, never a timing assertion)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(step)
    raise AssertionError(f"not within {within:.0f}s: {what}")



def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Result:
    """One HTTP exchange: what was asked, when, and what came back (or the error)."""

    method: str
    path: str
    t0: float
    t1: float
    status: int | None = None
    headers: dict = field(default_factory=dict)
    body: dict | None = None
    error: str | None = None
    text: str = ""  # the body as text (for responses that are not JSON, such as /metrics)

    @property
    def seconds(self) -> float:
        return self.t1 - self.t0

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @property
    def worker(self) -> int | None:
        value = self.headers.get("faqbot-worker")
        return int(value) if value else None

    @property
    def version(self) -> str | None:
        return self.headers.get("faqbot-index-version")


def went_back(results: list[Result], rank: Callable[[str | None], int]) -> list[str]:
    """Responses a worker gave from an older version than one it had already answered from: B started after A
    ended, on the same worker, and rank(B.version) < rank(A.version). Free of timing: it needs no bound on how
    long a switch takes, only the order the client saw."""
    bad = []
    for pid in {r.worker for r in results}:
        mine = [r for r in results if r.worker == pid and r.version is not None]
        ended = sorted(mine, key=lambda r: r.t1)
        i, newest = 0, None
        for r in sorted(mine, key=lambda r: r.t0):
            while i < len(ended) and ended[i].t1 < r.t0:
                if newest is None or rank(ended[i].version) > rank(newest.version):
                    newest = ended[i]
                i += 1
            if newest is not None and rank(r.version) < rank(newest.version):
                bad.append(f"worker {pid} answered from {r.version} {r.t0 - newest.t1:.2f}s after it had "
                           f"answered from {newest.version}")
    return bad


def request(port: int, method: str, path: str, body: dict | None = None, headers: dict | None = None,
            timeout: float = 10.0) -> Result:
    """One request on a new connection (as separate visitors make them), never raising."""
    t0 = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        data = None if body is None else json.dumps(body).encode()
        hdrs = {"Connection": "close", **({"Content-Type": "application/json"} if data is not None else {}),
                **(headers or {})}
        conn.request(method, path, body=data, headers=hdrs)
        r = conn.getresponse()
        raw = r.read()
        result = Result(method, path, t0, time.monotonic(), r.status, {k.lower(): v for k, v in r.getheaders()})
        result.text = raw.decode("utf-8", "replace")
        try:
            result.body = json.loads(raw) if raw else None
        except ValueError:
            result.error = f"not JSON: {raw[:200]!r}"
        return result
    except (OSError, http.client.HTTPException) as e:
        return Result(method, path, t0, time.monotonic(), error=f"{type(e).__name__}: {e}")
    finally:
        conn.close()


class Server:
    """`python -m web.cli serve --workers N` with FAQBOT_* settings, logging to a file; a context manager."""

    def __init__(self, workdir: Path, workers: int = 2, **settings: object) -> None:
        self.workdir = Path(workdir)
        self.workers = workers
        self.port = free_port()
        self.log_path = self.workdir / f"server-{self.port}.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith("FAQBOT_")}
        defaults = {"content_dir": self.workdir / "content", "index_dir": self.workdir / "index",
                    "database_url": f"sqlite:///{self.workdir}/faqbot.sqlite3", "rate_limit": "0",
                    "admin_token": TOKEN}
        for name, value in {**defaults, **settings}.items():
            env["FAQBOT_" + name.upper()] = str(value)
        env["FAQBOT_PORT"] = str(self.port)
        self.env = env
        self.proc: subprocess.Popen | None = None
        self.preexec_fn: Callable[[], None] | None = None

    def start(self, timeout: float = 60.0) -> "Server":
        self.workdir.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen([sys.executable, "-m", "web.cli", "serve", "--workers", str(self.workers)],
                                     env=self.env, cwd=self.workdir, stdout=log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, preexec_fn=self.preexec_fn)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}:\n{self.log()[-3000:]}")
            pids = self.worker_pids()
            if len(pids) == self.workers and request(self.port, "GET", "/api/health", timeout=2).ok:
                if set(self.health_of_every_worker(within=deadline - time.monotonic())) >= pids:
                    return self  # every worker has booted and answers
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"server not ready in {timeout}s:\n{self.log()[-3000:]}")

    def worker_pids(self) -> set[int]:
        """The gunicorn workers: the arbiter's child processes."""
        if self.proc is None:
            return set()
        return children(self.proc.pid)

    def get(self, path: str, **kw) -> Result:
        return request(self.port, "GET", path, **kw)

    def post(self, path: str, body: dict | None = None, **kw) -> Result:
        return request(self.port, "POST", path, body, **kw)

    def reindex(self, timeout: float = 60.0) -> Result:
        return self.post("/api/reindex", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=timeout)

    def health_of_every_worker(self, within: float = 10.0) -> dict[int, dict]:
        """Health as each current worker reports it (requests spread over workers until each has answered)."""
        pids, seen = self.worker_pids(), {}
        deadline = time.monotonic() + within
        while set(seen) < pids and time.monotonic() < deadline:
            r = self.get("/api/health", timeout=5)
            if r.ok:
                seen[r.body["pid"]] = r.body
        return seen

    def wait_until_every_worker_serves(self, version: str, since: float, within: float = SWITCH_HANG) -> float:
        """Seconds from `since` until every current worker reports `version` in its health; fails the test
        when one has not after `within` seconds (a hang, not a slow switch: how fast is printed, not asserted)."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            health = self.health_of_every_worker(within=2)
            if set(health) == self.worker_pids() and {h["index"]["version"] for h in health.values()} == {version}:
                return time.monotonic() - since
            time.sleep(0.05)
        raise AssertionError(f"not every worker serves {version} {within:.0f}s on: {self.health_of_every_worker()}")

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def stop(self) -> str:
        """SIGTERM (graceful), then SIGKILL of the arbiter and its workers by pid; returns the log."""
        if self.proc is not None and self.proc.poll() is None:
            workers = self.worker_pids()
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                for pid in workers | {self.proc.pid}:
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                self.proc.wait(timeout=10)
        return self.log()

    def __enter__(self) -> "Server":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def children(pid: int) -> set[int]:
    """Live child processes of pid (from /proc)."""
    out = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                stat = fh.read()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()  # after "pid (comm)": state, ppid, ...
        if int(fields[1]) == pid and fields[0] != "Z":
            out.add(int(entry))
    return out


class Load:
    """`threads` threads each sending `make(n)` requests back to back until stop() or `seconds` pass.

    make(n) -> (method, path, json body or None[, headers]); n is unique across threads.
    """

    def __init__(self, port: int, make: Callable[[int], tuple], threads: int = 4,
                 seconds: float = 30.0, timeout: float = 10.0) -> None:
        self.port, self.make, self.timeout = port, make, timeout
        self.results: list[Result] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._deadline = time.monotonic() + seconds
        self._threads = [threading.Thread(target=self._run, args=(i,), daemon=True) for i in range(threads)]

    def _run(self, i: int) -> None:
        n = 0
        while not self._stop.is_set() and time.monotonic() < self._deadline:
            method, path, body, *headers = self.make(i * 1_000_000 + n)
            r = request(self.port, method, path, body, headers=headers[0] if headers else None, timeout=self.timeout)
            with self._lock:
                self.results.append(r)
            n += 1

    def __enter__(self) -> "Load":
        for t in self._threads:
            t.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> list[Result]:
        self._stop.set()
        for t in self._threads:
            t.join(self.timeout + 5)
        return self.results

    def since(self, t: float) -> list[Result]:
        with self._lock:
            return [r for r in self.results if r.t0 >= t]


def raw_exchange(port: int, data: bytes) -> tuple[int, dict, bytes]:
    """Status, headers (lower-case names) and body of the one response to `data`, sent as it is over a socket (for
    requests http.client would refuse to send); the server may answer before reading all of it."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(data)
        received = b""
        try:
            while chunk := sock.recv(65536):
                received += chunk
        except ConnectionResetError:  # it answered before reading all we sent
            pass
    head, _, body = received.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:])}
    return int(lines[0].split()[1]), headers, body


def run_cli(*args: str, env: dict | None = None, timeout: float = 120.0,
            preexec_fn: Callable[[], None] | None = None) -> subprocess.CompletedProcess:
    """`faqbot ARGS` in a subprocess (python -m web.cli), FAQBOT_* variables from env only."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("FAQBOT_")}
    return subprocess.run([sys.executable, "-m", "web.cli", *args], env={**base, **(env or {})},
                          capture_output=True, text=True, timeout=timeout, preexec_fn=preexec_fn,
                          stdin=subprocess.DEVNULL)


# ---- versioned test content: every version says which it is, in every place an answer can show ----------

def serving_small_site(tmp_path_factory, name: str, **options) -> Iterator["Server"]:
    """A module fixture's body: content version 0 built into a fresh site folder, served until the module ends
    (`yield from serving_small_site(tmp_path_factory, "name", workers=1)`); options go to Server."""
    from bot import build

    site = tmp_path_factory.mktemp(name)
    write_content(site / "content", 0)
    build.build(site / "content", site / "index")
    with Server(site, **options) as s:
        yield s

def write_content(content_dir: Path, k: int) -> None:
    """Content version k: the small knowledge base with 'revision number k' in one answer, plus an article
    whose document name, title and text carry k. An answer mixing two versions would show two numbers."""
    import re
    import shutil

    content_dir = Path(content_dir)
    content_dir.mkdir(parents=True, exist_ok=True)
    for old in content_dir.glob("marker-v*.txt"):
        old.unlink()
    shutil.copy(KB_SMALL / "widget-safety.txt", content_dir / "widget-safety.txt")
    peel = (KB_SMALL / "peel-aftercare.txt").read_text(encoding="utf-8")
    peel = re.sub(r"(do not pick at loose flakes\.)", rf"\1 This guidance is revision number {k}.", peel)
    (content_dir / "peel-aftercare.txt").write_text(peel, encoding="utf-8")
    (content_dir / f"marker-v{k}.txt").write_text(
        f"Serving Marker Version {k}\n\n"
        "Which Content Version Is Being Served?\n\n"
        f"This knowledge base is content version {k}. Every section of content version {k} says so.\n\n"
        "Where Is The Version Marker Kept?\n\n"
        f"The marker of content version {k} is kept in its own article.\n", encoding="utf-8")


def versions_in(answer: dict) -> set[int]:
    """Every content version number an Answer shows (section ids, source, texts, suggestions)."""
    import re

    found: set[int] = set()
    texts = [answer.get("answer") or "", answer.get("full_answer") or "", answer.get("section_id") or "",
             json.dumps(answer.get("source")), *(s["section_id"] for s in answer.get("suggestions") or [])]
    for text in texts:
        for pattern in (r"marker-v(\d+)/", r"content version (\d+)", r"revision number (\d+)\.",
                        r"Serving Marker Version (\d+)", r'"marker-v(\d+)"'):
            found.update(int(m) for m in re.findall(pattern, text))
    return found


ASKS = [
    ("POST", "/api/ask", {"question": "which content version is being served?"}),
    ("POST", "/api/ask", {"question": "how long will my skin peel?", "top_k": 5}),
    ("GET", "/api/ask?q=where+is+the+version+marker+kept", None),
    ("POST", "/api/ask", {"question": "thanks!"}),
    ("GET", "/api/health", None),
]


def mixed_requests(n: int) -> tuple[str, str, dict | None]:
    return ASKS[n % len(ASKS)]


def published_at(index_dir: Path) -> float:
    """When the current version was published, on the time.monotonic() clock: CURRENT's mtime, which is when
    the new pointer was written, a moment (an fsync) before it replaced the old one: lags measured from it
    are, if anything, overstated."""
    age = time.time() - (Path(index_dir) / "CURRENT").stat().st_mtime
    return time.monotonic() - age


def serve_start_lines(tmp_path, storage: str, **settings: str) -> list[str]:
    """The lines `faqbot serve` (a real process, on the small knowledge base) prints up to the one saying where it
    serves, with FAQBOT_RATE_LIMIT_STORAGE=storage and the FAQBOT_* settings given; then it is stopped (SIGTERM)."""
    from bot import build

    build.build(KB_SMALL, tmp_path / "index")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAQBOT_")}
    env.update(FAQBOT_CONTENT_DIR=str(KB_SMALL), FAQBOT_INDEX_DIR=str(tmp_path / "index"),
               FAQBOT_DATABASE_URL=f"sqlite:///{tmp_path}/faqbot.sqlite3", FAQBOT_PORT=str(port),
               FAQBOT_RATE_LIMIT_STORAGE=storage, PYTHONPATH=str(ROOT), **settings)
    proc = subprocess.Popen([sys.executable, "-m", "web.cli", "serve"], env=env, cwd=tmp_path, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    try:
        for line in proc.stdout:
            lines.append(line.rstrip("\n"))
            if line.startswith("faqbot: serving http://"):
                break
        until(lambda: request(port, "GET", "/api/live", timeout=2).ok, "the server to answer")  # its handlers are set
    finally:
        proc.send_signal(signal.SIGTERM)
        rest, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0, lines + rest.splitlines()
    assert "Traceback" not in rest
    return lines
