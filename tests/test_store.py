"""The question/feedback log: SQLite always; PostgreSQL too when FAQBOT_TEST_POSTGRES_URL points at a server."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import stat
import threading
import time

import pytest

from bot.model import Answer
from bot.store import SaltError, Store, StoreError, load_salt

SALT = b"\x01" * 32


def answer(question="how long does redness last?", section="doc/redness", confidence=0.9, kind="answer"):
    return Answer(question=question, answered=kind == "answer", kind=kind, answer="...",
                  section_id=section if kind == "answer" else None, confidence=confidence)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.services)])
def url(request, tmp_path):
    """SQLite always; PostgreSQL through conftest's postgres_url (skips outside CI without a server, fails in CI)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/instance/faqbot.sqlite3"
    return request.getfixturevalue("postgres_url")


def test_round_trip(url):
    store = Store(url, salt=SALT)
    store.init()
    store.init()  # idempotent
    store.log_question(answer(), address="198.51.100.7", index_version="v1")
    store.log_question(answer("capital of france", kind="no_answer", confidence=0.02), address="198.51.100.8")
    store.log_feedback("how long does redness last?", "doc/redness", True, address="198.51.100.7")
    store.log_feedback("capital of france", None, False)
    qs = store.questions()
    assert [(q.question, q.kind, q.answered, q.section_id) for q in qs] == [
        ("how long does redness last?", "answer", True, "doc/redness"),
        ("capital of france", "no_answer", False, None)]
    assert qs[0].confidence == pytest.approx(0.9) and qs[0].asked_at <= time.time()
    assert qs[0].client_hash == store.client_hash("198.51.100.7") != qs[1].client_hash
    fb = store.feedback()
    assert [(f.question, f.section_id, f.helpful) for f in fb] == [
        ("how long does redness last?", "doc/redness", True), ("capital of france", None, False)]
    assert fb[1].client_hash is None
    assert store.ping() is True
    store.close()


def test_an_older_database_is_migrated_on_start(url):
    """A log made before client_hash/index_version existed gets the columns; its rows stay readable."""
    old = Store(url, salt=SALT)
    if url.startswith("sqlite:"):
        old._backend.path.parent.mkdir(parents=True)
    old._backend.execute("CREATE TABLE faqbot_questions (id INTEGER, asked_at DOUBLE PRECISION NOT NULL,"
                         " question TEXT NOT NULL, kind TEXT NOT NULL, answered INTEGER NOT NULL,"
                         " section_id TEXT, confidence DOUBLE PRECISION NOT NULL)", ())
    old._backend.execute("INSERT INTO faqbot_questions (id, asked_at, question, kind, answered, confidence)"
                         " VALUES (1, 1.0, 'asked long ago', 'no_answer', 0, 0.1)", ())
    store = Store(url, salt=SALT)
    store.init()
    store.log_question(answer("asked today"), address="198.51.100.7", index_version="v2")
    assert [(q.question, q.client_hash is None) for q in store.questions()] == [
        ("asked long ago", True), ("asked today", False)]
    batch = [store.entry(answer("asked twice by a retry"))]
    store.log_questions(batch)
    store.log_questions(batch)  # the key column and its unique index were added by the migration
    assert [q.question for q in store.questions()][-1:] == ["asked twice by a retry"] and len(store.questions()) == 3
    assert store.feedback() == []  # the missing table is created


# The schema of the release of 2026-12-02 (ebfc12d, the first with the dashboard), as it created it: no entry_key.
RELEASE_2026_12_02 = """
CREATE TABLE faqbot_questions (id {pk}, asked_at DOUBLE PRECISION NOT NULL, question TEXT NOT NULL,
    kind TEXT NOT NULL, answered INTEGER NOT NULL, section_id TEXT, confidence DOUBLE PRECISION NOT NULL,
    client_hash TEXT, index_version TEXT);
CREATE INDEX faqbot_questions_asked_at ON faqbot_questions (asked_at);
CREATE TABLE faqbot_feedback (id {pk}, given_at DOUBLE PRECISION NOT NULL, question TEXT NOT NULL,
    section_id TEXT, helpful INTEGER NOT NULL, client_hash TEXT);
CREATE TABLE faqbot_edits (id {pk}, made_at DOUBLE PRECISION NOT NULL, who TEXT NOT NULL, action TEXT NOT NULL,
    section_id TEXT, phrasings TEXT NOT NULL, file TEXT, tag TEXT, undone_at DOUBLE PRECISION, undone_by TEXT);
CREATE TABLE faqbot_admin_sessions (id_hash TEXT PRIMARY KEY, created_at DOUBLE PRECISION NOT NULL,
    expires_at DOUBLE PRECISION NOT NULL, label TEXT NOT NULL);
INSERT INTO faqbot_questions (asked_at, question, kind, answered, section_id, confidence, client_hash, index_version)
    VALUES (1.0, 'asked before the upgrade', 'answer', 1, 'doc/redness', 0.9, 'abc', 'v000001');
INSERT INTO faqbot_feedback (given_at, question, section_id, helpful) VALUES (2.0, 'asked before the upgrade',
    'doc/redness', 0);
INSERT INTO faqbot_edits (made_at, who, action, section_id, phrasings, file, tag)
    VALUES (3.0, 'session 1', 'alternate', 'doc/redness', '["red for how long"]', 'dashboard.alternates', 't1');
"""


