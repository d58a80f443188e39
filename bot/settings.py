"""Every FAQBOT_* setting, declared once: name, type, default, help and check, in the `Settings` fields.

The engine never reads os.environ; `Settings.from_env()` is called at the edges (CLI, WSGI factory) and
the result is passed in. `SETTINGS` (for the README test, `--help` texts and docs) is derived from the
fields, so there is no second list to keep equal and no second default anywhere.
"""

from __future__ import annotations

import math
import os
import re
import unicodedata
from dataclasses import dataclass, field, fields
from typing import Any, Callable, Mapping
from urllib.parse import unquote, urlsplit

Check = Callable[[Any], "str | None"]  # returns what is wrong with a value, or None


class SettingsError(ValueError):
    """A setting has a value that cannot be used; the message names the setting."""


@dataclass(frozen=True)
class Setting:
    """One setting as declared on `Settings`: its FAQBOT_* variable, type, default and help."""

    name: str  # attribute name; the environment variable is FAQBOT_<NAME upper>
    default: Any
    type: type
    help: str
    check: Check | None = None
    clean: Callable[[Any], Any] | None = None  # the value as stored, once checked (e.g. stripped, case folded)
    # A narrower range for a value a person gives (the environment, an option) than for one given in code: tests ask
    # for a reload every millisecond, which on a server only burns a CPU.
    outside: Check | None = None

    @property
    def env(self) -> str:
        return "FAQBOT_" + self.name.upper()

    def convert(self, raw: Any, where: str, outside: bool = False) -> Any:
        """The value of `raw` (a string from the environment or an option), checked; SettingsError names `where`.

        outside: given by a person (the environment, an option), so `self.outside` checks it too."""
        if isinstance(raw, self.type) and not isinstance(raw, bool):
            value = raw
        else:
            try:
                value = number(str(raw), self.type) if self.type in (int, float) else self.type(str(raw).strip())
            except ValueError:
                kind = "a whole number in ASCII digits" if self.type is int else \
                    "a number in ASCII digits, with a dot before any decimals"
                back = f", or {self._unset()}" if where == self.env else ""
                raise SettingsError(f"{where}: expected {self.type.__name__}, got {raw!r}: give {kind}{back}") from None
        if self.type is float and not math.isfinite(value):
            raise SettingsError(f"{where}: must be a finite number, got {raw!r}")
        problem = self.check(value) if self.check else None
        if not problem and outside and self.outside:
            problem = self.outside(value)
        if problem and self.type in (int, float):
            # A number out of range is quoted as given ("FAQBOT_THRESHOLD=1e-400": "got 1e-400", not "got 0.0")
            problem += f", got {str(raw).strip()}"
        if problem:
            back = f": {self._unset()}" if problem == _EMPTY and where == self.env else ""  # an option: leave it out
            raise SettingsError(f"{where}: {problem}{back}")
        return self.clean(value) if self.clean else value

    def _unset(self) -> str:
        """The way back to the default, for a variable: "unset FAQBOT_PORT for the default 8000"."""
        return f"unset {self.env} for the default {self.default}"


def number(text: str, kind: type = int) -> Any:
    """kind(text) (int or float) for a number written in ASCII, spaces around it aside; ValueError otherwise.

    Python's int() and float() also read Arabic-Indic or fullwidth digits and underscores ("\u0663", "1_0"), which
    no one means in a port or a count and the API refuses."""
    text = text.strip()
    if not text.isascii() or "_" in text:
        raise ValueError(f"not a number in ASCII digits: {text!r}")
    return kind(text)


# The longest question a setting may allow: a longer one does not fit in a request to /api/ask, whose body
# is at most 16 KB (web/app.py's MAX_BODY_BYTES).
MAX_QUESTION_LENGTH = 16 * 1024


# The shortest FAQBOT_RELOAD_INTERVAL: ten reads of the small CURRENT file a second cost an idle worker 0.2% of a CPU,
# and a new version is served within a tenth of a second.
MIN_RELOAD_INTERVAL = 0.1


# ---- checks, each next to nothing but the settings that use it --------------------------------------
# A number's check says what is wrong without the value: Setting.convert adds it as it was given.

