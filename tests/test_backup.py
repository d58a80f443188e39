"""`faqbot backup DEST`: a copy of the question log, content folder and index, taken while a real server writes to
the log, that opens with its rows; restored by the README's steps, `faqbot report` and `faqbot serve` use it. A bad
DEST is one line, exit 1, and nothing written."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import time

import pytest

from _server import Load, Server, run_cli, versions_in, write_content
from bot import artifact, build
from bot.cli import main
from test_faults import _can_make_read_only, _without_permission_override

QUESTIONS = ("how long will my skin peel", "is the widget safe for children", "do you sell gift cards",
             "what should I avoid after a peel")


@pytest.fixture
def site(tmp_path):
    write_content(tmp_path / "content", 0)
    (tmp_path / "content" / "dashboard.alternates").write_text(
        "# edit abc, 2026-12-01, admin\n[peel-aftercare/can-i-wear-makeup-after-a-chemical-peel]\n"
        "when can i put my face on again\n\n", encoding="utf-8")
    build.build(tmp_path / "content", tmp_path / "index")
    return tmp_path


def _env(site, **more) -> dict:
    return {"FAQBOT_CONTENT_DIR": str(site / "content"), "FAQBOT_INDEX_DIR": str(site / "index"),
            "FAQBOT_DATABASE_URL": f"sqlite:///{site}/faqbot.sqlite3", **more}


def _count(db, table: str = "faqbot_questions") -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def _ask(n: int) -> tuple:
    if n % 10 == 9:
        return "POST", "/api/feedback", {"question": QUESTIONS[0], "section_id": None, "helpful": n % 2 == 0}
    return "POST", "/api/ask", {"question": f"{QUESTIONS[n % len(QUESTIONS)]} {n}"}


def test_a_backup_taken_while_the_server_logs_opens_with_its_rows_and_restores(site, tmp_path_factory):
    out = tmp_path_factory.mktemp("backups")
    db = site / "faqbot.sqlite3"
    backups = []
    with Server(site, workers=2) as server, Load(server.port, _ask, threads=4, seconds=90) as load:
        deadline = time.monotonic() + 30
        while (not db.exists() or _count(db) < 50) and time.monotonic() < deadline:
            time.sleep(0.2)
        # A connection left open (an operator's sqlite3 shell, a long report) keeps the workers' last close from
        # checkpointing: new rows then stay in the -wal file, which a copy of the database file alone misses.
        watcher = sqlite3.connect(db)
        watcher.execute("SELECT COUNT(*) FROM faqbot_questions").fetchone()
        for k in range(3):
            before = _count(db)  # committed before the backup started: the copy must hold them all
            done = run_cli("backup", str(out / f"b{k}"), env=_env(site))
            after = _count(db)
            assert done.returncode == 0, done.stderr
            backups.append((out / f"b{k}", before, after, done))
            time.sleep(1)
        watcher.close()
        load.stop()
    assert sum(r.ok for r in load.results) > 100, "the server answered too little for the test to mean anything"
    assert any(not done.stderr.strip() for *_, done in backups)
    for dest, before, after, done in backups:
        copy = dest / "faqbot.sqlite3"
        assert sorted(p.name for p in dest.iterdir()) == ["backup.json", "content", "faqbot.sqlite3", "index"]
        with sqlite3.connect(copy) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one file, no -wal needed
            rows = conn.execute("SELECT COUNT(*) FROM faqbot_questions").fetchone()[0]
            feedback = conn.execute("SELECT COUNT(*) FROM faqbot_feedback").fetchone()[0]
        # A copy of the file alone misses what is still in the -wal file: these rows.
        assert before <= rows <= after, (before, rows, after)
        manifest = json.loads((dest / "backup.json").read_text())
        assert manifest["faqbot"] and manifest["created_at"]
        assert manifest["database"]["rows"]["faqbot_questions"] == rows
        assert manifest["database"]["rows"]["faqbot_feedback"] == feedback
        assert "dashboard.alternates" in manifest["content"]["files"]
        assert (dest / "content" / "dashboard.alternates").read_text() == \
            (site / "content" / "dashboard.alternates").read_text()
        assert manifest["index"]["version"] == (dest / "index" / "CURRENT").read_text().strip()
        assert manifest["salt"] is None and not (dest / "faqbot-ip-salt").exists()
        assert (dest.stat().st_mode & 0o777) == 0o700 and (copy.stat().st_mode & 0o777) == 0o600
        assert f"{rows} questions" in done.stdout and str(dest) in done.stdout
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporary folder left

    # Restore the last one by the README's steps, into a new install, and use it.
    dest, _before, _after, _done = backups[-1]
    rows = json.loads((dest / "backup.json").read_text())["database"]["rows"]["faqbot_questions"]
    new = tmp_path_factory.mktemp("restored")
    shutil.copytree(dest / "content", new / "content")
    shutil.copytree(dest / "index", new / "index")
    shutil.copy(dest / "faqbot.sqlite3", new / "faqbot.sqlite3")
    report = run_cli("report", "--json", env=_env(new))
    assert report.returncode == 0, report.stderr
    assert json.loads(report.stdout)["questions"] == rows
    with Server(new, workers=1) as server:
        answer = server.get("/api/ask?q=when+can+i+put+my+face+on+again").body  # the dashboard's phrasing
        assert answer["section_id"] == "peel-aftercare/can-i-wear-makeup-after-a-chemical-peel"
        server.stop()
    assert _count(new / "faqbot.sqlite3") == rows + 1


def test_the_salt_is_copied_only_when_asked(site, tmp_path, capsys, monkeypatch):
    for k, v in _env(site).items():
        monkeypatch.setenv(k, v)
    (site / "faqbot-ip-salt").write_text("ab" * 32 + "\n")  # the instance folder: the index folder's parent
    assert main(["backup", str(tmp_path / "plain")]) == 0
    assert not (tmp_path / "plain" / "faqbot-ip-salt").exists()
    capsys.readouterr()
    assert main(["backup", "--with-salt", str(tmp_path / "salted")]) == 0
    salt = tmp_path / "salted" / "faqbot-ip-salt"
    assert salt.read_text() == "ab" * 32 + "\n" and (salt.stat().st_mode & 0o777) == 0o600
    err = capsys.readouterr().err
    assert "keep it apart from other database backups" in err


def test_a_symlink_in_the_content_folder_is_backed_up_as_a_link(site, tmp_path, capsys, monkeypatch):
    """A file the editor links to another (`a.md -> widget-safety.txt`) is read once by the build; its backup is the
    same link, so the backed-up folder builds as the original does (a copy of the file read the same sections twice,
    under two names)."""
    for k, v in _env(site).items():
        monkeypatch.setenv(k, v)
    (site / "content" / "widget-link.txt").symlink_to("widget-safety.txt")
    build.build(site / "content", site / "index")
    assert main(["backup", str(tmp_path / "copy")]) == 0
    link = tmp_path / "copy" / "content" / "widget-link.txt"
    assert link.is_symlink() and os.readlink(link) == "widget-safety.txt"
    from bot.ingest import load_knowledge

    original, restored = load_knowledge(site / "content"), load_knowledge(tmp_path / "copy" / "content")
    assert [s.id for s in restored.sections] == [s.id for s in original.sections]
    assert restored.warnings == original.warnings


def test_a_folder_linked_in_from_outside_is_named_by_the_backup_which_holds_only_the_link(site, tmp_path, capsys,
                                                                                           monkeypatch):
    # Shared FAQs linked in (knowledge/README.md): the backup copied the link, not the folder, without a word; restored
    # on another machine, the link led nowhere.
    for k, v in _env(site).items():
        monkeypatch.setenv(k, v)
    shared = tmp_path / "shared-faqs"
    shared.mkdir()
    (shared / "gifts.md").write_text("# Gifts\n\n## Do you sell gift cards?\n\nYes.\n", encoding="utf-8")
    (site / "content" / "shared").symlink_to(shared, target_is_directory=True)
    build.build(site / "content", site / "index")
    capsys.readouterr()
    assert main(["backup", str(tmp_path / "copy")]) == 0
    assert (tmp_path / "copy" / "content" / "shared").is_symlink()
    err = capsys.readouterr().err
    assert err == (f"faqbot: warning: content folder: shared is a symlink to {shared}, outside the content folder: "
                   "this backup holds the link, not what it points to; back that up too\n")
    manifest = json.loads((tmp_path / "copy" / "backup.json").read_text())
    assert manifest["content"]["links_outside"] == [{"link": "shared", "to": str(shared)}]


def test_an_empty_folder_is_a_destination_and_no_log_yet_is_said(site, tmp_path, capsys, monkeypatch):
    for k, v in _env(site).items():
        monkeypatch.setenv(k, v)
    (tmp_path / "empty").mkdir()
    assert main(["backup", str(tmp_path / "empty")]) == 0
    assert "no question log yet" in capsys.readouterr().out
    assert not (tmp_path / "empty" / "faqbot.sqlite3").exists() and (tmp_path / "empty" / "content").is_dir()
    assert not (site / "faqbot.sqlite3").exists()  # a backup creates no database


@pytest.mark.parametrize("dest, named", [
    ("full", "exists and is not empty"),
    ("a-file", "exists and is not a folder"),
    ("content/backup", "inside the content folder"),
    ("index/backup", "inside the index folder"),
    ("no-such-folder/backup", "does not exist"),
    ("a-file/backup", "a-file is not a folder"),  # was "the folder .../a-file does not exist"
])
def test_a_bad_destination_is_one_line_and_nothing_is_written(site, capsys, monkeypatch, dest, named):
    for k, v in _env(site).items():
        monkeypatch.setenv(k, v)
    (site / "full").mkdir()
    (site / "full" / "keep.txt").write_text("mine")
    (site / "a-file").write_text("mine")
    before = sorted(str(p) for p in site.rglob("*"))
    assert main(["backup", str(site / dest)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and named in err and str(site / dest) in err
    assert sorted(str(p) for p in site.rglob("*")) == before


def test_a_failure_halfway_leaves_nothing_behind(site, tmp_path, capsys, monkeypatch):
    for k, v in _env(site).items():
        monkeypatch.setenv(k, v)
    (site / "faqbot.sqlite3").write_bytes(b"not a database at all" * 100)
    out = tmp_path / "backups"
    out.mkdir()
    assert main(["backup", str(out / "b")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "faqbot.sqlite3" in err
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("what", ["text file", "folder", "unsupported scheme"])
def test_a_log_database_that_cannot_be_read_names_the_setting(site, tmp_path, capsys, monkeypatch, what):
    # `faqbot backup` said "/srv/x.txt: cannot back up the question log (file is not a database)", or "(disk I/O
    # error)" for a folder: not which setting pointed there, as serve, report and prune say it.
    path = site / "x.txt"
    path.write_text("not a database\n") if what == "text file" else path.mkdir()
    url = "mysql://faqbot:secret@db/faqbot" if what == "unsupported scheme" else f"sqlite:///{path}"
    for k, v in _env(site, FAQBOT_DATABASE_URL=url).items():
        monkeypatch.setenv(k, v)
    out = tmp_path / "backups"
    out.mkdir()
    assert main(["backup", str(out / "b")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("faqbot: error: FAQBOT_DATABASE_URL: ") and err.count("\n") == 1
    assert {"text file": "file is not a database", "folder": "is a folder, not a SQLite database file",
            "unsupported scheme": "got 'mysql://"}[what] in err
    assert list(out.iterdir()) == []


def test_an_unreadable_log_database_names_the_setting(site, tmp_path):
    if not _can_make_read_only(tmp_path):
        pytest.skip("this machine lets neither a non-root user nor a capability drop see a file as unreadable")
    db = site / "faqbot.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE faqbot_questions (id INTEGER)")
    db.chmod(0o000)
    env = _env(site)
    try:
        done = {cmd: run_cli(*argv, env=env, preexec_fn=_without_permission_override if os.geteuid() == 0 else None)
                for cmd, argv in (("backup", ("backup", str(tmp_path / "b"))), ("report", ("report",)),
                                  ("prune", ("prune", "--days", "3")), ("serve", ("serve", "--port", "0")))}
    finally:
        db.chmod(0o600)
    for cmd, r in done.items():
        assert r.returncode == 1, cmd
        assert r.stderr == (f"faqbot: error: FAQBOT_DATABASE_URL: sqlite:///{db}: "
                            + ("cannot back up the question log: " if cmd == "backup" else "")
                            + f"cannot read {db} (permission denied)\n"), cmd
    assert not (tmp_path / "b").exists()


def test_an_unwritable_destination_is_one_line(site, tmp_path):
    if not _can_make_read_only(tmp_path):
        pytest.skip("this machine lets neither a non-root user nor a capability drop see a folder as read-only")
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        done = run_cli("backup", str(folder / "b"), env=_env(site),
                       preexec_fn=_without_permission_override if os.geteuid() == 0 else None)
    finally:
        folder.chmod(0o755)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "cannot write in" in done.stderr and "Permission denied" in done.stderr
    assert list(folder.iterdir()) == []


def test_postgresql_says_pg_dump_and_writes_nothing(site, tmp_path, capsys, monkeypatch):
    for k, v in _env(site, FAQBOT_DATABASE_URL="postgresql://faqbot:secret@127.0.0.1:1/faqbot").items():
        monkeypatch.setenv(k, v)
    out = tmp_path / "backups"
    out.mkdir()
    assert main(["backup", str(out / "b")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pg_dump" in err and "secret" not in err
    assert list(out.iterdir()) == []
    assert main(["backup", "--no-database", str(out / "b")]) == 0  # the rest, without touching the database
    assert json.loads((out / "b" / "backup.json").read_text())["database"] is None
    assert "no question log (--no-database)" in capsys.readouterr().out


def test_rollback_after_a_restore_goes_back_as_it_would_have(site, tmp_path):
    """The backup holds every version the index folder keeps, not only the served one: restored by the README's
    steps, `faqbot rollback` serves the version before, then the one before that, as on the original install."""
    for k in (1, 2):  # three published versions: content 0, 1 and 2
        write_content(site / "content", k)
        build.build(site / "content", site / "index")
    kept = artifact.list_versions(site / "index")
    assert len(kept) == 3
    done = run_cli("backup", str(tmp_path / "b"), env=_env(site))
    assert done.returncode == 0, done.stderr
    assert "and 2 other kept versions, for rollback" in done.stdout
    manifest = json.loads((tmp_path / "b" / "backup.json").read_text())
    assert manifest["index"]["version"] == kept[-1] and manifest["index"]["versions"] == kept

    new = tmp_path / "restored"  # README: the content and the index folder replaced with the backup's
    shutil.copytree(tmp_path / "b" / "content", new / "content")
    shutil.copytree(tmp_path / "b" / "index", new / "index")

    def served() -> set[int]:
        asked = run_cli("ask", "--json", "which content version is being served?", env=_env(new))
        assert asked.returncode == 0, asked.stderr
        return versions_in(json.loads(asked.stdout))

    assert served() == {2}
    for expected, version in ((1, kept[1]), (0, kept[0])):
        back = run_cli("rollback", env=_env(new))
        assert back.returncode == 0, back.stderr
        assert back.stdout.strip() == f"now serving index {version}"
        assert served() == {expected}
    last = run_cli("rollback", env=_env(new))
    assert last.returncode == 1 and last.stderr.count("\n") == 1 and "oldest kept version" in last.stderr
