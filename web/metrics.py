"""Prometheus metrics at /metrics, behind the optional `metrics` extra (prometheus-client).

Under `faqbot serve` every worker is its own process: prometheus-client's multiprocess mode (the folder
in PROMETHEUS_MULTIPROC_DIR, which `faqbot serve` sets up) adds up what all workers counted, whichever
worker answers the scrape. Without the extra, /metrics says how to get it (404) and nothing is counted.
"""

from __future__ import annotations

import functools
import logging
import os
import signal
import time

from flask import Flask, Response

from bot.model import Answer

EXTRA_HINT = "metrics need the prometheus-client package: pip install 'faqbot[metrics]'\n"
log = logging.getLogger(__name__)


RESTART_WHEN_FILES_GONE = False  # set in `faqbot serve`'s workers (web/server.py): gunicorn starts another
_restarting = False
_folder_id: tuple[int, int] | None = None  # the folder this process's files are in (device, inode)


def _folder() -> tuple[int, int] | None:
    """The multiprocess folder's (device, inode), made again first when it was removed while serving (as a /tmp
    cleaner does; one warning line, by the first process to see it gone); None when there is none."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not folder:
        return None
    try:
        st = os.stat(folder)
    except FileNotFoundError:
        try:
            os.makedirs(folder, mode=0o700, exist_ok=True)
            st = os.stat(folder)
        except OSError as e:
            log.warning("metrics folder %s was removed and cannot be made again (%s)", folder, e.strerror or e)
            return None
        log.warning("metrics folder %s was removed while serving: made it again; what was counted before is lost",
                    folder)
    return st.st_dev, st.st_ino


def _files_gone() -> bool:
    """True when this process's files went with the folder they were made in."""
    now = _folder()
    return _folder_id is not None and now is not None and now != _folder_id


def _count_in_sight() -> None:
    """Before counting: prometheus-client opens files in the folder (it failed every worker's first question after
    the folder went, 500, every scrape, and the boot of the next worker gunicorn started, which stopped the whole
    server); and a process whose files went with it counts out of sight from then on, so a `faqbot serve` worker
    hands over to a new one (a graceful stop: gunicorn starts another)."""
    global _restarting
    if _files_gone() and RESTART_WHEN_FILES_GONE and not _restarting:
        _restarting = True
        log.info("worker %s restarting: its metrics files went with the folder", os.getpid())
        os.kill(os.getpid(), signal.SIGTERM)


def _never_fails(count):
    """A counting method that never fails the request it counts: what cannot be written is a warning line."""

    @functools.wraps(count)
    def counting(*args, **kwargs) -> None:
        _count_in_sight()
        try:
            count(*args, **kwargs)
        except OSError as e:
            log.warning("metrics not counted: %s", e)

    return counting


class Metrics:
    """What faqbot counts: questions by kind, refusals, answer latency, the index served, log drops, retries."""

    def __init__(self) -> None:
        from prometheus_client import Counter, Gauge, Histogram

        self.questions = Counter("faqbot_questions", "Questions answered, by kind (answer, no_answer, smalltalk).",
                                 ["kind"])
        self.refusals = Counter("faqbot_refusals", "Questions refused: no section reached the threshold.")
        self.latency = Histogram("faqbot_ask_seconds", "Time to answer one question (engine only).",
                                 buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0))
        self.index = Gauge("faqbot_index_loaded", "1 for the index version each worker serves, 0 for one it served "
                           "before.", ["version"], multiprocess_mode="liveall")
        self.log_dropped = Counter("faqbot_question_log_dropped", "Questions not written to the log "
                                   "(queue full, or the database unreachable at stop).")
        self.repeated = Counter("faqbot_questions_repeated", "Questions sent again with the Idempotency-Key of one "
                                "already logged (a retry whose first try had reached the server): counted in "
                                "faqbot_questions_total each time, logged once; subtract for questions asked.")
        self.cached = Counter("faqbot_answer_cache_hits", "Questions answered from the answer cache "
                              "(asked before, word for word, of the same index version).")
        self._version: str | None = None

    @_never_fails
    def observe(self, answer: Answer, seconds: float, version: str, cached: bool = False) -> None:
        """Count one answered question (cached: it came from the answer cache)."""
        self.questions.labels(answer.kind).inc()
        if cached:
            self.cached.inc()
        if answer.kind == "no_answer":
            self.refusals.inc()
        self.latency.observe(seconds)
        if version != self._version:  # this worker switched versions
            if self._version is not None:
                # Set to 0, not removed: in multiprocess mode a removed series keeps its last value (1) in the
                # worker's file, so every version a worker ever served would read as served.
                self.index.labels(self._version).set(0)
            self.index.labels(version).set(1)
            self._version = version

    @_never_fails
    def dropped(self, n: int) -> None:
        """Count questions the log could not write."""
        self.log_dropped.inc(n)

    @_never_fails
    def repeats(self, n: int) -> None:
        """Count questions the log skipped as retries of one it holds (the same Idempotency-Key)."""
        self.repeated.inc(n)

    @staticmethod
    def exposition() -> Response:
        """The scrape: every worker's figures when multiprocess mode is on, else this process's."""
        from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
        from prometheus_client import REGISTRY, multiprocess

        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            _folder()  # a folder removed is made again: the scrape reads it
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
        else:
            registry = REGISTRY
        return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST.split(";")[0])


def scrape() -> Response:
    """GET /metrics: the exposition, or (without the extra) a 404 saying how to get it. Needs no app: a worker
    waiting for an index (web.app.WaitingForIndex) answers it too, so a scrape counts the other workers."""
    try:
        import prometheus_client  # noqa: F401
    except ImportError:
        return Response(EXTRA_HINT, status=404, mimetype="text/plain")
    return Metrics.exposition()


_METRICS: Metrics | None = None  # prometheus-client's metrics are process-wide; one set per process


def install_metrics(app: Flask) -> Metrics | None:
    """Serve /metrics; returns the Metrics to count with, or None when the extra is not installed."""
    global _METRICS, _folder_id
    app.add_url_rule("/metrics", "metrics", scrape)
    try:
        import prometheus_client  # noqa: F401
    except ImportError:
        return None
    if _METRICS is None:
        _folder_id = _folder()  # prometheus-client opens its files there as the metrics are made
        _METRICS = Metrics()
    return _METRICS


def clock() -> float:
    """The clock latency is measured with."""
    return time.perf_counter()
