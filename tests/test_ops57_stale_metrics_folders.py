"""Metrics folders left behind by a `faqbot serve` killed with SIGKILL are removed by the next one to start.

Before: each crash (the OOM killer, `kill -9`, a container stopped hard) left its faqbot-metrics-* folder in the
temp folder, and nothing ever removed it, so they piled up. Now the next `faqbot serve` removes the ones whose
server is gone (the pid in the name is no process, and no process holds the lock inside), and never a folder a
live server, or a worker that outlived its server, still writes in.

Real server processes (TMPDIR points each at a private temp folder); timeouts are guards only.
"""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from _server import KB_SMALL, Server, until
from bot import build

pytest.importorskip("prometheus_client")

LOCK = ".faqbot-serve.lock"


def running(pid: int) -> bool:
    """Is pid a live process (not a zombie)?"""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def dead_pid() -> int:
    """The pid of a process that has ended (and been reaped)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def folders(tmp: Path) -> set[Path]:
    return set(tmp.glob("faqbot-metrics-*"))


def server(site: Path, tmp: Path) -> Server:
    s = Server(site, workers=1, content_dir=KB_SMALL, index_dir=site.parent / "index")
    s.env["TMPDIR"] = str(tmp)  # where `faqbot serve` makes its metrics folder
    s.env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    return s


def test_the_folder_of_a_server_killed_with_sigkill_is_removed_by_the_next_and_a_live_ones_stays(tmp_path):
    build.build(KB_SMALL, tmp_path / "index")
    tmp = tmp_path / "tmp"
    tmp.mkdir()

    killed = server(tmp_path / "killed", tmp).start()
    [left] = folders(tmp)
    workers = killed.worker_pids()
    os.kill(killed.proc.pid, signal.SIGKILL)
    killed.proc.wait(timeout=30)
    # Its workers notice their arbiter is gone and stop; until then they still write there (the lock is held).
    until(lambda: not any(running(pid) for pid in workers), f"the killed server's workers {workers} stopping")
    assert left.is_dir()  # what a SIGKILL leaves behind

    with server(tmp_path / "live", tmp) as live:
        [live_folder] = folders(tmp) - {left}
        # A stale folder as an older crash left it, and one whose pid is gone but whose lock is still held (a
        # worker that outlived its server, or a server in another pid namespace sharing the temp folder).
        stale = tmp / f"faqbot-metrics-{dead_pid()}-abcd1234"
        stale.mkdir()
        (stale / LOCK).touch()
        (stale / "counter_1.db").write_bytes(b"\0" * 16)
        held = tmp / f"faqbot-metrics-{dead_pid()}-efgh5678"
        held.mkdir()
        not_ours = [tmp / "faqbot-metrics-report", tmp / f"faqbot-metrics-{dead_pid()}-x"]
        for folder in not_ours:
            folder.mkdir()
        with open(held / LOCK, "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            with server(tmp_path / "next", tmp) as after:
                now = folders(tmp)
                assert left not in now and stale not in now, sorted(p.name for p in now)
                assert live_folder.is_dir() and held.is_dir() and all(p.is_dir() for p in not_ours)
                [own] = now - {live_folder, held, *not_ours}
                assert own.name.startswith(f"faqbot-metrics-{after.proc.pid}-")
                assert after.get("/api/ask?q=peel").status == 200
                assert after.get("/metrics").status == 200
                log = after.stop()
            assert "Traceback" not in log
            assert not own.exists()  # a normal stop removes its own
        assert live.get("/api/ask?q=peel").status == 200
        scrape = live.get("/metrics")
        assert scrape.status == 200 and "faqbot_questions_total" in scrape.text  # its folder was left alone
        assert live_folder.is_dir()
