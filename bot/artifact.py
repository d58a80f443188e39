"""The on-disk index artifact: writes, reads, lists and rolls back versions. It never builds one
(that is bot/build.py) and never looks at the content folder.

Layout of the index folder:

    CURRENT                  the name of the version being served (replaced atomically)
    versions/<version>/      manifest.json, index.json, matrices.npz, and with a sentence encoder
                             unit-, section- and centroid-vectors.npy (immutable once published)
    SEQUENCE                 the last version number handed out (names are never reused)
    PINNED                   written by rollback: that version stays current until the next build
    .lock                    serialises publishers (builds, rollbacks, pruning)

`publish` writes a hidden temporary folder, renames it into `versions/`, then swaps CURRENT.
A reader therefore never sees half an index, and a failed build leaves CURRENT untouched.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import shutil
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator

from .encoder import EncoderUnavailable
from .index import FORMAT_VERSION, Index
from .semantic import ModelChanged

CURRENT = "CURRENT"
VERSIONS = "versions"
MANIFEST = "manifest.json"
PINNED = "PINNED"  # written by rollback: the named version stays current until the next build
SEQUENCE = "SEQUENCE"  # the last version number handed out
_VERSION_NAME = re.compile(r"^v(\d+)-")
# What the manifest's entries hold where present (as `publish` writes them): others are read as a damaged one.
_MANIFEST_TYPES = {"content_dir": str, "content_hash": str, "built_at": str, "libraries": dict,
                   "encoder": (dict, type(None)), "code": str}


class IndexUnavailable(Exception):
    """The index folder is missing, unusable or cannot be written; the message says which and why."""


class EncoderMissing(IndexUnavailable):
    """The index needs a sentence encoder this install cannot load (unknown, or its extra is not installed):
    rebuilding here would fail the same way, so nothing is rebuilt."""


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
    # Data shipped with the code that an index is built from: a changed file makes old indexes stale. Every file
    # of bot/data, not a list of them: noun.kinds, which the build reads, was added without being listed, and an
    # upgrade that changed it served indexes built from the old one.
    for path in sorted(Path(__file__).with_name("data").iterdir()):
        if path.is_file():
            out[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    for dist in ("scikit-learn", "numpy", "scipy", "nltk", "rapidfuzz"):
        try:
            out[dist] = version(dist)
        except Exception:  # pragma: no cover - a missing library fails elsewhere, loudly
            out[dist] = "unknown"
    return out


@functools.cache
def code_digest() -> str:
    """A digest of the engine's source (every .py file of the `bot` package), taken once per process.

    Recorded in the manifest as "code". The version number does not tell releases apart (it is not raised for
    every change), and an index built by other code may hold other sections: an upgrade that changed how text
    articles are split served the index the old code had built, with the old sections, until the content
    changed. Other code makes an index stale (bot/build.py rebuilds it), not unreadable: the format says that.
    """
    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:12]


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
    """The published version's name, or None when nothing is published (or CURRENT cannot be read)."""
    try:
        data = (Path(index_dir) / CURRENT).read_bytes()
    except OSError:  # missing, or not a file: nothing published that could be loaded; a build writes it anew
        return None
    # Damaged bytes name no version: loading it then says so, and a rebuild replaces it, as for any
    # CURRENT that names a version which is not there.
    return data.decode("utf-8", "replace").strip() or None


def list_versions(index_dir: Path) -> list[str]:
    """Published version names, oldest first."""
    d = Path(index_dir) / VERSIONS
    if not d.is_dir():
        return []
    return sorted((p.name for p in d.iterdir() if p.is_dir() and not p.name.startswith(".")), key=_publication_order)