def _between(low: float, high: float) -> Check:
    # An upper bound too: a huge value passes `at least` and then overflows a date or a timer much later.
    return lambda v: None if low <= v <= high else f"must be {low:,}..{high:,}"


_EMPTY = "must not be empty"


def _non_empty(v: str) -> str | None:
    return None if v.strip() else _EMPTY


def _prefixed(*prefixes: str, expected: str) -> Check:
    return lambda v: None if v.startswith(prefixes) else f"expected {expected}, got {without_password(v)!r}"


def _one_of(*choices: str, fold=str.lower) -> Check:
    return lambda v: None if fold(v) in choices else f"expected one of {', '.join(choices)}, got {v!r}"


def _threshold(v: float) -> str | None:
    return None if 0.0 < v <= 1.0 else "threshold must be above 0 and at most 1"


def _port(v: int) -> str | None:
    return None if 0 <= v <= 65535 else "port must be 0..65535"


def _positive_at_most(high: float) -> Check:
    return lambda v: None if 0 < v <= high else f"must be above 0 and at most {high:,}"


def without_password(url: str) -> str:
    """The URL as an error may quote it, with no part of a password in it (it would end up in the logs): whatever is
    between the user name's ':' and the last '@' as ***, and a password=... in the query as ***.

    Not read as a URL first: a password with '#', '/' or '?' in it, not percent-encoded ('redis://u:p#x@host'),
    ended the URL's authority there, so it had no password and was quoted whole. The last '@' of all ends it instead:
    a '@' further on (in a query) only hides more. A URL that cannot be read (an unclosed '[') hides the user too."""
    head, sep, rest = url.partition("://")
    if not sep:  # no URL: 'user:password@host' (no scheme), or libpq's 'host=db password=...'
        url = _DSN_PASSWORD.sub(r"\1***", url)
        shown = "***@" + url.rsplit("@", 1)[1] if "@" in url else url
    elif "@" not in rest:
        shown = url
    else:
        userinfo, after = rest.rsplit("@", 1)
        try:
            urlsplit(url)
        except ValueError:  # not read as a URL: the part before the '@' may be all password
            userinfo = "***"
        if ":" in userinfo:  # else a user name only
            userinfo = userinfo.split(":", 1)[0] + ":***"
        shown = f"{head}://{userinfo}@{after}"
    return _QUERY_PASSWORD.sub(r"\1***", shown)


# A password in a URL's query (redis-py and libpq read ?password=, libpq ?sslpassword= too), up to the next '&'.
_QUERY_PASSWORD = re.compile(r"(?i)([?&][^?&=]*password=)[^&]*")
# libpq's key=value form: password=secret or password = 'a quoted secret'.
_DSN_PASSWORD = re.compile(r"(?i)(\bpassword\s*=\s*)(?:'(?:[^'\\]|\\.)*'?|\S*)")


def _rate_limit_storage(v: str) -> str | None:
    problem = _prefixed("memory://", "redis://", "rediss://", expected="memory:// or redis://host:port")(v)
    if problem or v.startswith("memory://"):
        return problem
    try:
        host = urlsplit(v).hostname
    except ValueError as e:  # 'redis://[::1': the URL is not quoted, it may hold a password
        return f"cannot read it as a URL ({e}): expected redis://host:port, e.g. redis://127.0.0.1:6379/0"
    if not host:  # 'redis://' or 'redis://:password@' meant localhost:6379 to the library, without a word
        return f"names no host: expected redis://host:port, e.g. redis://127.0.0.1:6379/0, got {without_password(v)!r}"
    return None


def _sqlite_or_postgres(v: str) -> str | None:
    # postgresql+psycopg:// (SQLAlchemy's spelling) too: the store reads it as postgresql://, psycopg 3 being its driver.
    # In any case (RFC 3986: a scheme is case-insensitive), as the store reads it; it gives psycopg the scheme in
    # lower case, the only one libpq reads.
    if not v.lower().startswith(("sqlite:///", "postgresql://", "postgres://", "postgresql+psycopg://")):
        return f"expected sqlite:///path or postgresql://..., got {without_password(v)!r}"
    try:
        urlsplit(v)  # as the log store reads it: 'postgresql://u:p@[host' was a ValueError traceback in every command
    except ValueError as e:  # (the URL is not quoted: it may hold a password)
        return f"cannot read it as a URL ({e}): expected postgresql://user:password@host:port/database"
    path = unquote(v[len("sqlite:///"):]) if v.lower().startswith("sqlite:") else "-"
    if not path.strip():
        return f"sqlite:/// needs a file path (sqlite:///instance/faqbot.sqlite3), got {v!r}"
    if "\0" in path:
        return f"the file path must not contain a NUL byte, got {v!r}"
    return None


