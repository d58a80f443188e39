"""Work that must not run on a gevent worker's event loop, handed to native threads.

gevent's monkey-patching turns a worker's threads into greenlets of one event loop, and only sockets yield
to it. Answering a question is a few milliseconds of CPU and runs there; anything that waits on a file or
takes long goes to a native thread, so the loop keeps serving meanwhile: writing the SQLite question log (a
commit waits for the disk: in the loop it cut answers per second by half), rebuilding the index on
POST /api/reindex, loading a newly published version. (PostgreSQL stays on the loop: psycopg waits
cooperatively under gevent.) Outside gevent (tests, other WSGI servers) these are
plain calls, and gevent is not even imported.
"""

from __future__ import annotations

import functools
import logging
import sys
from typing import Any, Callable, TypeVar

T = TypeVar("T")
log = logging.getLogger("faqbot")


def on_gevent() -> bool:
    """True in a process whose threads gevent has made greenlets (a `faqbot serve` worker)."""
    monkey = sys.modules.get("gevent.monkey")
    return monkey is not None and monkey.is_module_patched("threading")


def _on_the_loop() -> bool:
    """True in the thread that runs a gevent worker's event loop (not in a native thread of its pool)."""
    if not on_gevent():
        return False
    from gevent._hub_local import get_hub_if_exists  # (what gevent.threadpool uses): never makes a hub

    hub = get_hub_if_exists()
    return hub is not None and hub.main_hub


def off_the_loop(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """fn(*args, **kwargs) in a native thread when called on a gevent worker's event loop (the loop keeps serving
    meanwhile); a plain call otherwise (no gevent, or already in a native thread). Exceptions reach the caller."""
    if not _on_the_loop():
        return fn(*args, **kwargs)
    from gevent import get_hub

    def outcome() -> tuple[bool, Any]:
        # Returned, not raised: gevent's hub prints a traceback for an exception leaving a pool thread, and
        # an expected one (StoreError while the database is down, ContentError) must stay one clean line.
        try:
            return True, fn(*args, **kwargs)
        except Exception as e:
            return False, e

    ok, value = get_hub().threadpool.apply(outcome)
    if not ok:
        raise value
    return value


def store_writer(store) -> Callable[..., Any]:
    """How to run a write to this store: SQLite's off the loop (a commit waits for the disk, which the loop
    cannot overlap), PostgreSQL's on it (psycopg waits cooperatively under gevent; in pool threads it hung)."""
    if store.waits_on_files:
        return off_the_loop
    return lambda fn, *args, **kwargs: fn(*args, **kwargs)


# The Store's methods that wait on the database; the others (client_hash, entry, describe) only compute.
_WAITS = frozenset({"init", "ping", "query", "execute", "log_question", "log_questions", "log_feedback", "questions",
                    "feedback", "prune", "mask_unmasked", "check", "exists"})


class StoreOffTheLoop:
    """A SQLite Store whose calls that wait on the database run off the event loop (see off_the_loop); every
    other attribute is the Store's own.

    What the views call on it directly (the dashboard's queries, a sign-in's session row, the /api/health and
    /api/ready pings) ran on the loop and stopped every other request of the worker until it returned: a dashboard
    over 400,000 logged questions for 20 s, a write behind another process's lock for SQLite's busy timeout (10 s).
    """

    def __init__(self, store) -> None:
        self.store = store

    def __getattr__(self, name: str) -> Any:
        value = getattr(self.store, name)
        if name in _WAITS:
            return functools.partial(off_the_loop, value)
        return value


def watch_off_the_loop(bot, interval: float) -> None:
    """On gevent: check for a newly published index every `interval` seconds, loading it in a native thread
    (Bot.watch()'s thread would be a greenlet, and loading a large index would stall the loop for seconds)."""
    from gevent import get_hub, monkey

    sleep = monkey.get_original("time", "sleep")

    def loop() -> None:
        while True:
            sleep(interval)
            try:
                bot.maybe_reload(force=True)
            except Exception:  # keep watching: the next check may succeed
                log.exception("checking for a new index version failed")

    get_hub().threadpool.spawn(loop)