def read_manifest(index_dir: Path, version: str) -> dict:
    path = Path(index_dir) / VERSIONS / version / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:  # ValueError: not UTF-8, not JSON, or a name with a NUL byte
        raise IndexUnavailable(f"{path}: unreadable manifest ({e})") from None
    if not isinstance(manifest, dict):
        raise IndexUnavailable(f"{path}: unreadable manifest (not a JSON object)")
    wrong = next((k for k, kind in _MANIFEST_TYPES.items()
                  if k in manifest and not isinstance(manifest[k], kind)), None)
    if wrong:
        raise IndexUnavailable(f"{path}: unreadable manifest ({wrong!r} holds {type(manifest[wrong]).__name__})")
    return manifest


def unreadable(manifest: dict) -> str | None:
    """Why this program must not load a version with this manifest (None if it can)."""
    if manifest.get("format") != FORMAT_VERSION:
        return f"index format {manifest.get('format')!r}, this program reads {FORMAT_VERSION}"
    libs = library_versions()
    built = manifest.get("libraries")
    if built != libs:
        if not isinstance(built, dict):
            return "built with no record of its library versions"
        # Only what differs: the whole records of both sides made a line of ~500 characters to search by eye.
        differ = sorted(name for name in set(built) | set(libs) if built.get(name) != libs.get(name))
        return "built with " + "; ".join(f"{name} {built.get(name, 'none')} (this program has "
                                         f"{libs.get(name, 'none')})" for name in differ)
    return None


# What a manifest records about a build besides its result: the name it was published under, when and how long it
# ran, the renames it found against the version before it (a rebuild of the same content finds none), and its
# warnings, which name the files it skipped too (the content hash leaves them out: a file added, changed or removed
# that the build does not read, such as notes.docx, made a copy of the current version that pushed the oldest one
# rollback goes back to out of the kept ones). Two builds whose manifests agree on everything else (content hash
# and folder, settings, encoder, format, library and code versions, and what was read from the content) made the
# same index.
_NOT_RESULT = frozenset({"version", "built_at", "build_seconds", "moved_now", "size_bytes", "published", "warnings"})


def _result(manifest: dict) -> dict:
    return {k: v for k, v in manifest.items() if k not in _NOT_RESULT}


def _kept(index_dir: Path, manifest: dict) -> dict | None:
    """Under the publish lock: when a build recording `manifest` would make the current version again (and it
    loads), lift a rollback's pin (as a build does) and return that version's manifest with "published": false
    and this build's warnings (what it skipped now); else None. After a rollback, one that would make a version
    the rollback stepped back from again makes that version current (and says "reused": true) rather than
    publishing a copy of it."""
    same = _same_as_current(index_dir, manifest)
    if same is None:
        same = _rolled_back_from(index_dir, manifest)
        if same is None:
            return None
        _set_current(index_dir, same["version"])
    (index_dir / PINNED).unlink(missing_ok=True)
    return {**same, "warnings": manifest.get("warnings", same.get("warnings", [])), "published": False}


def _same_result(recorded: dict, manifest: dict) -> bool:
    """Whether a version recording `recorded` is the index a build recording `manifest` would make."""
    built = {"format": FORMAT_VERSION, "libraries": library_versions(), "code": code_digest(), **manifest}
    return _result(recorded) == _result(json.loads(json.dumps(built)))  # as JSON: tuples read back as lists


def _same_as_current(index_dir: Path, manifest: dict) -> dict | None:
    """The current version's manifest (plus its size) when a build recording `manifest` would make the same
    index and the current version loads; None otherwise. Asked under the publish lock."""
    version = current_version(index_dir)
    if version is None:
        return None
    try:
        current = read_manifest(index_dir, version)
    except IndexUnavailable:
        return None
    if not _same_result(current, manifest):
        return None
    try:  # a damaged version is rebuilt, never kept: `faqbot build` is what its error message says to run
        if load_current(index_dir).version != version:
            return None
    except IndexUnavailable:
        return None
    return {**current, "size_bytes": artifact_size(index_dir / VERSIONS / version)}


