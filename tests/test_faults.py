"""Faults under load, against a real `faqbot serve` (gunicorn workers) on 127.0.0.1.

Each test starts its own server on a free port, drives it from real threads with client timeouts, and
stops it (and every load thread) before it ends. Figures are printed; run with -s to see them.
"""

from __future__ import annotations

import ctypes
import json
import os
import re
import resource
import shutil
import signal
import socket
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from _server import (ASKS, Load, Server, mixed_requests, published_at, run_cli, versions_in, went_back,
                     write_content)
from _proxy import Cuttable
from bot import artifact, build

# Seconds given to a wrong switch to show (a worker checks for a new version every reload_interval, 1.0 s),
# where a test asserts that nothing was published: waited out, never asserted as a bound.
NOTHING_NEW_WITHIN = 2.0


def ms(seconds: list[float], q: float) -> float:
    """The q-quantile of durations, in milliseconds."""
    if not seconds:
        return 0.0
    ordered = sorted(seconds)
    return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def built_version(stdout: str) -> str:
    return re.search(r"built index (\S+):", stdout).group(1)


@pytest.fixture
def site(tmp_path) -> Path:
    """A work folder with content version 0 published."""
    write_content(tmp_path / "content", 0)
    build.build(tmp_path / "content", tmp_path / "index")
    return tmp_path


def check_consistent(results, version_of: dict[str, int]) -> dict[int, int]:
    """Every response answered from one complete index: the version numbers an answer shows are those of the
    index version its worker says it used. Returns answers counted per content version."""
    per_version: dict[int, int] = {}
    for r in results:
        assert r.ok, f"{r.method} {r.path}: {r.status} {r.error} {r.body}"
        k = version_of[r.version]
        shown = versions_in(r.body) if r.path.startswith("/api/ask") else set()
        assert shown <= {k}, f"{r.path} from index {r.version} (content {k}) shows versions {shown}: {r.body}"
        if r.path.startswith("/api/ask") and r.body.get("kind") == "answer":
            assert shown == {k}, f"an answer without its version marker: {r.body}"
        per_version[k] = per_version.get(k, 0) + 1
    return per_version


# ---- 1. load while the content changes and is reindexed, through the API and `faqbot build` ----------

def test_load_while_content_changes_and_is_reindexed_repeatedly(site):
    version_of = {artifact.current_version(site / "index"): 0}
    published: list[tuple[float, int, str]] = []  # (when the publisher returned, content version, how)
    with Server(site, workers=2) as server, Load(server.port, mixed_requests, threads=4, seconds=90) as load:
        time.sleep(1.0)
        for k in range(1, 6):
            write_content(site / "content", k)
            if k % 2:
                r = server.reindex()
                assert r.status == 200, (r.status, r.body, r.error)
                version, how = r.body["index"]["version"], "POST /api/reindex"
            else:
                cp = run_cli("build", "--content", str(site / "content"), "--index", str(site / "index"))
                assert cp.returncode == 0, cp.stderr
                version, how = built_version(cp.stdout), "faqbot build"
            version_of[version] = k
            published.append((published_at(site / "index"), k, how))
            time.sleep(0.7)
        server.wait_until_every_worker_serves(version, since=published[-1][0])
        settled = time.monotonic()
        time.sleep(0.5)
        results = load.stop()
        workers = server.worker_pids()
        log = server.stop()

    per_version = check_consistent(results, version_of)
    # No worker went back: once it had answered from a version, every request it took later used that version
    # or a newer one (how soon it switched is printed below, not asserted: a busy machine may take longer).
    assert not went_back(results, lambda v: version_of[v]), went_back(results, lambda v: version_of[v])[:5]
    # ... each worker answered from the last content once it switched, and from an earlier one before (so the
    # check above is not vacuous).
    last_k = published[-1][1]
    assert {r.worker for r in results if r.t0 >= settled and version_of[r.version] == last_k} == workers
    for pid in workers:
        assert len({version_of[r.version] for r in results if r.worker == pid}) >= 2, pid
    lags = []
    for t, k, _ in published:
        for pid in workers:
            first = min((r.t1 for r in results if r.worker == pid and version_of[r.version] >= k and r.t0 >= t),
                        default=None)
            if first is not None:
                lags.append(first - t)
    assert "Traceback" not in log
    latencies = [r.seconds for r in results]
    print(f"\nreindex under load: {len(results)} requests, {sum(not r.ok for r in results)} failed, "
          f"per content version {dict(sorted(per_version.items()))}; latency p50 {ms(latencies, .5):.0f} ms, "
          f"p99 {ms(latencies, .99):.0f} ms, max {1000 * max(latencies):.0f} ms; "
          f"{len(published)} publications ({', '.join(h for _, _, h in published)}); "
          f"worker switch lag max {max(lags):.2f}s")


