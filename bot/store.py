"""The question and feedback log: SQLite (WAL) by default, PostgreSQL via psycopg 3; one schema for both.

A visitor's address is never stored: only an HMAC of it under a per-installation secret salt
kept outside the database (`load_salt`), so a leaked database alone does not reveal addresses. Nor are the
e-mail addresses, phone and card numbers a visitor types: questions are stored masked (bot/redact.py).
"""

from __future__ import annotations

import hmac
import importlib.util
import json
import os
import re
import secrets
import time
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path
from typing import Any, Sequence
from urllib.parse import urlsplit

from .model import Answer
from .redact import mask
from .settings import without_password
from .store_backends import Backend, Postgres, SQLite, StoreError

_TABLES = """
CREATE TABLE IF NOT EXISTS faqbot_questions (
    id {pk},
    asked_at DOUBLE PRECISION NOT NULL,
    question TEXT NOT NULL,
    kind TEXT NOT NULL,
    answered INTEGER NOT NULL,
    section_id TEXT,
    confidence DOUBLE PRECISION NOT NULL,
    client_hash TEXT,
    index_version TEXT,
    entry_key TEXT,
    masked INTEGER
);
CREATE TABLE IF NOT EXISTS faqbot_feedback (
    id {pk},
    given_at DOUBLE PRECISION NOT NULL,
    question TEXT NOT NULL,
    section_id TEXT,
    helpful INTEGER NOT NULL,
    client_hash TEXT,
    masked INTEGER
);
CREATE INDEX IF NOT EXISTS faqbot_feedback_given_at ON faqbot_feedback (given_at);
CREATE TABLE IF NOT EXISTS faqbot_edits (
    id {pk},
    made_at DOUBLE PRECISION NOT NULL,
    who TEXT NOT NULL,
    action TEXT NOT NULL,
    section_id TEXT,
    phrasings TEXT NOT NULL,
    file TEXT,
    tag TEXT,
    undone_at DOUBLE PRECISION,
    undone_by TEXT
);
CREATE TABLE IF NOT EXISTS faqbot_admin_sessions (
    id_hash TEXT PRIMARY KEY,
    created_at DOUBLE PRECISION NOT NULL,
    expires_at DOUBLE PRECISION NOT NULL,
    label TEXT NOT NULL
);
"""

# The migration on start: a database made by an earlier faqbot may lack columns added since; each is added
# (nullable, so old rows stay valid) before anything is written. Tables that are missing are created above.
_COLUMNS = {
    "faqbot_questions": {"section_id": "TEXT", "client_hash": "TEXT", "index_version": "TEXT", "entry_key": "TEXT",
                         "masked": "INTEGER"},
    "faqbot_feedback": {"section_id": "TEXT", "client_hash": "TEXT", "masked": "INTEGER"},
    "faqbot_edits": {"file": "TEXT", "tag": "TEXT", "undone_at": "DOUBLE PRECISION", "undone_by": "TEXT"},
}

# Indexes on columns the migration may just have added: created after it.
_AFTER_COLUMNS = """
CREATE UNIQUE INDEX IF NOT EXISTS faqbot_questions_entry_key ON faqbot_questions (entry_key);
CREATE INDEX IF NOT EXISTS faqbot_questions_unmasked ON faqbot_questions (id) WHERE masked IS NULL;
CREATE INDEX IF NOT EXISTS faqbot_feedback_unmasked ON faqbot_feedback (id) WHERE masked IS NULL;
CREATE INDEX IF NOT EXISTS faqbot_questions_period ON faqbot_questions
    (asked_at, kind, answered, section_id, confidence);
DROP INDEX IF EXISTS faqbot_questions_asked_at;
CREATE INDEX IF NOT EXISTS faqbot_questions_visitors ON faqbot_questions (question, asked_at, client_hash)
    WHERE client_hash IS NOT NULL;
CREATE INDEX IF NOT EXISTS faqbot_questions_confident ON faqbot_questions (section_id, asked_at)
    WHERE answered <> 0 AND kind <> 'no_answer';
"""

