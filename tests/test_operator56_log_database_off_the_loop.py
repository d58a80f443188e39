"""A `faqbot serve` worker keeps answering while the SQLite log database makes one of its requests wait.

A gevent worker serves every connection from one event loop: a SQLite call made there (the dashboard's queries,
a sign-in's session row, the /api/health and /api/ready pings) stopped every other request of that worker until
it returned. A dashboard over 400,000 logged questions took 20 s, and /api/live, /api/ask and the load balancer's
health checks of that worker waited the 20 s with it; a write behind another process's lock (a `faqbot prune`, the
hourly retention of another worker) waits up to SQLite's busy timeout (10 s) the same way.

Real server processes; the order of events is asserted, never a duration: the database stays locked until the
other request has its answer (timeouts are guards only).
"""

from __future__ import annotations

import sqlite3
import threading
import time

from _server import KB_SMALL, Server, request
from bot import build

GUARD = 60.0  # seconds: far above SQLite's busy timeout (10 s), so a worker that waits for it shows as waiting


def _site(tmp_path):
    build.build(KB_SMALL, tmp_path / "index")
    return tmp_path


def test_a_sign_in_waiting_for_the_database_lock_does_not_stop_the_workers_other_requests(tmp_path):
    site = _site(tmp_path)
    with Server(site, workers=1, content_dir=KB_SMALL) as server:
        assert server.get("/api/ready").status == 200  # the log database exists, with its tables
        db = sqlite3.connect(site / "faqbot.sqlite3", isolation_level=None, timeout=GUARD)
        db.execute("BEGIN IMMEDIATE")  # another process writing: a sign-in's session row must wait for it
        signing_in: dict = {}

        def sign_in() -> None:
            signing_in["result"] = request(server.port, "POST", "/admin/sign-in", {"token": "serving-test-token"},
                                           headers={"Accept": "application/json"}, timeout=GUARD)

        thread = threading.Thread(target=sign_in, daemon=True)
        try:
            thread.start()
            time.sleep(1.0)  # lets the sign-in reach the worker first (were it later, this test could not fail)
            others = [server.get("/api/live", timeout=GUARD), server.get("/api/ask?q=peel", timeout=GUARD),
                      server.get("/api/ready", timeout=GUARD)]
            still_waiting = thread.is_alive()
        finally:
            db.execute("ROLLBACK")
            db.close()
            thread.join(GUARD)
        # The worker answered them while the sign-in waited for the lock, not after SQLite gave up on it.
        assert still_waiting, f"the other requests were answered only once the sign-in ended: {signing_in}"
        assert [r.status for r in others] == [200, 200, 200], [(r.status, r.error, r.body) for r in others]
        result = signing_in["result"]
        assert result.status == 200 and result.body["ok"] is True, (result.status, result.error, result.body)
        assert "Traceback" not in server.stop()
