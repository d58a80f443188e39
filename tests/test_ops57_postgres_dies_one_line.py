"""PostgreSQL dying while `faqbot serve` writes the question log: faqbot's own warning line, and no other.

Before: psycopg's own logger added a second WARNING for the same failure ("[psycopg] error ignored terminating
<psycopg.Pipeline [BAD] at 0x7f...>: the connection is lost"), a line about psycopg's internals beside
faqbot's "question log waiting for the database (...): PostgreSQL: ... server closed the connection unexpectedly".
Seen with `pg_ctl stop -m immediate` under load; here the connection is cut in the middle of a log write (after
BEGIN, as the rows go out) by a forwarder between the server and a real PostgreSQL.

Real server processes and a real PostgreSQL (FAQBOT_TEST_POSTGRES_URL); timeouts are guards only.
"""

from __future__ import annotations

import threading
from urllib.parse import urlsplit, urlunsplit

import pytest

from _proxy import Cuttable
from _server import KB_SMALL, Server, until
from bot import build

pytestmark = pytest.mark.services


class DiesInAWrite(Cuttable):
    """A forwarder to PostgreSQL that, once, drops both ends of the connection whose client sends the rows of a
    question log write: the server gone in the middle of a transaction, as when it crashes under load."""

    def __init__(self, host: str, port: int, marker: bytes = b"INSERT INTO faqbot_questions") -> None:
        self.marker, self.dropped = marker, threading.Event()
        super().__init__(host, port)

    def passes(self, data: bytes, from_client: bool) -> bool:
        if from_client and self.marker in data and not self.dropped.is_set():
            self.dropped.set()
            return False  # the rows never reach the server, and the connection ends
        return True


def test_postgres_gone_in_the_middle_of_a_log_write_is_one_warning_line(tmp_path, postgres_url):
    pytest.importorskip("psycopg")
    build.build(KB_SMALL, tmp_path / "index")
    parts = urlsplit(postgres_url)
    proxy = DiesInAWrite(parts.hostname, parts.port or 5432)
    userinfo = parts.netloc.rpartition("@")[0]
    via_proxy = urlunsplit(parts._replace(netloc=(userinfo + "@" if userinfo else "") + f"127.0.0.1:{proxy.port}"))
    try:
        with Server(tmp_path, workers=1, content_dir=KB_SMALL, database_url=via_proxy) as server:
            assert server.get("/api/ask?q=how+long+will+my+skin+peel").status == 200
            until(proxy.dropped.is_set, "the question log writing its first row")
            until(lambda: "question log waiting for the database" in server.log(), "faqbot's warning line")
            # The database is back (the forwarder passes new connections): the held row is written.
            assert server.get("/api/ask?q=thanks").status == 200
            log = server.stop()
    finally:
        proxy.close()
    warnings = [line for line in log.splitlines() if "WARNING" in line]
    assert [line for line in warnings if "database" in line or "psycopg" in line] == \
        [next(line for line in warnings if "question log waiting for the database" in line)], "\n".join(warnings)
    assert "[psycopg]" not in log and "Traceback" not in log, log[-3000:]