# What the dashboard and `faqbot report` read (bot/report_sql.py), each index made on open, so an existing log gets it:
# - period: a period's counts per day and per section read from the index alone, and the rows of the texts that need
#   attention (unanswered, low confidence) told apart in it before the table is read; it leads with asked_at, so it
#   serves all the plain index on asked_at did (retention's prune too), which it replaces.
# - visitors: the distinct visitors of given texts (read_visitors), looked up by text rather than over the period.
#   One holding every column their conditions read counted them from the index alone, 2-3x faster on a million rows,
#   but made the file 75% larger than with none of these three: not worth it.
# - confident: the confident answers of given sections (the thumbs-down ones needs_attention takes), by section.
# The two that lead with question and section_id are partial, on conditions the queries summing a period do not
# state, so neither can serve those: SQLite scanned a full index on question to skip their GROUP BY's sort, reading
# the whole table in random order, several times slower on a million rows.

# `masked` is 1 on a row whose question went through bot/redact.py's mask as it was written. NULL: written by a
# release from before masking (or by one running beside this one during an upgrade): `Store.mask_unmasked` masks
# those rows in place. The partial indexes above keep finding them cheap once none are left.
MASKED = 1

# Old rows are deleted this many at a time, each batch its own transaction: a first prune of a large log must not
# hold the database's write lock (SQLite's is the whole file) for longer than a batch.
PRUNE_BATCH = 5_000
DAY = 86_400

# After a failure, writes are dropped at once (no connection attempt) for a pause that doubles up to the
# maximum: a database that is down or unreachable must not make every request wait for a timeout.
RETRY_FIRST, RETRY_MAX = 0.5, 5.0


SALT_FILE = "faqbot-ip-salt"  # in the instance folder (the index folder's parent)

QuestionEntry = tuple  # a row for faqbot_questions, as `Store.entry` makes it


@dataclass(frozen=True)
class QuestionRow:
    """One logged question."""

    asked_at: float
    question: str
    kind: str
    answered: bool
    section_id: str | None
    confidence: float
    client_hash: str | None


@dataclass(frozen=True)
class FeedbackRow:
    """One logged thumbs up or down."""

    given_at: float
    question: str
    section_id: str | None
    helpful: bool
    client_hash: str | None


class SaltError(ValueError):
    """The salt file holds no salt (emptied, edited, another file copied over it); the message names it."""


def read_salt(path: str | os.PathLike) -> bytes:
    """The salt in the file at `path`: FileNotFoundError (an OSError) when there is none yet, SaltError when the
    file holds no salt (an empty file was read as the empty salt, one not in hex was a traceback in every worker)."""
    text = Path(path).read_text(encoding="ascii", errors="replace").strip()
    try:
        salt = bytes.fromhex(text)
    except ValueError:
        salt = b""
    if len(salt) < 16:
        raise SaltError(f"{path}: holds no address salt (faqbot writes 64 hex digits): put back your copy of it "
                        "(every machine of the install needs the same), or delete it to have a new one made "
                        "(returning visitors then count as new)")
    return salt


def load_salt(path: str | os.PathLike) -> bytes:
    """The installation's secret salt for address hashes: read from `path`, created once (race-free) if missing.
    Raises SaltError for a file that holds none, OSError when it cannot be read or made (nothing left behind)."""
    path = Path(path)
    try:
        return read_salt(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    try:
        tmp.write_text(secrets.token_hex(32) + "\n")  # a full disk: the file is made, the write fails
        os.chmod(tmp, 0o600)
        os.link(tmp, path)  # atomic: the first process to publish wins, the others read its salt
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)
    return read_salt(path)


def check_driver(url: str) -> None:
    """A StoreError now, in one line, when the database's client library is not installed (postgresql://
    without the postgres extra), rather than a server that starts and is never ready."""
    try:
        scheme = urlsplit(url).scheme
    except ValueError:  # Store(url) says what is wrong with it
        return
    if not is_postgres(scheme):
        return
    # Found, not imported: psycopg chooses at import whether to wait cooperatively (it does once gevent has
    # patched the process), so `faqbot serve` must not import it before its workers start.
    try:
        found = importlib.util.find_spec("psycopg") is not None
    except ImportError:
        found = False
    if not found:
        raise StoreError("FAQBOT_DATABASE_URL: PostgreSQL needs psycopg 3: pip install 'faqbot[postgres]'")


