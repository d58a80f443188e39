"""A lock for code that runs in native threads, also in a process gevent has patched (a `faqbot serve` worker)."""

from __future__ import annotations

import sys
import threading


def native_lock() -> threading.Lock:
    """A lock of the operating system's threads, even in a process gevent has patched.

    There the dashboard's edits and rebuilds run in native threads (web/offload.py), and gevent's own lock does not
    always wake a native thread that waits on it: of four dashboard edits at once, the others hung for good behind
    the first (their pool threads with them). A greenlet must then never wait on it on the event loop (it would
    stop the loop): take it off the loop only. The Bot's lock (bot/engine.py) is one too: of four reindexes at once,
    one or two hung for good with gevent's, and so did the worker's index watcher.
    """
    monkey = sys.modules.get("gevent.monkey")
    if monkey is not None and monkey.is_module_patched("threading"):
        return monkey.get_original("_thread", "allocate_lock")()
    return threading.Lock()
