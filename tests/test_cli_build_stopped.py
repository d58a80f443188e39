"""`faqbot build` stopped halfway, as a user or a service manager stops it: Ctrl-C in the terminal, SIGTERM from a cron
job's timeout or systemd, SIGHUP from a closed terminal. The version being served stays served, nothing half-written
stays in the index folder, and one line says what became of the build."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from _server import write_content
from bot import artifact, build


def _default_signals() -> None:
    # Runs in the child before exec: a test run started in the background has SIGINT ignored, and one started under
    # nohup SIGHUP, and their children too.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)


def _start_build(content: Path, index: Path) -> subprocess.Popen:
    base = {k: v for k, v in os.environ.items() if not k.startswith("FAQBOT_")}
    argv = ["build", "--content", str(content), "--index", str(index)]
    return subprocess.Popen([sys.executable, "-m", "web.cli", *argv], env=base, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, preexec_fn=_default_signals)


def _waits_for_a_lock(pid: int) -> bool:
    """Is the process blocked on a flock? (/proc/locks lists each waiter with "->" before its lock.)"""
    return any(line.split()[1] == "->" and line.split()[5] == str(pid)
               for line in Path("/proc/locks").read_text().splitlines())


@pytest.fixture
def site(tmp_path):
    write_content(tmp_path / "content", 0)
    build.build(tmp_path / "content", tmp_path / "index")
    write_content(tmp_path / "content", 1)  # an edit: the next build publishes a new version
    return tmp_path


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_build_stopped_by_a_signal_says_the_old_version_still_serves(site, signum):
    # Before: SIGTERM and SIGHUP killed it with no word (the shell's "Terminated", exit -15), Ctrl-C said nothing
    # either, and whoever stopped it could not tell what the index folder now held.
    served = artifact.current_version(site / "index")
    with open(site / "index" / ".lock", "a+") as lock:  # the publish lock, held: the build fits, then waits for it
        fcntl.flock(lock, fcntl.LOCK_EX)
        child = _start_build(site / "content", site / "index")
        deadline = time.monotonic() + 60
        while not _waits_for_a_lock(child.pid) and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)  # reading and fitting the content
        assert child.poll() is None, child.communicate()
        child.send_signal(signum)
        stdout, stderr = child.communicate(timeout=60)
    assert child.returncode == 128 + signum, stderr
    assert stderr.splitlines()[-1] == (f"faqbot: build stopped ({signal.Signals(signum).name}): nothing published; "
                                       f"{site / 'index'} still serves {served}")
    assert stdout == ""
    assert artifact.current_version(site / "index") == served
    assert [p.name for p in (site / "index" / artifact.VERSIONS).iterdir()] == [served]


def test_a_build_terminated_while_it_writes_leaves_no_half_written_folder(site):
    # Before: SIGTERM while the new version was being written left its hidden .tmp-<version>-<pid> folder in versions/
    # for good (tens of megabytes on a big knowledge base, one more at each build a cron job's timeout killed).
    (site / "content" / "big.csv").write_text(
        "question,answer\n" + "".join(f"What about topic {n} and its {n % 97} details?,Topic {n} is covered by "
                                      f"section {n} of the handbook on page {n % 301}.\n" for n in range(3000)),
        encoding="utf-8")
    versions = site / "index" / artifact.VERSIONS
    caught = False
    for attempt in range(6):  # each build writes for a moment only: tried again (with new content) until caught
        (site / "content" / "edit.csv").write_text(f"question,answer\nWhich attempt is this?,Attempt {attempt}.\n",
                                                   encoding="utf-8")
        child = _start_build(site / "content", site / "index")
        while child.poll() is None and not any(p.name.startswith(".tmp-") for p in versions.iterdir()):
            pass
        if child.poll() is None:
            child.send_signal(signal.SIGSTOP)
            caught = any(p.name.startswith(".tmp-") for p in versions.iterdir())
            child.send_signal(signal.SIGTERM)
            child.send_signal(signal.SIGCONT)
        child.communicate(timeout=60)
        if caught:
            break
    assert caught, "the build was never caught writing"
    assert child.returncode in (128 + signal.SIGTERM, 0)  # 0: it had published just before the signal came
    assert not [p.name for p in versions.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_an_ask_stopped_while_it_rebuilds_a_stale_index_cleans_up_as_a_build_does(site, signum):
    # `faqbot ask` (and eval) rebuild a stale index first: SIGTERM or SIGHUP there killed it outright, as it did a
    # build.
    served = artifact.current_version(site / "index")
    base = {k: v for k, v in os.environ.items() if not k.startswith("FAQBOT_")}
    argv = ["ask", "--content", str(site / "content"), "--index", str(site / "index"), "how long does it last?"]
    with open(site / "index" / ".lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        child = subprocess.Popen([sys.executable, "-m", "web.cli", *argv], env=base, stdin=subprocess.DEVNULL,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 preexec_fn=_default_signals)
        deadline = time.monotonic() + 60
        while not _waits_for_a_lock(child.pid) and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert child.poll() is None, child.communicate()
        child.send_signal(signum)
        stdout, stderr = child.communicate(timeout=60)
    assert child.returncode == 128 + signum, stderr
    assert stdout == ""
    assert artifact.current_version(site / "index") == served
    assert [p.name for p in (site / "index" / artifact.VERSIONS).iterdir()] == [served]


def test_a_serve_stopped_while_it_builds_first_cleans_up_as_a_build_does(site):
    # `faqbot serve` builds a stale index before its workers start: SIGTERM there (systemd stopping a slow start)
    # killed it outright, as it did a build, and the version it was writing stayed in versions/.
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    served = artifact.current_version(site / "index")
    base = {k: v for k, v in os.environ.items() if not k.startswith("FAQBOT_")}
    base["FAQBOT_DATABASE_URL"] = f"sqlite:///{site / 'log.db'}"
    argv = ["serve", "--content", str(site / "content"), "--index", str(site / "index"), "--port", str(port)]
    with open(site / "index" / ".lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        child = subprocess.Popen([sys.executable, "-m", "web.cli", *argv], env=base, stdin=subprocess.DEVNULL,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 preexec_fn=_default_signals, cwd=site)
        try:
            deadline = time.monotonic() + 60
            while not _waits_for_a_lock(child.pid) and child.poll() is None and time.monotonic() < deadline:
                time.sleep(0.05)
            assert child.poll() is None, child.communicate()
            child.send_signal(signal.SIGTERM)
            stdout, stderr = child.communicate(timeout=60)
        finally:
            if child.poll() is None:
                child.kill()
                child.communicate()
    assert child.returncode == 128 + signal.SIGTERM, stderr
    assert stderr.splitlines()[-1] == (f"faqbot: build stopped (SIGTERM): nothing published; {site / 'index'} "
                                       f"still serves {served}")
    assert artifact.current_version(site / "index") == served
    assert [p.name for p in (site / "index" / artifact.VERSIONS).iterdir()] == [served]
