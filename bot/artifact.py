"""The on-disk index artifact: versioned directories, a manifest, atomic publishing.

Layout of the index folder:

    CURRENT                  the name of the version being served (replaced atomically)
    versions/<version>/      manifest.json, index.json, matrices.npz (immutable once published)
    .lock                    serialises publishers (builds, rollbacks, pruning)

A build writes a hidden temporary folder, renames it into `versions/`, then swaps CURRENT.
A reader therefore never sees half an index, and a failed build leaves CURRENT untouched.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import time
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator

from .index import FORMAT_VERSION, Index
from .model import ContentError

CURRENT = "CURRENT"
VERSIONS = "versions"
MANIFEST = "manifest.json"
PINNED = "PINNED"  # written by rollback: the named version stays current until the next build


class IndexError_(Exception):
    """The index folder is missing, unusable or cannot be written; the message says which and why."""


@dataclass
class Loaded:
    """A published version, loaded."""

    version: str
    manifest: dict
    index: Index


def library_versions() -> dict[str, str]:
    """Versions of the libraries whose behaviour the artifact depends on."""
    from importlib.metadata import version

    from . import __version__

    out = {"faqbot": __version__}
    for dist in ("scikit-learn", "numpy", "scipy", "nltk", "rapidfuzz"):
        try:
            out[dist] = version(dist)
        except Exception:  # pragma: no cover - a missing library fails elsewhere, loudly
            out[dist] = "unknown"
    return out


def content_hash(content_dir: Path) -> str:
    """sha256 over the content files' relative paths and bytes, as ingestion finds them.

    Uses ingestion's own walk (symlinks followed safely, skipped files ignored). A folder that
    cannot be walked, or a file too big or not regular, hashes as unusable, so the index is
    rebuilt and the build reports the problem.
    """
    import stat as stat_

    from .ingest import MAX_FILE_BYTES, find_content

    h = hashlib.sha256()
    try:
        found = find_content(Path(content_dir))
    except ContentError as e:
        return "unusable:" + hashlib.sha256(str(e).encode()).hexdigest()
    for f in found.files:
        h.update(f.rel.encode("utf-8", "surrogateescape") + b"\0")  # names need not be UTF-8
        if not stat_.S_ISREG(f.st.st_mode) or f.st.st_size > MAX_FILE_BYTES:
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


@contextlib.contextmanager
def _lock(index_dir: Path) -> Iterator[None]:
    import fcntl

    with open(index_dir / ".lock", "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def current_version(index_dir: Path) -> str | None:
    """The published version's name, or None when nothing is published."""
    try:
        name = (Path(index_dir) / CURRENT).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    return name or None


def list_versions(index_dir: Path) -> list[str]:
    """Published version names, oldest first."""
    d = Path(index_dir) / VERSIONS
    if not d.is_dir():
        return []
    return sorted(p.name for p in d.iterdir() if p.is_dir() and not p.name.startswith("."))


def read_manifest(index_dir: Path, version: str) -> dict:
    path = Path(index_dir) / VERSIONS / version / MANIFEST
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise IndexError_(f"{path}: unreadable manifest ({e})") from None


def why_stale(manifest: dict, content_dir: Path | None) -> str | None:
    """Why this artifact must not be served by this program (None if it is fine)."""
    if manifest.get("format") != FORMAT_VERSION:
        return f"index format {manifest.get('format')!r}, this program reads {FORMAT_VERSION}"
    libs = library_versions()
    if manifest.get("libraries") != libs:
        return f"built with {manifest.get('libraries')}, running {libs}"
    if content_dir is not None and manifest.get("content_hash") != content_hash(content_dir):
        return "content changed since the index was built"
    return None