def is_postgres(scheme: str) -> bool:
    """Is this URL scheme PostgreSQL's as the store reads it (postgresql, postgres, postgresql+psycopg)?"""
    # Another driver's (postgresql+asyncpg) is not: the store connects with psycopg 3 alone, and refuses it.
    return scheme in ("postgresql", "postgres", "postgresql+psycopg")


def _password_not_encoded(url: str) -> bool:
    """Does this postgresql:// URL hold a user name or password with a character that is not percent-encoded and that
    libpq reads as part of the URL's structure? An '@' (libpq ends the user name and password at the first one), a
    '/' or '?' (they end the host part, so the '@' after them is not seen), a space or a '%' not starting %XX."""
    rest = url.split("://", 1)[1]
    authority = re.split(r"[/?]", rest, maxsplit=1)[0]  # what libpq reads as user:password@host:port
    if authority.count("@") > 1:
        return True
    if "@" in authority:
        userinfo = authority.rsplit("@", 1)[0]
        return " " in userinfo or re.search(r"%(?![0-9A-Fa-f]{2})", userinfo) is not None
    # No '@' before the first '/' or '?', but one after it: a password cut by its '/' or '?' ('user:pa/ss@host/db':
    # libpq reads the host 'user', the port 'pa'; 'app:2024/Summer@host', where the port reads as one), not an '@' in
    # an option's value ('?application_name=bot@clinic'). A database name with an '@' is refused too: encoded, it reads.
    path, _, query = rest[len(authority):].partition("?")
    if "@" in path:
        return True
    port = authority.rsplit(":", 1)[1] if ":" in authority and not authority.endswith("]") else ""
    return "@" in query and ("=" not in query.split("@", 1)[0] or (port != "" and not port.isdigit()))


def shown(url: str) -> str:
    """The URL as a message may quote it, without its password. A PostgreSQL URL is read as libpq reads it: the
    password is all between the user name's ':' and the last '@' before the host's end (settings' without_password,
    reading it as a URL, quoted 'postgresql://u:p#x@db/faqbot' whole: '#' starts a URL's fragment, not libpq's),
    and a password=... in its query string is hidden too."""
    head, sep, rest = url.partition("://")
    if not sep or not is_postgres(head.lower()):
        return without_password(url)
    if _password_not_encoded(url):  # where libpq's reading and the URL's differ, nothing before the last '@'
        return f"{head}://***@{rest.rsplit('@', 1)[1]}" if "@" in rest else f"{head}://***"
    authority = re.split(r"[/?]", rest, maxsplit=1)[0]
    tail = re.sub(r"(?i)([?&]password=)[^&]*", r"\1***", rest[len(authority):])
    if "@" in authority:
        userinfo, host = authority.rsplit("@", 1)
        if ":" in userinfo:
            authority = f"{userinfo.split(':', 1)[0]}:***@{host}"
    return f"{head}://{authority}{tail}"


def _schema_gone(e: StoreError) -> bool:
    """Did this fail because faqbot's tables (or a column of theirs) are not there? Dropped while serving: a database
    restored or recreated empty under a running server, a cleanup that dropped them. Every write failed with
    'relation "faqbot_questions" does not exist' until the server was restarted, the log's queue filling and then
    dropping visitors' questions."""
    sqlstate = getattr(e.__cause__, "sqlstate", None)  # PostgreSQL: undefined table, undefined column
    return sqlstate in ("42P01", "42703") or any(w in str(e) for w in ("no such table: faqbot_", "no such column"))


def _cancelled(e: StoreError) -> bool:
    """Was this a statement the server cancelled (statement_timeout, an operator's pg_cancel_backend)?"""
    return getattr(e.__cause__, "sqlstate", None) == "57014"


