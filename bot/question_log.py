"""The question log, written off the request path: a bounded queue, one writer thread, batched inserts.

A request only puts a row on the queue (never waits for the database). The writer inserts what has
queued in one batch; while the database is down it keeps its batch and retries (the store backs off),
and rows that find the queue full are dropped and counted. `close()` writes what is left, so a normal
stop loses nothing; `dropped` says how many rows were lost to overload or an outage.

With a retention (FAQBOT_QUESTION_LOG_DAYS), the writer also deletes the questions and feedback older than that:
as it starts and every hour (each worker: the deletes are idempotent), or, without a writer thread, on the first
question logged and hourly after it.

The writer thread also masks the rows a release from before masking stored unmasked (`Store.mask_unmasked`; the
dashboard's dismissals too): as it starts, then hourly (rows an older release running beside it wrote meanwhile).
Not on the request path: on a large old log the first pass takes a while (`faqbot prune --mask` does it from the
command line).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from typing import Callable

from .model import Answer
from .outage import Outage, Pause
from .store import QuestionEntry, Store, StoreError
from .words import counted

log = logging.getLogger("faqbot.log")

CAPACITY = 10_000  # rows waiting at most (a few MB); beyond it new rows are dropped and counted
BATCH = 500  # rows per insert
WARN_EVERY = 10.0  # seconds between warnings about dropped rows
PRUNE_EVERY = 3600.0  # seconds between deletions of rows past the retention
PRUNE_RETRY = 60.0  # seconds before trying again after the database failed


class QuestionLog:
    """Queue questions for the store; a daemon thread writes them in batches."""

    def __init__(self, store: Store, capacity: int = CAPACITY, batch: int = BATCH,
                 on_drop: Callable[[int], None] | None = None, retention_days: int = 0,
                 on_repeat: Callable[[int], None] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.store = store
        self.retention_days = retention_days  # 0: rows are kept forever
        self.on_drop = on_drop  # told how many rows were dropped (e.g. a metrics counter)
        # Told how many questions came again with the key of one already logged (a client's retry, whichever
        # worker the first try reached: the database is what they share), so were not logged again.
        self.on_repeat = on_repeat
        # How a batch write is run: a plain call, or (web layer, on gevent) in a native thread.
        self.call: Callable[..., object] = lambda fn, *args: fn(*args)
        self.batch = batch
        self._queue: queue.Queue[QuestionEntry] = queue.Queue(maxsize=capacity)
        self._pending: list[QuestionEntry] = []  # taken from the queue, not yet written
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.written = 0
        self.dropped = 0
        # At most one warning line per WARN_EVERY seconds, whatever it says: under load a line per request would
        # flood the log. The writer's outage shares it: "waiting" at most that often (its first line always: see
        # _write_available), "writing again" once. `clock`: when the pause and the outage's lines are due.
        self._pause = Pause(WARN_EVERY, clock=clock)
        self._outage = Outage(WARN_EVERY, clock=clock, pause=self._pause)  # away: the held batch is written again
        self._dropped_since_warning = 0
        self._prune_at = float("-inf")  # time.monotonic() of the next deletion of rows past the retention
        self._mask_at = float("-inf")  # time.monotonic() of the next masking of rows stored unmasked
        self._mask_outage = Outage()  # masking passes failing: said once, not every retry, nothing when over

    def start(self) -> "QuestionLog":
        """Start the writer thread (in the process that serves: after a fork, never before)."""
        if self._thread is None or not self._thread.is_alive():
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="faqbot-question-log", daemon=True)
            self._thread.start()
        return self

    def put(self, answer: Answer, address: str | None = None, index_version: str | None = None,
            key: str | None = None) -> bool:
        """Queue one question for the log (`key`: see Store.entry); never blocks. False (and counted) when the
        queue is full."""
        entry = self.store.entry(answer, address=address, index_version=index_version, key=key)
        try:
            self._queue.put_nowait(entry)
        except queue.Full:
            self._count_dropped(1, "the question log queue is full")
            return False
        if self._thread is None:  # nothing writes in the background: write now (CLI tools, tests)
            self._write_available()
            self.prune_when_due()
        return True

    @property
    def backlog(self) -> int:
        """Rows queued or held for a retry, not yet written."""
        return self._queue.qsize() + len(self._pending)

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every row queued so far is written; False if that took longer than timeout."""
        deadline = time.monotonic() + timeout
        with self._idle:
            while self.backlog and time.monotonic() < deadline:
                if self._thread is None or not self._thread.is_alive():
                    break
                self._idle.wait(min(0.1, max(0.0, deadline - time.monotonic())))
        if self.backlog and (self._thread is None or not self._thread.is_alive()):
            self._write_available()
        return self.backlog == 0

    def close(self, timeout: float = 10.0) -> None:
        """Write what is queued (up to timeout), stop the writer, and count whatever could not be written."""
        self.flush(timeout)
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout=2)
        left = self.backlog
        if left:
            self._pending.clear()
            while not self._queue.empty():
                self._queue.get_nowait()
            self._count_dropped(left, "the database could not be reached before stopping", always=True)

    # ---- the writer ---------------------------------------------------------------------------
    def _run(self) -> None:
        while not self._stop.is_set():
            self.prune_when_due()
            self.mask_when_due()
            if not self._pending:
                try:
                    self._pending.append(self._queue.get(timeout=0.2))
                except queue.Empty:
                    continue
            if not self._write_available():
                self._stop.wait(0.2)  # the database is down: keep the batch, let the store's backoff run

    def _write_available(self) -> bool:
        """Write the held batch plus what has queued (up to `batch` rows); False when the database failed."""
        with self._lock:
            while len(self._pending) < self.batch:
                try:
                    self._pending.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            if not self._pending:
                return True
            try:
                new = self.call(self.store.log_questions, list(self._pending))
            except StoreError as e:
                first = not self._outage.away  # (the outage is told of writes only here, under self._lock)
                due = self._outage.failed() is not None
                if first and not due:
                    # The shared pause held back the first line of an outage (a dropped-rows or prune line said less
                    # than WARN_EVERY s before): an operator read of the pruning but never that the log had stopped.
                    # It is said all the same; its repeats wait out the pause from it.
                    due = self._pause.due(force=True)
                if due:
                    self._said(f"question log waiting for the database ({counted(len(self._pending), 'row')} held): "
                               f"{e}")
                return False
            # A batch written again after a failure may have been committed the first time (the connection broke
            # after the commit): its rows skipped now are not retries, so such a batch reports none.
            rewrite = self._outage.back() is not None
            if self.on_repeat is not None and not rewrite and len(self._pending) > new:
                self.on_repeat(len(self._pending) - new)
            if rewrite:  # the outage warned about is over: say so, or the log ends on "waiting"
                log.warning("question log writing again: %s written", counted(len(self._pending), "held row"))
            self.written += len(self._pending)
            self._pending.clear()
            self._idle.notify_all()
            return True

    def prune_when_due(self) -> None:
        """Delete the rows past the retention if an hour has passed since the last time (at once the first time)."""
        if not self.retention_days or time.monotonic() < self._prune_at:
            return
        self._prune_at = time.monotonic() + PRUNE_EVERY
        try:
            questions, feedback = self.call(self.store.prune, self.retention_days)
        except StoreError as e:
            self._prune_at = time.monotonic() + PRUNE_RETRY
            # Not "not deleted yet": with the database away nobody knows whether any row is that old.
            self._warn(f"could not look for questions older than {counted(self.retention_days, 'day')} to delete "
                       f"(FAQBOT_QUESTION_LOG_DAYS; tried again in a minute): {e}")
            return
        if questions or feedback:
            log.info("deleted %s and %s older than %s (FAQBOT_QUESTION_LOG_DAYS)", counted(questions, "question"),
                     counted(feedback, "feedback row"), counted(self.retention_days, "day"))

    def mask_when_due(self) -> None:
        """Mask the rows stored unmasked if an hour has passed since the last time (at once the first time)."""
        if time.monotonic() < self._mask_at:
            return
        self._mask_at = time.monotonic() + PRUNE_EVERY
        try:
            questions, feedback, dismissals = self.call(self.store.mask_unmasked)
        except StoreError as e:
            self._mask_at = time.monotonic() + PRUNE_RETRY
            # Whether there are any such rows is not known: the pass could not look. "questions stored before masking
            # not masked yet", from each worker started while the database was down, said there were. Once per
            # failing streak, and not through _warn, whose shared pause then held back the writer's "waiting" line.
            if self._mask_outage.failed() is not None:
                log.warning("could not look for rows an older release stored unmasked (tried again every minute): %s",
                            e)
            return
        self._mask_outage.back()
        if questions or feedback or dismissals:
            log.info("masked contact details in %s, %s and %s stored before masking", counted(questions, "question"),
                     counted(feedback, "feedback row"), counted(dismissals, "dashboard dismissal"))

    def _count_dropped(self, n: int, why: str, always: bool = False) -> None:
        self.dropped += n
        self._dropped_since_warning += n
        if self.on_drop is not None:
            self.on_drop(n)
        self._warn(f"{counted(self._dropped_since_warning, 'question')} not logged since the last warning: {why}",
                   always)

    def _warn(self, message: str, always: bool = False) -> None:
        if self._pause.due(force=always):
            self._said(message)

    def _said(self, message: str) -> None:
        self._dropped_since_warning = 0  # counted in this warning, which "since the last warning" starts from
        log.warning(message)
