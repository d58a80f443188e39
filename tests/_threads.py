"""A store call run in a thread of its own, so that a test can see whether it is still waiting (a server that does
not answer, a lock held) without waiting for good itself."""

from __future__ import annotations

import threading
from typing import Callable

from bot.store import StoreError


def started(fn: Callable[[], object]) -> tuple[threading.Thread, dict[str, object]]:
    """Run fn in a daemon thread; the dict gets "result", or "error" (the StoreError it raised), when it ends."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["result"] = fn()
        except StoreError as e:
            outcome["error"] = e

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


def ended(fn: Callable[[], object], guard: float) -> dict[str, object]:
    """`started`, waited for at most `guard` seconds (a guard, not a measure): "waiting" says whether it still was."""
    thread, outcome = started(fn)
    thread.join(timeout=guard)
    outcome["waiting"] = thread.is_alive()
    return outcome