# What a failing database is, as /api/ready says it: a fixed phrase per kind of failure, never the driver's words
# (they name hosts, ports and users, and a URL libpq could not read is quoted). The first kind whose SQLSTATE or
# words the error (or what caused it) has; libpq gives a failed connection no SQLSTATE, so its words are read.
_KINDS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("authentication failed", ("28",),
     ("password authentication failed", "no password supplied", "authentication failed", "pg_hba.conf",
      "role \"")),
    ("database does not exist", ("3D",), ("does not exist",)),
    ("permission denied", ("42501",), ("permission denied", "Permission denied", "read-only", "readonly")),
    ("timed out", ("57014",), ("timeout expired", "timed out", "statement timeout", "database is locked")),
    ("server starting up or shutting down", ("57P",), ("the database system is",)),
    ("server out of connections", ("53300",),
     ("too many connections", "too many clients", "remaining connection slots")),
    ("disk full", ("53100",), ("disk is full", "No space left")),
    ("server not reachable", ("08",),
     ("Connection refused", "No route to host", "Network is unreachable", "failed to resolve host",
      "could not translate host name", "Name or service not known", "Temporary failure in name resolution",
      "server closed the connection", "connection is lost", "the connection is closed", "Connection reset",
      "consuming input failed", "sending query failed")),
    ("database file cannot be opened", (),
     ("is a folder", "is not a file", "Not a directory", "unable to open database file", "cannot open",
      "cannot create", "disk I/O error", "file is not a database")),
)


# The words failure_kind can say, but for "failed (<the error's type>)" (GET /openapi.json lists them).
FAILURE_KINDS: tuple[str, ...] = tuple(kind for kind, _, _ in _KINDS)


def failure_kind(error: BaseException) -> str:
    """What kind of failure a StoreError is, in a few fixed words (see _KINDS): never a host, user or password."""
    chain: list[BaseException] = []
    seen: BaseException | None = error
    while seen is not None and seen not in chain:
        chain.append(seen)
        seen = seen.__cause__
    driver = next((e for e in chain if not isinstance(e, StoreError)), None)
    sqlstate = getattr(driver, "sqlstate", None) or ""
    for kind, states, words in _KINDS:
        if sqlstate and sqlstate.startswith(states):
            return kind
    # the words of every error in the chain: a store paused after a failure says so, and why, in its own
    said = " ".join(str(e) for e in chain)
    for kind, states, words in _KINDS:
        if not sqlstate and any(w in said for w in words):
            return kind
    return f"failed ({type(driver or error).__name__})"


def _clean(text: str, limit: int = 2000) -> str:
    # NUL is refused by PostgreSQL and lone surrogates by every UTF-8 codec; neither is meaningful text.
    return text.replace("\x00", " ").encode("utf-8", "replace").decode("utf-8")[:limit]


def _optional(text: str | None) -> str | None:
    return None if text is None else _clean(text)


def naming_the_setting(url: str, e: StoreError) -> str:
    """The error as `faqbot serve` says it: naming FAQBOT_DATABASE_URL and the database, so an operator knows
    which setting to fix (the commands that read the log say the same)."""
    said = str(e)
    return said if said.startswith("FAQBOT_DATABASE_URL") else f"FAQBOT_DATABASE_URL: {shown(url)}: {said}"


