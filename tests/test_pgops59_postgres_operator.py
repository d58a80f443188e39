"""A site owner's PostgreSQL as operators set it up: a user who may write faqbot's tables but not create any, a table
locked by a long statement, passwords holding characters a URL reserves.

Before:
- a user granted SELECT/INSERT/UPDATE/DELETE on the tables an owner had made (no CREATE on the schema) never logged a
  question: every start ran CREATE TABLE IF NOT EXISTS, which needs CREATE on the schema even when the table is there
  ("permission denied for schema ...", in every worker, for good);
- a write waited as long as a lock on its table lasted (no statement timeout): a worker's POST /api/feedback and
  /api/ready waited with it;
- 'postgresql://faq:s3cr@tPW@db/faqbot' was read by libpq as the host 'tPW@db', and the error named that host;
  a '#' in a password (which libpq reads) was quoted in clear by every message naming FAQBOT_DATABASE_URL, as was a
  password=... in its query string; libpq's "unexpected spaces found in \"<password>\"" was passed on as said.

Real PostgreSQL (FAQBOT_TEST_POSTGRES_URL, conftest's postgres_url: a private schema); timeouts are guards only.
"""

from __future__ import annotations

import re
import secrets
import threading
from urllib.parse import parse_qs, urlsplit, urlunsplit

import pytest

from _server import run_cli, until
from bot import store_backends
from bot.model import Answer
from bot.store import Store, StoreError, naming_the_setting, shown

pytestmark = pytest.mark.services

SECRET = ("s3cr", "tPW")  # the two halves of every password below: neither may be in a message


def _with_user(url: str, user: str, password: str | None = None, database: str | None = None) -> str:
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    netloc = f"{user}{':' + password if password else ''}@{host}"
    return urlunsplit(parts._replace(netloc=netloc, path=f"/{database}" if database else parts.path))


def _schema(url: str) -> str:
    options = parse_qs(urlsplit(url).query)["options"][0]
    return re.search(r"search_path=(\w+)", options).group(1)


@pytest.fixture
def writer_role(postgres_url):
    """A login role that may use the test schema and nothing more (granted more by the test)."""
    psycopg = pytest.importorskip("psycopg")
    base = postgres_url.split("?")[0]
    role = "faqbot_writer_" + secrets.token_hex(4)
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {role} LOGIN")
        conn.execute(f"GRANT USAGE ON SCHEMA {_schema(postgres_url)} TO {role}")
    yield role
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"DROP OWNED BY {role}")
        conn.execute(f"DROP ROLE {role}")


def _answer(question: str = "how long will my skin peel") -> Answer:
    return Answer(question=question, answered=True, kind="answer", answer="a week", section_id="peel/how-long",
                  confidence=0.9)


def test_a_user_who_may_write_the_tables_but_not_create_any_logs_questions(postgres_url, writer_role):
    psycopg = pytest.importorskip("psycopg")
    Store(postgres_url).init()  # made once by their owner
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {_schema(postgres_url)}"
                     f" TO {writer_role}")
    store = Store(_with_user(postgres_url, writer_role))
    store.init()  # was: StoreError "PostgreSQL: permission denied for schema faqbot_test_..."
    store.log_question(_answer())
    store.log_feedback("how long will my skin peel", "peel/how-long", True)
    assert store.ping() is True
    assert [q.question for q in store.questions()] == ["how long will my skin peel"]
    assert len(store.feedback()) == 1
    store.close()


def test_a_user_who_may_not_create_the_missing_tables_is_told_so_in_one_line(postgres_url, writer_role):
    store = Store(_with_user(postgres_url, writer_role))
    with pytest.raises(StoreError) as e:
        store.init()
    said = str(e.value)
    assert "\n" not in said
    assert "permission denied" in said and "may not create faqbot's tables" in said, said
    store.close()


def test_a_write_behind_a_held_lock_is_cancelled_not_waited_for(postgres_url, monkeypatch):
    psycopg = pytest.importorskip("psycopg")
    monkeypatch.setattr(store_backends, "WRITE_TIMEOUT_MS", 300, raising=False)
    store = Store(postgres_url)
    store.init()
    outcomes: dict[str, object] = {}

    def write(name: str, fn) -> None:
        try:
            fn()
            outcomes[name] = "written"
        except StoreError as e:
            outcomes[name] = str(e)

    with psycopg.connect(postgres_url) as locker:  # a transaction holding the lock until the block ends
        locker.execute("LOCK TABLE faqbot_questions, faqbot_feedback IN ACCESS EXCLUSIVE MODE")
        for name, fn in (("feedback", lambda: store.log_feedback("q", None, False)),
                         ("questions", lambda: store.log_questions([store.entry(_answer())]))):
            thread = threading.Thread(target=write, args=(name, fn), daemon=True)
            thread.start()
            thread.join(timeout=30)  # a guard: the old code waited here for as long as the lock was held
            assert not thread.is_alive(), f"{name}: still waiting for the lock"
        locker.rollback()
    assert "statement timeout" in str(outcomes["feedback"]), outcomes
    assert "statement timeout" in str(outcomes["questions"]), outcomes
    # The lock gone, the store writes again (after its pause, which a new Store does not have).
    again = Store(postgres_url)
    again.log_feedback("q", None, False)
    assert len(again.feedback()) == 1
    again.close()
    store.close()


