"""The metrics folder (PROMETHEUS_MULTIPROC_DIR: faqbot's private one in /tmp, or the operator's) removed while
`faqbot serve` runs, as a /tmp cleaner does with what it takes for old files.

Before: every worker's first question after it answered 500 (prometheus-client opening its file there), /metrics
answered an HTML 500, each with a traceback, and the next worker gunicorn started (a crashed one's replacement)
could not boot, so gunicorn stopped the whole server. Now the folder is made again (one warning line): answers and
scrapes go on, the figures counted before it went are lost.

Real server processes; timeouts are guards only.
"""

from __future__ import annotations

import os
import shutil
import signal

import pytest

from _server import KB_SMALL, Server, until
from bot import build

pytest.importorskip("prometheus_client")


def test_answers_scrapes_and_a_new_worker_go_on_after_the_metrics_folder_is_removed(tmp_path):
    build.build(KB_SMALL, tmp_path / "index")
    folder = tmp_path / "metrics"
    folder.mkdir()
    server = Server(tmp_path, workers=2, content_dir=KB_SMALL)
    server.env["PROMETHEUS_MULTIPROC_DIR"] = str(folder)
    with server:
        shutil.rmtree(folder)  # before any worker has answered a question
        statuses: list[int] = []

        def counted_in_sight() -> bool:
            # Every question is answered; the figures show again (workers whose files went are replaced).
            assert server.proc.poll() is None, f"the server stopped:\n{server.log()[-3000:]}"
            r = server.get("/api/ask?q=peel", timeout=10)
            statuses.append(r.status)
            assert r.status == 200, (r.status, r.text[:300])
            scrape = server.get("/metrics", timeout=10)
            assert scrape.status == 200, (scrape.status, scrape.text[:300])
            return "faqbot_questions_total" in scrape.text

        until(counted_in_sight, f"questions counted where a scrape sees them ({len(statuses)} asked)")
        workers = server.worker_pids()
        shutil.rmtree(folder)
        killed = sorted(workers)[0]
        os.kill(killed, signal.SIGKILL)  # gunicorn starts another, which must boot
        until(lambda: server.worker_pids() - workers, "a worker replacing the one killed")
        until(counted_in_sight, f"questions counted where a scrape sees them ({len(statuses)} asked)")
        log = server.stop()
        assert "Traceback" not in log, log[-3000:]
        assert "failed to boot" not in log
        assert "made it again" in log
