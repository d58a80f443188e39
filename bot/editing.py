"""Dashboard edits to the content folder: phrasings appended to a section's alternates, and undone.

They go to one file, `dashboard.alternates`, in the served content folder, in the format of
knowledge/README.md ("Alternate questions"): each edit is one block (a line end, so a blank line after the file's
last line, then a comment naming the edit, a `[section-id]` line, one phrasing per line), so an editor can read,
change or delete it by hand, and undo removes exactly that block, leaving the file byte for byte as it was before
the edit (it refuses a block changed by hand or with phrasings added under it; a block deleted by hand, phrasings
and all, is undone already). Every write replaces the whole file
atomically (temp file, fsync, os.replace) under a lock shared by the processes serving the folder, and is
rebuilt into the index before it counts: if the rebuild fails, the previous bytes are put back and the old
index keeps serving.
"""

from __future__ import annotations

import fcntl
import os
import secrets
import unicodedata
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .ingest.extras import DASHBOARD_ALTERNATES, format_alternates, norm
from .ingest.files import decode
from .ingest.overlaps import phrasing_key
from .locks import native_lock
from .model import Section

FILE_NAME = DASHBOARD_ALTERNATES
HEADER = ("# Alternate phrasings added from the faqbot dashboard (/admin), in the format of any .alternates file.\n"
          "# Each block below is one edit; the dashboard can undo it. Edit or delete blocks by hand as you like.\n")
_LINE_BREAKS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"  # everything str.splitlines() splits on
# Taken in native threads only (the web layer runs every edit off the loop): gevent's lock hung them.
_THREAD_LOCK = native_lock()


class EditError(ValueError):
    """An edit that cannot be made as asked (bad phrasing, nothing new); the message says why."""


class EditConflict(Exception):
    """The file no longer holds the block an undo would remove (changed by hand); nothing was changed."""


def clean_phrasing(text: object, max_length: int = 500) -> str:
    """A phrasing fit for an .alternates line, with runs of spaces collapsed; EditError says what is wrong."""
    if not isinstance(text, str):
        raise EditError("a phrasing must be text")
    if any(c in _LINE_BREAKS for c in text):
        raise EditError("a phrasing must be one line: it contains a line break")
    if "|" in text:
        raise EditError("a phrasing must not contain '|' (it separates alternates in FAQ tables)")
    if any(unicodedata.category(c) == "Cc" for c in text.replace("\t", " ")):
        raise EditError("a phrasing must not contain control characters")
    surrogate = next((c for c in text if unicodedata.category(c) == "Cs"), None)
    if surrogate is not None:  # half of a UTF-16 pair, as JSON can send ("\ud800"): no UTF-8 file can hold it
        raise EditError(f"a phrasing must not contain a lone surrogate ({surrogate!r})")
    line = " ".join(text.split())
    if not line:
        raise EditError("a phrasing must not be empty")
    if len(line) > max_length:
        raise EditError(f"a phrasing must be at most {max_length} characters")
    if line[0] in "#[":
        raise EditError(f"a phrasing must not start with '{line[0]}' (a comment or a [section] line)")
    return line


def new_phrasings(section: Section, phrasings: Iterable[str]) -> list[str]:
    """The phrasings the section does not have yet (as heading or alternate), without repeats; punctuation and case
    aside ("Can I get a refund" under "Can I get a refund?" adds nothing)."""
    seen = {phrasing_key(section.heading), *(phrasing_key(a) for a in section.alternates)}
    out = []
    for p in phrasings:
        if phrasing_key(p) not in seen:
            seen.add(phrasing_key(p))
            out.append(p)
    return out


def owned_elsewhere(sections: Iterable[Section], section_id: str, phrasings: Iterable[str]) -> tuple[str, Section] | None:
    """The first phrasing that is already an alternate (or heading) of another section, punctuation and case aside,
    and that section (the build warns of one all the same: bot/ingest/overlaps.py)."""
    wanted = {phrasing_key(p): p for p in phrasings}
    for s in sections:
        if s.id == section_id:
            continue
        for text in (s.heading, *s.alternates):
            if phrasing_key(text) in wanted:
                return wanted[phrasing_key(text)], s
    return None


