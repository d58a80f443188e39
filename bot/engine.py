"""The facade: one Bot per process, serving the published index and switching versions live."""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from . import artifact, build
from .artifact import IndexUnavailable
from .ingest.files import ContentFolderMissing
from .locks import native_lock
from .answer import Policy
from .model import Answer, ContentError, Section
from .settings import Settings

log = logging.getLogger("faqbot")


@dataclass(frozen=True)
class CacheInfo:
    hits: int
    misses: int
    size: int
    maxsize: int


class AnswerCache:
    """The answers of one version to the questions asked most recently (least recently used dropped)."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._answers: OrderedDict[tuple, Answer] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: tuple) -> Answer | None:
        with self._lock:
            answer = self._answers.get(key)
            if answer is None:
                self.misses += 1
            else:
                self.hits += 1
                self._answers.move_to_end(key)
            return answer

    def put(self, key: tuple, answer: Answer) -> None:
        with self._lock:
            self._answers[key] = answer
            self._answers.move_to_end(key)
            while len(self._answers) > self.maxsize:
                self._answers.popitem(last=False)

    def info(self) -> CacheInfo:
        return CacheInfo(self.hits, self.misses, len(self._answers), self.maxsize)


class Served:
    """One loaded version and its policy: never changed once made, so a request that holds one
    answers entirely from that version, whatever is published meanwhile."""

    __slots__ = ("loaded", "policy", "_cache")

    def __init__(self, loaded: artifact.Loaded, threshold: float, cache: int = 0, contact: str = "") -> None:
        self.loaded = loaded
        self.policy = Policy(loaded.index, threshold=threshold, contact=contact)
        # An answer is a function of the question, the history, top_k and this version alone (with the
        # settings, which are fixed for the life of the process: a changed FAQBOT_NO_ANSWER_CONTACT takes a
        # restart, which starts with no cache), so a question asked again word for word (a suggested question,
        # a popular one) is answered from memory. The cache belongs to this version: a new version starts with none.
        self._cache = AnswerCache(cache) if cache else None

    @property
    def version(self) -> str:
        return self.loaded.version

    def ask(self, question: str, history: Sequence[str] = (), top_k: int = 3) -> Answer:
        """The Answer to a question from this version (shared with other askers when cached: never change it)."""
        return self.lookup(question, history, top_k)[0]

    def lookup(self, question: str, history: Sequence[str] = (), top_k: int = 3) -> tuple[Answer, bool]:
        """(the Answer, whether it came from the answer cache)."""
        key = (question, tuple(history), top_k)
        if self._cache is not None:
            answer = self._cache.get(key)
            if answer is not None:
                return answer, True
        answer = self.policy.ask(question, history=key[1], top_k=top_k)
        if self._cache is not None:
            self._cache.put(key, answer)
        return answer, False

    def ask_many(self, questions: Sequence[str], top_k: int = 3) -> list[Answer]:
        """Answers to several questions (no history), the same as asking each; with a sentence encoder
        the questions are encoded in one batched pass first, which costs far less than one pass each."""
        encoder = self.loaded.index.encoder_
        if encoder is not None and len(questions) > 1:
            from .semantic import prime

            # as the policy reads a question (`Policy.read`), and the encoder reads it with its typos fixed
            prime(encoder, [self.loaded.index.encoder_text(self.policy.read(q)) for q in questions])
        return [self.ask(q, top_k=top_k) for q in questions]

    def cache_info(self) -> CacheInfo | None:
        """Hits, misses and size of the answer cache (None without one)."""
        return self._cache.info() if self._cache is not None else None

    def sections(self) -> list[Section]:
        return list(self.loaded.index.sections_)

    def documents(self) -> dict[str, str]:
        return {slug: title for slug, title in self.loaded.index.documents_}

    def synonyms(self) -> tuple[tuple[str, ...], ...]:
        """The synonym groups this version matches with: the knowledge base's own, then faqbot's everyday ones."""
        return tuple(tuple(g) for g in self.loaded.index.synonyms_)

    def info(self) -> dict:
        """What /api/health reports about this version."""
        m = self.loaded.manifest
        return {"version": self.loaded.version, "built_at": m.get("built_at"),
                "documents": m.get("documents"), "sections": m.get("sections")}


class Bot:
    """Answers questions from the current index; picks up newly published versions between requests."""

    def __init__(self, settings: Settings, loaded: artifact.Loaded, follow_content: bool = False) -> None:
        self.settings = settings
        # No content folder was chosen (neither --content nor FAQBOT_CONTENT_DIR): a rebuild uses the folder the
        # published version was built from (`content_dir()`), which `faqbot build --content DIR` may change meanwhile.
        self.follow_content = follow_content
        self._followed: tuple[str, str | None] | None = None  # (published version, its content folder), read once
        self._state = Served(loaded, settings.threshold, settings.answer_cache, settings.no_answer_contact)
        self._lock = native_lock()  # rebuilds and loads run in native threads (web/offload.py)
        self._next_check = time.monotonic() + settings.reload_interval
        self._refused: str | None = None  # a published version that failed to load
        self._watcher: threading.Thread | None = None
        self._stop = threading.Event()

    @classmethod
    def from_settings(cls, settings: Settings, progress: Callable[[str], None] | None = None,
                      content_explicit: bool = True) -> "Bot":
        """Load the index from settings.index_dir, building it first if missing or stale.

        content_explicit=False: the content folder is only the default, so an index built from
        another folder is kept fresh against that folder instead of being rebuilt from the default.
        """
        loaded = build.ensure(Path(settings.content_dir), Path(settings.index_dir),
                              keep=settings.keep_versions, progress=progress,
                              follow_manifest=not content_explicit, encoder=settings.encoder)
        if not content_explicit:  # reindex() rebuilds from the folder this index was built from
            settings = build.served_content(settings)
        return cls(settings, loaded, follow_content=not content_explicit)

    @classmethod
    def from_index(cls, settings: Settings, follow_content: bool = False) -> "Bot":
        """Load the published index as it is, without looking at the content folder.

        follow_content: no content folder was chosen, so rebuilds use the published version's (see `content_dir`).
        """
        return cls(settings, artifact.load_current(Path(settings.index_dir)), follow_content=follow_content)

    # ---- asking (from whatever version is current when called) -------------------------
    def current(self) -> Served:
        """The version being served now; hold it for a whole request so the request sees one version."""
        return self._state

    def ask(self, question: str, history: Sequence[str] = (), top_k: int = 3, served: Served | None = None) -> Answer:
        """The Answer to a question, with this chat's earlier questions (newest last).

        served: the version a request holds (from `current()`); by default the one current now.
        """
        return (served or self._state).ask(question, history=history, top_k=top_k)

    def ask_many(self, questions: Sequence[str], top_k: int = 3) -> list[Answer]:
        """Answers to several questions without history, from one version (see Served.ask_many)."""
        return self._state.ask_many(questions, top_k=top_k)

    @property
    def policy(self) -> Policy:
        return self._state.policy

    def sections(self) -> list[Section]:
        return self._state.sections()

    def documents(self) -> dict[str, str]:
        return self._state.documents()

    def info(self) -> dict:
        """What /api/health reports about the index being served."""
        return self._state.info()

    def warm(self) -> None:
        """Load everything answering can need, so no request pays for it: the stemmer (nltk), the fuzzy
        matcher, the sentence encoder's first pass (an index built with one), and the code paths of
        unknown words, typos, follow-ups and small talk.

        Called by the app factory, in the worker, before it takes requests.
        """
        from .text import stem

        stem("warming")  # imports nltk's Snowball stemmer, which a word with a known prefix needs
        served = self._state
        encoder = served.loaded.index.encoder_
        if encoder is not None:  # the model's first pass allocates and touches every weight page
            encoder.encode(["how long does it take to warm up?"])
        for question, history in (("how long does zzqxv last after treatmnet?", ()),
                                  ("what about the price?", ("how long does it last?",)),
                                  ("hello there", ()), ("?", ())):
            served.ask(question, history=history)

    # ---- versions ------------------------------------------------------------------------
    def published_version(self) -> str | None:
        """The version published in the index folder now (it may not be loaded here yet)."""
        return artifact.current_version(Path(self.settings.index_dir))

    def content_dir(self) -> Path:
        """The content folder a rebuild reads now: settings.content_dir when it was chosen; else the folder the
        version published now was built from (its manifest says; `faqbot build --content DIR` in another shell
        changes it while this runs), while that folder is there, and settings.content_dir when it is not."""
        chosen = Path(self.settings.content_dir)
        if not self.follow_content:
            return chosen
        index_dir = Path(self.settings.index_dir)
        version = artifact.current_version(index_dir)  # one small file; the manifest is read once per version
        followed = self._followed
        if followed is None or followed[0] != version:
            followed = self._followed = (version or "", build.published_content(index_dir))
        recorded = followed[1]
        return Path(recorded) if recorded and Path(recorded).is_dir() else chosen

    def reindex(self) -> dict:
        """Rebuild from the content folder, publish, and serve it; bad content leaves the old index serving.

        Raises ContentError (bad content) or IndexUnavailable (the index folder can't be written).
        """
        return self.rebuild()[0]

    def rebuild(self) -> tuple[dict, list[str]]:
        """`reindex`, and what this build warned of (a skipped file, a file with no heading): a build of unchanged
        content keeps the version served, whose manifest holds the warnings of the build that made it.

        Built from `content_dir()`. When that is not the folder the version it replaces was built from (a server
        started with --content or FAQBOT_CONTENT_DIR, after `faqbot build --content OTHER`), the warnings say so in
        the line `faqbot build` prints for it.
        """
        s = self.settings
        with self._lock:
            # The encoder of the version being served, unless FAQBOT_ENCODER names one.
            encoder = build.encoder_for_rebuild(s.encoder, self._state.loaded.manifest)
            served_from = build.published_content(Path(s.index_dir))
            try:
                built = build.build(self.content_dir(), Path(s.index_dir), keep=s.keep_versions, encoder=encoder)
            except ContentFolderMissing as e:  # said to the server's operator, not as the command line's advice
                raise e.for_server() from None
            # The version already served (the content unchanged) keeps serving as it is, its answer cache with it
            if built["version"] != self._state.loaded.version:
                self._swap(artifact.load_current(Path(s.index_dir)))
            warnings = artifact.build_warnings(built)
            switched = build.switched_content(s.index_dir, served_from, built,
                                              "--content or FAQBOT_CONTENT_DIR names the folder "
                                              "a reindex builds from")
            return self.info(), warnings + ([switched] if switched else [])

    def maybe_reload(self, force: bool = False) -> bool:
        """Switch to a version another process published; cheap (one small file read per interval).

        While a watcher thread runs (`watch()`), it does this off the request path and this returns at once.
        """
        if self._watcher is not None and not force:
            return False
        now = time.monotonic()
        if not force and now < self._next_check:
            return False
        self._next_check = now + self.settings.reload_interval
        return self._reload()

    def _reload(self) -> bool:
        version = artifact.current_version(Path(self.settings.index_dir))
        if version is None or version == self._state.loaded.version:
            return False
        with self._lock:
            if version == self._state.loaded.version:
                return False
            try:
                loaded = artifact.load_current(Path(self.settings.index_dir))
            except IndexUnavailable as e:
                # Retried every interval (a shared folder may be catching up), warned about once per version.
                if self._refused != version:
                    self._refused = version
                    log.warning("keeping index %s: %s", self._state.loaded.version, e)
                return False
            self._swap(loaded)
        return True

    def watch(self) -> None:
        """Check for a newly published version every reload_interval in a daemon thread, loading it there.

        A request then never waits for a load: it runs on the version current when it started, and the
        next one runs on the new version. Used by `faqbot serve` in each worker process.
        """
        if self._watcher is not None:
            return
        self._stop.clear()
        self._watcher = threading.Thread(target=self._watch, name="faqbot-index-watcher", daemon=True)
        self._watcher.start()

    def close(self) -> None:
        """Stop the watcher thread, if any."""
        watcher, self._watcher = self._watcher, None
        if watcher is not None:
            self._stop.set()
            watcher.join(timeout=5)

    def _watch(self) -> None:
        while not self._stop.wait(self.settings.reload_interval):
            try:
                self._reload()
            except Exception:  # pragma: no cover - keep watching; the next check may succeed
                log.exception("checking for a new index version failed")

    def _swap(self, loaded: artifact.Loaded) -> None:
        # One attribute assignment: requests in flight keep the Served object they started with.
        s = self.settings
        self._state = Served(loaded, s.threshold, s.answer_cache, s.no_answer_contact)
        self._refused = None
        log.info("serving index %s", loaded.version)


__all__ = ["Bot", "Served", "ContentError", "IndexUnavailable"]
