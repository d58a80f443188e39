"""`faqbot backup` as an operator meets it: killed halfway (a cron job's timeout, systemd, a closed terminal), on a
full disk, or cut by a power failure right after it said it was done. Whatever stops it, DEST is a whole backup or
is not there, no hidden half-written folder of visitors' questions stays beside it, and the error is one line."""

from __future__ import annotations

import fcntl
import os
import resource
import signal
import subprocess
import sys
import time

import pytest

from _server import run_cli, write_content
from bot import build
from bot.cli import main


@pytest.fixture
def site(tmp_path):
    write_content(tmp_path / "content", 0)
    (tmp_path / "content" / "long-read.txt").write_text(  # some 70 KB: past the file size limit below
        "A Long Read\n\nWhat Does The Long Read Say?\n\n" + "Aftercare takes a few days of patience. " * 1800,
        encoding="utf-8")
    build.build(tmp_path / "content", tmp_path / "index")
    main_env = _env(tmp_path)
    from bot.store import Store

    store = Store(main_env["FAQBOT_DATABASE_URL"])
    for n in range(100):  # a log of some 250 KB: past the file size limit below
        store.log_feedback(f"is it safe for children? {n} " + "and more words " * 130, None, True)
    return tmp_path


FILE_LIMIT = 48 * 1024


def _file_limit() -> None:
    # Runs in the child before exec. A file size limit makes every write past it fail (EFBIG), as ENOSPC would on a
    # full disk, and binds root too. SIGXFSZ ignored: the write fails instead of the signal killing the process.
    # Not smaller: reading the log (WAL) makes its 32 KiB -shm file beside it, which a full destination does not stop.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_LIMIT, FILE_LIMIT))


def _env(site) -> dict:
    return {"FAQBOT_CONTENT_DIR": str(site / "content"), "FAQBOT_INDEX_DIR": str(site / "index"),
            "FAQBOT_DATABASE_URL": f"sqlite:///{site}/faqbot.sqlite3"}


def _default_signals() -> None:
    # Runs in the child before exec: a test run started in the background has SIGINT ignored, and one started under
    # nohup SIGHUP, and their children too (the backup leaves a hang-up ignored so, as it should).
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_backup_stopped_by_a_signal_leaves_nothing_and_says_so(site, tmp_path_factory, signum):
    # Before: SIGTERM or SIGHUP killed it outright and its hidden folder (the log copy: hundreds of megabytes of
    # visitors' questions on a real install) stayed beside DEST for good. Ctrl-C (SIGINT) already cleaned up.
    out = tmp_path_factory.mktemp("backups")
    base = {k: v for k, v in os.environ.items() if not k.startswith("FAQBOT_")}
    # The dashboard's edit lock, held here: the backup copies the log, then waits for it to copy the content.
    with open(site / "dashboard-edit.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        child = subprocess.Popen([sys.executable, "-m", "web.cli", "backup", str(out / "b")],
                                 env={**base, **_env(site)}, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True, preexec_fn=_default_signals)
        deadline = time.monotonic() + 60
        while not any((p / "faqbot.sqlite3").exists() for p in out.iterdir()) and child.poll() is None \
                and time.monotonic() < deadline:
            time.sleep(0.05)
        assert child.poll() is None, child.communicate()  # halfway: the log copied, waiting for the lock
        assert [p.name for p in out.iterdir()][0].startswith(".b.partial-")
        time.sleep(0.2)  # let it reach the lock (a signal before it is handled the same way)
        child.send_signal(signum)
        stdout, stderr = child.communicate(timeout=60)
    assert child.returncode == 128 + signum, stderr
    assert stderr == f"faqbot: backup stopped ({signal.Signals(signum).name}): nothing written to {out / 'b'}\n"
    assert stdout == ""
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("options", [(), ("--no-database",)])
def test_a_full_disk_is_one_line_naming_the_destination(site, tmp_path_factory, options):
    # Before: the log's copy failing on a full destination was "FAQBOT_DATABASE_URL: ...: cannot back up the question
    # log: .../faqbot.sqlite3: disk I/O error", blaming the live log; a file copytree could not write was a Python
    # list of every failed file with the hidden folder's paths, hundreds of characters long.
    assert (site / "faqbot.sqlite3").stat().st_size > FILE_LIMIT
    out = tmp_path_factory.mktemp("backups")
    done = run_cli("backup", *options, str(out / "b"), env=_env(site), preexec_fn=_file_limit)
    assert done.returncode == 1
    err = done.stderr
    assert err.startswith(f"faqbot: error: {out / 'b'}: cannot back up (") and err.count("\n") == 1, err
    assert "File too large" in err or "disk I/O error" in err
    assert ".partial-" not in err and "[(" not in err and "FAQBOT_DATABASE_URL" not in err
    if not options:
        assert "cannot write the copy of the question log" in err
    assert list(out.iterdir()) == []