def new_tag() -> str:
    """A random name for one edit's block."""
    return secrets.token_hex(4)


def _marker(tag: str) -> str:
    return f"# edit {tag}"


def add_alternates(content_dir: Path, section_id: str, phrasings: list[str], tag: str, who: str,
                   lock_file: Path, reindex: Callable[[], object],
                   check: Callable[[list[str]], list[str]] | None = None) -> list[str]:
    """Append one block of phrasings for a section and reindex; the phrasings written.

    check(phrasings) runs under the edit lock, so after every edit made before this one (by any thread or
    worker): it returns the phrasings still to add, or raises to refuse the edit with nothing written.
    """
    if not phrasings:
        raise EditError("no phrasings to add")
    lines = [clean_phrasing(p, max_length=10_000) for p in phrasings]  # the caller checked; never write a bad line
    path = _file(content_dir)
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    with _locked(lock_file):
        if check is not None:
            lines = [clean_phrasing(p, max_length=10_000) for p in check(lines)]
            if not lines:
                raise EditError("no phrasings to add")
        try:  # the one writer of the .alternates format (bot/ingest/extras.py)
            block = f"\n{_marker(tag)}, {when}, {who}\n" + format_alternates(section_id, lines)
        except ValueError as e:
            raise EditError(str(e)) from None
        old = _read(path)
        text = HEADER if old is None else _text(old)  # (checks the file is UTF-8 text, as the build would)
        # The file's bytes as they are (a byte-order mark, its line ends), then the block, which opens with a line
        # end (a blank line after a last line that has one, the end of one that has none): undo takes out exactly
        # that, so the file is byte for byte as it was (remove_alternates).
        base = HEADER.encode("utf-8") if old is None else old
        _publish(path, old, base + block.replace("\n", _line_end(text)).encode("utf-8"), reindex)
    return lines


def _line_end(text: str) -> str:
    """The line end a file mostly uses: CRLF when it was saved so (Windows Notepad), so that a block added to it is
    not the only part with LF ones (the build reads either, but an editor's diff or editor shows the mix)."""
    return "\r\n" if 2 * text.count("\r\n") > text.count("\n") else "\n"


def remove_alternates(content_dir: Path, tag: str, section_id: str, phrasings: list[str], lock_file: Path,
                      reindex: Callable[[], object]) -> bool:
    """Remove the block an add_alternates call wrote and reindex; EditConflict if it was changed by hand.

    False when the block and every one of its phrasings were already gone from the file (deleted by hand,
    or the whole file): the file already says the edit is undone, so nothing is written, and the index is
    rebuilt from it as after any undo.
    """
    path = _file(content_dir)
    with _locked(lock_file):
        old = _read(path)
        # as it is, but for a byte-order mark at the start
        raw = "" if old is None else decode(FILE_NAME, old, utf16=False)
        # Read as the build reads them: byte-order marks (a file saved with one inside) and line ends aside.
        lines = raw.replace("\ufeff", "").split("\n")
        start = next((i for i, ln in enumerate(lines) if ln.strip().startswith(_marker(tag) + ",")), None)
        if start is None:
            wanted = {norm(p) for p in phrasings}
            left = next(((n, ln) for n, ln in _phrasing_lines(lines) if norm(ln) in wanted), None)
            if left is not None:
                raise EditConflict(f"the block of this edit ('{_marker(tag)}') is gone from {FILE_NAME} but some of "
                                   f"its phrasings are still there (changed by hand: line {left[0]}, "
                                   f"'{left[1]}'); undo it there")
            reindex()
            return False
        expected = [f"[{section_id}]", *phrasings]
        end = start + 1 + len(expected)
        if [ln.strip() for ln in lines[start + 1:end]] != expected:
            raise EditConflict(f"the block of this edit in {FILE_NAME} ('{_marker(tag)}', line {start + 1}) was "
                               "changed by hand; undo it there")
        added = next(_phrasing_lines(lines[end:], stop_at_section=True, first=end + 1), None)
        if added is not None:
            # A phrasing added by hand after ours, before the next [section] line (blank and comment lines
            # do not end a block), belongs to our [section]: removing the header would hand it to the block above.
            raise EditConflict(f"lines were added by hand under this edit in {FILE_NAME} (line {added[0]}, "
                               f"'{added[1]}', under '{_marker(tag)}' at line {start + 1}): move them under a "
                               "[section] line of their own and undo again, or undo the edit there")
        _publish(path, old, _without_block(old, raw, start, end, path == Path(content_dir) / FILE_NAME), reindex)
    return True