def _rolled_back_from(index_dir: Path, manifest: dict) -> dict | None:
    """The first kept version published after the current one (a rollback stepped back from it) that a build
    recording `manifest` would make again and that loads, with its size and "reused": true; None if none.

    Only a later one: serving an earlier one again would leave the versions between it and the current one
    after it, and `faqbot rollback` would skip back past them. Asked under the publish lock."""
    versions = list_versions(index_dir)
    current = current_version(index_dir)
    if current not in versions:
        return None
    for version in versions[versions.index(current) + 1:]:
        try:
            recorded = read_manifest(index_dir, version)
            if _same_result(recorded, manifest):
                _load_version(index_dir, version)  # a damaged one is not served again
                return {**recorded, "size_bytes": artifact_size(index_dir / VERSIONS / version), "reused": True}
        except IndexUnavailable:
            continue
    return None


def keep_if_same(index_dir: Path, manifest: dict) -> dict | None:
    """Keep serving the current version when a build recording `manifest` would make the same index (after a
    rollback: serve the version it stepped back from again, when it would make that one): the pin of a
    rollback is lifted (as a build does) and nothing is published. Returns the current version's manifest (plus
    its size), or None when the build must publish. Publishing copies of the current version would push the
    earlier versions that rollback goes back to out of the kept ones (an hourly build: 5 hours of history)."""
    index_dir = Path(index_dir)
    if current_version(index_dir) is None:
        return None
    try:
        with _lock(index_dir):
            return _kept(index_dir, manifest)
    except OSError as e:
        raise IndexUnavailable(f"{index_dir}: cannot write the index ({e.strerror or e})") from None