def _origins(v: str) -> str | None:
    # A browser's Origin header is scheme://host[:port], nothing else: 'clinic.example' or a page's URL would
    # be accepted and then never match a request, and the widget would fail with no word why.
    for origin in (o.strip() for o in v.split(",")):
        if not origin or origin == "*":
            continue
        if not re.fullmatch(r"https?://[^/\s]+/?", origin, re.IGNORECASE):
            return f"{origin!r} is no origin: expected scheme and host, e.g. https://clinic.example, or '*'"
        # Origins are compared whole: 'https://*.clinic.example' or a port past 65535 was accepted and matched
        # no page ever.
        if "*" in origin:
            return f"{origin!r}: a wildcard matches no page (a browser sends its page's exact origin): list each " \
                   "origin, or '*' alone for any"
        try:
            parts = urlsplit(origin)
        except ValueError:  # 'http://[::1': an IPv6 address not closed
            return f"{origin!r} is no origin: expected scheme and host, e.g. https://clinic.example, or '*'"
        try:
            port = parts.port
        except ValueError:
            port = 0
        if port == 0:
            return f"{origin!r} has no valid port (1..65535)"
    return None


def _token(v: str) -> str | None:
    # Stored stripped (a trailing newline from a secrets file is no part of the token a person types),
    # so spaces alone would silently turn the admin endpoints off: say so instead.
    return None if v == "" or v.strip() else "must not be only spaces (leave it empty to turn the admin endpoints off)"


def _header_value(v: str) -> str | None:
    # Sent in the Content-Security-Policy header of every page: a line break or another control
    # character there makes every page fail.
    bad = next((c for c in v if not " " <= c <= "~"), None)
    return None if bad is None else f"must be printable ASCII on one line (found {bad!r}), got {v!r}"


# The longest FAQBOT_NO_ANSWER_CONTACT: a line such as "Call us on 020 7946 0000 or email hello@clinic.example." is
# about 60 characters; the no-answer reply it ends is a short polite message, not a page.
MAX_CONTACT_LENGTH = 200


def _one_short_line(v: str) -> str | None:
    # Appended to every no-answer reply, which the widget shows as one paragraph and `faqbot ask` prints on one
    # line: a line break or another control character there would split or garble it. Spaces around it are dropped.
    v = v.strip()
    if len(v) > MAX_CONTACT_LENGTH:
        return f"must be at most {MAX_CONTACT_LENGTH} characters (one short line), got {len(v):,}"
    bad = next((c for c in v if unicodedata.category(c) in ("Cc", "Zl", "Zp")), None)
    if bad is not None:
        what = "a line break" if bad in "\n\r\x0b\x0c\x85\u2028\u2029" else "a control character"
        return f"must be one line without control characters (found {what}, {bad!r}), got {v!r}"
    return None


# A CSP source expression (CSP level 3): a keyword in single quotes, a scheme ("https:") or a host, with an optional
# scheme, "*." prefix, port and path. A browser skips one it cannot read: a list of such is 'none', and every page
# then refuses to be framed, without a word but in the visitor's console.
_CSP_SOURCE = re.compile(r"'(?:self|none)'|[a-z][a-z0-9+.-]*:|(?:[a-z][a-z0-9+.-]*://)?(?:\*|(?:\*\.)?[a-z0-9-]+"
                         r"(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::(?:\d{1,5}|\*))?(?:/[^\s;,']*)?", re.IGNORECASE)