class Store:
    """The log behind FAQBOT_DATABASE_URL; create the schema with `init()`, then log and query."""

    def __init__(self, url: str, salt: bytes = b"") -> None:
        self.url = url
        self.salt = salt
        try:
            scheme = urlsplit(url).scheme  # lower-cased: a scheme is case-insensitive (RFC 3986), as the settings read it
        except ValueError as e:  # 'postgresql://u:p@[host': one line naming the URL, as the settings check says it
            raise StoreError(f"FAQBOT_DATABASE_URL: cannot read {without_password(url)!r} as a URL ({e}): expected "
                             "sqlite:///path or postgresql://user:password@host:port/database") from None
        if scheme == "sqlite":
            self._backend: Backend = SQLite(url)
        elif is_postgres(scheme) and "://" in url:
            if _password_not_encoded(url):
                # libpq reads such a URL otherwise than it looks (the host 'ss@db.internal' of 'u:p@ss@db.internal'),
                # and its error and without_password's quote would put a part of the password in the log.
                raise StoreError("FAQBOT_DATABASE_URL: the user name or password in it holds a character a URL must "
                                 "have percent-encoded (@ / ? # % or a space: @ as %40, / as %2F, a space as %20); "
                                 "python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], "
                                 "safe=\"\"))' PASSWORD prints it encoded")
            self._backend = Postgres(url)
        else:  # as the settings check says it (a Store made without Settings: backup, tests, scripts)
            raise StoreError(f"FAQBOT_DATABASE_URL: unsupported database {shown(url)!r}: expected "
                             "sqlite:///path or postgresql://... (postgresql+psycopg://, psycopg 3 being the driver)")
        self._ready = False
        self._down_until = 0.0  # time.monotonic() before which the database is taken as down
        self._pause = 0.0
        self._last_error: StoreError | None = None

    def describe(self) -> str:
        """The URL without a password, for messages."""
        return shown(self.url)

    def init(self) -> None:
        """Create the tables if missing and add missing columns (idempotent; safe from several processes at once)."""
        # No lock of its own: the backend's is safe from several processes at once, so from several threads too
        # (SQLite: a transaction each; PostgreSQL: one connection under its lock). A lock here was taken both on a
        # gevent worker's loop (PostgreSQL) and in its native threads (SQLite writes): gevent's hung the threads,
        # and the operating system's would stop the loop while a greenlet held it waiting for PostgreSQL.
        self._backend.create_schema(_TABLES, _COLUMNS, _AFTER_COLUMNS)
        self._ready = True

    def _ensure(self) -> None:
        # A SQLite file removed while serving (by hand, a cleaner) is made again as at the first start, 0600 with its
        # tables: a connection alone made an empty file, 0644, that every write and read failed on until a restart.
        if not self._ready or not self._backend.exists():
            self.init()

    def _guarded(self, operation):
        """Run a database operation, or fail at once while the database is known to be down."""
        if time.monotonic() < self._down_until:
            raise StoreError(f"database unavailable, retrying shortly: {self._last_error}") from self._last_error
        try:
            self._ensure()
            result = operation()
        except StoreError as e:
            if _schema_gone(e):  # made again on the next try, as a removed SQLite file is (_ensure)
                self._ready = False
            if _cancelled(e) and not e.write:
                # A read cancelled by the server's statement_timeout (a dashboard over a large log): the database
                # answers. Taken as down, it had this worker drop the visitors' feedback and hold its log for a while.
                raise
            self._pause = min(RETRY_MAX, self._pause * 2 or RETRY_FIRST)
            self._down_until = time.monotonic() + self._pause
            self._last_error = e
            raise
        self._pause = 0.0
        return result

    @property
    def waits_on_files(self) -> bool:
        """True for SQLite: a write waits for the local disk (a server on an event loop should do it in a thread)."""
        return isinstance(self._backend, SQLite)

    @property
    def sqlite_path(self) -> Path | None:
        """The SQLite file behind the log, or None for PostgreSQL."""
        return self._backend.path if isinstance(self._backend, SQLite) else None

    @property
    def available(self) -> bool:
        """False while the database is taken as down after a failure (no connection is attempted)."""
        return time.monotonic() >= self._down_until

    def client_hash(self, address: str | None) -> str | None:
        """A salted, keyed hash of a client address; the address itself is never stored."""
        if not address:
            return None
        return hmac.new(self.salt, address.encode("utf-8", "replace"), sha256).hexdigest()[:32]

    def entry(self, answer: Answer, address: str | None = None, index_version: str | None = None,
              key: str | None = None) -> QuestionEntry:
        """The row logging this answer (asked now), with the address already hashed, the question masked
        (bot/redact.py: e-mail addresses, phone and card numbers) and a key of its own: `key` when the caller
        has one (the same question sent again gives the same key, and is logged once), else a random one."""
        # Every string is cleaned, not only the visitor's: section ids and versions come from content and names.
        # The key makes a retried batch harmless: a batch the database committed while the connection broke
        # (the client saw an error, so it writes the batch again) is not logged twice.
        return (time.time(), _clean(mask(answer.question)), _clean(answer.kind, 50), int(bool(answer.answered)),
                _optional(answer.section_id), float(answer.confidence), self.client_hash(address),
                _optional(index_version), key or secrets.token_hex(12), MASKED)

    def log_question(self, answer: Answer, address: str | None = None, index_version: str | None = None) -> None:
        """Record one answered (or unanswered) question; raises StoreError when the database is unavailable."""
        self.log_questions([self.entry(answer, address, index_version)])

    def log_questions(self, entries: Sequence[QuestionEntry]) -> int:
        """Record several questions in one transaction and return how many were new; raises StoreError when the
        database is unavailable.

        Writing the same entries again is harmless: a row whose key is already stored is skipped (not counted)."""
        rows = list(entries)
        if not rows:
            return 0
        return self._guarded(lambda: self._backend.execute_many(
            "INSERT INTO faqbot_questions (asked_at, question, kind, answered, section_id, confidence,"
            " client_hash, index_version, entry_key, masked) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (entry_key) DO NOTHING", rows))

    def log_feedback(self, question: str, section_id: str | None, helpful: bool, address: str | None = None) -> None:
        """Record one thumbs up (helpful) or down, the question masked as `entry` masks it; raises StoreError when
        the database is unavailable."""
        row = (time.time(), _clean(mask(question)), _optional(section_id), int(bool(helpful)), self.client_hash(address),
               MASKED)
        self._guarded(lambda: self._backend.execute(
            "INSERT INTO faqbot_feedback (given_at, question, section_id, helpful, client_hash, masked)"
            " VALUES (?, ?, ?, ?, ?, ?)", row))

    def ping(self) -> bool:
        """True when the database answers (and the schema is in place); False at once while it is taken as down."""
        return self.problem() is None

    def problem(self) -> str | None:
        """None when the database answers (and the schema is in place), else the kind of failure in a few words that
        name no host, user or password (failure_kind): at once while it is taken as down, the last failure's."""
        try:
            self._guarded(self._backend.ping)
            return None
        except StoreError as e:
            return failure_kind(e)

    def questions(self, since: float | None = None) -> list[QuestionRow]:
        """Logged questions asked at or after `since` (unix time), oldest first."""
        self._ensure()
        rows = self._backend.query(
            "SELECT asked_at, question, kind, answered, section_id, confidence, client_hash"
            " FROM faqbot_questions WHERE asked_at >= ? ORDER BY asked_at, id", (since or 0.0,))
        return [QuestionRow(float(r[0]), r[1], r[2], bool(r[3]), r[4], float(r[5]), r[6]) for r in rows]

    def feedback(self, since: float | None = None) -> list[FeedbackRow]:
        """Logged feedback given at or after `since` (unix time), oldest first."""
        self._ensure()
        rows = self._backend.query(
            "SELECT given_at, question, section_id, helpful, client_hash"
            " FROM faqbot_feedback WHERE given_at >= ? ORDER BY given_at, id", (since or 0.0,))
        return [FeedbackRow(float(r[0]), r[1], r[2], bool(r[3]), r[4]) for r in rows]

    def prune(self, days: float, now: float | None = None) -> tuple[int, int]:
        """Delete the questions and feedback logged more than `days` days before `now`; how many of each.

        Their text is overwritten, not left in free space of a SQLite file (PostgreSQL's autovacuum reclaims it)."""
        before = (time.time() if now is None else now) - days * DAY
        deleted = []
        for table, column in (("faqbot_questions", "asked_at"), ("faqbot_feedback", "given_at")):
            total = 0
            while True:
                n = self._guarded(lambda: self._backend.execute(
                    f"DELETE FROM {table} WHERE id IN"
                    f" (SELECT id FROM {table} WHERE {column} < ? LIMIT {PRUNE_BATCH})", (before,)))
                total += n
                if n < PRUNE_BATCH:
                    break
            deleted.append(total)
        if any(deleted):
            self._guarded(self._backend.scrub)
        return deleted[0], deleted[1]

    def mask_unmasked(self) -> tuple[int, int, int]:
        """Mask (bot/redact.py) the questions and feedback stored unmasked by a release from before masking, and the
        questions the dashboard's Dismiss recorded before it masked them; how many of each had something masked. In
        batches of PRUNE_BATCH rows, each its own transaction, so writers never wait long; safe beside other processes
        doing it (a row is rewritten only while still unmasked). On SQLite the text replaced leaves no trace in the
        file, as for `prune`."""
        changed = []
        for table in ("faqbot_questions", "faqbot_feedback"):
            total = 0
            while True:
                rows = self._guarded(lambda: self._backend.query(
                    f"SELECT id, question FROM {table} WHERE masked IS NULL ORDER BY id LIMIT {PRUNE_BATCH}", ()))
                if not rows:
                    break
                updates = [(_clean(mask(text)), MASKED, key) for key, text in rows]
                changes = [u for u, (_key, old) in zip(updates, rows) if u[0] != old]
                same = [u for u, (_key, old) in zip(updates, rows) if u[0] == old]
                # Counted by the rows this process rewrote: two workers starting at once read the same unmasked rows,
                # and each said it had masked them all (the rows were right, the log lines double).
                sql = f"UPDATE {table} SET question = ?, masked = ? WHERE id = ? AND masked IS NULL"
                if changes:
                    total += self._guarded(lambda: self._backend.execute_many(sql, changes))
                if same:
                    self._guarded(lambda: self._backend.execute_many(sql, same))
                if len(rows) < PRUNE_BATCH:
                    break
            changed.append(total)
        changed.append(self._mask_dismissals())
        if any(changed):
            self._guarded(self._backend.scrub)
        return changed[0], changed[1], changed[2]

    def _mask_dismissals(self) -> int:
        """Mask the visitors' questions in dismissals (bot/editlog.py's DISMISS edits) recorded as typed; how many
        edits had something masked. The edit log has no `masked` column: a dismissal is rewritten only when masking
        changes it (masking masked text changes nothing), and the table holds a row per dashboard click, not per
        question. Phrasings an editor added as alternates are left as they are: they are content, in
        dashboard.alternates too, and undo matches them there."""
        total, last = 0, -1
        while True:
            rows = self._guarded(lambda: self._backend.query(
                "SELECT id, phrasings FROM faqbot_edits WHERE action = 'dismiss' AND id > ? ORDER BY id"
                f" LIMIT {PRUNE_BATCH}", (last,)))
            if not rows:
                break
            last = rows[-1][0]
            updates = []
            for key, old in rows:
                try:
                    texts = json.loads(old)
                except ValueError:
                    continue
                if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
                    continue  # not as faqbot writes it: left for a person to read
                masked = list(dict.fromkeys(mask(t) for t in texts))  # as Dismiss records now: masked, each once
                if masked != texts:
                    updates.append((json.dumps(masked), key, old))
            if updates:
                total += len(updates)
                self._guarded(lambda: self._backend.execute_many(
                    "UPDATE faqbot_edits SET phrasings = ? WHERE id = ? AND phrasings = ?", updates))
            if len(rows) < PRUNE_BATCH:
                break
        return total

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement ('?' placeholders, for both databases); how many rows it changed. Raises
        StoreError when unavailable."""
        return self._guarded(lambda: self._backend.execute(sql, params))

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        """Run one query ('?' placeholders; INSERT ... RETURNING too) and return its rows."""
        return self._guarded(lambda: self._backend.query(sql, params))

    def check(self) -> str | None:
        """For `faqbot serve` to say before it starts; writes nothing. A StoreError naming FAQBOT_DATABASE_URL when
        the log cannot be kept there (the SQLite file, or its folder, cannot be written; PostgreSQL's host does not
        resolve, or the server refuses the user, password or database); a warning line naming it when a PostgreSQL
        server does not answer now (refused, timed out), which the workers wait for; None when all is well."""
        try:
            away = self._backend.check()
        except StoreError as e:
            raise StoreError(f"FAQBOT_DATABASE_URL: {self.describe()}: {e}") from None
        if away:
            return (f"FAQBOT_DATABASE_URL: {self.describe()}: {away}: answering without the question log until it "
                    "does (questions wait in each worker's queue)")
        return None

    def exists(self) -> bool:
        """False for a SQLite file that was never created (nothing logged yet); True otherwise."""
        return self._backend.exists()

    def close(self) -> None:
        """Release connections held by this process."""
        self._backend.close()
