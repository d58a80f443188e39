"""The two databases behind bot/store.py's Store: SQLite (one short-lived connection per operation, WAL)
and PostgreSQL (psycopg 3, one connection per process, never shared across a fork). Each creates the
schema, adds the columns an older log lacks, and turns its driver's errors into StoreError.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import socket
import sqlite3
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Callable, Sequence
from urllib.parse import unquote


class StoreError(Exception):
    """The log database cannot be used (bad URL, unreachable server, unwritable file)."""

    def __init__(self, *args: object, write: bool = False) -> None:
        super().__init__(*args)
        self.write = write  # a write failed (Store tells a read the server cancelled from a write it did)


def cannot_open(path: Path, e: Exception | None = None) -> str:
    """Why SQLite could not open `path`, in words an operator acts on: SQLite says "unable to open database file"
    or "disk I/O error" for a folder and for a file this user may not read alike."""
    if path.is_dir():
        return f"{path} is a folder, not a SQLite database file"
    if path.exists() and not os.access(path, os.R_OK):
        return f"cannot read {path} (permission denied)"
    return f"cannot open {path}: {e or 'not readable'}"


def _migrate(execute: Callable[[str], Any], have: Callable[[str], set[str]], ddl: str,
             columns: dict[str, dict[str, str]], after: str) -> None:
    """Run the schema's statements, add the columns a table made by an older version lacks (`have`: a
    table's column names), then run the statements that need them (indexes on added columns)."""
    for statement in ddl.split(";"):
        if statement.strip():
            execute(statement)
    for table, wanted in columns.items():
        present = have(table)
        for name, kind in wanted.items():
            if name not in present:
                execute(f"ALTER TABLE {table} ADD COLUMN {name} {kind}")
    for statement in after.split(";"):
        if statement.strip():
            execute(statement)


class Backend:
    """What Store needs of a database."""

    def create_schema(self, ddl: str, columns: dict[str, dict[str, str]], after: str = "") -> None:
        raise NotImplementedError
    def execute(self, sql: str, params: Sequence[Any]) -> int: raise NotImplementedError  # rows changed
    def execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> int: raise NotImplementedError  # rows changed
    def query(self, sql: str, params: Sequence[Any]) -> list[tuple]: raise NotImplementedError
    def ping(self) -> None: self.query("SELECT 1", ())  # a StoreError unless the database answers
    def exists(self) -> bool: return True
    def check(self) -> str | None: return None  # a StoreError unless the log can be kept there; writes nothing
    def scrub(self) -> None: pass  # after deleting: leave no deleted text where the database keeps it
    def close(self) -> None: pass


_BUSY_SECONDS = 10  # how long a SQLite writer waits for another's lock