def _frame_ancestors(v: str) -> str | None:
    problem = _header_value(v)
    if problem:
        return problem
    for source in v.replace(";", " ").split():  # guards.py reads ';' as a space: it may only add sources
        if source.lower() in ("self", "none", '"self"', '"none"'):
            keyword = source.strip('"').lower()
            return f"{source} must be written '{keyword}', in single quotes (without them a browser reads a host " \
                   f"name), got {v!r}"
        if not _CSP_SOURCE.fullmatch(source):
            how = "separate sources with spaces, not commas; " if "," in source else ""
            return f"{source!r} is no CSP source ({how}e.g. 'self' https://clinic.example https://*.clinic.example)"
    if "'none'" in v.lower() and len(v.replace(";", " ").split()) > 1:
        return f"'none' beside other sources is ignored by browsers: give 'none' alone, or the sources, got {v!r}"
    return None


# The grammar flask-limiter (the `limits` package) accepts: "N per|/ [M] unit[s]", several joined by ; , or |.
# Checked here without importing the web layer's library; tests/test_settings.py compares the two.
_ONE_RATE = r"\s*(\d+)\s*(?:/|per)\s*(?:(\d+)\s*)?(year|month|day|hour|minute|second)s?\s*"
_RATES = re.compile(rf"{_ONE_RATE}(?:[;,|]{_ONE_RATE})*", re.IGNORECASE)
# Seconds per unit, as the library counts them (a month is 30 days, a year 12 such months).
_RATE_UNIT = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "month": 30 * 86400, "year": 360 * 86400}
_RATE_LONGEST = 366 * 86400  # counters expire after their period: Redis refuses a huge expiry time


def _encoder(v: str) -> str | None:
    if not v.strip():
        return None
    from .encoder import ENCODERS  # no heavy import: the model loads only when an index needs it

    if v.strip().lower() in ENCODERS:
        return None
    return f"expected '' (lexical matching only) or one of {', '.join(ENCODERS)}, got {v!r}"


def _rate(v: str) -> str | None:
    if v.strip() == "0":
        return None
    if not _RATES.fullmatch(v):
        return f"expected a rate such as '30/minute' or '0', got {v!r}"
    for m in re.finditer(_ONE_RATE, v, re.IGNORECASE):
        count, times, unit = int(m.group(1)), int(m.group(2) or 1), m.group(3).lower()
        if count == 0 or times == 0:  # '0/minute' would refuse every request; '0' alone is off
            return f"a rate's count and period must be above 0 ('0' alone turns the limit off), got {v!r}"
        if times * _RATE_UNIT[unit] > _RATE_LONGEST:
            return f"a rate's period must be at most a year (366 days), got {v!r}"
    return None


# The access log as private as the question log: no address (a keyed hash of it), no query string.
PRIVATE_ACCESS_LOG = '%({faqbot.client}e)s %(t)s "%(m)s %({faqbot.path}e)s %(H)s" %(s)s %(b)s %(M)sms'


def setting(default: Any, help: str, check: Check | None = None, clean: Callable[[Any], Any] | None = None,
            outside: Check | None = None) -> Any:
    """Declare a `Settings` field: its default, its help text, how a value is checked and how it is stored (and how a
    value from the environment or an option is checked besides, if that is narrower)."""
    return field(default=default, metadata={"help": help, "check": check, "clean": clean, "outside": outside})