def write_release_2026_12_02(url: str) -> None:
    """The log as the release of 2026-12-02 made it (its tables and indexes, and a few rows), at url."""
    old = Store(url)
    if url.startswith("sqlite:"):
        old._backend.path.parent.mkdir(parents=True, exist_ok=True)
    pk = ("INTEGER PRIMARY KEY AUTOINCREMENT" if url.startswith("sqlite:")
          else "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY")
    for statement in RELEASE_2026_12_02.format(pk=pk).split(";"):
        if statement.strip():
            old._backend.execute(statement, ())
    old.close()


def _migrate_at_once(url: str, barrier) -> None:
    barrier.wait(30)
    Store(url).init()


def test_workers_upgrading_a_release_database_at_once_keep_its_rows(url):
    """Upgrading: every worker of the new release migrates the old log as it starts, all at once (and again
    at the next start); none fails, and the questions, thumbs and dashboard edits of before are read as they were."""
    from bot.editlog import EditLog

    write_release_2026_12_02(url)
    for _start in range(2):
        ctx = multiprocessing.get_context("fork")
        barrier = ctx.Barrier(4)
        procs = [ctx.Process(target=_migrate_at_once, args=(url, barrier)) for _ in range(4)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(60)
        assert [p.exitcode for p in procs] == [0, 0, 0, 0]
    store = Store(url, salt=SALT)
    store.log_question(answer("asked after the upgrade"))
    assert [(q.question, q.section_id, q.client_hash) for q in store.questions()] == [
        ("asked before the upgrade", "doc/redness", "abc"), ("asked after the upgrade", "doc/redness", None)]
    assert [(f.question, f.helpful) for f in store.feedback()] == [("asked before the upgrade", False)]
    edits = EditLog(store)
    assert [(e.id, e.phrasings, e.tag, e.active) for e in edits.active()] == [(1, ("red for how long",), "t1", True)]
    assert edits.mark_undone(1, "session 2") and edits.get(1).undone_by == "session 2"
    batch = [store.entry(answer("retried"))]
    store.log_questions(batch)
    store.log_questions(batch)
    assert len(store.questions()) == 3  # the migration added the key and its unique index
    store.close()


def test_a_batch_written_again_is_logged_once(url):
    """The question log retries a batch whose write failed; if the database had committed it while the
    connection broke, the retry must not log those questions twice."""
    store = Store(url, salt=SALT)
    batch = [store.entry(answer(f"question {i}")) for i in range(3)]
    assert store.log_questions(batch) == 3
    assert store.log_questions(batch + [store.entry(answer("question 3"))]) == 1  # the retry, plus what queued since
    assert [q.question for q in store.questions()] == [f"question {i}" for i in range(4)]
    # Two entries for the same question asked twice are two rows: the key is per entry, not per text.
    store.log_questions([store.entry(answer("question 0"))])
    assert len(store.questions()) == 5


def test_since_filters_by_time(url):
    store = Store(url, salt=SALT)
    store.log_question(answer("old one"))
    time.sleep(0.05)
    cut = time.time()
    store.log_question(answer("new one"))
    store.log_feedback("new one", None, True)
    assert [q.question for q in store.questions(since=cut)] == ["new one"]
    assert len(store.questions()) == 2 and len(store.feedback(since=cut)) == 1
    assert store.feedback(since=time.time() + 10) == []


def test_awkward_text_is_stored(url):
    store = Store(url, salt=SALT)
    store.log_question(answer("nul\x00byte and a lone surrogate \ud800 and emoji 🙂 and ' quotes \"; DROP TABLE"))
    (q,) = store.questions()
    assert "\x00" not in q.question and "🙂" in q.question and "DROP TABLE" in q.question


def test_every_stored_string_field_is_cleaned(url):
    store = Store(url, salt=SALT)
    store.log_feedback("q \udfff", "\ud800abc", True)
    store.log_feedback("q", "doc/x\x00y", False)
    store.log_question(answer(section="doc/\udc80lone"), index_version="v\ud800")
    assert [f.section_id for f in store.feedback()] == ["?abc", "doc/x y"]
    assert store.feedback()[0].question == "q ?" and store.questions()[0].section_id == "doc/?lone"


def test_address_is_hashed_with_the_salt():
    a, b = Store("sqlite:///x.db", salt=b"a" * 32), Store("sqlite:///x.db", salt=b"b" * 32)
    assert a.client_hash("203.0.113.9") == a.client_hash("203.0.113.9")
    assert a.client_hash("203.0.113.9") != b.client_hash("203.0.113.9")
    assert a.client_hash("203.0.113.9") != a.client_hash("203.0.113.10")
    assert "203" not in a.client_hash("203.0.113.9") and a.client_hash(None) is None


def test_sqlite_file_uses_wal_and_never_holds_the_address(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/db/faqbot.sqlite3", salt=SALT)
    store.log_question(answer(), address="192.0.2.55")
    store.log_feedback("q", None, True, address="192.0.2.55")
    conn = sqlite3.connect(tmp_path / "db" / "faqbot.sqlite3")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.execute("PRAGMA wal_checkpoint(FULL)")
    conn.close()
    for path in (tmp_path / "db").iterdir():
        assert b"192.0.2.55" not in path.read_bytes()


def test_a_sqlite_log_removed_while_serving_is_made_again_with_its_tables(tmp_path):
    """Before: the next connection made an empty file, 0644, without tables: every question and thumb failed with "no
    such table" until a restart, while /api/ready said the database was fine (its SELECT 1 reads no table)."""
    old = os.umask(0o022)
    try:
        path = tmp_path / "db" / "faqbot.sqlite3"
        store = Store(f"sqlite:///{path}", salt=SALT)
        store.log_question(answer())
        for file in path.parent.iterdir():  # the file, its -wal and -shm
            file.unlink()
        store.log_question(answer("do you open on sundays?"))
        store.log_feedback("do you open on sundays?", None, True)
        assert store.ping()
        assert [r.question for r in store.questions()] == ["do you open on sundays?"]
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        path.unlink()  # the file alone, its -wal and -shm left beside it; read first, as the dashboard may
        assert store.questions() == []
        store.log_question(answer("can i park there?"))
        assert [r.question for r in store.questions()] == ["can i park there?"]
        assert store.ping()
    finally:
        os.umask(old)


def test_a_new_sqlite_log_is_readable_by_its_owner_only(tmp_path):
    """The log holds what visitors typed: a new file (and SQLite's -wal and -shm beside it) is 0600, as backups are,
    whatever the umask; a file that is there already keeps the mode its operator gave it."""
    old = os.umask(0o022)
    try:
        store = Store(f"sqlite:///{tmp_path}/new/faqbot.sqlite3", salt=SALT)
        store.log_question(answer(), address="192.0.2.55")
        files = list((tmp_path / "new").iterdir())
        assert {p.name for p in files} >= {"faqbot.sqlite3"}
        for path in files:
            assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, (path.name, oct(path.stat().st_mode))
        kept = tmp_path / "kept" / "faqbot.sqlite3"
        kept.parent.mkdir()
        kept.touch(mode=0o640)
        os.chmod(kept, 0o640)
        Store(f"sqlite:///{kept}", salt=SALT).log_question(answer())
        assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    finally:
        os.umask(old)


def _writer(url: str, n: int) -> None:
    store = Store(url, salt=SALT)
    for i in range(n):
        store.log_question(answer(f"question {os.getpid()} {i}"))


def test_concurrent_writers_from_threads_and_processes(url):
    Store(url).init()
    threads = [threading.Thread(target=_writer, args=(url, 25)) for _ in range(4)]
    procs = [multiprocessing.get_context("fork").Process(target=_writer, args=(url, 25)) for _ in range(3)]
    for t in procs + threads:  # fork before starting threads: a fork copies only the calling thread
        t.start()
    for t in threads:
        t.join()
    for p in procs:
        p.join(30)
        assert p.exitcode == 0
    assert len(Store(url).questions()) == 7 * 25


def test_unavailable_database(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    store = Store(f"sqlite:///{blocker}/faqbot.sqlite3", salt=SALT)
    with pytest.raises(StoreError, match="file"):
        store.init()
    with pytest.raises(StoreError):
        store.log_question(answer())
    assert store.ping() is False


def test_unreachable_postgres_is_a_store_error():
    pytest.importorskip("psycopg")
    store = Store("postgresql://nobody:pw@127.0.0.1:1/none")
    assert store.ping() is False
    with pytest.raises(StoreError, match="PostgreSQL"):
        store.log_question(answer())
    assert "pw" not in store.describe()


@pytest.mark.parametrize("url, fragment", [("mysql://h/db", "unsupported"), ("sqlite://relative.db", "sqlite:///"),
                                           ("sqlite:///", "file path"), ("nonsense", "unsupported")])
def test_bad_urls(url, fragment):
    with pytest.raises(StoreError, match=fragment):
        Store(url)


def test_a_salt_that_cannot_be_written_leaves_no_file_behind(tmp_path, monkeypatch):
    # A full disk: the temporary file was made, its write failed, and it stayed beside the salt, one per worker.
    import errno
    from pathlib import Path

    def full(self, *args, **kwargs):
        self.touch()
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_text", full)
    with pytest.raises(OSError):
        load_salt(tmp_path / "faqbot-ip-salt")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("text", ["", "\n", "not hex\n", "abcd\n", "zz" * 32])
def test_a_salt_file_that_holds_no_salt_is_named(tmp_path, text):
    # An empty file was the empty salt (addresses hashed with no secret), one not in hex a ValueError traceback.
    path = tmp_path / "faqbot-ip-salt"
    path.write_text(text)
    with pytest.raises(SaltError) as e:
        load_salt(path)
    assert str(e.value).startswith(f"{path}: holds no address salt")
    assert path.read_text() == text  # left for the operator to put back


def test_salt_is_created_once_private_and_shared(tmp_path):
    path = tmp_path / "inst" / "faqbot-ip-salt"
    results: list[bytes] = []
    threads = [threading.Thread(target=lambda: results.append(load_salt(path))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(results)) == 1 and len(results[0]) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_salt(path) == results[0]
    assert [p.name for p in path.parent.iterdir()] == ["faqbot-ip-salt"]  # no temporary files left


def test_edit_log_and_admin_sessions(url):
    """The dashboard's tables come with the schema (on an existing database too) and work on both databases."""
    from bot.editlog import ATTACH, DISMISS, EditLog

    store = Store(url, salt=SALT)
    store.init()
    log = EditLog(store)
    session_id, label = log.start_session("token-1", minutes=5)
    assert log.session_label(session_id, "token-1") == label and label.startswith("session ")
    assert log.session_label(session_id, "token-2") is None  # another admin token: not this session
    assert log.session_label("made-up", "token-1") is None
    stored = store.query("SELECT id_hash FROM faqbot_admin_sessions")
    assert len(stored) == 1 and session_id not in stored[0][0]

    first = log.record(label, ATTACH, "doc/redness", ["how long am I red", "redness time"], "dashboard.alternates", "t1")
    second = log.record(label, DISMISS, None, ["capital of france"])
    assert second > first
    assert [e.id for e in log.edits()] == [second, first]
    got = log.get(first)
    assert got.phrasings == ("how long am I red", "redness time") and got.tag == "t1" and got.active
    assert log.mark_undone(first, label) is True and log.mark_undone(first, label) is False
    assert [e.id for e in log.active()] == [second] and log.get(first).undone_by == label

    log.end_session(session_id, "token-1")
    assert log.session_label(session_id, "token-1") is None
    short_id, _ = log.start_session("token-1", minutes=1)
    store.execute("UPDATE faqbot_admin_sessions SET expires_at = ?", (time.time() - 1,))
    assert log.session_label(short_id, "token-1") is None  # expired
    store.close()


def test_a_worker_starting_while_another_writes_an_old_journal_mode_file_waits(tmp_path):
    # SQLite refuses the switch to WAL at once ("database is locked", no busy wait) while another connection writes to
    # the file in its old journal mode: a worker starting beside one migrating an old database failed to start (seen
    # once in CI, in the test above). The switch is now tried again until the writer is done.
    import sqlite3
    import threading

    path = tmp_path / "faqbot.sqlite3"
    writer = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    writer.execute("CREATE TABLE other (x)")
    assert writer.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO other VALUES (1)")
    done = threading.Timer(0.5, lambda: writer.execute("COMMIT"))
    done.start()
    try:
        store = Store(f"sqlite:///{path}", salt=SALT)
        store.init()
        assert store._backend.journal_mode() == "wal"
        store.log_question(answer("asked while the other wrote"))
        assert [q.question for q in store.questions()] == ["asked while the other wrote"]
    finally:
        done.join()
        writer.close()


def test_contact_details_are_stored_masked(url):
    """E-mail addresses, phone and card numbers never reach the database (bot/redact.py): questions and feedback."""
    store = Store(url, salt=SALT)
    store.log_question(answer("can I pay by card? jane@example.com, 07700 900123, 4111 1111 1111 1111 at 5:45"))
    store.log_feedback("call me on +44 7700 900123 about £45", None, False)
    assert [q.question for q in store.questions()] == ["can I pay by card? [email], [phone], [card] at 5:45"]
    assert [f.question for f in store.feedback()] == ["call me on [phone] about £45"]