def test_the_servers_own_statement_timeout_is_kept(postgres_url):
    """An operator's statement_timeout (here in the URL's options) applies to writes as set, not faqbot's."""
    url = postgres_url.replace("options=", "options=-cstatement_timeout%3D123456%20", 1)
    store = Store(url)
    store.init()
    store.log_feedback("q", None, True)
    assert store.query("SELECT current_setting('statement_timeout')") == [("123456ms",)]
    store.close()


@pytest.mark.parametrize("userinfo", [
    "faq:s3cr@tPW",  # libpq ends the password at the first '@': the host was 'tPW@db.internal'
    "faq:s3cr/tPW",  # '/' ends the host part: libpq read the host 'faq', port 's3cr'
    "faq:s3cr?tPW",
    "faq:s3cr tPW",  # libpq: 'unexpected spaces found in "s3cr tPW"'
    "faq:s3cr%tPW",  # not %XX: libpq 'invalid percent-encoded token: "s3cr%tPW"'
    "faq:2024/s3crtPW",  # the part before the '/' reads as a port: the whole URL was quoted, password and all
    "faq:2024?s3crtPW",
])
def test_a_password_that_is_not_percent_encoded_is_one_line_naming_the_fix_without_the_password(userinfo):
    with pytest.raises(StoreError) as e:
        Store(f"postgresql://{userinfo}@db.internal:5432/faqbot")
    said = str(e.value)
    assert said.startswith("FAQBOT_DATABASE_URL: ") and "percent-encoded" in said and "%40" in said
    assert not any(part in said for part in SECRET), said


@pytest.mark.parametrize("url", [
    "postgresql://faq:s3cr%40tPW@db.internal:5432/faqbot",  # encoded
    "postgresql://faq@db.internal/faqbot?application_name=bot@clinic",  # an '@' in an option's value
    "postgresql://db.internal/faqbot?user=faq&password=s3cr%40tPW",
    "postgresql://faq:s3cr:tPW@[::1]:5432/faqbot",  # ':' in a password: libpq reads it; an IPv6 host
    "postgresql:///faqbot?host=/var/run/postgresql",
])
def test_urls_libpq_reads_as_they_look_are_accepted(url):
    assert Store(url).describe()


@pytest.mark.parametrize("url", [
    "postgresql://faq:s3cr#tPW@db.internal/faqbot",  # libpq reads '#' in a password; a URL parser, a fragment
    "postgresql://db.internal/faqbot?user=faq&password=s3crtPW&sslmode=require",
    "postgresql://faq:s3crtPW@db.internal/faqbot",
])
def test_messages_naming_the_database_hide_the_password(url):
    store = Store(url)
    assert not any(part in shown(url.replace("s3cr", "2024/s3cr")) for part in SECRET)
    for said in (store.describe(), naming_the_setting(url, StoreError("cannot connect"))):
        assert "db.internal" in said and "faqbot" in said
        assert not any(part in said for part in SECRET), said


def test_faqbot_report_names_a_missing_database_without_the_password(postgres_url, tmp_path):
    # The test server trusts 127.0.0.1 (the password is not checked): the database named is what fails.
    url = _with_user(postgres_url.split("?")[0], urlsplit(postgres_url).username or "postgres", "s3cr#tPW",
                     database="no_such_db_" + secrets.token_hex(3))
    done = run_cli("report", env={"FAQBOT_DATABASE_URL": url, "FAQBOT_INDEX_DIR": str(tmp_path / "index")})
    assert done.returncode == 1, done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "FAQBOT_DATABASE_URL" in lines[0] and "does not exist" in lines[0], done.stderr
    assert not any(part in done.stderr for part in SECRET), done.stderr


def test_libpq_quoting_a_password_it_cannot_read_is_not_passed_on(postgres_url):
    """A password in the query string is read by libpq alone: its error quoted it."""
    base = postgres_url.split("?")[0]
    store = Store(f"{base}?password=s3cr%20tPW%zz")
    with pytest.raises(StoreError) as e:
        store.query("SELECT 1")
    said = str(e.value)
    assert "percent-encoded" in said and not any(part in said for part in SECRET), said