# ---- the settings -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Settings:
    """Resolved settings: defaults, overridden by FAQBOT_* variables, overridden by options."""

    content_dir: str = setting("knowledge", "Folder of content files the index is built from.", _non_empty)
    index_dir: str = setting("instance/index",
                             "Folder holding the index artifact (versions and the current pointer).", _non_empty)
    database_url: str = setting(
        "sqlite:///instance/faqbot.sqlite3",
        "Where questions and feedback are logged: sqlite:///path or postgresql://user:pass@host/db "
        "(postgres:// and postgresql+psycopg:// are read as postgresql://).",
        _sqlite_or_postgres)
    question_log_days: int = setting(
        0, "Days logged questions and feedback are kept: older ones are deleted when `faqbot serve` starts and "
           "every hour while it runs, or now by `faqbot prune`; 0 keeps them forever (0..36,500).",
        _between(0, 36_500))
    admin_token: str = setting("", "Bearer token for POST /api/reindex and the sign-in token of the /admin "
                                   "dashboard (spaces around it are ignored); empty disables both (404). `faqbot "
                                   "serve` warns of one shorter than 16 characters.",
                               _token, str.strip)
    cors_origins: str = setting(
        "", "Comma-separated origins allowed to call /api/ from a browser, each scheme and host (e.g. "
            "https://clinic.example, http://localhost:3000; no wildcards in a host); '*' for any.", _origins)
    encoder: str = setting(
        "", "Sentence encoder `faqbot build` adds beside TF-IDF: '' (lexical only) or 'minilm' (needs the semantic "
            "extra). `ask` and `serve` use the one the index was built with; a rebuild of stale content keeps it "
            "unless this names one.", _encoder)
    threshold: float = setting(
        0.4, "Confidence in (0, 1] an answer needs; below it the reply is 'no answer' with suggestions.", _threshold)
    rate_limit: str = setting(
        "30/minute", "Per-client limit on /api/ask and, counted apart, on /api/feedback, e.g. '30/minute'; '0' turns it "
        "off. A client is its address, an IPv6 one its /64.", _rate)
    admin_rate_limit: str = setting(
        "10/minute", "Per-client limit on wrong or missing admin tokens (401/403 from POST /api/reindex), e.g. "
                     "'10/minute'; past it even the right token gets 429 until the window ends; '0' turns it off.", _rate)
    rate_limit_storage: str = setting(
        "memory://", "Where rate-limit counters live: memory:// (per process) or redis://host:port (shared).",
        _rate_limit_storage)
    # Not empty: gunicorn would take an empty host for every interface (0.0.0.0).
    host: str = setting("127.0.0.1", "Address `faqbot serve` binds to.", _non_empty, str.strip)
    port: int = setting(8000, "Port `faqbot serve` listens on.", _port)
    workers: int = setting(
        1, "Worker processes (gunicorn, gevent) for `faqbot serve`, 1..1,000; each loads the index and serves up "
           "to 1,000 connections.", _between(1, 1000))
    frame_ancestors: str = setting("'self'", "CSP frame-ancestors for pages: who may embed them in a frame.",
                                   _frame_ancestors)
    site_title: str = setting("Lumen Skin Clinic", "The site's name on the demo page (header and window title).",
                              _non_empty)
    site_intro: str = setting("Questions about your treatment? Our assistant answers from the clinic's own aftercare "
                              "articles, any time of day.", "The introduction under the site's name on the demo page.")
    disclaimer: str = setting(
        "This is general information, not medical advice. Ask your practitioner about your own skin.",
        "The line the chat widget shows under the conversation.")
    greeting: str = setting("Hi! Ask me anything about your treatment and aftercare.",
                            "The chat widget's first message on the demo pages (empty: the widget's own).")
    no_answer_contact: str = setting(
        "", "A sentence added to every no-answer reply (CLI, API, widget) and to the reply to asking for a person, "
            "telling visitors how to reach one, "
            "e.g. 'Call us on 020 7946 0000 or email hello@clinic.example.'; one line (no line breaks or "
            f"control characters) of at most {MAX_CONTACT_LENGTH} characters; empty adds nothing.",
        _one_short_line, str.strip)
    max_question_length: int = setting(
        500, "Longest question accepted, in characters: longer gets 400 from /api/ask, exit 1 from faqbot ask "
             "(1..16,384: no longer one fits in a 16 KB request).", _between(1, MAX_QUESTION_LENGTH))
    keep_versions: int = setting(
        5, "How many index versions are kept in the index folder (for rollback), 1..100.", _between(1, 100))
    # At least 0.1 s: FAQBOT_RELOAD_INTERVAL=1e-9 was accepted, and each idle worker spent 50-60% of a CPU reading
    # CURRENT. Code (tests) may ask for less: the test of a reload by another process uses 0.001 s, so as not to wait.
    reload_interval: float = setting(
        1.0, f"Seconds between checks, per worker, for a newly published index version ({MIN_RELOAD_INTERVAL}..86,400: "
             "at most ten checks a second, at least one a day).", _positive_at_most(86_400),
        outside=_between(MIN_RELOAD_INTERVAL, 86_400))
    proxy_hops: int = setting(
        0, "Reverse proxies in front of the server whose X-Forwarded-For/-Proto are trusted "
           "(1 behind one nginx), 0..10; 0 uses the connecting address, e.g. for rate limits.", _between(0, 10))

    answer_cache: int = setting(
        1000, "Answers each worker keeps for questions asked again word for word (suggested questions, "
              "popular ones), per index version; 0 keeps none; at most 10,000, so that a worker's memory stays "
              "bounded (each holds a question and its history: up to a 16 KB request).", _between(0, 10_000))

    admin_session_minutes: int = setting(
        480, "How long an /admin sign-in lasts, in minutes, before the token is asked again (1..525,600: a "
             "year).", _between(1, 525_600))
    access_log_format: str = setting(
        PRIVATE_ACCESS_LOG,
        "gunicorn access-log format for `faqbot serve`. The default writes a keyed hash of the client address "
        "(the one the database stores), the path without its query string (GET questions stay out; %-escaped, so "
        "a path cannot write a line of its own), status, size and time; gunicorn's %(h)s (address) and %(r)s or "
        "%(q)s (with the query) are the operator's opt-in; empty turns the access log off.")
    log_format: str = setting("text", "Log lines as 'text' (timestamp, level, logger, message) or 'json' "
                                      "(one JSON object per line).", _one_of("text", "json"), str.lower)
    log_level: str = setting("INFO", "Least severe log level written: DEBUG, INFO, WARNING or ERROR.",
                             _one_of("DEBUG", "INFO", "WARNING", "ERROR", fold=str.upper), str.upper)

    def __post_init__(self) -> None:
        # Values given in code (tests, embedding apps) are checked like the environment's.
        for s in SETTINGS:
            object.__setattr__(self, s.name, s.convert(getattr(self, s.name), s.env))

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> "Settings":
        """Defaults < environment < explicit overrides (None values are ignored)."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for s in SETTINGS:
            if s.env in environ:
                values[s.name] = s.convert(environ[s.env], s.env, outside=True)
        for name, value in overrides.items():
            if value is None:
                continue
            if name not in _BY_NAME:
                raise SettingsError(f"unknown setting {name!r}")
            option = _OPTIONS.get(name, "--" + name.replace("_", "-"))
            values[name] = _BY_NAME[name].convert(value, option, outside=True)
        return cls(**values)

    def replace(self, **changes: Any) -> "Settings":
        """A copy with some settings changed (None values are ignored)."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data.update({k: v for k, v in changes.items() if v is not None})
        return Settings(**data)


