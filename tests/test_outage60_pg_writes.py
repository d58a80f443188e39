"""Writes to PostgreSQL that return rows (INSERT ... RETURNING, through Store.query: the edit log's) get the write
timeout the other writes have: behind a table locked by a migration or a VACUUM FULL, an admin's "Add as alternate"
waited for as long as the lock lasted, holding the worker's connection and whatever queued behind it.

Real PostgreSQL (conftest's postgres_url); the join timeouts are guards, not measures.
"""

from __future__ import annotations


import pytest

from _threads import ended
from bot import store_backends
from bot.editlog import EditLog
from bot.store import Store, StoreError

pytestmark = pytest.mark.services





@pytest.mark.parametrize("what", ["insert returning", "update returning"])
def test_a_write_returning_rows_behind_a_held_lock_is_cancelled_not_waited_for(postgres_url, monkeypatch, what):
    psycopg = pytest.importorskip("psycopg")
    monkeypatch.setattr(store_backends, "WRITE_TIMEOUT_MS", 300, raising=False)
    store = Store(postgres_url)
    store.init()
    edits = EditLog(store)
    first = edits.record("session 1", "add", "peel/how-long", ["how long does peeling last"])
    write = ((lambda: edits.record("session 1", "add", "peel/how-long", ["does it peel"])) if what == "insert returning"
             else (lambda: edits.mark_undone(first, "session 1")))
    with psycopg.connect(postgres_url) as locker:  # a transaction holding the lock until the block ends
        locker.execute("LOCK TABLE faqbot_edits IN ACCESS EXCLUSIVE MODE")
        outcome = ended(write, guard=20)  # the old code waited as long as the lock was held
        locker.rollback()
    assert not outcome["waiting"], "still waiting for the lock"
    error = outcome.get("error")
    assert isinstance(error, StoreError) and "statement timeout" in str(error), outcome
    assert error.write  # a write the server cancelled, as one through execute is: the store pauses after it
    again = EditLog(Store(postgres_url))  # (a new Store: the first one pauses after the failure)
    assert [(e.id, e.undone_at) for e in again.edits()] == [(first, None)]  # nothing written by the cancelled one
    store.close()
    again.store.close()


def test_a_write_returning_rows_keeps_the_servers_own_statement_timeout_and_returns_them(postgres_url):
    """An operator's statement_timeout (in the URL's options) applies as set; the rows come back as before."""
    url = postgres_url.replace("options=", "options=-cstatement_timeout%3D123456%20", 1)
    store = Store(url)
    store.init()
    edits = EditLog(store)
    first = edits.record("session 1", "add", "peel/how-long", ["how long does peeling last"])
    assert edits.mark_undone(first, "session 1") is True and edits.mark_undone(first, "session 1") is False
    assert store.query("SELECT current_setting('statement_timeout')") == [("123456ms",)]
    store.close()


def test_a_long_read_through_query_is_not_limited(postgres_url, monkeypatch):
    """Reads (the report, the dashboard) keep no write timeout: a read longer than it is answered."""
    monkeypatch.setattr(store_backends, "WRITE_TIMEOUT_MS", 100, raising=False)
    store = Store(postgres_url)
    store.init()
    assert store.query("SELECT 1 FROM pg_sleep(0.3)") == [(1,)]
    store.close()
