"""Content -> sections -> fitted index -> published version, and whether a published one is still fresh.

The only module that runs ingestion and fitting for an index folder; `bot.artifact` only stores what it
is given.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import stat
import time
from dataclasses import replace
from pathlib import Path
from typing import Callable

from . import artifact
from .artifact import EncoderMissing, IndexUnavailable, Loaded
from .encoder import EncoderUnavailable
from .index import Index
from .ingest import MAX_FILE_BYTES, find_content, load_knowledge
from .ingest.files import GIVE_CONTENT
from .model import ContentError, KnowledgeBase
from .moves import Former, History, moved_of
from .settings import Settings
from .text import words
from .words import counted

Progress = Callable[[str], None]


def content_hash(content_dir: Path) -> str:
    """sha256 over the content files' relative paths and bytes, as ingestion finds them.

    Uses ingestion's own walk (symlinks followed safely, skipped files ignored). A folder that
    cannot be walked, or a file too big or not regular, hashes as unusable, so the index is
    rebuilt and the build reports the problem.
    """
    h = hashlib.sha256()
    try:
        found = find_content(Path(content_dir))
    except ContentError as e:
        return "unusable:" + hashlib.sha256(str(e).encode()).hexdigest()
    for f in found.files:
        h.update(f.rel.encode("utf-8", "surrogateescape") + b"\0")  # names need not be UTF-8
        if not stat.S_ISREG(f.st.st_mode) or f.st.st_size > MAX_FILE_BYTES:
            h.update(f"unusable:{f.st.st_mode}:{f.st.st_size}:{f.st.st_mtime_ns}".encode())
            continue
        try:
            with open(f.path, "rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
        except OSError as e:
            h.update(f"unreadable:{e.errno}".encode())
        h.update(b"\0")
    return h.hexdigest()


def unfit(kb: KnowledgeBase, error: ValueError, content_dir: Path | str = "") -> ContentError:
    """The ContentError for content the index could not be fitted on (`error`, scikit-learn's "empty vocabulary"):
    no heading with a word faqbot can match, else no indexable word at all. The build raises it; the dashboard's
    notice of a content folder that does not build (web/admin_content.py) shows it."""
    try:
        _no_heading_words(kb)
    except ContentError as e:
        return e
    names = ", ".join(kb.files) or str(content_dir)
    return ContentError(names, f"no indexable words: faqbot indexes words in Latin letters and digits ({error})")


def _no_heading_words(kb: KnowledgeBase) -> None:
    """The ContentError for content whose answers have words but none of whose headings and phrasings do (every
    heading an emoji, say): the index matches questions against them, and "no indexable words" sent the editor
    looking at the answers."""
    if not any(words(s.body) for s in kb.sections) or any(words(p) for s in kb.sections
                                                           for p in (s.heading, *s.alternates)):
        return
    first = kb.sections[0].source
    shown = ", ".join(f"'{s.heading}'" for s in kb.sections[:2]) + (", ..." if len(kb.sections) > 2 else "")
    raise ContentError(first.rsplit(":", 1)[0], f"no heading has a word faqbot can match ({shown}): matching reads "
                       "words in Latin letters and digits; write at least one heading in words, or give the sections "
                       "phrasings in an .alternates file", int(first.rsplit(":", 1)[1]))


def build(content_dir: Path, index_dir: Path, keep: int = 5, progress: Progress | None = None,
          encoder: str | None = None) -> dict:
    """Read content, fit the index (and embed it with the sentence encoder named, if any), publish it as a
    new version; returns its manifest, with "published": true.

    When the version being served was built from the same content, settings, encoder and code (its manifest
    records the same) and loads, nothing is fitted or published: it stays current (a rollback's pin is
    lifted, as by any build) and its manifest is returned with "published": false.

    Raises ContentError for bad content, EncoderMissing when the encoder can't be loaded here, and
    IndexUnavailable when the index folder can't be written; in every case the previously published
    version stays current.
    """
    content_dir, index_dir = Path(content_dir), Path(index_dir)
    _check_index_place(index_dir)
    _check_index_outside(content_dir, index_dir)
    model = None
    if encoder and encoder.strip():
        from . import semantic

        try:  # before reading anything: never a silent fallback to lexical matching
            model = semantic.process_encoder(encoder)
        except EncoderUnavailable as e:
            raise EncoderMissing(str(e)) from None
    # Another process may change the content and publish its own build while this one fits (a dashboard
    # edit in another worker): publishing this older reading after it would drop the edit. So the content is
    # hashed again under the publish lock, and a build of content that has changed since is redone.
    attempt = 1
    while (manifest := _build_once(content_dir, index_dir, keep, progress, model,
                                   last=attempt == BUILD_ATTEMPTS)) is None:
        attempt += 1
        if progress:
            progress("the content changed while building: building again")
    return manifest


def _check_index_place(index_dir: Path) -> None:
    """IndexUnavailable now, not after reading and fitting the content, when index_dir or the nearest of its parents
    that exists is a file (`--index` naming a file): nothing could be published there."""
    place = index_dir
    while not place.exists() and place != place.parent:  # exists() is False under a file, too
        place = place.parent
    if place.exists() and not place.is_dir():
        raise IndexUnavailable(f"{index_dir}: cannot write the index ({place} is a file, not a folder)")


class IndexMisplaced(IndexUnavailable):
    """The index folder is the content folder, or inside it."""


def _check_index_outside(content_dir: Path, index_dir: Path) -> None:
    """IndexUnavailable for an index folder that is the content folder or inside it (`--index knowledge`,
    `--content .` over instance/index): each build read the versions it had published as content files, a warning
    line for every one of them (more with each version kept), `faqbot backup` and the dashboard took them for
    content, and a version pruned changed the content folder under the editor."""
    content, index = Path(os.path.realpath(content_dir)), Path(os.path.realpath(index_dir))
    if content == index or content in index.parents:
        where = "is the content folder" if content == index else f"is inside the content folder {content_dir}"
        raise IndexMisplaced(f"{index_dir}: the index folder {where}: faqbot would read the index's own files as "
                               "content; give an index folder outside it (--index DIR or FAQBOT_INDEX_DIR)")


BUILD_ATTEMPTS = 3  # the last one publishes what it read, even if the content has changed again since


def _build_once(content_dir: Path, index_dir: Path, keep: int, progress: Progress | None, model,
                last: bool) -> dict | None:
    t0 = time.perf_counter()
    digest = content_hash(content_dir) if content_dir.is_dir() else ""
    kb = with_everyday_synonyms(load_knowledge(content_dir, read_history(index_dir)))
    index = Index()
    encoder_info = None
    if model is not None:
        from . import semantic

        encoder_info = semantic.describe(model)
    # All the manifest records but the timing, known before fitting: when the version being served recorded the
    # same (and the same format, library and code versions), fitting would make that index again, so it is kept.
    manifest = {
        "content_hash": digest,
        "content_dir": str(content_dir.resolve()),
        # where it was published: an index folder found elsewhere (a backup restored, an install copied) was not
        # built by this install, whose content folder is then its own, not the one recorded (_recorded_content)
        "index_dir": str(Path(index_dir).resolve()),
        "settings": {"char_ngrams": list(index.char_ngrams)},
        "encoder": encoder_info,
        "documents": len(kb.documents),
        "sections": len(kb.sections),
        "alternates": sum(len(s.alternates) for s in kb.sections),
        "synonym_groups": len(kb.synonyms),
        "files": list(kb.files),
        "warnings": list(kb.warnings),
        "moved": dict(kb.moved),  # former section id -> the id it has now (bot/moves.py)
        "moved_now": dict(kb.moved_now),  # the part of it this build found
        "moved_declared": dict(kb.moved_declared),  # the part of it a .moves line alone holds (forgotten without it)
        # headings with no text under them, by the id they would have: the dashboard says so of its edits for them
        "emptied": {i: {"heading": h, "source": where} for i, h, where in kb.emptied},
    }
    if digest:
        kept = artifact.keep_if_same(index_dir, manifest)
        if kept is not None:
            return kept
    if progress:
        progress(f"read {counted(len(kb.files), 'file')}, {counted(len(kb.sections), 'section')}; fitting")
    try:
        # With an encoder the classifier of the phrasings reads their vectors (`sem_clf`); the lexical one (`clf`,
        # weight 0 with an encoder) would cost the build seconds on an intent knowledge base for nothing.
        index.fit(kb, progress=progress is not None, phrasings_classifier=model is None)
    except ValueError as e:  # scikit-learn: "empty vocabulary" when no file has a word a-z/0-9
        raise unfit(kb, e, content_dir) from None
    if model is not None:
        if progress:
            progress(f"embedding {len(index.q_owner_)} headings and alternates and {len(index.sections_)} "
                     f"sections with {model.name}")
        semantic.embed(index, model)
    manifest["encoder"] = index.encoder_info_
    manifest["build_seconds"] = round(time.perf_counter() - t0, 3)
    unchanged = None if last or not digest else (lambda: content_hash(content_dir) == digest)
    return artifact.publish(index_dir, index.save, manifest, keep=keep, still_current=unchanged,
                            keep_same=bool(digest))


def read_history(index_dir: Path) -> History:
    """The sections and `moved` record of the version index_dir serves now, for the next build to compare its
    sections with (bot/moves.py); empty when there is none or it cannot be read (an index of another format)."""
    try:
        version = artifact.current_version(index_dir)
        if version is None:
            return History()
        manifest = artifact.read_manifest(index_dir, version)
        meta = json.loads((index_dir / artifact.VERSIONS / version / "index.json").read_text(encoding="utf-8"))
        columns = meta["sections"]
        rows = zip(columns["id"], columns["body"], strict=True)
        sections = tuple(Former(i, b) for i, b in rows if isinstance(i, str) and isinstance(b, str))
    except (IndexUnavailable, OSError, ValueError, TypeError, KeyError, AttributeError):
        return History()
    declared = moved_of(manifest, "moved_declared") if "moved_declared" in manifest else None  # older: unknown
    return History(sections, moved_of(manifest), declared)


EVERYDAY_SYNONYMS = Path(__file__).with_name("data") / "everyday.synonyms"


def with_everyday_synonyms(kb: KnowledgeBase) -> KnowledgeBase:
    """The knowledge base's synonym groups, then faqbot's everyday ones (bot/data/everyday.synonyms) that
    share no term with them: a site owner's own grouping of a word always wins."""
    own = {t for g in kb.synonyms for t in g}
    everyday = [g for g in everyday_synonyms() if not own.intersection(g)]
    return replace(kb, synonyms=tuple(kb.synonyms) + tuple(everyday))


@functools.cache
def everyday_synonyms() -> tuple[tuple[str, ...], ...]:
    """faqbot's everyday synonym groups (bot/data/everyday.synonyms), read once."""
    from .ingest.extras import parse_synonyms

    return tuple(map(tuple, parse_synonyms(str(EVERYDAY_SYNONYMS), EVERYDAY_SYNONYMS.read_text(encoding="utf-8"))))


def why_stale(manifest: dict, content_dir: Path | None) -> str | None:
    """Why a published version must be rebuilt: this program can't read it, other faqbot code built it (an
    upgrade), or the content changed. Without a content folder only the first counts (nothing to rebuild from,
    or a rollback's pin)."""
    why = artifact.unreadable(manifest)
    if why is None and content_dir is not None:
        code = artifact.code_digest()
        if manifest.get("code") != code:
            why = f"built by other faqbot code ({manifest.get('code') or 'not recorded'}; this program's is {code})"
        elif manifest.get("content_hash") != content_hash(content_dir):
            why = "content changed since the index was built"
    return why


def ensure(content_dir: Path, index_dir: Path, keep: int = 5, progress: Progress | None = None,
           follow_manifest: bool = False, load: bool = True, encoder: str | None = None) -> Loaded | None:
    """Load the current index, building it first if it is missing or stale.

    follow_manifest: the content folder was not chosen explicitly, so an index built from another
    folder is checked against (and rebuilt from) the folder its manifest names, not the default.
    load=False: only make sure a fresh version is published (returns None).
    encoder: the sentence encoder a rebuild uses; empty keeps the one the current version was built with.
    A fresh index is used as it was built, whatever `encoder` says.
    """
    try:
        return _ensure(Path(content_dir), Path(index_dir), keep, progress, follow_manifest, load, encoder)
    finally:
        if not load:
            # Only checked: a process that forks workers next (`faqbot serve`) keeps no model of its own.
            from . import semantic

            semantic.release()


def _ensure(content_dir: Path, index_dir: Path, keep: int, progress: Progress | None, follow_manifest: bool,
            load: bool, encoder: str | None) -> Loaded | None:
    version = artifact.current_version(index_dir)
    if version is not None:
        unread = None
        try:
            manifest = artifact.read_manifest(index_dir, version)
        except IndexUnavailable as e:
            # Said as it is: with an empty manifest the rebuild's line said "index format None, this program reads
            # 24", as after an upgrade, for a CURRENT damaged or naming a version deleted by hand.
            manifest, unread = {}, _unread_current(index_dir, version, e)
        encoder = encoder_for_rebuild(encoder, manifest)
        if follow_manifest:
            content_dir = _recorded_content(manifest, content_dir, index_dir, progress)
        pinned = artifact.pinned(index_dir) == version
        why = unread or why_stale(manifest, None if pinned or not content_dir.is_dir() else content_dir)
        if why is None:
            try:
                loaded = artifact.load_current(index_dir)
                if not follow_manifest and not content_dir.is_dir() and progress:
                    # Named (--content, FAQBOT_CONTENT_DIR) but not there, a typo say: answered from the index as it
                    # is, but a reindex or a dashboard edit would fail on it, so it is said now.
                    what = "content path is not a folder" if content_dir.exists() else "content folder not found"
                    progress(f"warning: {content_dir}: {what}; answering from the index built "
                             f"{loaded.manifest.get('built_at')} from {loaded.manifest.get('content_dir')}")
                return loaded if load else None
            except EncoderMissing:  # a rebuild would need the same encoder
                raise
            except IndexUnavailable as e:  # damaged on disk (or another model installed): rebuilt, like a stale one
                why = str(e)
        if progress:
            progress(f"rebuilding the index from {content_dir}: {why}")
    elif not content_dir.is_dir():  # nothing to answer from, nor to build from: say both
        # Said with the fix: the default (knowledge/) is relative to where the command runs, a usual way to miss it.
        raise ContentError(str(content_dir), f"content folder not found, and {index_dir} holds no index to answer from: "
                                             f"{GIVE_CONTENT}")
    elif progress:
        progress(f"no index in {index_dir} yet: building it from {content_dir}")
    try:
        manifest = build(content_dir, index_dir, keep=keep, progress=progress, encoder=encoder)
    except (ContentError, IndexUnavailable) as e:
        # A typo in a content file, then a restart (`faqbot serve`, `make run`): the chatbot stays up on the
        # version it served, as after a failed POST /api/reindex, and says what to fix. So does an index
        # folder that cannot be written (a full disk, a read-only folder): a restart must not take the chatbot
        # offline when the version it served is still there. With no usable version there is nothing to serve,
        # and the error is the answer; an encoder that cannot be loaded is never silently done without.
        if isinstance(e, EncoderMissing):
            raise
        try:
            loaded = artifact.load_current(index_dir) if version is not None else None
        except IndexUnavailable:
            loaded = None
        if loaded is None:
            raise
        if progress:
            fix = ("the content is fixed" if isinstance(e, ContentError) else "the index folder is moved out of the "
                   "content folder" if isinstance(e, IndexMisplaced) else "the index folder can be written")
            progress(f"warning: {e}; answering from the index built {loaded.manifest.get('built_at')} until {fix}")
        return loaded if load else None
    if progress:  # what the build skipped or read as one section, as `faqbot build` says it
        for w in artifact.build_warnings(manifest):
            progress(f"warning: {w}")
    return artifact.load_current(index_dir) if load else None


def _unread_current(index_dir: Path, version: str, error: IndexUnavailable) -> str:
    """Why the version CURRENT names cannot be read: not a kept version at all, or its manifest's error."""
    if version not in artifact.list_versions(index_dir):
        shown = version if version.isprintable() and len(version) <= 80 else repr(version[:80])
        versions = index_dir / artifact.VERSIONS
        return f"{index_dir / artifact.CURRENT} names {shown}, which is not a version in {versions}"
    return str(error)


def served_content(settings: Settings) -> Settings:
    """The settings with the content folder the published index was built from (its manifest names it), for a
    server whose content folder was not chosen.

    `faqbot serve` without --content or FAQBOT_CONTENT_DIR answers from an index built from another folder
    (`faqbot build --content myfaq`); a reindex or a dashboard edit must rebuild from that folder, not from
    the default knowledge/ of whatever directory the server was started in.
    """
    index_dir = Path(settings.index_dir)
    version = artifact.current_version(index_dir)
    try:
        manifest = artifact.read_manifest(index_dir, version) if version is not None else {}
    except IndexUnavailable:
        manifest = {}
    return settings.replace(content_dir=str(_recorded_content(manifest, Path(settings.content_dir), index_dir)))


def published_content(index_dir: Path) -> str | None:
    """The content folder the published version was built from, as its manifest records it (None without one); the
    default folder (knowledge/ here) instead in an install the index was restored or copied to (_recorded_content)."""
    index_dir = Path(index_dir)
    try:
        version = artifact.current_version(index_dir)
        manifest = artifact.read_manifest(index_dir, version) if version is not None else {}
    except IndexUnavailable:  # a manifest that cannot be read: a build replaces that version anyway
        return None
    recorded = manifest.get("content_dir")
    if not (isinstance(recorded, str) and recorded):
        return None
    followed = _recorded_content(manifest, default_content(), index_dir)
    return str(followed.resolve()) if Path(recorded).is_dir() else recorded


def switched_content(index_dir: Path | str, served_from: str | None, manifest: dict, hint: str) -> str | None:
    """The warning line for a build that published content from another folder than the one the version it replaced
    was built from (`faqbot build`, a reindex), or None: the site's own FAQ replaced by the demo article, or the
    other way round, must not pass without a word. hint: what the reader can do, after "`faqbot rollback` goes back"."""
    built_from = manifest.get("content_dir")
    if not served_from or not manifest.get("published", True) or served_from == built_from:
        return None
    return (f"{index_dir} was serving content from {served_from}; it now serves {built_from} (`faqbot rollback` goes "
            f"back; {hint})")


def _recorded_content(manifest: dict, content_dir: Path, index_dir: Path, progress: Progress | None = None) -> Path:
    """The folder an index whose content folder was not chosen follows: the one its manifest records, while it is
    there; but the default folder (content_dir) of an install the index was restored or copied to. A backup restored,
    or an install copied, to another path records the old install's folder, which may still be there (a live site
    beside it) and must not be rebuilt from, nor edited by the dashboard. Told by the index folder the version was
    published in (recorded since session 60), else (a version built before) by the default folder holding the very
    content the version was built from. A warning (progress) names both folders when the one used is not plainly
    right: a moved index whose default folder holds other content, or a version from before the record."""
    recorded = manifest.get("content_dir")
    if not (isinstance(recorded, str) and recorded and Path(recorded).is_dir()):
        return content_dir
    followed = Path(recorded)
    if not content_dir.is_dir() or _same_path(followed, content_dir):
        return followed
    published_in = manifest.get("index_dir")
    moved = isinstance(published_in, str) and bool(published_in) and not _same_path(Path(published_in), index_dir)
    old = "index_dir" not in manifest  # built before session 60: a restored copy cannot be told from a copied folder
    if not moved and not old:
        return followed
    same = bool(manifest.get("content_hash")) and manifest.get("content_hash") == content_hash(content_dir)
    here = content_dir.resolve()
    if moved or (old and same):
        # Restored or copied here: the recorded folder may be a live site's, which this install must not rebuild
        # from nor edit. Said when it is not plainly so.
        if progress and not same:
            progress(f"warning: the index was published in {published_in} from {followed}; this install's {here} "
                     f"holds other content and is used (--content or FAQBOT_CONTENT_DIR chooses the folder)")
        elif progress and not moved:
            progress(f"warning: the index was built from {followed}, which holds the same content as {here} here; "
                     f"{here} is used (--content or FAQBOT_CONTENT_DIR chooses the folder)")
        return content_dir
    # Not moved, the default folder holding other content: `faqbot build --content OTHER` chose the recorded folder,
    # and said so then ("was serving content from ...; it now serves ..."); every `faqbot ask` saying it again was noise.
    return followed


def _same_path(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or a.samefile(b)
    except OSError:
        return False


def default_content() -> Path:
    """The content folder when none was chosen (knowledge/ where the command runs)."""
    return Path(Settings().content_dir)


def encoder_for_rebuild(setting: str | None, manifest: dict) -> str:
    """The encoder a rebuild of a published version uses: the one named, else the one it was built with."""
    if setting and setting.strip():
        return setting
    recorded = manifest.get("encoder")
    return str(recorded.get("name") or "") if isinstance(recorded, dict) else ""