def build(content_dir: Path, index_dir: Path, keep: int = 5,
          progress: Callable[[str], None] | None = None) -> dict:
    """Read content, fit the index, publish it as a new version; returns its manifest.

    Raises ContentError for bad content and IndexError_ when the index folder can't be written;
    in both cases the previously published version stays current.
    """
    from .ingest import load_knowledge

    content_dir, index_dir = Path(content_dir), Path(index_dir)
    t0 = time.perf_counter()
    digest = content_hash(content_dir) if content_dir.is_dir() else ""
    kb = load_knowledge(content_dir)
    if progress:
        progress(f"read {len(kb.files)} files, {len(kb.sections)} sections; fitting")
    try:
        index = Index().fit(kb)
    except ValueError as e:  # scikit-learn: "empty vocabulary" when no file has a word a-z/0-9
        names = ", ".join(kb.files) or str(content_dir)
        raise ContentError(names, f"no indexable words: faqbot indexes words in Latin letters and digits ({e})") from None
    try:
        (index_dir / VERSIONS).mkdir(parents=True, exist_ok=True)
        with _lock(index_dir):
            version = _new_version_name(index_dir, digest)
            tmp = index_dir / VERSIONS / f".tmp-{version}-{os.getpid()}"
            try:
                tmp.mkdir()
                index.save(tmp)
                manifest = {
                    "format": FORMAT_VERSION,
                    "version": version,
                    "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                    "content_hash": digest,
                    "content_dir": str(content_dir.resolve()),
                    "libraries": library_versions(),
                    "settings": {"char_ngrams": list(index.char_ngrams)},
                    "documents": len(kb.documents),
                    "sections": len(kb.sections),
                    "alternates": sum(len(s.alternates) for s in kb.sections),
                    "synonym_groups": len(kb.synonyms),
                    "files": list(kb.files),
                    "warnings": list(kb.warnings),
                    "build_seconds": round(time.perf_counter() - t0, 3),
                }
                (tmp / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
                _fsync_dir(tmp)
                os.rename(tmp, index_dir / VERSIONS / version)
                _fsync_path(index_dir / VERSIONS)
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
            _set_current(index_dir, version)
            (index_dir / PINNED).unlink(missing_ok=True)
            _prune(index_dir, keep)
    except OSError as e:
        raise IndexError_(f"{index_dir}: cannot write the index ({e.strerror or e})") from None
    manifest["size_bytes"] = artifact_size(index_dir / VERSIONS / version)
    return manifest


def _new_version_name(index_dir: Path, digest: str) -> str:
    # Sortable by time; the counter keeps two builds within one second apart.
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    existing = set(list_versions(index_dir))
    n = 0
    while True:
        name = f"{stamp}-{n:02d}-{digest[:8] or 'nohash'}"
        if name not in existing:
            return name
        n += 1


def _set_current(index_dir: Path, version: str) -> None:
    tmp = index_dir / f".{CURRENT}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(version + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, index_dir / CURRENT)
    _fsync_path(index_dir)


def _fsync_path(d: Path) -> None:
    """fsync a directory, so a rename in it survives a power cut."""
    fd = os.open(d, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(d: Path) -> None:
    for p in d.iterdir():
        with open(p, "rb") as fh:
            os.fsync(fh.fileno())


def _prune(index_dir: Path, keep: int) -> None:
    current = current_version(index_dir)
    versions = list_versions(index_dir)
    for name in versions[: max(0, len(versions) - keep)]:
        if name != current:
            shutil.rmtree(index_dir / VERSIONS / name, ignore_errors=True)


def rollback(index_dir: Path) -> str:
    """Make the version before the current one current again; returns its name."""
    index_dir = Path(index_dir)
    if current_version(index_dir) is None:
        raise IndexError_(f"{index_dir}: no published index to roll back from")
    try:
        return _rollback(index_dir)
    except OSError as e:
        raise IndexError_(f"{index_dir}: cannot roll back ({e.strerror or e})") from None


def _rollback(index_dir: Path) -> str:
    with _lock(index_dir):
        versions = list_versions(index_dir)
        current = current_version(index_dir)
        if current not in versions:
            raise IndexError_(f"{index_dir}: no published index to roll back from")
        pos = versions.index(current)
        if pos == 0:
            raise IndexError_(f"{index_dir}: {current} is the oldest kept version; nothing to roll back to")
        previous = versions[pos - 1]
        why = why_stale(read_manifest(index_dir, previous), None)
        if why:
            raise IndexError_(f"{index_dir}: cannot roll back to {previous}: {why}")
        _set_current(index_dir, previous)
        # Pinned: serve/ask must not "refresh" the rolled-back version from newer content.
        # The next explicit build removes the pin.
        (index_dir / PINNED).write_text(previous + "\n", encoding="utf-8")
        return previous


def load_current(index_dir: Path) -> Loaded:
    """Load the published version, refusing one this program did not make (format, libraries)."""
    index_dir = Path(index_dir)
    for _attempt in range(3):
        version = current_version(index_dir)
        if version is None:
            raise IndexError_(f"{index_dir}: no index found; run `faqbot build`")
        try:
            manifest = read_manifest(index_dir, version)
            why = why_stale(manifest, None)
            if why:
                raise IndexError_(f"{index_dir}: index {version} can't be used: {why}; run `faqbot build`")
            try:
                index = Index.load(index_dir / VERSIONS / version)
            except (OSError, ValueError, KeyError, TypeError, EOFError, zipfile.BadZipFile) as e:
                raise IndexError_(f"{index_dir}: index {version} is damaged ({e}); run `faqbot build`") from None
            return Loaded(version, manifest, index)
        except IndexError_:
            # A publisher may have moved CURRENT on and pruned this version while we read it:
            # then the newer version is the one to load. Otherwise the error stands.
            if current_version(index_dir) == version:
                raise
    raise IndexError_(f"{index_dir}: the published index kept changing while loading; try again")


def ensure(content_dir: Path, index_dir: Path, keep: int = 5,
           progress: Callable[[str], None] | None = None, follow_manifest: bool = False,
           load: bool = True) -> Loaded | None:
    """Load the current index, building it first if it is missing or stale.

    follow_manifest: the content folder was not chosen explicitly, so an index built from another
    folder is checked against (and rebuilt from) the folder its manifest names, not the default.
    load=False: only make sure a fresh version is published (returns None).
    """
    content_dir, index_dir = Path(content_dir), Path(index_dir)
    version = current_version(index_dir)
    if version is not None:
        try:
            manifest = read_manifest(index_dir, version)
        except IndexError_:
            manifest = {}
        recorded = manifest.get("content_dir")
        if follow_manifest and recorded and Path(recorded).is_dir():
            content_dir = Path(recorded)
        pinned = _pinned(index_dir) == version
        why = why_stale(manifest, None if pinned or not content_dir.is_dir() else content_dir)
        if why is None:
            try:
                loaded = load_current(index_dir)
                return loaded if load else None
            except IndexError_ as e:  # damaged on disk: rebuilt, like a stale one
                why = str(e)
        if progress:
            progress(f"rebuilding the index from {content_dir}: {why}")
    build(content_dir, index_dir, keep=keep, progress=progress)
    return load_current(index_dir) if load else None


def _pinned(index_dir: Path) -> str | None:
    try:
        return (index_dir / PINNED).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def artifact_size(path: Path) -> int:
    """Total bytes of the files in a version folder."""
    return sum(p.stat().st_size for p in Path(path).iterdir() if p.is_file())


__all__ = ["build", "ensure", "load_current", "rollback", "current_version", "list_versions",
           "content_hash", "why_stale", "IndexError_", "ContentError", "Loaded"]