class SQLite(Backend):
    """One short-lived connection per operation: cheap for SQLite, safe across threads and forks."""

    def __init__(self, url: str) -> None:
        raw = url[len("sqlite://"):]
        if not raw.startswith("/"):
            raise StoreError(f"FAQBOT_DATABASE_URL: expected sqlite:///path, got {url!r}")
        # sqlite:///relative/path -> "relative/path"; sqlite:////abs/path -> "/abs/path" (SQLAlchemy's convention)
        path = unquote(raw[1:])
        if not path:
            raise StoreError("FAQBOT_DATABASE_URL: sqlite:/// needs a file path")
        self.path = Path(path)

    def _connect(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(self.path, timeout=_BUSY_SECONDS, isolation_level=None)
            conn.execute(f"PRAGMA busy_timeout = {_BUSY_SECONDS * 1000}")
            # A deleted row's text is overwritten with zeros, not left in a free page of the file.
            conn.execute("PRAGMA secure_delete = ON")
            return conn
        except sqlite3.Error as e:
            raise StoreError(cannot_open(self.path, e)) from e

    def _run(self, sql: str, params: Sequence[Any], fetch: bool) -> Any:
        conn = self._connect()
        try:
            cur = conn.execute(sql, tuple(params))
            return cur.fetchall() if fetch else cur.rowcount
        except sqlite3.Error as e:
            raise StoreError(f"{self.path}: {e}") from e
        finally:
            conn.close()

    def create_schema(self, ddl: str, columns: dict[str, dict[str, str]], after: str = "") -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # visitors' questions: readable by this user only, as backups are (SQLite gives its -wal and -shm files
            # the database file's mode); a file that is there already keeps the mode its operator gave it
            os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            pass
        except OSError as e:
            raise StoreError(f"cannot create {self.path}: {e}") from e
        conn = self._connect()
        try:
            # WAL lets readers (the report) and the writers (workers) proceed at once; it persists in the file.
            self._wal(conn)
            conn.execute("BEGIN IMMEDIATE")  # one process at a time creates and migrates
            _migrate(conn.execute, lambda table: {row[1] for row in conn.execute(f"PRAGMA table_info({table})")},
                     ddl.format(pk="INTEGER PRIMARY KEY AUTOINCREMENT"), columns, after)
            conn.execute("COMMIT")
        except sqlite3.Error as e:
            raise StoreError(f"{self.path}: {e}") from e
        finally:
            conn.close()

    def execute(self, sql: str, params: Sequence[Any]) -> int:
        return self._run(sql, params, fetch=False)

    def scrub(self) -> None:
        # The zeroed pages are in the write-ahead log until a checkpoint copies them into the file; copy them
        # now and empty the log (best effort: a reader still on an old snapshot lets it finish later).
        self._run("PRAGMA wal_checkpoint(TRUNCATE)", (), fetch=True)

    def execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> int:
        conn = self._connect()
        try:
            with conn:  # one transaction: a batch is written whole or not at all
                conn.execute("BEGIN")
                return conn.executemany(sql, [tuple(r) for r in rows]).rowcount  # summed over the rows
        except sqlite3.Error as e:
            raise StoreError(f"{self.path}: {e}") from e
        finally:
            conn.close()

    def query(self, sql: str, params: Sequence[Any]) -> list[tuple]:
        return self._run(sql, params, fetch=True)

    def exists(self) -> bool:
        return self.path.exists()

    def check(self) -> None:  # type: ignore[override]
        """A StoreError unless the log can be kept here: the file a SQLite database this process can write, or
        missing in a folder it can write or create. Writes nothing (a trial file is removed at once)."""
        path = self.path
        if path.exists():
            if not path.is_file():
                raise StoreError(f"{path} is not a file")
            try:
                conn = sqlite3.connect(path.resolve().as_uri() + "?mode=rw", uri=True, timeout=_BUSY_SECONDS)
                try:
                    conn.execute("PRAGMA schema_version").fetchone()
                finally:
                    conn.close()
            except sqlite3.Error as e:
                raise StoreError(cannot_open(path, e)) from e
            if not os.access(path, os.W_OK):
                raise StoreError(f"cannot write {path} (read-only)")
        folder = path.parent.absolute()
        while not folder.exists() and folder != folder.parent:  # the folder, or the one it will be made in
            folder = folder.parent
        missing = "" if folder == path.parent.absolute() else f"{path.parent} does not exist and cannot be made: "
        if not folder.is_dir():
            raise StoreError(f"{missing}{folder} is not a folder")
        try:
            # SQLite writes its -wal and -shm files beside the database; a page of it tells a full disk too.
            with tempfile.TemporaryFile(dir=folder) as trial:
                trial.write(b"\0" * 4096)
                trial.flush()
                os.fsync(trial.fileno())
        except OSError as e:
            raise StoreError(f"{missing}cannot write in {folder} ({e.strerror or e})") from e

    def journal_mode(self) -> str:
        return self._run("PRAGMA journal_mode", (), fetch=True)[0][0]

    @staticmethod
    def _wal(conn: sqlite3.Connection) -> None:
        """Switch the file to WAL unless it is already. While another process writes to a file in the old journal
        mode (a worker of the new release migrating an old database), SQLite refuses the switch at once, "database
        is locked", without waiting for the busy timeout: a worker starting beside it failed to start. So the
        switch is tried again, for as long as the busy timeout would have waited."""
        deadline = time.monotonic() + _BUSY_SECONDS
        while True:
            try:
                if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                    conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as e:
                if "locked" not in str(e) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)


