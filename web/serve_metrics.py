"""`faqbot serve`'s metrics folder: prometheus-client's multiprocess mode, where every worker writes its figures.

faqbot makes a private one per run in the temp folder (TMPDIR) unless the operator gives PROMETHEUS_MULTIPROC_DIR,
removes it when the server stops, and removes the ones servers killed with SIGKILL left behind as the next starts.
"""

from __future__ import annotations

import fcntl
import importlib.util
import os
import re
import shutil
import tempfile


def metrics_worker_gone(server, worker) -> None:
    # Prometheus multiprocess mode: a dead worker's live gauges must not be reported any more.
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


# faqbot's private metrics folders: faqbot-metrics-<arbiter pid>-<mkdtemp's 8 characters>, in the temp folder
# (TMPDIR), each holding a lock file the arbiter keeps locked (flock) for as long as it or any of its workers (forks
# sharing the lock) lives. A server killed with SIGKILL never removes its own, so the next `faqbot serve` does.
METRICS_PREFIX = "faqbot-metrics-"
_METRICS_NAME = re.compile(re.escape(METRICS_PREFIX) + r"([0-9]+)-[a-z0-9_]{8}")
_METRICS_LOCK = ".faqbot-serve.lock"  # not *.db: prometheus-client reads only those
_lock_fd: int | None = None  # the arbiter's open lock file descriptor: kept open while it serves


def _alive(pid: int) -> bool:
    """Is process `pid` running (a zombie, killed but not yet reaped, is not)?"""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's
        return True
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def _unlocked(folder: str) -> bool:
    """True when no process holds the lock in `folder` (or it has none: its server died before locking it)."""
    try:
        fd = os.open(os.path.join(folder, _METRICS_LOCK), os.O_RDONLY | os.O_NOFOLLOW)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:  # held: a server (or a worker that outlived its arbiter) still writes there
        return False
    finally:
        os.close(fd)


def remove_stale_metrics_folders(parent: str | None = None) -> list[str]:
    """Remove the metrics folders that servers killed with SIGKILL left in `parent` (the temp folder); returns them.

    Only faqbot's own, by this user: the name faqbot gives them, a pid no process has any more, and a lock no
    process holds (a pid reused by another process, or another pid namespace sharing /tmp, keeps it instead)."""
    parent = parent or tempfile.gettempdir()
    removed = []
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return removed
    for entry in entries:
        found = _METRICS_NAME.fullmatch(entry.name)
        try:
            if not found or not entry.is_dir(follow_symlinks=False) or \
                    entry.stat(follow_symlinks=False).st_uid != os.getuid():
                continue
        except OSError:
            continue
        if not _alive(int(found.group(1))) and _unlocked(entry.path):
            shutil.rmtree(entry.path, ignore_errors=True)
            removed.append(entry.path)
    return removed


def metrics_folder() -> str | None:
    """With prometheus-client installed, a fresh folder for the workers' shared metrics (multiprocess mode), locked
    by this process; the ones killed servers left behind are removed first."""
    global _lock_fd
    # Found, not imported: prometheus-client picks its storage when first imported, which must happen in the
    # workers, after this variable is set.
    if importlib.util.find_spec("prometheus_client") is None:
        return None
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return None  # the operator's own folder
    remove_stale_metrics_folders()
    # The pid in the name before the lock exists: a server starting beside this one, between mkdtemp and flock,
    # sees this process alive and leaves the folder alone.
    made = tempfile.mkdtemp(prefix=f"{METRICS_PREFIX}{os.getpid()}-")
    _lock_fd = os.open(os.path.join(made, _METRICS_LOCK), os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    fcntl.flock(_lock_fd, fcntl.LOCK_EX)  # the workers, forks of this process, share it
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = made
    return made


def metrics_folder_problem() -> str | None:
    """What is wrong with the operator's PROMETHEUS_MULTIPROC_DIR, in one line, or None.

    prometheus-client writes a file there in every worker as it starts: in a folder that is missing or read-only
    each worker failed to boot with a traceback, and gunicorn stopped after faqbot had said it was serving.
    """
    own = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not own or importlib.util.find_spec("prometheus_client") is None:
        return None
    try:
        with tempfile.TemporaryFile(dir=own):
            pass
    except OSError as e:
        return f"PROMETHEUS_MULTIPROC_DIR: cannot write in {own} ({e.strerror or e}): make it a folder this " \
               "user can write, or unset it for a private one"
    return None


def unlock() -> None:
    """Let go of this server's metrics folder lock (its folder removed as it stops)."""
    global _lock_fd
    if _lock_fd is not None:
        os.close(_lock_fd)
        _lock_fd = None
