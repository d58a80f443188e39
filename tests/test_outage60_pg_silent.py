"""A PostgreSQL server that stops answering without closing the connection (hung, or a proxy or a network between that
keeps the connection open): a worker's write, and every operation queued behind it for the connection, waited for good
(psycopg has no client-side timeout, and the server's statement_timeout cannot fire on a server that does not run).
Now the store stops waiting (the write timeout plus a grace; a ping after PING_TIMEOUT), closes the connection, pauses
as for any failure, and connects again once the server answers.

Real PostgreSQL (conftest's postgres_url) behind a forwarder this test freezes: it holds what either side sends, the
connections stay open. The join timeouts are guards, not measures.
"""

from __future__ import annotations

import threading
from urllib.parse import urlsplit, urlunsplit

import pytest

from _proxy import Cuttable
from _server import until
from _threads import ended
from bot import store_backends
from bot.store import Store, StoreError

pytestmark = pytest.mark.services


class Freezable(Cuttable):
    """A Cuttable that can also freeze: nothing is passed on either way, and no connection is closed."""

    def __init__(self, host: str, port: int) -> None:
        self.thawed = threading.Event()
        self.thawed.set()
        super().__init__(host, port)

    def passes(self, data: bytes, from_client: bool) -> bool:
        self.thawed.wait()  # frozen: this chunk waits, the sockets stay open
        return True

    def _pump(self, src, dst, from_client: bool) -> None:
        # Cuttable connects upstream with a 5 s timeout that stays on the socket: a server silent for 5 s had its
        # connection closed by the forwarder, which a server that hangs does not do.
        src.settimeout(None)
        super()._pump(src, dst, from_client)


@pytest.fixture
def frozen_later(postgres_url):
    pytest.importorskip("psycopg")
    parts = urlsplit(postgres_url)
    proxy = Freezable(parts.hostname, parts.port or 5432)
    userinfo = parts.netloc.rpartition("@")[0]
    url = urlunsplit(parts._replace(netloc=(userinfo + "@" if userinfo else "") + f"127.0.0.1:{proxy.port}"))
    yield proxy, url
    proxy.thawed.set()
    proxy.close()





def test_a_write_to_a_server_that_stops_answering_fails_and_the_store_comes_back(frozen_later, monkeypatch):
    proxy, url = frozen_later
    monkeypatch.setattr(store_backends, "WRITE_TIMEOUT_MS", 300, raising=False)
    monkeypatch.setattr(store_backends, "ANSWER_GRACE", 0.5, raising=False)
    store = Store(url)
    store.init()
    store.log_feedback("before", None, True)
    proxy.thawed.clear()
    outcome = ended(lambda: store.log_feedback("while frozen", None, True), guard=30)
    assert not outcome["waiting"], "the write still waits for a server that does not answer"
    assert "timed out: no answer in 0.8 s" in str(outcome.get("error")), outcome
    assert store.problem() == "timed out"  # /api/ready's words, at once: the store pauses after the failure
    proxy.thawed.set()

    def writes() -> bool:
        try:
            store.log_feedback("after", None, True)
            return True
        except StoreError:
            return False

    until(writes, "the store writing again once the server answers")
    assert [f.question for f in store.feedback()][0] == "before" and "after" in [f.question for f in store.feedback()]
    store.close()


def test_a_ping_to_a_server_that_stops_answering_fails_in_its_own_time(frozen_later, monkeypatch):
    proxy, url = frozen_later
    monkeypatch.setattr(store_backends, "PING_TIMEOUT", 0.5, raising=False)
    store = Store(url)
    store.init()
    assert store.problem() is None
    proxy.thawed.clear()
    outcome = ended(store.problem, guard=30)  # the old code waited here for good
    assert not outcome["waiting"], "/api/ready's ping still waits for a server that does not answer"
    assert outcome["result"] == "timed out", outcome
    proxy.thawed.set()
    store.close()


def test_the_urls_own_tcp_options_are_kept_and_the_others_set(postgres_url):
    pytest.importorskip("psycopg")
    url = postgres_url + "&keepalives_idle=42"
    store = Store(url)
    store.init()
    conn = store._backend._conn  # the connection the store opened: which options libpq was given
    options = {o.keyword.decode(): (o.val or b"").decode() for o in conn.pgconn.info}
    store.close()
    assert options["keepalives_idle"] == "42"  # an operator's
    assert options["keepalives"] == "1" and options["tcp_user_timeout"] == "15000", options
