"""A write deadline that fires just as the server's answer comes in (bot/store_backends.py `_deadline`): the operation
succeeds, but its connection's socket was shut down, so it must not be used again. It stayed the store's connection,
so the next write failed and marked the database away (found by reading, in this session's code review). Real
PostgreSQL."""

from __future__ import annotations

import time

import pytest

from bot.store import Store

pytestmark = pytest.mark.services


def test_a_connection_cut_as_its_answer_came_is_not_used_again(postgres_url):
    store = Store(postgres_url)
    store.init()
    backend = store._backend
    with backend._turn() as conn:
        with backend._deadline(conn, 0.05) as cut:
            conn.execute("SELECT 1").fetchall()  # answered before the deadline...
            time.sleep(0.5)  # ...and the deadline fires before the operation hands the connection back
        assert cut  # the socket was shut down
    store.log_feedback("after the cut", None, True)  # a fresh connection, not the cut one
    assert [r[0] for r in store.query("SELECT question FROM faqbot_feedback", ())] == ["after the cut"]
    store.close()