def publish(index_dir: Path, write: Callable[[Path], None], manifest: dict, keep: int = 5,
            still_current: Callable[[], bool] | None = None, keep_same: bool = False) -> dict | None:
    """Publish a new version: `write(folder)` fills it, the manifest is completed and saved, CURRENT moves.

    The folder is written under a hidden name and renamed into place, so a reader never sees half a
    version; on any error nothing is published and CURRENT is untouched. Raises IndexUnavailable when
    the index folder cannot be written. Returns the manifest as saved (plus its size and "published": true),
    or None when `still_current()`, asked under the publish lock, says what was built is out of date (nothing
    published). keep_same: when the current version, asked under the lock, records the same result (another
    process published this build's twin meanwhile), nothing is published and its manifest is returned with
    "published": false (see keep_if_same).
    """
    index_dir = Path(index_dir)
    try:
        (index_dir / VERSIONS).mkdir(parents=True, exist_ok=True)
        with _lock(index_dir):
            if still_current is not None and not still_current():
                return None
            if keep_same and (kept := _kept(index_dir, manifest)) is not None:
                return kept
            _remove_leftovers(index_dir)
            version = _next_version_name(index_dir, manifest.get("content_hash", ""))
            tmp = index_dir / VERSIONS / f".tmp-{version}-{os.getpid()}"
            try:
                tmp.mkdir()
                write(tmp)
                manifest = {"format": FORMAT_VERSION, "version": version,
                            "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                            "libraries": library_versions(), "code": code_digest(), **manifest}
                (tmp / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
                _fsync_dir(tmp)
                os.rename(tmp, index_dir / VERSIONS / version)
                fsync_path(index_dir / VERSIONS)
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
            try:
                _set_current(index_dir, version)
            except BaseException:
                if current_version(index_dir) != version:  # never served: not a version to keep or roll back to
                    shutil.rmtree(index_dir / VERSIONS / version, ignore_errors=True)
                raise
            (index_dir / PINNED).unlink(missing_ok=True)
            _prune(index_dir, keep)
    except OSError as e:
        raise IndexUnavailable(f"{index_dir}: cannot write the index ({e.strerror or e})") from None
    return {**manifest, "size_bytes": artifact_size(index_dir / VERSIONS / version), "published": True}


def _next_version_name(index_dir: Path, digest: str) -> str:
    """A name never used before in this folder, sorting after every earlier one: v<sequence>-<time>-<hash>.

    The sequence lives in its own file (under the publish lock), so a pruned name is never handed out
    again and names sort by publication however many builds land in one second.
    """
    seq_file = index_dir / SEQUENCE
    try:
        last = int(seq_file.read_text(encoding="utf-8").strip() or 0)
    except (FileNotFoundError, ValueError):
        last = 0
    for name in list_versions(index_dir):  # a folder from before the sequence file, or a restored copy
        m = _VERSION_NAME.match(name)
        if m:
            last = max(last, int(m.group(1)))
    seq = last + 1
    _replace(seq_file, f"{seq}\n")
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    return f"v{seq:06d}-{stamp}-{digest[:8] or 'nohash'}"


def _set_current(index_dir: Path, version: str) -> None:
    _replace(index_dir / CURRENT, version + "\n")
    fsync_path(index_dir)


def _replace(path: Path, text: str) -> None:
    """Write `text` to a temporary file beside `path`, then rename it over `path` (readers see old or new).

    On an error (a full disk) the temporary file is removed and `path` is left as it was.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def fsync_path(d: Path) -> None:
    """fsync a file or a directory (so that a rename in it survives a power cut)."""
    fd = os.open(d, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(d: Path) -> None:
    for p in d.iterdir():
        with open(p, "rb") as fh:
            os.fsync(fh.fileno())


def _remove_leftovers(index_dir: Path) -> None:
    """Under the publish lock: remove the hidden folders of versions whose build was killed while writing (SIGKILL, a
    power cut: a signal it can catch removes its own). Only the lock's holder writes one, so any there now is dead."""
    for leftover in (index_dir / VERSIONS).glob(".tmp-*"):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)


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
        raise IndexUnavailable(f"{index_dir}: no published index to roll back from")
    try:
        return _rollback(index_dir)
    except OSError as e:
        raise IndexUnavailable(f"{index_dir}: cannot roll back ({e.strerror or e})") from None


def _rollback(index_dir: Path) -> str:
    with _lock(index_dir):
        versions = list_versions(index_dir)
        current = current_version(index_dir)
        if current not in versions:
            raise IndexUnavailable(f"{index_dir}: no published index to roll back from")
        pos = versions.index(current)
        if pos == 0:
            raise IndexUnavailable(f"{index_dir}: {current} is the oldest kept version; nothing to roll back to")
        previous = versions[pos - 1]
        why = unreadable(read_manifest(index_dir, previous))
        if why:
            raise IndexUnavailable(f"{index_dir}: cannot roll back to {previous}: {why}")
        try:  # one that does not load (damaged) would be current but served by no worker: each keeps its own
            _load_version(index_dir, previous, then=f"{current} stays current")
        except IndexUnavailable as e:
            raise IndexUnavailable(f"cannot roll back: {e}") from None
        # Pinned: serve/ask must not "refresh" the rolled-back version from newer content.
        # The next explicit build removes the pin. Written first: a pin that cannot be written (a full disk)
        # leaves CURRENT where it was, as the error says, not rolled back without its pin.
        was = pinned(index_dir)
        _replace(index_dir / PINNED, previous + "\n")
        try:
            _set_current(index_dir, previous)
        except BaseException:
            if current_version(index_dir) != previous:  # not rolled back: the pin as it was
                if was is None:
                    (index_dir / PINNED).unlink(missing_ok=True)
                else:
                    with contextlib.suppress(OSError):  # best effort: the disk is full
                        _replace(index_dir / PINNED, was + "\n")
            raise
        return previous


def load_current(index_dir: Path) -> Loaded:
    """Load the published version, refusing one this program did not make (format, libraries)."""
    index_dir = Path(index_dir)
    for _attempt in range(3):
        version = current_version(index_dir)
        if version is None:
            raise IndexUnavailable(f"{index_dir}: no index found; run `faqbot build`")
        try:
            return _load_version(index_dir, version)
        except IndexUnavailable:
            # A publisher may have moved CURRENT on and pruned this version while we read it:
            # then the newer version is the one to load. Otherwise the error stands.
            if current_version(index_dir) == version:
                raise
    raise IndexUnavailable(f"{index_dir}: the published index kept changing while loading; try again")


def load_servable(index_dir: Path) -> tuple[Loaded, str | None]:
    """For serving only: the published version, else, when this program cannot read it (another index format or
    data files: a newer release's `faqbot build` published it while this one serves), the newest kept version it
    can read, with the warning line to log (None when the published version loads).

    A worker replaced meanwhile (a crash, a timeout) then answers from that version, not 503 until the restart.
    A build never takes this way: a version this program cannot read is rebuilt, not trusted (`why_stale`).
    """
    index_dir = Path(index_dir)
    try:
        return load_current(index_dir), None
    except IndexUnavailable as e:
        current = current_version(index_dir)
        try:
            why = unreadable(read_manifest(index_dir, current)) if current is not None else None
        except IndexUnavailable:  # a damaged or missing manifest: not another release's version
            why = None
        if why is None or isinstance(e, EncoderMissing):
            raise
        kept = list_versions(index_dir)
        # Older than the published one only: after a rollback the newer versions are those the operator went back
        # from (this session's review).
        older = kept[:kept.index(current)] if current in kept else kept
        for version in reversed(older):
            try:
                loaded = _load_version(index_dir, version)  # the same manifest checks as the published version's
            except IndexUnavailable:
                continue
            return loaded, (f"{index_dir}: index {current} can't be used by this program ({why}); serving {version}, "
                            "the newest kept version it can read, until the server is restarted")
        raise


def _load_version(index_dir: Path, version: str, then: str = "run `faqbot build`") -> Loaded:
    """Load one kept version, refusing one this program did not make (format, libraries) or a damaged one (the
    message ends with `then`: what to do, or what happens now)."""
    manifest = read_manifest(index_dir, version)
    why = unreadable(manifest)
    if why:
        raise IndexUnavailable(f"{index_dir}: index {version} can't be used: {why}; {then}")
    try:
        index = Index.load(index_dir / VERSIONS / version)
    except EncoderUnavailable as e:
        raise EncoderMissing(f"{index_dir}: index {version} was built with a sentence encoder this "
                             f"install cannot load: {e}") from None
    except ModelChanged as e:
        raise IndexUnavailable(f"{index_dir}: index {version} can't be used: {e}; {then}") from None
    # AttributeError, IndexError: a file of the right shape holding values of the wrong kind.
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError, EOFError,
            zipfile.BadZipFile) as e:
        raise IndexUnavailable(f"{index_dir}: index {version} is damaged ({e}); {then}") from None
    return Loaded(version, manifest, index)


def pinned(index_dir: Path) -> str | None:
    """The version a rollback pinned as current until the next build, if any."""
    try:
        return (index_dir / PINNED).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def artifact_size(path: Path) -> int:
    """Total bytes of the files in a version folder."""
    return sum(p.stat().st_size for p in Path(path).iterdir() if p.is_file())


def _publication_order(name: str) -> tuple:
    # v<sequence>-... names sort by their number; names from before the sequence (a timestamp first) before them.
    m = _VERSION_NAME.match(name)
    return (1, int(m.group(1)), name) if m else (0, 0, name)


# Taken at import: the digest of the code this process runs, even if an install replaces the files under it later
# (a server's reindex must not record the new release's digest for an index the old code built).
code_digest()

__all__ = ["publish", "keep_if_same", "load_current", "rollback", "current_version", "list_versions", "read_manifest",
           "unreadable", "pinned", "IndexUnavailable", "EncoderMissing", "Loaded"]


def build_warnings(manifest: dict) -> list[str]:
    """The warnings a build recorded in its manifest (a skipped file, a file with no heading, a skipped block of
    dashboard phrasings)."""
    warnings = manifest.get("warnings")
    return [w for w in warnings if isinstance(w, str)] if isinstance(warnings, list) else []