def test_every_file_of_a_backup_is_on_the_disk_before_it_gets_its_name(site, tmp_path, monkeypatch, capsys):
    # Before: renamed to DEST without an fsync, a power cut just after "backed up to DEST" could leave DEST with empty
    # or torn files that look like a good backup. fsync and rename are the process's boundary with the kernel: they
    # are recorded (and still done).
    for k, v in _env(site).items():
        monkeypatch.setenv(k, v)
    events: list[tuple[str, str]] = []
    fsync, rename = os.fsync, os.rename
    monkeypatch.setattr(os, "fsync", lambda fd: (events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}"))),
                                                 fsync(fd))[1])
    monkeypatch.setattr(os, "rename", lambda a, b: (events.append(("rename", f"{a} -> {b}")), rename(a, b))[1])
    dest = tmp_path / "backups" / "b"
    dest.parent.mkdir()
    assert main(["backup", str(dest)]) == 0
    renames = [i for i, (kind, what) in enumerate(events) if kind == "rename" and what.endswith(f" -> {dest}")]
    assert len(renames) == 1, events
    hidden = events[renames[0]][1].split(" -> ")[0]
    synced = {what for kind, what in events[:renames[0]] if kind == "fsync"}
    on_disk = {str(p).replace(str(dest), hidden) for p in [dest, *dest.rglob("*")] if not p.is_symlink()}
    assert on_disk - synced == set()
    assert ("fsync", str(dest.parent)) in events[renames[0]:]  # the new name itself
    assert "backed up to" in capsys.readouterr().out


def test_a_hidden_folder_left_by_a_killed_backup_is_named_by_the_next(site, tmp_path, monkeypatch, capsys):
    # SIGKILL or a power cut while a backup runs leaves its hidden folder (a partial copy of the log), which `ls`
    # does not show: the next backup to that name said nothing of it.
    for k, v in _env(site).items():
        monkeypatch.setenv(k, v)
    out = tmp_path / "backups"
    left = out / ".b.partial-k1ll3d00"
    left.mkdir(parents=True)
    (left / "faqbot.sqlite3").write_bytes(b"half a database")
    (out / ".other.partial-x").mkdir()  # another name's: not this backup's business
    assert main(["backup", str(out / "b")]) == 0
    err = capsys.readouterr().err
    assert err == (f"faqbot: warning: {left}: left by a backup to {out / 'b'} that was killed (or is one running "
                   "now): it holds a partial copy of the question log; delete it\n")
    assert left.is_dir()  # named, not deleted: it may be a backup running now


def test_a_content_folder_not_there_says_how_to_give_it(site, tmp_path, capsys, monkeypatch):
    # run from another folder than the site's, the default knowledge/ is not there: build said how to give the folder,
    # backup only that it "does not exist"
    for k, v in _env(site).items():
        monkeypatch.setenv(k, v)
    monkeypatch.delenv("FAQBOT_CONTENT_DIR", raising=False)
    monkeypatch.delenv("FAQBOT_INDEX_DIR", raising=False)  # nor an index built from a folder to follow
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "backups"
    out.mkdir()
    assert main(["backup", str(out / "b")]) == 1
    assert capsys.readouterr().err == ("faqbot: error: knowledge: the content folder does not exist: give the content "
                                       "folder with --content DIR or FAQBOT_CONTENT_DIR\n")
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("option, folder", [("--index", "index"), ("--content", "content")])
def test_an_index_or_content_folder_that_is_a_file_is_one_line_and_nothing_is_written(site, tmp_path, capsys,
                                                                                       monkeypatch, option, folder):
    # `faqbot backup --index /etc/hostname DEST` (a mistyped option) was a backup "with no index (none published)",
    # exit 0: the operator learnt of it at the restore; `--content FILE` said the folder "does not exist".
    for k, v in _env(site).items():
        monkeypatch.setenv(k, v)
    (tmp_path / "a-file").write_text("a file\n")
    out = tmp_path / "backups"
    out.mkdir()
    assert main(["backup", option, str(tmp_path / "a-file"), str(out / "b")]) == 1
    assert capsys.readouterr().err == (f"faqbot: error: {tmp_path / 'a-file'}: the {folder} folder is a file, not "
                                       "a folder\n")
    assert list(out.iterdir()) == []
