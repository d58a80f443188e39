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

import logging
import sys
from typing import Any, Callable, TypeVar

T = TypeVar("T")
log = logging.getLogger("faqbot")


def on_gevent() -> bool:
    """True in a process whose threads gevent has made greenlets (a `faqbot serve` worker)."""
    monkey = sys.modules.get("gevent.monkey")
    return monkey is not None and monkey.is_module_patched("threading")


def off_the_loop(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """fn(*args, **kwargs) in a native thread when this process runs gevent (the event loop keeps serving
    meanwhile); a plain call otherwise. Exceptions reach the caller either way."""
    if not on_gevent():
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