# libpq's words for a server that is away rather than misnamed or refusing these credentials.
_AWAY = ("Connection refused", "timeout expired", "timed out", "No route to host", "Network is unreachable",
         "server closed the connection unexpectedly", "the database system is starting up",
         "the database system is shutting down",
         # out of connections (the server's max_connections, a role's or a database's CONNECTION LIMIT): it passes,
         # as the old release's workers, still connected during a deploy, stop
         "too many connections", "too many clients", "remaining connection slots are reserved")


class _SecondaryErrors(logging.Filter):
    """Drops psycopg's "error ignored ..." warnings: when the server goes away in the middle of a write, psycopg
    logs the failure of its own cleanup (ending the pipeline of an executemany, rolling back the transaction) as
    a WARNING, "error ignored terminating <psycopg.Pipeline [BAD] at 0x...>: the connection is lost", and then
    raises the error itself, which the store turns into its one line. Its other warnings pass."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (isinstance(record.msg, str) and record.msg.startswith("error ignored "))


_PSYCOPG_LOG = logging.getLogger("psycopg")

# How long one write (a batch of the question log, a thumbs up, a prune's batch) may run or wait for a lock before
# PostgreSQL cancels it, when the server sets no statement_timeout of its own (an operator's, in the URL's options or
# the role's settings, is kept). Without it a table locked by a migration or a long VACUUM FULL, or a server too slow
# to answer, held every POST /api/feedback and /api/ready of the worker (they wait for the writer's connection) for
# as long as the lock lasted. Reads (the report, the dashboard) are not cancelled by it (their limit: READ_TIMEOUT).
WRITE_TIMEOUT_MS = 5_000

# How long faqbot waits for the server's answer to a write beyond the statement_timeout the server applies to it, and for
# a ping (/api/ready): a server that stops answering without closing the connection (hung, or a proxy or a network
# between that keeps the connection open) held a worker's writes, and everything queued behind them, for good. Then
# the connection is closed, as a failure, and made again on the next try.
ANSWER_GRACE = 5.0
PING_TIMEOUT = 5.0
# The same for a read (`faqbot report`, the dashboard's queries), more generous: READ_TIMEOUT, or the server's own
# statement_timeout plus the grace when that is longer. Without it a hung server held the connection's lock, and
# every write of the worker queued behind it, for good: the TCP options below notice only a machine that is gone,
# not a server whose machine still acknowledges what is sent to it.
READ_TIMEOUT = 30.0

# libpq's connection options faqbot sets where the URL gives none of its own (an operator's are kept): a connection
# attempt gives up after 3 s (a worker waits for it holding the connection's lock).
_CONNECT_OPTIONS = {"connect_timeout": 3}

# libpq's TCP options, where the URL gives none of its own: keepalives notice a host that went away (down, or a network
# cut) in about 25 s on an idle or waiting connection, and tcp_user_timeout a write its kernel never acknowledged.
_TCP_OPTIONS = {"keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5, "keepalives_count": 3,
                "tcp_user_timeout": 15_000}
_UNITS_MS = {"ms": 1, "s": 1000, "min": 60_000, "h": 3_600_000, "d": 86_400_000}


def _timeout_ms(setting: str) -> int:
    """A statement_timeout as current_setting() shows it ('0', '5s', '123456ms', '2min') in ms; 0 for none."""
    m = re.fullmatch(r"(\d+)\s*(ms|s|min|h|d)?", setting.strip())
    return int(m[1]) * _UNITS_MS[m[2] or "ms"] if m else 0


# A statement that writes, whichever method runs it: an INSERT ... RETURNING (the edit log's) or an UPDATE ... RETURNING
# comes through query() for its rows, and had no write timeout there.
_WRITES = re.compile(r"\s*(INSERT|UPDATE|DELETE|MERGE)\b|.*\bRETURNING\b", re.IGNORECASE | re.DOTALL)

# The words of libpq's own "cannot read this URL" errors: each quotes the part it could not read, which is the password
# when it holds a space or a '%' that is not percent-encoded ('unexpected spaces found in "pass word", use ...').
_QUOTED = re.compile(r'"[^"]*"')


def _said(e: BaseException) -> str:
    """The first line of a driver error, without what libpq quotes of a URL it could not read (the password, maybe)."""
    said = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    if "percent-encoded" in said or "unexpected spaces" in said or "invalid URI" in said or "missing \"=\"" in said:
        said = _QUOTED.sub("(...)", said)
        said += ("; a user name or password holding @ / ? # % or a space must be percent-encoded in the URL "
                 "(@ as %40, a space as %20)")
    return said


def _schema_names(ddl: str, after: str) -> tuple[list[str], list[str], list[str]]:
    """The tables and indexes the schema's statements create, and the indexes they drop."""
    return (re.findall(r"CREATE TABLE IF NOT EXISTS (\w+)", ddl),
            re.findall(r"CREATE (?:UNIQUE )?INDEX IF NOT EXISTS (\w+)", ddl + after),
            re.findall(r"DROP INDEX IF EXISTS (\w+)", ddl + after))