# ---- 2. a worker killed mid-load ---------------------------------------------------------------------

def test_a_worker_killed_mid_load_is_replaced_and_no_request_hangs(site):
    timeout = 5.0
    with Server(site, workers=2) as server:
        with Load(server.port, mixed_requests, threads=4, seconds=60, timeout=timeout) as load:
            time.sleep(1.5)
            victim = min(server.worker_pids())
            killed_at = time.monotonic()
            os.kill(victim, signal.SIGKILL)
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                pids = server.worker_pids()
                if victim not in pids and len(pids) == 2:
                    break
                time.sleep(0.05)
            replaced_at = time.monotonic()
            time.sleep(2.0)
            results = load.stop()
        pids = server.worker_pids()
        health = server.health_of_every_worker()
        log = server.stop()

    assert victim not in pids and len(pids) == 2, "the arbiter did not replace the killed worker"
    assert set(health) == pids
    assert max(r.seconds for r in results) < timeout, "a request hung until the client timeout"
    failed = [r for r in results if not r.ok]
    # Only requests the killed worker held can fail (at most one per client thread), as a dropped
    # connection, never as an HTTP error; everything sent after the kill is answered.
    assert len(failed) <= 4 and all(r.status is None for r in failed), [(r.status, r.error) for r in failed]
    assert all(r.t0 <= killed_at + 0.2 for r in failed)
    after = [r for r in results if r.t0 > killed_at + 0.2]
    assert after and all(r.ok for r in after)
    assert {r.worker for r in after} - {victim} and victim not in {r.worker for r in after}
    print(f"\nworker killed mid-load: {len(results)} requests, {len(failed)} dropped by the killed worker, "
          f"{len(after)} after the kill all answered, replacement in {replaced_at - killed_at:.2f}s, "
          f"max latency {1000 * max(r.seconds for r in results):.0f} ms")
    assert f"pid:{victim}" in log  # gunicorn noticed and reported it


# ---- 3. a broken file appearing mid-reindex ------------------------------------------------------------

def test_a_broken_file_mid_reindex_keeps_the_old_index_serving(site):
    content, index = site / "content", site / "index"
    version_of = {artifact.current_version(index): 0}
    broken = content / "broken.csv"
    with Server(site, workers=2) as server, Load(server.port, mixed_requests, threads=3, seconds=60) as load:
        write_content(content, 1)
        r = server.reindex()
        assert r.status == 200
        version_of[r.body["index"]["version"]] = 1
        time.sleep(0.5)

        # The file appears while a reindex is running: that reindex either read the folder before it
        # appeared (200, a complete version 1 index) or names it (422); nothing in between.
        raced: list = []
        worker = threading.Thread(target=lambda: raced.append(server.reindex()))
        worker.start()
        time.sleep(0.02)
        broken.write_text("question,answer\nHow do I book?,Online.\nonly one field\n", encoding="utf-8")
        worker.join(60)
        assert raced[0].status in (200, 422), (raced[0].status, raced[0].body)
        if raced[0].status == 200:
            version_of[raced[0].body["index"]["version"]] = 1
        else:
            assert "broken.csv" in raced[0].body["error"]
        good, good_at = artifact.current_version(index), published_at(index)
        kept = artifact.list_versions(index)

        # Every later attempt names the file; the old index keeps serving everywhere.
        r = server.reindex()
        assert r.status == 422 and r.body["ok"] is False and "broken.csv" in r.body["error"], r.body
        refused = r.body["error"]
        cp = run_cli("build", "--content", str(content), "--index", str(index))
        assert cp.returncode == 1 and "broken.csv" in cp.stderr and "Traceback" not in cp.stderr
        error_lines = [ln for ln in cp.stderr.splitlines() if "error" in ln]
        assert len(error_lines) == 1, cp.stderr
        assert artifact.list_versions(index) == kept  # nothing was published, not even half
        server.wait_until_every_worker_serves(good, since=good_at)
        settled = time.monotonic()
        assert artifact.current_version(index) == good

        # Fixed: the next reindex publishes and is served.
        broken.unlink()
        write_content(content, 2)
        r = server.reindex()
        assert r.status == 200
        version_of[r.body["index"]["version"]] = 2
        server.wait_until_every_worker_serves(r.body["index"]["version"], since=published_at(index))
        results = load.stop()

    check_consistent(results, version_of)
    assert not went_back(results, lambda v: version_of[v])
    # Once every worker had reached the last good version, nothing else was served until the fix.
    stale = [(r.t0 - settled, r.worker, r.version) for r in results
             if settled <= r.t0 and r.version != good and version_of[r.version] != 2]
    assert not stale, stale
    print(f"\nbroken file mid-reindex: {len(results)} requests, {sum(not r.ok for r in results)} failed; "
          f"the reindex the file raced gave {raced[0].status}; then 422 {refused!r}")


