"""What the log says while PostgreSQL or Redis is away, and what a message may quote of a URL's password.

Found by an operator review with PostgreSQL and Redis (session 59):
1. POST /api/feedback wrote a warning line per refused vote while the database was away (5,565 lines in 10 s).
2. Redis stopped under traffic: flask-limiter's ERROR "Failed to rate limit" / "Failed to update rate limit headers.
   Swallowing error" with three chained tracebacks for the requests on their way, and nothing when it was back.
3. Every worker started with the database down said "questions stored before masking not masked yet": there may be
   no such rows at all.
4. without_password quoted a password with '#', '/' or '?' in it (not percent-encoded) whole.

Real PostgreSQL (conftest's postgres_url, behind a forwarder the test cuts) and a private Redis server this test
starts and stops by pid; timeouts are guards only.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import threading
from urllib.parse import urlsplit, urlunsplit

import pytest

from _app import small_kb_maker
from _env import in_ci, require_module
from _proxy import Cuttable
from _server import free_port, until
from bot.model import Answer
from bot.question_log import QuestionLog
from bot.settings import Settings, SettingsError, without_password
from bot.store import Store

VOTE = {"question": "how long will my skin peel", "section_id": None, "helpful": True}


def _warnings(caplog, *loggers: str) -> list[str]:
    return [r.getMessage() for r in caplog.records
            if r.levelno >= logging.WARNING and (not loggers or r.name in loggers)]


# ---- 1. feedback refused while the database is away: one line, not one per vote --------------------------------

@pytest.mark.services
def test_feedback_refused_in_an_outage_is_one_line_then_one_when_stored_again(tmp_path, postgres_url, caplog):
    require_module("psycopg")
    parts = urlsplit(postgres_url)
    proxy = Cuttable(parts.hostname, parts.port or 5432)
    userinfo = parts.netloc.rpartition("@")[0]
    via_proxy = urlunsplit(parts._replace(netloc=(userinfo + "@" if userinfo else "") + f"127.0.0.1:{proxy.port}"))
    try:
        client = small_kb_maker(tmp_path)(database_url=via_proxy).test_client()
        assert client.post("/api/feedback", json=VOTE).status_code == 201
        proxy.cut()
        refused = [client.post("/api/feedback", json=VOTE) for _ in range(40)]
        assert {r.status_code for r in refused} == {503}  # visitors are answered as before
        assert all(r.headers["Retry-After"] for r in refused)
        lines = _warnings(caplog, "web.api")
        assert len(lines) == 1, lines  # was one per vote
        assert lines[0].startswith("feedback not stored, waiting for the database (visitors are answered 503): ")
        proxy.restore()

        def stored() -> bool:
            r = client.post("/api/feedback", json=VOTE)
            if r.status_code == 503:
                refused.append(r)
            return r.status_code == 201

        until(stored, "feedback stored again once the database is back")
    finally:
        proxy.close()
    lines = _warnings(caplog, "web.api")
    assert len(lines) == 2, lines
    assert lines[1] == f"feedback stored again: {len(refused)} votes refused while the database did not answer"
    assert not any(r.exc_info for r in caplog.records)


# ---- 2. Redis stopped under traffic: one line when it goes, one when it is back, no tracebacks ---------------

def _redis_server(port: int) -> subprocess.Popen:
    binary = shutil.which("redis-server")
    if binary is None:
        message = "redis-server is not installed (apt-get install redis-server)"
        if in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    redis = require_module("redis")

    def answers() -> bool:
        try:
            return redis.Redis(port=port, socket_timeout=1).ping()
        except redis.RedisError:
            return False

    until(answers, "redis-server answering", within=20)
    return proc


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        proc.wait(timeout=20)


def test_redis_stopped_under_traffic_is_one_line_and_one_when_it_is_back(tmp_path, caplog):
    require_module("redis")
    port = free_port()
    redis_proc = _redis_server(port)
    app = small_kb_maker(tmp_path)(rate_limit="100000/minute", rate_limit_storage=f"redis://127.0.0.1:{port}/0")
    statuses: list[int] = []
    stop = threading.Event()

    def visitor(n: int) -> None:
        client = app.test_client()
        while not stop.is_set():
            r = client.get(f"/api/ask?q=how+long+will+my+skin+peel+{n}")
            statuses.append(r.status_code)

    visitors = [threading.Thread(target=visitor, args=(n,), daemon=True) for n in range(8)]
    try:
        for t in visitors:
            t.start()
        until(lambda: len(statuses) >= 50, "requests counted in Redis")
        _stop(redis_proc)  # mid-traffic: requests are on their way to Redis as it goes
        before = len(statuses)
        until(lambda: len(statuses) >= before + 200, "requests while Redis is away")
        redis_proc = _redis_server(port)  # back, on the same port
        until(lambda: "rate-limit storage reachable again" in caplog.text, "the line saying Redis is back")
    finally:
        stop.set()
        for t in visitors:
            t.join(30)
        _stop(redis_proc)
    assert set(statuses) == {200}  # never the visitor's error; limits counted in memory meanwhile
    lines = _warnings(caplog)
    assert len(lines) == 2, lines
    # (Redis's own words: "Connection closed by server.", "Error 111 connecting to 127.0.0.1:PORT. Connection refused.")
    assert re.fullmatch(r"rate-limit storage unreachable \(\S.*\); counting the rate limits in this worker's memory "
                        r"until it answers", lines[0]), lines
    assert lines[1] == "rate-limit storage reachable again; counting the rate limits there"
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


def test_a_redis_outage_still_limits_in_memory(tmp_path, caplog):
    """The fallback is as before: the limits hold while Redis is away, in this process's memory."""
    require_module("redis")
    port = free_port()
    redis_proc = _redis_server(port)
    try:
        client = small_kb_maker(tmp_path)(rate_limit="3/minute",
                                          rate_limit_storage=f"redis://127.0.0.1:{port}/0").test_client()
        assert client.get("/api/ask?q=peel").status_code == 200
    finally:
        _stop(redis_proc)
    assert [client.get("/api/ask?q=peel").status_code for _ in range(4)] == [200, 200, 200, 429]
    assert [w.split(" (")[0] for w in _warnings(caplog)] == ["rate-limit storage unreachable"]


