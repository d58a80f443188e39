"""The locks of the log, the question log and the dashboard's edits in a gevent-patched process (a `faqbot serve`
worker), where work runs both on the event loop and in native threads of gevent's pool (web/offload.py).

Each script runs in its own process, patched first as gunicorn's gevent worker patches, then makes the object as the
worker does (after patching); a hang is a timeout inside the script, seen here as its exit status and stderr. The
bot's own lock has its test in tests/test_serving.py (`test_reindexes_at_once_in_a_gevent_worker_all_finish`).
"""

from __future__ import annotations

import os
import subprocess
import sys

from _env import ROOT, require_module

PATCHED = """
import sys
from gevent import monkey
monkey.patch_all()
import gevent
from gevent import get_hub
pool = get_hub().threadpool  # where a worker runs dashboard edits, reindexes and SQLite writes
native_sleep = monkey.get_original("time", "sleep")
"""

EDITS_AT_ONCE = PATCHED + """
from pathlib import Path
from bot import editing

content, lock = Path(sys.argv[1]), Path(sys.argv[2])
content.mkdir()
print(type(editing._THREAD_LOCK).__module__, flush=True)

def edit(n):  # as web/admin_changes.py runs it: off the loop, the rebuild (here a pause) under the edit lock
    tag = editing.new_tag()
    editing.add_alternates(content, "doc/section", [f"phrasing number {n}"], tag, "editor", lock,
                           lambda: native_sleep(0.01))

for round in range(10):
    for result in [pool.spawn(edit, round * 4 + k) for k in range(4)]:
        result.get(timeout=60)
print("all done", flush=True)
"""


def _run(script: str, *args: str) -> list[str]:
    require_module("gevent")
    cp = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=600,
                        env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert cp.returncode == 0, cp.stderr[-2000:]
    return cp.stdout.splitlines()


def test_dashboard_edits_at_once_in_a_gevent_worker_all_finish(tmp_path):
    # Four "Add as alternate" at once in one worker: each runs add_alternates in a native thread of gevent's pool,
    # and the edit lock was gevent's, which does not wake a native thread waiting on it: the other three hung for
    # good behind the first, in the first round, their pool threads with them (and the dashboard's next edits).
    lock_module, done = _run(EDITS_AT_ONCE, str(tmp_path / "content"), str(tmp_path / "edit.lock"))
    assert lock_module in ("_thread", "builtins"), lock_module  # the operating system's lock, not gevent's
    assert done == "all done"
    text = (tmp_path / "content" / "dashboard.alternates").read_text(encoding="utf-8")
    assert sorted(int(line.split()[-1]) for line in text.splitlines() if line.startswith("phrasing")) == list(range(40))


FIRST_WRITES_AT_ONCE = PATCHED + """
from bot.store import Store

for round in range(10):
    # Not initialised yet (the database was down as the worker started): each write creates the tables first.
    store = Store(f"sqlite:///{sys.argv[1]}/log{round}.sqlite3")
    for result in [pool.spawn(store.log_feedback, "how long?", None, True) for _ in range(4)]:
        result.get(timeout=60)
    print(len(store.feedback()), flush=True)
print("all done", flush=True)
"""


def test_first_writes_to_the_log_at_once_in_a_gevent_worker_all_finish(tmp_path):
    # A worker whose database was unavailable as it started creates the tables on its first writes, and SQLite's are
    # made in native threads (feedback, the question log's batches): they took the Store's lock, gevent's, and the
    # others hung behind the first, in the first round.
    *counts, done = _run(FIRST_WRITES_AT_ONCE, str(tmp_path))
    assert done == "all done" and counts == ["4"] * 10


QUESTION_LOG_AS_SERVED = PATCHED + """
from bot.model import Answer
from bot.question_log import QuestionLog
from bot.store import Store
from web.offload import store_writer

answer = Answer(question="how long?", answered=False, kind="no_answer", answer="Sorry.")
for round in range(5):
    store = Store(f"sqlite:///{sys.argv[1]}/log{round}.sqlite3")
    store.init()
    # As web/app.py's start_background sets it up on gevent: the writer is a greenlet whose batches (and deletions
    # past the retention) are written in native threads, while requests queue rows and write feedback.
    question_log = QuestionLog(store, batch=5, retention_days=30)
    question_log.call = store_writer(store)
    question_log.start()
    write = store_writer(store)

    def visitor():
        for _ in range(10):
            question_log.put(answer)
            write(store.log_feedback, "how long?", None, True)
            gevent.sleep(0)

    gevent.joinall([gevent.spawn(visitor) for _ in range(8)], timeout=60, raise_error=True)
    with gevent.Timeout(60):
        question_log.close()  # as a graceful stop does: what is queued is written
    print(question_log.written, len(store.questions()), len(store.feedback()), flush=True)
print("all done", flush=True)
"""


def test_the_question_log_as_a_gevent_worker_runs_it_writes_everything_and_stops(tmp_path):
    # The question log's lock is taken by greenlets only (its writer, and close() on a stop), never in a native
    # thread: it must stay gevent's (the operating system's would stop the loop while the writer, holding it, waits
    # for its batch's native thread). Not seen to hang; this would catch it.
    *rows, done = _run(QUESTION_LOG_AS_SERVED, str(tmp_path))
    assert done == "all done" and rows == ["80 80 80"] * 5

