"""PostgreSQL: the time limits faqbot sets (the connection attempt's, the reads') and the operator's own.

- The URL's connect_timeout is kept: faqbot's 3 s was given to psycopg.connect as a keyword, which overrides the
  URL's (the pooled connection's and `faqbot serve`'s check alike); 3 s stays where the URL sets none.
- A read (`faqbot report`, the dashboard's queries) from a server that stops answering without closing the connection
  waited for good, holding the connection's lock: every write of the worker queued behind it. Now it stops waiting
  after READ_TIMEOUT (30 s; the test sets 0.5 s), the connection is closed as after any failure, what queued behind it
  fails at once, and the store comes back once the server answers. The same for the query faqbot sends on connecting.

Real PostgreSQL (conftest's postgres_url) behind tests/_proxy.py's forwarder, frozen by the test: it holds what either
side sends and closes nothing; a listener that never answers for the check. Join timeouts and `until` are guards.
"""

from __future__ import annotations

import socket
import threading
from urllib.parse import urlsplit, urlunsplit

import pytest

from _env import require_module
from _proxy import Cuttable
from _server import until
from _threads import started
from bot import store_backends
from bot.store import Store, StoreError


class Freezable(Cuttable):
    """A forwarder that can freeze: nothing is passed on either way, no connection is closed. `holding` is set once a
    chunk waits; with `freeze_on`, the first chunk from the client that holds those bytes freezes it."""

    def __init__(self, host: str, port: int, freeze_on: bytes = b"") -> None:
        self.thawed = threading.Event()
        self.thawed.set()
        self.holding = threading.Event()
        self.freeze_on = freeze_on
        super().__init__(host, port)

    def passes(self, data: bytes, from_client: bool) -> bool:
        if self.freeze_on and from_client and self.freeze_on in data:
            self.freeze_on = b""
            self.thawed.clear()
        if not self.thawed.is_set():
            self.holding.set()
            self.thawed.wait()
        return True


def _via(proxy: Cuttable, url: str) -> str:
    parts = urlsplit(url)
    userinfo = parts.netloc.rpartition("@")[0]
    return urlunsplit(parts._replace(netloc=(userinfo + "@" if userinfo else "") + f"127.0.0.1:{proxy.port}"))


def _proxied(url: str, freeze_on: bytes = b"") -> Freezable:
    parts = urlsplit(url)
    return Freezable(parts.hostname, parts.port or 5432, freeze_on)





def _options(store: Store) -> dict[str, str]:
    conn = store._backend._conn  # the connection the store opened: which options libpq was given
    return {o.keyword.decode(): (o.val or b"").decode() for o in conn.pgconn.info}


@pytest.mark.services
def test_the_urls_connect_timeout_is_kept_and_3_s_set_otherwise(postgres_url):
    require_module("psycopg")
    own = Store(postgres_url + "&connect_timeout=11")
    own.init()
    ours = Store(postgres_url)
    ours.init()
    try:
        assert _options(own)["connect_timeout"] == "11"  # the operator's
        assert _options(ours)["connect_timeout"] == "3"
    finally:
        own.close()
        ours.close()


def test_the_check_before_serving_keeps_the_urls_connect_timeout(tmp_path):
    # A server that accepts and never says a word: the URL gives it 30 s. The check gave up after 3 s (faqbot's
    # keyword overrode the URL's); now it still waits past that, and ends when the server closes the connection.
    require_module("psycopg")
    listener = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []
    threading.Thread(target=lambda: accepted.append(listener.accept()[0]), daemon=True).start()
    store = Store(f"postgresql://faqbot@127.0.0.1:{listener.getsockname()[1]}/faqbot?connect_timeout=30")
    thread, outcome = started(store.check)
    try:
        thread.join(timeout=6)  # twice faqbot's 3 s
        assert thread.is_alive(), f"the check gave up before the URL's connect_timeout: {outcome}"
    finally:
        until(lambda: accepted, "the check's connection accepted", within=10)
        accepted[0].close()
        thread.join(timeout=30)
        listener.close()
    assert not thread.is_alive() and "does not answer now" in str(outcome.get("result")), outcome


@pytest.mark.services
def test_a_read_from_a_server_that_stops_answering_fails_and_frees_the_writes_queued_behind_it(postgres_url,
                                                                                               monkeypatch):
    require_module("psycopg")
    monkeypatch.setattr(store_backends, "READ_TIMEOUT", 0.5, raising=False)
    proxy = _proxied(postgres_url)
    store = Store(_via(proxy, postgres_url))
    try:
        store.init()
        store.log_feedback("before", None, True)
        proxy.thawed.clear()
        read, read_outcome = started(lambda: store.query("SELECT COUNT(*) FROM faqbot_feedback"))
        assert proxy.holding.wait(10), "the read never reached the forwarder"
        write, write_outcome = started(lambda: store.log_feedback("while frozen", None, True))  # queued
        read.join(timeout=30)  # guards: the old code waited here for good
        write.join(timeout=30)
        assert not read.is_alive(), "the read still waits for a server that does not answer"
        assert not write.is_alive(), "the write queued behind the read still waits"
        assert "timed out: no answer in 0.5 s" in str(read_outcome.get("error")), read_outcome
        assert "timed out" in str(write_outcome.get("error")), write_outcome  # failed as the read did, at once
        assert store.problem() == "timed out"  # /api/ready's words
        proxy.thawed.set()

        def reads() -> bool:
            try:
                return store.query("SELECT COUNT(*) FROM faqbot_feedback")[0][0] >= 1
            except StoreError:
                return False

        until(reads, "the store reading again once the server answers")
        assert [f.question for f in store.feedback()][0] == "before"
    finally:
        proxy.thawed.set()
        store.close()
        proxy.close()


@pytest.mark.services
def test_a_server_that_stops_answering_once_connected_fails_the_connection(postgres_url, monkeypatch):
    # The query faqbot sends on connecting (the server's statement_timeout) waited for good too.
    require_module("psycopg")
    monkeypatch.setattr(store_backends, "READ_TIMEOUT", 0.5, raising=False)
    proxy = _proxied(postgres_url, freeze_on=b"current_setting")
    store = Store(_via(proxy, postgres_url))
    try:
        thread, outcome = started(store.init)
        thread.join(timeout=30)  # a guard: the old code waited here for good
        assert not thread.is_alive(), "connecting still waits for a server that does not answer"
        assert "cannot connect to PostgreSQL: timed out: no answer in 0.5 s" in str(outcome.get("error")), outcome
        proxy.thawed.set()
        store.init()  # connected again
        store.log_feedback("after", None, True)
        assert [f.question for f in store.feedback()] == ["after"]
    finally:
        proxy.thawed.set()
        store.close()
        proxy.close()
