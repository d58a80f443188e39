"""Prometheus metrics at /metrics, behind the optional `metrics` extra (prometheus-client).

Under `faqbot serve` every worker is its own process: prometheus-client's multiprocess mode (the folder
in PROMETHEUS_MULTIPROC_DIR, which `faqbot serve` sets up) adds up what all workers counted, whichever
worker answers the scrape. Without the extra, /metrics says how to get it (404) and nothing is counted.
"""

from __future__ import annotations

import os
import time

from flask import Flask, Response

from bot.model import Answer

EXTRA_HINT = "metrics need the prometheus-client package: pip install 'faqbot[metrics]'\n"


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

    def dropped(self, n: int) -> None:
        """Count questions the log could not write."""
        self.log_dropped.inc(n)

    def repeats(self, n: int) -> None:
        """Count questions the log skipped as retries of one it holds (the same Idempotency-Key)."""
        self.repeated.inc(n)

    @staticmethod
    def exposition() -> Response:
        """The scrape: every worker's figures when multiprocess mode is on, else this process's."""
        from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
        from prometheus_client import REGISTRY, multiprocess

        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
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
    global _METRICS
    app.add_url_rule("/metrics", "metrics", scrape)
    try:
        import prometheus_client  # noqa: F401
    except ImportError:
        return None
    if _METRICS is None:
        _METRICS = Metrics()
    return _METRICS


def clock() -> float:
    """The clock latency is measured with."""
    return time.perf_counter()