# ---- 4. the database unavailable -----------------------------------------------------------------------

def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens there once this socket closes


@pytest.mark.parametrize("how", ["refused", "silent"])
def test_an_unreachable_database_does_not_stop_answers(site, how):
    # "refused": nothing listens (connections fail at once). "silent": a port that takes connections and never
    # says a word, as a hung database server does: each connection attempt waits out connect_timeout (3 s).
    silent = socket.create_server(("127.0.0.1", 0)) if how == "silent" else None  # never accepts
    port = silent.getsockname()[1] if silent else closed_port()
    url = f"postgresql://faqbot:secret@127.0.0.1:{port}/faqbot"
    # A request that waited for a connection attempt would outlast this client timeout and count as failed.
    timeout = 2.0
    try:
        with Server(site, workers=2, database_url=url) as server:
            with Load(server.port, lambda n: ASKS[n % 3], threads=4, seconds=4, timeout=timeout) as load:
                time.sleep(4)
            results = load.stop()
            health = server.health_of_every_worker()
            feedback = server.post("/api/feedback", {"question": "q", "section_id": None, "helpful": True})
            log = server.stop()
    finally:
        if silent:
            silent.close()
    assert results and all(r.ok for r in results), {(r.status, r.error) for r in results if not r.ok}
    assert {h["database"] for h in health.values()} == {"unavailable"} and len(health) == 2
    assert feedback.status == 503 and feedback.body["ok"] is False and "try again" in feedback.body["error"]
    assert "question log waiting for the database" in log and "secret" not in log and "Traceback" not in log
    assert re.search(r"\d+ questions? not logged", log)  # what could not be written by the stop is counted, not silent
    print(f"\ndatabase unreachable ({how}): {len(results)} asks answered, "
          f"p99 {ms([r.seconds for r in results], .99):.0f} ms")


@pytest.mark.services
def test_the_database_going_away_and_back_under_load(site, postgres_url):
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    parts = urlsplit(postgres_url)
    proxy = Cuttable(parts.hostname, parts.port or 5432)
    userinfo, _, _ = parts.netloc.rpartition("@")
    via_proxy = urlunsplit(parts._replace(netloc=(userinfo + "@" if userinfo else "") + f"127.0.0.1:{proxy.port}"))

    def logged() -> int:
        with psycopg.connect(postgres_url, autocommit=True) as conn:
            return conn.execute("SELECT count(*) FROM faqbot_questions").fetchone()[0]

    try:
        with Server(site, workers=2, database_url=via_proxy) as server:
            with Load(server.port, lambda n: ASKS[n % 3], threads=3, seconds=60) as load:
                time.sleep(1.5)
                before = logged()
                assert before > 0
                proxy.cut()
                cut_at = time.monotonic()
                time.sleep(0.5)
                down = server.health_of_every_worker()
                # A batch sent just before the cut may still land (a batch is whatever had queued, so it can
                # be large on a busy machine); after that, nothing is written while the database is away.
                settled = logged()
                time.sleep(2.0)
                during = logged() - settled
                proxy.restore()
                restored_at = time.monotonic()
                deadline = restored_at + 20
                while time.monotonic() < deadline:
                    health = server.health_of_every_worker()
                    if len(health) == 2 and {h["database"] for h in health.values()} == {"ok"}:
                        break
                    time.sleep(0.2)
                back_after = time.monotonic() - restored_at
                grown = logged()
                # The log writer resumes when the store's retry pause (up to RETRY_MAX, 5 s) is over, which
                # can be after the health check already reads "ok": wait for the log to grow, not a fixed time.
                resumed = time.monotonic() + 15
                while logged() <= grown and time.monotonic() < resumed:
                    time.sleep(0.2)
                results = load.stop()
            after = logged()
            log = server.stop()
        total = logged()
    finally:
        proxy.close()
    assert all(r.ok for r in results), {(r.status, r.error) for r in results if not r.ok}
    assert {h["database"] for h in down.values()} == {"unavailable"}
    assert during == 0, (settled - before, during)
    assert {h["database"] for h in health.values()} == {"ok"} and after > grown
    assert "question log waiting for the database" in log and "Traceback" not in log
    # Held while the database was away, written once it was back, the rest flushed by the graceful stop:
    # every question answered is in the log.
    assert total == len(results), (total, len(results))
    lat = [r.seconds for r in results if r.t0 >= cut_at]
    print(f"\ndatabase away and back: {len(results)} asks, all answered; while down p99 {ms(lat, .99):.0f} ms; "
          f"logging resumed {back_after:.1f}s after the database came back")