_TYPES = {"str": str, "int": int, "float": float}
_OPTIONS = {"content_dir": "--content", "index_dir": "--index"}  # the command line's names, where not the setting's
SETTINGS: tuple[Setting, ...] = tuple(
    Setting(f.name, f.default, _TYPES[str(f.type)], f.metadata["help"], f.metadata["check"], f.metadata["clean"],
            f.metadata["outside"])
    for f in fields(Settings)
)
_BY_NAME = {s.name: s for s in SETTINGS}


# FAQBOT_* variables that are not settings but are read elsewhere: the test suite's and CI's own.
_NOT_SETTINGS = ("FAQBOT_TEST_", "FAQBOT_SERVICES_DIR")


def unknown_variables(environ: Mapping[str, str] | None = None) -> list[str]:
    """One warning line for each FAQBOT_* variable that is no setting (a misspelling, or one a later release
    dropped), which would otherwise leave the setting meant at its default without a word."""
    import difflib

    environ = os.environ if environ is None else environ
    known = [s.env for s in SETTINGS]
    lines = []
    for name in sorted(n for n in environ if n.startswith("FAQBOT_") and n not in known
                       and not n.startswith(_NOT_SETTINGS)):
        # Compared without the prefix every name shares: FAQBOT_FOO is not "close" to FAQBOT_PORT.
        close = difflib.get_close_matches(name[7:], [k[7:] for k in known], n=1, cutoff=0.7)
        hint = f"did you mean FAQBOT_{close[0]}? " if close else ""
        lines.append(f"{name} is not a faqbot setting: ignored ({hint}the settings are listed in the README)")
    return lines


def markdown_table() -> str:
    """The README's settings table, rendered from the declarations (a test keeps the README equal to it)."""
    lines = ["| variable | default | what it does |", "|---|---|---|"]
    lines += [f"| `{s.env}` | `{s.default}` | {s.help} |" for s in SETTINGS]
    return "\n".join(lines)


if __name__ == "__main__":  # python -m bot.settings: print the README's settings table
    print(markdown_table())
