"""`faqbot backup DEST`: a consistent copy of what a working install needs, taken while the server runs.

DEST is a new folder, laid out so that restoring is copying back (README, "Upgrading and backups"):

    backup.json      what was copied: faqbot version, time, row counts, the index version
    faqbot.sqlite3   the question log (SQLite), one self-contained file
    content/         the content folder, with the dashboard's `dashboard.alternates`
    index/           the served index version (it keeps the record of renamed sections) and the other versions the
                     index folder keeps, so that `faqbot rollback` after a restore goes back as it would have
    faqbot-ip-salt   the address salt, only when asked (`with_salt`)

The SQLite log is copied with SQLite's online backup API in one step: a read transaction, so the copy is the
database as of one moment, with what is still in its -wal file, while the workers go on writing (a file copy
can tear). Everything is written to a hidden folder beside DEST, flushed to the disk, and renamed to DEST at the end:
a failed backup leaves nothing behind, and a DEST that exists after a power cut holds every file whole. PostgreSQL
is backed up with pg_dump, not here.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import re
import shutil
import sqlite3
import stat
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from . import __version__, artifact
from .editing import edit_lock
from .ingest.files import GIVE_CONTENT, special_file
from .store import SALT_FILE, Store, StoreError, naming_the_setting
from .store_backends import cannot_open

MANIFEST = "backup.json"
DATABASE = "faqbot.sqlite3"
CONTENT = "content"
INDEX = "index"
TABLES = ("faqbot_questions", "faqbot_feedback", "faqbot_edits", "faqbot_admin_sessions")
EDIT_LOCK = "dashboard-edit.lock"  # in the instance folder, as web/admin_changes.py takes it


class BackupError(Exception):
    """A backup that cannot be made as asked; the message names what is wrong."""


@dataclass(frozen=True)
class Sources:
    """What one install keeps: its log database URL, content folder and index folder."""

    database_url: str
    content_dir: Path
    index_dir: Path

    @property
    def instance(self) -> Path:
        """The instance folder (the index folder's parent): the salt and the dashboard's edit lock are there."""
        return self.index_dir.resolve().parent


def check_destination(dest: Path, sources: Sources) -> None:
    """BackupError unless dest is a place a backup may be written: new (or an empty folder), outside the
    content and index folders, in a folder that exists."""
    target = dest.resolve()
    for name, folder in (("content", sources.content_dir), ("index", sources.index_dir)):
        folder = folder.resolve()
        if target == folder or folder in target.parents:
            raise BackupError(f"{dest}: inside the {name} folder {folder}; choose a folder outside it")
    if dest.is_symlink() or (dest.exists() and not dest.is_dir()):
        raise BackupError(f"{dest}: exists and is not a folder; give a new folder")
    if dest.is_dir() and any(dest.iterdir()):
        raise BackupError(f"{dest}: exists and is not empty; give a new folder")
    if not target.parent.is_dir():
        if target.parent.exists():  # '/etc/hostname/b' was "the folder /etc/hostname does not exist"
            raise BackupError(f"{dest}: {target.parent} is not a folder")
        raise BackupError(f"{dest}: the folder {target.parent} does not exist")


def leftovers(dest: Path) -> list[Path]:
    """The hidden folders beside DEST that backups to that name were writing when killed outright (SIGKILL, a power
    cut), or that one running now writes: copies of the log no one will see in `ls`, for the operator to delete."""
    target = Path(dest).resolve()
    try:
        return sorted(p for p in target.parent.glob(f".{glob.escape(target.name)}.partial-*") if p.is_dir())
    except OSError:
        return []


def backup(dest: Path, sources: Sources, with_salt: bool = False, with_database: bool = True) -> dict:
    """Write the backup to dest (a new folder) and return its manifest; BackupError says what is wrong."""
    dest = Path(dest)
    check_destination(dest, sources)
    store = None
    if with_database:
        try:
            store = Store(sources.database_url)
        except StoreError as e:
            raise BackupError(naming_the_setting(sources.database_url, e)) from None
        if store.sqlite_path is None:
            raise BackupError(f"FAQBOT_DATABASE_URL: the question log is in PostgreSQL ({store.describe()}): "
                              "back it up with pg_dump -t 'faqbot_*' DBNAME > faqbot.sql, and the rest with "
                              "faqbot backup --no-database DEST")
    if not sources.content_dir.is_dir():
        # (the default, knowledge/, is relative to where the command runs: said with the fix, as build says it)
        said = "is a file, not a folder" if sources.content_dir.exists() else f"does not exist: {GIVE_CONTENT}"
        raise BackupError(f"{sources.content_dir}: the content folder {said}")
    if sources.index_dir.exists() and not sources.index_dir.is_dir():  # a mistyped --index: was "no index", exit 0
        raise BackupError(f"{sources.index_dir}: the index folder is a file, not a folder")
    target = dest.resolve()
    try:
        # mkdtemp makes it 0700: the log holds what visitors typed; the folder is readable by its owner only.
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.partial-", dir=target.parent))
    except OSError as e:
        raise BackupError(f"{dest}: cannot write in {target.parent} ({e.strerror or e})") from None
    try:
        manifest = {"faqbot": __version__,
                    "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
        # The log first, then the content: an edit the copied log records (its block written before the log
        # row) is in the copied content; one made in between is in the content only, harmless.
        manifest["database"] = _copy_database(store, tmp / DATABASE) if store else None
        manifest["content"] = _copy_content(sources, tmp / CONTENT)
        manifest["index"] = _copy_index(sources.index_dir, tmp / INDEX)
        manifest["salt"] = _copy_salt(sources.instance / SALT_FILE, tmp / SALT_FILE) if with_salt else None
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
        # On the disk before the name: renamed first, a power cut could leave a DEST of empty or torn files that
        # looks like a good backup (the file systems that flush a replaced file's data first do not for new files).
        _sync_tree(tmp)
        os.rename(tmp, target)  # replaces an empty folder the operator made
        artifact.fsync_path(target.parent)
    except OSError as e:
        raise BackupError(_cannot_back_up(dest, tmp, e)) from None
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return manifest


def _cannot_back_up(dest: Path, tmp: Path, e: OSError) -> str:
    """The line for a backup that failed on a file: naming DEST (not the hidden folder, which is gone), and the first
    file copytree could not copy rather than its list of every one, temporary paths and all."""
    if isinstance(e, shutil.Error) and e.args and isinstance(e.args[0], list) and e.args[0]:
        failed = e.args[0]
        why = re.sub(r"^\[Errno \d+\] ", "", str(failed[0][2]))
        if len(failed) > 1:
            why += f"; {len(failed) - 1} more"
    else:
        why = f"{e.strerror}: {e.filename}" if e.strerror and e.filename else (e.strerror or str(e))
    return f"{dest}: cannot back up ({why.replace(str(tmp), str(dest))})"


def _sync_tree(folder: Path) -> None:
    """fsync every file and folder under `folder` (symlinks are not followed: the link itself is in its folder)."""
    for where, _dirs, names in os.walk(folder):
        for name in names:
            path = os.path.join(where, name)
            if not os.path.islink(path):
                artifact.fsync_path(Path(path))
        artifact.fsync_path(Path(where))


# SQLite's codes for a write that failed: in a backup only the copy is written (the log is opened read-only), so
# these are the destination's (a full disk, a file size limit), not the log's.
_WRITE_FAILED = {"SQLITE_FULL", "SQLITE_IOERR_WRITE", "SQLITE_IOERR_FSYNC", "SQLITE_IOERR_DIR_FSYNC",
                 "SQLITE_IOERR_TRUNCATE"}


def _copy_database(store: Store, to: Path) -> dict:
    """The SQLite log as of one moment, with its row counts; {'file': None} when nothing was ever logged."""
    path = store.sqlite_path
    described = {"url": store.describe()}
    if not path.exists():
        return {**described, "file": None, "note": "no question log yet: nothing logged"}

    def unusable(why: str) -> BackupError:  # named as `faqbot serve` and `faqbot report` name it
        return BackupError(naming_the_setting(store.url, StoreError(f"cannot back up the question log: {why}")))

    if path.is_dir() or not os.access(path, os.R_OK):
        raise unusable(cannot_open(path))
    try:
        # Read-only: a backup never creates, migrates or changes the log.
        src = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=10)
        dst = sqlite3.connect(to)
        try:
            src.execute("PRAGMA busy_timeout = 10000")
            src.backup(dst)  # pages=-1: all in one step, one read transaction (a consistent snapshot)
            # One file, no -wal beside it: the restored log is this file alone (serve turns WAL on again).
            dst.execute("PRAGMA journal_mode = DELETE")
            check = dst.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise unusable(f"{path}: its copy fails SQLite's check: {check}")
            have = {r[0] for r in dst.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            rows = {t: dst.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES if t in have}
        finally:
            dst.close()
            src.close()
    except sqlite3.Error as e:
        if getattr(e, "sqlite_errorname", None) in _WRITE_FAILED:  # was "the question log: ...: disk is full"
            raise OSError(None, f"cannot write the copy of the question log: {e}", str(to)) from None
        raise unusable(f"{path}: {e}") from None
    os.chmod(to, 0o600)
    return {**described, "file": DATABASE, "rows": rows}


def _copy_content(sources: Sources, to: Path) -> dict:
    """The content folder, copied while no dashboard edit is halfway (an edit whose rebuild fails is taken back
    under the same lock: its block is never copied). A symlink is copied as the link it is: a file linked to
    another in the folder is read once, and a copy of it would be read twice, under two names."""
    skipped: list[dict] = []

    def special(folder: str, names: list[str]) -> set[str]:
        # A named pipe, socket or device is no content (the build skips it too) and cannot be copied: copytree
        # failed on a FIFO, and would read a device such as /dev/zero until the disk was full.
        found = set()
        for name in names:
            try:
                mode = os.lstat(os.path.join(folder, name)).st_mode
            except OSError:
                continue  # gone since it was listed: copytree says so, or not, as for any file
            what = None if stat.S_ISLNK(mode) else special_file(mode)  # a link is copied as the link it is
            if what:
                found.add(name)
                rel = os.path.relpath(os.path.join(folder, name), sources.content_dir)
                skipped.append({"file": rel.replace(os.sep, "/"), "what": what})
        return found

    with _edits_paused(sources.instance):
        shutil.copytree(sources.content_dir, to, symlinks=True, ignore=special)
    files = sorted(str(p.relative_to(to)) for p in to.rglob("*") if p.is_file())
    return {"from": str(sources.content_dir.resolve()), "folder": CONTENT, "files": files,
            "links_outside": _links_outside(sources.content_dir, to),
            "skipped": sorted(skipped, key=lambda f: f["file"])}


def _links_outside(content_dir: Path, copy: Path) -> list[dict]:
    """The symlinks of the content folder that point outside it (a folder of shared FAQs linked in, read by the
    build: knowledge/README.md), as {"link", "to"}: the copy holds each as the link it is, not what it points to."""
    root = os.path.realpath(content_dir)
    found = []
    for folder, dirs, names in os.walk(copy):  # the copy: its links are not followed
        for name in sorted(dirs + names):
            rel = os.path.relpath(os.path.join(folder, name), copy)
            if os.path.islink(os.path.join(folder, name)):
                target = os.path.realpath(os.path.join(content_dir, rel))
                if os.path.commonpath([target, root]) != root:
                    found.append({"link": rel.replace(os.sep, "/"), "to": target})
    return sorted(found, key=lambda f: f["link"])


def _edits_paused(instance: Path):
    """The dashboard's edit lock, when this user can take it (a backup run by a user who may only read the install
    copies without it: an edit's file is replaced atomically, so the copy holds it whole or not at all)."""
    if instance.is_dir() and os.access(instance, os.W_OK):
        return edit_lock(instance / EDIT_LOCK)
    return contextlib.nullcontext()


def _copy_index(index_dir: Path, to: Path) -> dict | None:
    """The published index version and the others the folder keeps (what `faqbot rollback` goes back to), with
    CURRENT, SEQUENCE and PINNED; None when nothing is published."""
    for _attempt in range(3):
        version = artifact.current_version(index_dir)
        if version is None:
            return None
        try:
            shutil.copytree(index_dir / artifact.VERSIONS / version, to / artifact.VERSIONS / version)
        except (OSError, shutil.Error):
            shutil.rmtree(to, ignore_errors=True)
            if artifact.current_version(index_dir) == version:  # not a build replacing it: a real failure
                raise
            continue  # a build published and pruned while we copied: copy the new one
        (to / artifact.CURRENT).write_text(version + "\n", encoding="utf-8")
        for name in (artifact.SEQUENCE, artifact.PINNED):
            if (index_dir / name).is_file():
                shutil.copy2(index_dir / name, to / name)
        for other in artifact.list_versions(index_dir):
            if other != version:
                _copy_kept_version(index_dir / artifact.VERSIONS / other, to / artifact.VERSIONS / other)
        return {"folder": INDEX, "version": version, "versions": artifact.list_versions(to)}
    raise BackupError(f"{index_dir}: the published index kept changing while copying it; try again")


def _copy_kept_version(source: Path, to: Path) -> None:
    """A kept version, for rollback after a restore; skipped when a build prunes it while it is copied (versions are
    never changed once published, only removed)."""
    try:
        shutil.copytree(source, to)
    except (OSError, shutil.Error):
        shutil.rmtree(to, ignore_errors=True)
        if source.is_dir():  # still there: a real failure (a full disk), not a pruning
            raise


def _copy_salt(path: Path, to: Path) -> dict | None:
    if not path.is_file():
        return None
    shutil.copy2(path, to)
    os.chmod(to, 0o600)
    return {"file": SALT_FILE}