# ---- 5. concurrent feedback from every worker ------------------------------------------------------------

@pytest.mark.parametrize("database", ["sqlite", pytest.param("postgresql", marks=pytest.mark.services)])
def test_concurrent_feedback_from_all_workers_is_never_lost(site, database, request):
    url = f"sqlite:///{site}/faqbot.sqlite3" if database == "sqlite" else request.getfixturevalue("postgres_url")
    threads, each = 6, 25
    answers: list = []
    lock = threading.Lock()

    def send(t: int) -> None:
        for n in range(each):
            r = server.post("/api/feedback", {"question": f"feedback {t}-{n}", "helpful": n % 2 == 0,
                                              "section_id": "widget-safety/how-is-markup-in-answers-displayed"})
            with lock:
                answers.append(r)

    with Server(site, workers=2, database_url=url) as server:
        pool = [threading.Thread(target=send, args=(t,)) for t in range(threads)]
        for t in pool:
            t.start()
        for t in pool:
            t.join(60)
        workers = server.worker_pids()
        server.stop()

    assert len(answers) == threads * each
    assert all(r.status == 201 for r in answers), {(r.status, r.error) for r in answers if r.status != 201}
    assert {r.worker for r in answers} == workers  # every worker wrote
    if database == "sqlite":
        rows = sqlite3.connect(site / "faqbot.sqlite3").execute("SELECT question, helpful FROM faqbot_feedback").fetchall()
    else:
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            rows = conn.execute("SELECT question, helpful FROM faqbot_feedback").fetchall()
    assert len(rows) == threads * each
    assert {q for q, _ in rows} == {f"feedback {t}-{n}" for t in range(threads) for n in range(each)}
    assert sum(h for _, h in rows) == threads * ((each + 1) // 2)
    print(f"\nfeedback from {len(workers)} workers ({database}): {len(answers)} sent, {len(rows)} rows")


# ---- 6. a full disk or a read-only index folder at build time ---------------------------------------------

def _small_file_limit() -> None:
    # Runs in the child before exec. A file size limit makes every write past 8 KiB fail with EFBIG, as
    # ENOSPC would on a full disk, and it binds root too (unlike permissions). SIGXFSZ ignored: the write
    # fails with an error instead of the signal killing the process.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192))


def test_a_full_disk_at_build_time_is_a_clear_error_and_the_old_index_serves(site):
    content, index = site / "content", site / "index"
    good = artifact.current_version(index)
    with Server(site, workers=2) as server, Load(server.port, mixed_requests, threads=2, seconds=60) as load:
        write_content(content, 1)
        cp = run_cli("build", "--quiet", "--content", str(content), "--index", str(index),
                     preexec_fn=_small_file_limit)
        assert cp.returncode == 1, (cp.stdout, cp.stderr)
        assert cp.stderr.count("\n") == 1 and cp.stderr.startswith("faqbot: error: "), cp.stderr
        assert "cannot write the index" in cp.stderr and "File too large" in cp.stderr
        assert artifact.current_version(index) == good
        assert not [p for p in (index / "versions").iterdir() if p.name.startswith(".")], "a partial version was left"
        time.sleep(NOTHING_NEW_WITHIN + 0.3)
        health = server.health_of_every_worker()
        results = load.stop()
    assert {h["index"]["version"] for h in health.values()} == {good} and len(health) == 2
    assert results and all(r.ok and r.version == good for r in results)
    print(f"\nfull disk: {cp.stderr.strip()}")


CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER = 1, 2, 3
PR_CAPBSET_DROP = 24


def _without_permission_override() -> None:
    # Runs in the child before exec. Root ignores chmod, and a read-only bind mount or tmpfs needs
    # CAP_SYS_ADMIN (and changes the machine). Instead the process gives up the capabilities that let root
    # bypass file permissions, as a service manager's CapabilityBoundingSet= does: after exec it is still
    # uid 0 but bound by the mode bits, so a folder made 0555 is read-only to it as to a service account.
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _can_make_read_only(tmp: Path) -> bool:
    folder = tmp / "probe"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        import subprocess
        import sys

        probe = subprocess.run([sys.executable, "-c", f"open({str(folder / 'x')!r}, 'w')"], capture_output=True,
                               preexec_fn=_without_permission_override if os.geteuid() == 0 else None)
        return probe.returncode != 0
    except OSError:
        return False
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


def test_a_read_only_index_folder_is_a_clear_error_and_the_old_index_serves(site):
    if not _can_make_read_only(site):
        pytest.skip("this machine lets neither a non-root user nor a capability drop see a folder as read-only")
    content, index = site / "content", site / "index"
    good = artifact.current_version(index)
    server = Server(site, workers=2)
    server.preexec_fn = _without_permission_override if os.geteuid() == 0 else None
    with server, Load(server.port, mixed_requests, threads=2, seconds=60) as load:
        write_content(content, 1)
        for folder in (index, index / "versions"):
            folder.chmod(0o555)
        try:
            r = server.reindex()
            cp = run_cli("build", "--quiet", "--content", str(content), "--index", str(index),
                         preexec_fn=server.preexec_fn)
            time.sleep(NOTHING_NEW_WITHIN + 0.3)
            health = server.health_of_every_worker()
        finally:
            for folder in (index, index / "versions"):
                folder.chmod(0o755)
        fixed = server.reindex()
        results = load.stop()
    assert r.status == 503 and "cannot write the index" in r.body["error"] and "Permission denied" in r.body["error"]
    assert "previous index keeps serving" in r.body["error"]
    assert cp.returncode == 1 and cp.stderr.count("\n") == 1 and "cannot write the index" in cp.stderr, cp.stderr
    assert {h["index"]["version"] for h in health.values()} == {good} and len(health) == 2
    assert fixed.status == 200  # writable again: the same server publishes
    assert results and all(r.ok for r in results)
    print(f"\nread-only index folder: HTTP {r.status} {r.body['error']!r}; CLI: {cp.stderr.strip()}")


def test_a_full_disk_at_start_answers_from_the_last_index_and_says_so(site):
    # The content changed, then a restart on a full disk: the rebuild cannot be written. The last index is still
    # there; before, `ask` (and `serve`, through the same check) stopped with the write error: no chatbot at all.
    content, index = site / "content", site / "index"
    good = artifact.current_version(index)
    write_content(content, 1)
    cp = run_cli("ask", "--json", "which content version is being served", "--content", str(content),
                 "--index", str(index), preexec_fn=_small_file_limit)
    assert cp.returncode == 0, cp.stderr
    assert versions_in(json.loads(cp.stdout)) == {0}  # answered from the version published before
    warnings = [ln for ln in cp.stderr.splitlines() if ln.startswith("faqbot: warning: ")]
    assert len(warnings) == 1 and "cannot write the index" in warnings[0] and "File too large" in warnings[0], cp.stderr
    assert "until the index folder can be written" in warnings[0] and "Traceback" not in cp.stderr
    assert artifact.current_version(index) == good
    # Nothing usable to fall back on: the error stops it, as before.
    cp = run_cli("ask", "which content version", "--content", str(content), "--index", str(site / "none"),
                 preexec_fn=_small_file_limit)
    errors = [ln for ln in cp.stderr.splitlines() if not ln.startswith(("faqbot: no index", "faqbot: read"))]
    assert cp.returncode == 1 and len(errors) == 1 and "cannot write the index" in errors[0], cp.stderr


def test_a_read_only_index_folder_at_start_serves_the_last_index(site):
    # A service account that may read the index folder but not write it, restarted after a content edit.
    if not _can_make_read_only(site):
        pytest.skip("this machine lets neither a non-root user nor a capability drop see a folder as read-only")
    content, index = site / "content", site / "index"
    good = artifact.current_version(index)
    write_content(content, 1)
    server = Server(site, workers=1)
    server.preexec_fn = _without_permission_override if os.geteuid() == 0 else None
    for folder in (index, index / "versions"):
        folder.chmod(0o555)
    try:
        with server:  # before, it exited 1 before serving: "cannot write the index (Permission denied)"
            answer = server.get("/api/ask?q=which+content+version+is+being+served")
            log = server.log()
    finally:
        for folder in (index, index / "versions"):
            folder.chmod(0o755)
    assert answer.status == 200 and answer.version == good and versions_in(answer.body) == {0}, answer.body
    assert "cannot write the index (Permission denied)" in log and "until the index folder can be written" in log
