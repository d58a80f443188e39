"""The facade: one Bot per process, serving the published index and switching versions live."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Callable, Sequence

from . import artifact
from .answer import Policy
from .model import Answer, Section
from .settings import Settings

log = logging.getLogger("faqbot")


class _State:
    """What one request needs, swapped as a whole so a request never mixes two versions."""

    __slots__ = ("loaded", "policy")

    def __init__(self, loaded: artifact.Loaded, threshold: float) -> None:
        self.loaded = loaded
        self.policy = Policy(loaded.index, threshold=threshold)


class Bot:
    """Answers questions from the current index; picks up newly published versions between requests."""

    def __init__(self, settings: Settings, loaded: artifact.Loaded) -> None:
        self.settings = settings
        self._state = _State(loaded, settings.threshold)
        self._lock = threading.Lock()
        self._next_check = time.monotonic() + settings.reload_interval

    @classmethod
    def from_settings(cls, settings: Settings, progress: Callable[[str], None] | None = None,
                      content_explicit: bool = True) -> "Bot":
        """Load the index from settings.index_dir, building it first if missing or stale.

        content_explicit=False: the content folder is only the default, so an index built from
        another folder is kept fresh against that folder instead of being rebuilt from the default.
        """
        loaded = artifact.ensure(Path(settings.content_dir), Path(settings.index_dir),
                                 keep=settings.keep_versions, progress=progress,
                                 follow_manifest=not content_explicit)
        return cls(settings, loaded)

    @classmethod
    def from_index(cls, settings: Settings) -> "Bot":
        """Load the published index as it is, without looking at the content folder."""
        return cls(settings, artifact.load_current(Path(settings.index_dir)))

    # ---- asking --------------------------------------------------------------------------
    def ask(self, question: str, history: Sequence[str] = (), top_k: int = 3) -> Answer:
        """The Answer to a question, with this chat's earlier questions (newest last)."""
        return self._state.policy.ask(question, history=history, top_k=top_k)

    @property
    def policy(self) -> Policy:
        return self._state.policy

    def sections(self) -> list[Section]:
        return list(self._state.loaded.index.sections_)

    def documents(self) -> dict[str, str]:
        return {slug: title for slug, title in self._state.loaded.index.documents_}

    def info(self) -> dict:
        """What /api/health reports about the index being served."""
        m = self._state.loaded.manifest
        return {"version": self._state.loaded.version, "built_at": m.get("built_at"),
                "documents": m.get("documents"), "sections": m.get("sections")}

    # ---- versions ------------------------------------------------------------------------
    def reindex(self) -> dict:
        """Rebuild from the content folder, publish, and serve it; bad content leaves the old index serving."""
        s = self.settings
        with self._lock:
            artifact.build(Path(s.content_dir), Path(s.index_dir), keep=s.keep_versions)
            self._swap(artifact.load_current(Path(s.index_dir)))
        return self.info()

    def maybe_reload(self, force: bool = False) -> bool:
        """Switch to a version another process published; cheap (one small file read per interval)."""
        now = time.monotonic()
        if not force and now < self._next_check:
            return False
        self._next_check = now + self.settings.reload_interval
        version = artifact.current_version(Path(self.settings.index_dir))
        if version is None or version == self._state.loaded.version:
            return False
        with self._lock:
            if version == self._state.loaded.version:
                return False
            try:
                loaded = artifact.load_current(Path(self.settings.index_dir))
            except artifact.IndexError_ as e:
                log.warning("keeping index %s: %s", self._state.loaded.version, e)
                return False
            self._swap(loaded)
        return True

    def _swap(self, loaded: artifact.Loaded) -> None:
        # One attribute assignment: requests in flight keep the state object they started with.
        self._state = _State(loaded, self.settings.threshold)
        log.info("serving index %s", loaded.version)