def test_what_waits_behind_a_write_that_timed_out_fails_with_it_not_after_its_own_wait(postgres_url, monkeypatch):
    """The operations queued for the worker's connection behind a write cancelled by the timeout (a table locked) fail
    as it did, at once: each waited out its own timeout before, one after the other, and a worker's /api/ready (its
    ping queued behind them) answered 200 after 15 s of a 20 s lock."""
    psycopg = pytest.importorskip("psycopg")
    # Long enough for the second thread to be queued behind the first write for certain: a guard, not a measure.
    monkeypatch.setattr(store_backends, "WRITE_TIMEOUT_MS", 2000, raising=False)
    store = Store(postgres_url)
    store.init()
    outcomes: dict[str, object] = {}

    def write() -> None:
        try:
            store.log_feedback("q", None, False)
            outcomes["write"] = "written"
        except StoreError as e:
            outcomes["write"] = str(e)

    def ping() -> None:
        outcomes["ping"] = store.ping()

    with psycopg.connect(postgres_url) as locker:
        locker.execute("LOCK TABLE faqbot_feedback IN ACCESS EXCLUSIVE MODE")
        first = threading.Thread(target=write, daemon=True)
        first.start()
        with psycopg.connect(postgres_url, autocommit=True) as watcher:  # a view of the server's sessions each time
            until(lambda: watcher.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                " AND query LIKE 'INSERT INTO faqbot_feedback%'").fetchone()[0], "the write waiting for the lock")
        second = threading.Thread(target=ping, daemon=True)
        second.start()
        first.join(timeout=30)
        second.join(timeout=30)
        locker.rollback()
    assert "statement timeout" in str(outcomes["write"]), outcomes
    assert outcomes["ping"] is False, outcomes  # was True: run once the write had timed out, whatever it had met
    store.close()


def _logs(store: Store) -> bool:
    try:
        store.log_question(_answer("is the clinic open on sunday"))
        return True
    except StoreError:
        return False


@pytest.mark.parametrize("db", ["sqlite", "postgres"])
def test_tables_dropped_under_a_running_store_are_made_again(db, tmp_path, request):
    """A database emptied under a running server (restored or recreated, the tables dropped by a cleanup): the store
    makes the tables again and logs, as it does for a SQLite file removed; it failed every write until a restart."""
    url = f"sqlite:///{tmp_path}/log.sqlite3" if db == "sqlite" else request.getfixturevalue("postgres_url")
    store = Store(url)
    store.init()
    store.log_question(_answer())
    store.execute("DROP TABLE faqbot_questions")
    store.execute("DROP TABLE faqbot_feedback")
    until(lambda: _logs(store), "the question logged again", within=20)
    store.log_feedback("is the clinic open on sunday", None, True)
    assert [q.question for q in store.questions()] == ["is the clinic open on sunday"]
    store.close()


def test_a_server_out_of_connections_at_start_is_waited_for_not_refused(postgres_url, writer_role):
    """'too many connections' (here the role's CONNECTION LIMIT, taken by another client; in a deploy, the old
    release's workers still connected) passes: `faqbot serve` warns and its workers wait, as for a server restarting.
    It was a StoreError: exit 1, the new release not started."""
    psycopg = pytest.importorskip("psycopg")
    base = postgres_url.split("?")[0]
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"ALTER ROLE {writer_role} CONNECTION LIMIT 1")
    url = _with_user(postgres_url, writer_role)
    with psycopg.connect(url):  # the one connection the role may have
        warning = Store(url).check()
    assert warning is not None and "too many connections" in warning and "does not answer now" in warning, warning


def test_a_read_cancelled_by_the_servers_statement_timeout_leaves_the_log_writing(postgres_url):
    """An operator's statement_timeout cancelling a long read (the dashboard or `faqbot report` over a large log) is
    that read's error alone: the store took the database as down, and for the pause after it this worker answered
    the visitors' thumbs with 503 and held its question log, the database answering all along."""
    url = postgres_url.replace("options=", "options=-cstatement_timeout%3D200%20", 1)
    store = Store(url)
    store.init()
    with pytest.raises(StoreError, match="statement timeout"):
        store.query("SELECT pg_sleep(5)")
    store.log_feedback("how long will my skin peel", None, True)  # was: "database unavailable, retrying shortly"
    store.log_question(_answer())
    assert store.ping() is True
    assert len(store.feedback()) == 1 and len(store.questions()) == 1
    store.close()