# ---- 3. the masking pass with the database down says only what it knows ---------------------------------------

@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_masking_with_the_database_down_claims_no_rows(tmp_path, caplog, kind):
    if kind == "sqlite":
        blocker = tmp_path / "db"
        blocker.write_text("a file where the database folder should be")
        url = f"sqlite:///{blocker}/log.sqlite3"
    else:
        require_module("psycopg")
        url = f"postgresql://faqbot@127.0.0.1:{free_port()}/faqbot?connect_timeout=5"  # nothing listens there
    qlog = QuestionLog(Store(url))
    qlog.mask_when_due()  # as the writer thread does first as a worker starts
    qlog.put(Answer(question="q", answered=False, kind="no_answer", answer="Sorry"))
    lines = _warnings(caplog, "faqbot.log")
    assert len(lines) == 2, lines
    assert lines[0].startswith("could not look for rows an older release stored unmasked (tried again every "
                               "minute): ")
    assert "not masked yet" not in caplog.text
    # Its own line: the writer's first "waiting" line is not held back by the warnings' shared pause.
    assert lines[1].startswith("question log waiting for the database (1 row held): ")


# ---- 4. no part of a password in a quoted URL, whatever its shape ----------------------------------------------

@pytest.mark.parametrize("url, shown", [
    ("redis://u:hunter2#more@cache:6379/0", "redis://u:***@cache:6379/0"),  # '#' ended the URL's authority
    ("redis://u:hunter2/more@cache:6379/0", "redis://u:***@cache:6379/0"),
    ("redis://u:hunter2?more@cache", "redis://u:***@cache"),
    ("redis://u:hunter2 more@cache", "redis://u:***@cache"),
    ("redis://u:hunter2@more@cache", "redis://u:***@cache"),
    ("redis://:hunter2@more#x@cache:6379", "redis://:***@cache:6379"),
    ("redis://u:hunter2@more:x/y@cache/0", "redis://u:***@cache/0"),
    ("rediss://u:hunter2%23more@cache", "rediss://u:***@cache"),
    ("redis://cache:6379/0?password=hunter2#more", "redis://cache:6379/0?password=***"),
    ("redis://cache/0?db=1&Password=hunter2more&ssl=1", "redis://cache/0?db=1&Password=***&ssl=1"),
    ("postgresql://db/faqbot?sslpassword=hunter2more", "postgresql://db/faqbot?sslpassword=***"),
    ("u:hunter2more@cache:6379", "***@cache:6379"),  # no scheme
    ("host=db password=hunter2more user=u", "host=db password=*** user=u"),  # libpq's key=value form
    ("host=db password = 'hunter2 more' user=u", "host=db password = *** user=u"),
    ("redis://u:hunter2more@[cache:6379", "redis://***@[cache:6379"),  # not read as a URL: the user hidden too
    # unchanged: nothing secret in them
    ("redis://cache:6379/0", "redis://cache:6379/0"), ("redis://user@cache", "redis://user@cache"),
    ("memory://", "memory://"), ("redis://u:***@cache", "redis://u:***@cache"),
])
def test_without_password_never_quotes_a_part_of_the_password(url, shown):
    assert without_password(url) == shown
    assert "hunter2" not in shown and "more" not in shown


@pytest.mark.parametrize("env, value", [
    ("FAQBOT_RATE_LIMIT_STORAGE", "memcached://u:hunter2#more@cache:11211"),
    ("FAQBOT_DATABASE_URL", "mysql://u:hunter2/more@db/faqbot"),
    ("FAQBOT_DATABASE_URL", "host=db password=hunter2more"),
])
def test_a_settings_error_quotes_no_part_of_the_password(env, value):
    with pytest.raises(SettingsError) as e:
        Settings.from_env({env: value})
    message = str(e.value)
    assert message.startswith(env) and "***" in message
    assert "hunter2" not in message and "more" not in message
