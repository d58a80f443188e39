"""A worker that gunicorn starts while no index loads (the index folder moved away or damaged, a worker killed
meanwhile) must not stop the server.

Before, create_app raised IndexUnavailable in the new worker, gunicorn took it as a worker that cannot boot and
stopped the whole server ("Reason: Worker failed to boot"), the workers still answering from the index they had
loaded with it, and wrote a traceback. Now the new worker answers 503 (JSON under /api/, /api/live 200) and loads
the index as soon as one is published again.

Real server processes; timeouts are guards only.
"""

from __future__ import annotations

import os
import shutil
import signal

from _server import KB_SMALL, Server, until
from bot import build



def test_a_worker_started_without_an_index_answers_503_and_the_server_keeps_serving(tmp_path):
    build.build(KB_SMALL, tmp_path / "index")
    with Server(tmp_path, workers=2, content_dir=KB_SMALL) as server:
        before = server.worker_pids()
        shutil.move(tmp_path / "index", tmp_path / "index.away")
        killed = sorted(before)[0]
        os.kill(killed, signal.SIGKILL)
        new = until(lambda: server.worker_pids() - before, "a worker replacing the one killed")
        (pid,) = new
        survivor = (before - {killed}).pop()

        def from_each(path: str, workers: tuple[int, ...] = (pid, survivor)) -> dict:
            seen = {}

            def all_of_them():
                assert server.proc.poll() is None, f"the server stopped:\n{server.log()[-3000:]}"
                r = server.get(path, timeout=10)
                if r.worker is not None:
                    seen[r.worker] = r
                return set(workers) <= set(seen)
            until(all_of_them, f"{path} answered by workers {workers}: {[(w, r.status) for w, r in seen.items()]}")
            return seen

        asked = from_each("/api/ask?q=peel")
        assert asked[survivor].status == 200 and asked[survivor].body["kind"] == "answer"  # its index, loaded before
        assert asked[pid].status == 503, (asked[pid].status, asked[pid].text)
        assert asked[pid].body["ok"] is False and asked[pid].body["status"] == 503
        assert "index" in asked[pid].body["error"]
        assert "retry-after" in asked[pid].headers
        ready = from_each("/api/ready")
        assert ready[pid].status == 503 and ready[survivor].status == 200
        assert from_each("/api/live")[pid].status == 200
        scraped = from_each("/metrics", (pid,))[pid]  # Prometheus still sees what the other worker counted
        assert scraped.status == 200 and "faqbot_questions_total" in scraped.text, (scraped.status, scraped.text)

        shutil.move(tmp_path / "index.away", tmp_path / "index")  # published again: the new worker loads it

        def serves() -> bool:
            assert server.proc.poll() is None, f"the server stopped:\n{server.log()[-3000:]}"
            r = server.get("/api/ask?q=peel", timeout=10)
            return r.worker == pid and r.status == 200 and r.body["kind"] == "answer"
        until(serves, f"worker {pid} answering once the index is back")
        log = server.stop()
        assert "Traceback" not in log, log[-3000:]
        assert "failed to boot" not in log