class Postgres(Backend):
    """One connection per process (opened lazily, reopened after a failure), serialized by a lock."""

    def __init__(self, url: str) -> None:
        if not any(isinstance(f, _SecondaryErrors) for f in _PSYCOPG_LOG.filters):
            _PSYCOPG_LOG.addFilter(_SecondaryErrors())
        # libpq reads only postgresql:// and postgres:// in lower case ('POSTGRESQL://...' is "missing '='"); a
        # scheme is case-insensitive (RFC 3986), and the settings accept it in any case: given to psycopg lower-cased.
        self.url = "postgresql://" + url.split("://", 1)[1]
        self._conn = None
        self._lock = threading.Lock()
        self._pid = os.getpid()
        self._write_limit: int | None = None  # ms for SET LOCAL statement_timeout; None: the server sets its own
        self._answer_within: float | None = None  # seconds a write waits for the server's answer (None: no limit)
        self._read_within: float = READ_TIMEOUT  # seconds a read waits for the server's answer
        self._away_at = float("-inf")  # time.monotonic() of the last failure that says the server is away or slow
        self._away_said = ""

    def _psycopg(self):
        try:
            import psycopg
        except ImportError as e:
            raise StoreError("PostgreSQL needs psycopg 3: pip install 'faqbot[postgres]'") from e
        return psycopg

    @staticmethod
    def _sql(sql: str) -> str:
        return sql.replace("?", "%s")

    def _connection(self):
        psycopg = self._psycopg()
        if self._pid != os.getpid():  # forked: never share the parent's socket
            self._conn, self._pid = None, os.getpid()
        if self._conn is None or self._conn.closed:
            conn = None
            cut: list[float] = []
            try:
                conn = psycopg.connect(self.url, autocommit=True,
                                       **self._unset(psycopg, {**_CONNECT_OPTIONS, **_TCP_OPTIONS}))
                with self._deadline(conn, READ_TIMEOUT) as cut:  # a server that hangs once connected
                    setting = conn.execute("SELECT current_setting('statement_timeout')").fetchone()[0]
            except psycopg.Error as e:
                if conn is not None:
                    conn.close()
                said = self._failure(e, cut).removeprefix("PostgreSQL: ")
                raise StoreError(self._away(f"cannot connect to PostgreSQL: {said}")) from e
            self._conn = conn
            own = _timeout_ms(setting)
            self._write_limit = None if own else WRITE_TIMEOUT_MS
            self._answer_within = (own or WRITE_TIMEOUT_MS) / 1000 + ANSWER_GRACE
            self._read_within = max(READ_TIMEOUT, own / 1000 + ANSWER_GRACE) if own else READ_TIMEOUT
        return self._conn

    def _unset(self, psycopg, options: dict[str, int]) -> dict[str, int]:
        """`options` but those the URL sets (an operator's are kept: a keyword given to psycopg.connect overrides
        the URL's)."""
        try:
            given = psycopg.conninfo.conninfo_to_dict(self.url)
        except (psycopg.Error, ValueError):  # connect says what is wrong with the URL
            given = {}
        return {name: value for name, value in options.items() if name not in given}

    @contextlib.contextmanager
    def _deadline(self, conn, seconds: float | None):
        """Stop waiting for the server after `seconds` (None: no limit): the connection's socket is shut down, which
        ends psycopg's wait with an error (the connection with it). Yields a list that is not empty once it did."""
        cut: list[float] = []
        if seconds is None:
            yield cut
            return
        lock, done = threading.Lock(), []

        def stop_waiting() -> None:
            with lock:
                if done:  # answered meanwhile: the connection is sound
                    return
                cut.append(seconds)
                try:
                    sock = socket.socket(fileno=os.dup(conn.pgconn.socket))
                except Exception:  # (psycopg's error for a connection closed meanwhile; OSError)
                    return
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                finally:
                    sock.close()

        timer = threading.Timer(seconds, stop_waiting)
        timer.daemon = True
        timer.start()
        try:
            yield cut
        finally:
            with lock:
                done.append(True)
            timer.cancel()
            if cut:  # shut down, even if the answer came in just before: the connection is not used again
                with contextlib.suppress(Exception):
                    conn.close()
                if self._conn is conn:
                    self._conn = None

    @staticmethod
    def _failure(e: Exception, cut: list[float]) -> str:
        if cut:
            return f"PostgreSQL: timed out: no answer in {cut[0]:g} s (the connection is closed, made again next time)"
        return f"PostgreSQL: {_said(e)}"

    @contextlib.contextmanager
    def _turn(self):
        """The connection, for one operation at a time. One that waited for it while the operation holding it found
        the server away or too slow (a failed connection, a cancelled statement) fails at once, as that one did: the
        requests queued behind a write to a locked table each waited out their own timeout, one after the other
        (a worker's /api/ready answered after 15 s of a 20 s lock, with a 5 s write timeout)."""
        asked = time.monotonic()
        with self._lock:
            if self._away_at >= asked:
                raise StoreError(self._away_said)
            yield self._connection()

    def _away(self, said: str) -> str:
        """Note a failure that says the server is away or too slow (see _turn); returns `said`."""
        self._away_at, self._away_said = time.monotonic(), said
        return said

    def _limit_writes(self, cur) -> None:
        """In a write's transaction: let the server cancel it after WRITE_TIMEOUT_MS (unless it limits statements)."""
        if self._write_limit:
            cur.execute(f"SET LOCAL statement_timeout = {int(self._write_limit)}")

    def _run(self, sql: str, params: Sequence[Any], fetch: bool, within: float | None = None) -> Any:
        psycopg = self._psycopg()
        write = not fetch or _WRITES.match(sql) is not None
        with self._turn() as conn, \
                self._deadline(conn, self._answer_within if write else within or self._read_within) as cut:
            try:
                if not write:
                    with conn.cursor() as cur:
                        cur.execute(self._sql(sql), tuple(params))
                        return cur.fetchall()
                with conn.transaction(), conn.cursor() as cur:
                    self._limit_writes(cur)
                    cur.execute(self._sql(sql), tuple(params))
                    return cur.fetchall() if fetch else cur.rowcount
            except psycopg.Error as e:
                said = self._failure(e, cut)
                if not write and isinstance(e, psycopg.errors.QueryCanceled) and not conn.closed:
                    # A read the server's statement_timeout cancelled: the connection serves on, and what waits
                    # for it is no slower for it.
                    raise StoreError(said) from e
                if conn.closed or isinstance(e, psycopg.OperationalError):
                    self._drop()
                    self._away(said)
                raise StoreError(said, write=write) from e

    def _drop(self) -> None:
        try:
            if self._conn is not None:
                self._conn.close()
        finally:
            self._conn = None

    def create_schema(self, ddl: str, columns: dict[str, dict[str, str]], after: str = "") -> None:
        psycopg = self._psycopg()
        with self._turn() as conn:
            try:
                if self._complete(conn, ddl, columns, after):
                    return
                with conn.transaction(), conn.cursor() as cur:
                    # Several workers start at once; CREATE TABLE IF NOT EXISTS alone can race in PostgreSQL.
                    cur.execute("SELECT pg_advisory_xact_lock(4242424242)")
                    def have(table: str) -> set[str]:
                        cur.execute("SELECT column_name FROM information_schema.columns"
                                    " WHERE table_schema = current_schema() AND table_name = %s", (table,))
                        return {row[0] for row in cur.fetchall()}

                    _migrate(cur.execute, have, ddl.format(pk="BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"),
                             columns, after)
            except psycopg.errors.InsufficientPrivilege as e:
                self._drop()
                raise StoreError(f"PostgreSQL: {_said(e)}: this user may not create faqbot's tables (nor add what a "
                                 "new release adds to them); start faqbot once with a user that may, such as the "
                                 "database's owner, or GRANT CREATE ON SCHEMA to this one") from e
            except psycopg.Error as e:
                said = f"PostgreSQL: {_said(e)}"
                if conn.closed or isinstance(e, psycopg.OperationalError):
                    self._away(said)
                self._drop()
                raise StoreError(said) from e

    @staticmethod
    def _complete(conn, ddl: str, columns: dict[str, dict[str, str]], after: str) -> bool:
        """Are the tables, the columns a migration adds and the indexes all there (and the dropped index gone)? Then
        there is nothing to create: a user who may write the tables but not create any (the schema made once by
        its owner) logs as well as the owner does. CREATE ... IF NOT EXISTS alone needs the right to create in the
        schema even when nothing is missing: such a user's every worker failed to start its log, for good."""
        tables, indexes, dropped = _schema_names(ddl, after)
        found = conn.execute(
            "SELECT c.relname, c.relkind, a.attname FROM pg_class c"
            " LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
            " WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())"
            " AND c.relname = ANY(%s)", (tables + indexes + dropped,)).fetchall()
        have: dict[str, set[str]] = {}
        kinds: dict[str, str] = {}
        for name, kind, column in found:
            kinds[name] = kind
            have.setdefault(name, set()).add(column)
        return (all(kinds.get(t) in ("r", "p") for t in tables) and all(kinds.get(i) == "i" for i in indexes)
                and not any(d in kinds for d in dropped)
                and all(set(wanted) <= have.get(table, set()) for table, wanted in columns.items()))

    def check(self) -> str | None:
        """Connect and SELECT 1, creating nothing: a StoreError for what only a changed setting fixes (a host name
        that does not resolve, a URL libpq cannot read, a password, user or database the server refuses); for a
        server that does not answer now (refused, timed out, starting up, out of connections), which the workers
        wait for as they do when it goes away later (their log rows queued), the reason, for a warning; None when it
        answers."""
        psycopg = self._psycopg()
        cut: list[float] = []
        try:
            with psycopg.connect(self.url, autocommit=True, **self._unset(psycopg, _CONNECT_OPTIONS)) as conn, \
                    self._deadline(conn, PING_TIMEOUT) as cut:  # a server that hangs once connected
                conn.execute("SELECT 1")
        except (psycopg.Error, ValueError) as e:  # (a URL psycopg cannot read may be a ValueError)
            said = self._failure(e, cut).removeprefix("PostgreSQL: ")
            sqlstate = getattr(e, "sqlstate", None) or ""
            if sqlstate in ("", "57P03") and any(away in said for away in _AWAY) \
                    or isinstance(e, psycopg.errors.ConnectionTimeout) or sqlstate.startswith("53"):
                # (psycopg gives a failed connection no sqlstate; class 53, insufficient resources, should it.)
                return f"PostgreSQL does not answer now ({said})"
            raise StoreError(f"cannot connect to PostgreSQL: {said}") from e
        return None

    def execute(self, sql: str, params: Sequence[Any]) -> int:
        return self._run(sql, params, fetch=False)

    def execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> int:
        psycopg = self._psycopg()
        with self._turn() as conn, self._deadline(conn, self._answer_within) as cut:
            try:
                with conn.transaction(), conn.cursor() as cur:
                    self._limit_writes(cur)
                    cur.executemany(self._sql(sql), [tuple(r) for r in rows])
                    return cur.rowcount  # summed over the rows (psycopg 3)
            except psycopg.Error as e:
                said = self._failure(e, cut)
                if conn.closed or isinstance(e, psycopg.OperationalError):
                    self._drop()
                    self._away(said)
                raise StoreError(said, write=True) from e

    def query(self, sql: str, params: Sequence[Any]) -> list[tuple]:
        return self._run(sql, params, fetch=True)

    def ping(self) -> None:
        self._run("SELECT 1", (), fetch=True, within=PING_TIMEOUT)

    def close(self) -> None:
        with self._lock:
            self._drop()