def _without_block(old: bytes, raw: str, start: int, end: int, own_file: bool) -> bytes | None:
    """The file's bytes without lines start..end-1 (the block) and the line end before them, which add_alternates
    wrote with the block; None (remove the file) when that leaves only the header the first edit wrote (unless
    the file is the target of a dashboard.alternates symlink, which removing it would break)."""
    raw_lines = raw.split("\n")  # the same lines as remove_alternates read, with their byte-order marks
    first = sum(len(ln) + 1 for ln in raw_lines[:start])  # where the marker line starts
    last = min(len(raw), sum(len(ln) + 1 for ln in raw_lines[:end]))  # after the block's last line end
    if first:
        first -= 2 if raw[first - 2:first] == "\r\n" else 1
    bom = b"\xef\xbb\xbf" if old.startswith(b"\xef\xbb\xbf") else b""
    new = bom + (raw[:first] + raw[last:]).encode("utf-8")
    return None if own_file and new == HEADER.encode("utf-8") else new


def _phrasing_lines(lines: list[str], stop_at_section: bool = False, first: int = 1) -> Iterator[tuple[int, str]]:
    """(line number, line) of the phrasing lines among these lines of an .alternates file (the first is line
    `first`), as the parser reads them (bot/ingest/extras.py): not blank, not a '#' comment, not a '[section]'
    line; up to the first '[section]' line with stop_at_section."""
    for n, raw in enumerate(lines, first):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            if stop_at_section:
                return
            continue
        yield n, line


# ---- the file: read, replace atomically, reindex or put back ------------------------------------

def _file(content_dir: Path) -> Path:
    """The file to edit: dashboard.alternates, or the file in the content folder it is a symlink to. Replaced, the
    link became a copy of it (the build then read both: the one under its own name without the dashboard file's
    leniency); written to, it stays a link."""
    path = Path(content_dir) / FILE_NAME
    real, root = os.path.realpath(path), os.path.realpath(content_dir)
    if path.is_symlink() and os.path.isfile(real) and os.path.commonpath([real, root]) == root:
        return Path(real)
    return path


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _text(data: bytes) -> str:
    """The file's text, without byte-order marks as the build reads it (saved by hand with one, at the start
    or inside: a block after one was not found); in another encoding, the content error a build gives of it, in
    the same words (the web layer answers 422), not a crash."""
    return decode(FILE_NAME, data, utf16=False).replace("\ufeff", "")


def _publish(path: Path, old: bytes | None, new: bytes | None, reindex: Callable[[], object]) -> None:
    """Write `new` (None: remove the file), then reindex; if the rebuild fails, put `old` back (or remove the new
    file) and re-raise."""
    if new is None:
        path.unlink(missing_ok=True)
    else:
        write_atomic(path, new)
    try:
        reindex()
    except BaseException:
        if old is None:
            path.unlink(missing_ok=True)
        else:
            write_atomic(path, old)
        raise


def write_atomic(path: Path, data: bytes) -> None:
    """Replace the file in one step: readers see the old bytes or the new, never a part."""
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    # Hidden name: a build running meanwhile skips it instead of reading half a file.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    try:
        fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)  # the rename itself survives a crash
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def _locked(lock_file: Path) -> Iterator[None]:
    """One edit at a time: across threads (a lock) and across worker processes (flock on a file)."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with _THREAD_LOCK, open(lock_file, "a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


edit_lock = _locked  # the same lock, for what must not see an edit halfway (`faqbot backup` copying the folder)
