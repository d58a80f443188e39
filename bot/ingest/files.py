"""Finding and reading content files: what is content, what is skipped, and what is an error."""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from bot.ingest import extras
from bot.ingest.formats import section_suffixes
from bot.model import ContentError

MAX_FILE_BYTES = 20 * 1024 * 1024  # one FAQ article is kilobytes; anything this big is a mistake
BACKUP_SUFFIXES = ("~", ".bak", ".swp", ".swo", ".orig")
# Windows Explorer's thumbnail caches and folder settings, the Finder's custom folder icon ("Icon" + CR): no editor's
# slip, so not listed with the files saved in another format (the dashboard's "Files not read").
SYSTEM_FILES = ("thumbs.db", "ehthumbs.db", "ehthumbs_vista.db", "desktop.ini", "icon\r")
UNKNOWN_EXTENSION = "not a content file (unknown extension)"  # why "faq.docx" is skipped (the dashboard lists them)
HIDDEN = "hidden"
BACKUP = "backup or editor file"
SYSTEM = "a file the operating system keeps in folders, not content"
README = "documentation (README), not content"
# Why a file is skipped when that is no editor's slip: the dashboard's content warnings leave these out (the other
# "skipped" lines, a link read under another name or a symlink loop, are shown there as `faqbot build` prints them).
NO_SLIP = (HIDDEN, BACKUP, SYSTEM, README)
# How to name the content folder, said wherever it is not there (a typo, or knowledge/ looked for from elsewhere).
GIVE_CONTENT = "give the content folder with --content DIR or FAQBOT_CONTENT_DIR"
# The same, said to whoever asked a running server to rebuild (POST /api/reindex): no command line to give it to.
RESTORE_CONTENT = ("put the folder back, or restart the server with --content DIR or FAQBOT_CONTENT_DIR naming "
                   "where it is now")


class ContentFolderMissing(ContentError):
    """The content folder is not there, or is no folder: the message gives the command line's fix (GIVE_CONTENT);
    for_server() is the error a running server's rebuild gives instead."""

    def __init__(self, path: str, what: str) -> None:
        self.what = what  # "content folder not found", "content path is not a folder"
        super().__init__(path, f"{what}: {GIVE_CONTENT}")

    def for_server(self) -> ContentError:
        """The error with what the operator of a running server can do (RESTORE_CONTENT)."""
        return ContentError(self.path, f"{self.what}: {RESTORE_CONTENT}")


@dataclass(frozen=True)
class ContentFile:
    """A content file found in the content folder."""

    rel: str  # path relative to the content folder, '/'-separated
    path: str  # path to open
    suffix: str  # lower-case extension, e.g. ".csv"
    st: os.stat_result


@dataclass
class Found:
    """What a walk of the content folder found."""

    files: list[ContentFile] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def content_suffixes() -> tuple[str, ...]:
    """Suffixes of content files: every registered format's, then the editor extras'."""
    return section_suffixes() + extras.SUFFIXES


def skip_reason(name: str) -> str | None:
    """Why a file of this name is not content (None if it is a content file)."""
    lower = name.lower()
    if name.startswith("."):
        return HIDDEN
    # "~$faq.csv": the owner file Excel and Word keep beside a file while it is open (binary, not content)
    if lower.endswith(BACKUP_SUFFIXES) or (name.startswith("#") and name.endswith("#")) or name.startswith("~$"):
        return BACKUP
    if lower in SYSTEM_FILES:
        return SYSTEM
    if lower == "readme.md":
        return README
    if not lower.endswith(content_suffixes()):
        return UNKNOWN_EXTENSION
    return None


def special_file(mode: int) -> str | None:
    """What a file that is neither a regular file nor a folder is ("a named pipe (FIFO)"), else None."""
    for test, said in ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            return said
    return None if stat.S_ISREG(mode) or stat.S_ISDIR(mode) else "a special file"


def find_content(root: Path) -> Found:
    """Walk the content folder recursively (following symlinks safely), sorted by name."""
    try:
        st = os.stat(root)
    except OSError:
        raise ContentFolderMissing(str(root), "content folder not found") from None
    if not stat.S_ISDIR(st.st_mode):
        raise ContentFolderMissing(str(root), "content path is not a folder")
    found = Found()
    real_root = os.path.realpath(root)
    _walk(root, "", [real_root], {}, found)
    found.files.sort(key=lambda f: f.rel)
    _read_once(found, real_root)
    return found


def _read_once(found: Found, real_root: str) -> None:
    """Keep one path to each file: a symlink to a file read under its own name (faq.md -> clinic.md), or a hard
    link, read it twice over, every section twice (a question got either), and the build called one a copy of
    the other. The file is read under its own name (the first by name when every path to it is a link, its own
    name being one faqbot skips); the others are skipped with a line naming it. The dashboard's file is read as
    dashboard.alternates when that is a link to it (read with that file's rules: bot/ingest/extras.py)."""
    paths: dict[tuple[int, int] | str, list[ContentFile]] = {}
    for f in found.files:
        paths.setdefault(_identity(f), []).append(f)
    kept = []
    for f in found.files:
        same = paths[_identity(f)]
        own = [g for g in same if os.path.realpath(g.path) == os.path.join(real_root, g.rel)]
        read = ([g for g in same if g.rel == extras.DASHBOARD_ALTERNATES] or own or same)[0]
        if f is read:
            kept.append(f)
            continue
        how = "symlink to" if read in own and f not in own else "the same file as"  # else a hard link, links both
        found.warnings.append(f"skipped {_printable(f.rel)}: {how} {_printable(read.rel)}, which is read "
                              "(each file is read once)")
    found.files[:] = kept


def _walk(folder: Path, prefix: str, ancestors: list[str], seen: dict[str, str], found: Found) -> None:
    """Add the content files under folder (named prefix + name) to found. ancestors: the resolved folders being
    walked, the content folder first; seen: each resolved folder walked -> the name it is read under."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as e:
        raise ContentError(prefix.rstrip("/") or str(folder), f"cannot list folder: {e.strerror}") from None
    for entry in entries:
        rel = prefix + entry.name
        shown = _printable(rel)  # what messages say: a name that is not UTF-8 can't be printed or saved as it is
        if entry.name.startswith("."):
            found.warnings.append(f"skipped {shown}{'/' if entry.is_dir() else ''}: {HIDDEN}")
            continue
        try:
            st = os.stat(entry.path)  # follows symlinks; never blocks, even on a FIFO
        except OSError as e:
            reason = skip_reason(entry.name)
            if reason and entry.is_symlink() and "." not in entry.name and e.errno == errno.ENOENT:
                # most likely a folder linked in (shared FAQs on a disk not mounted, moved): skipped, its sections
                # were gone from the index with a warning no one reads
                raise ContentError(shown, f"{_stat_problem(entry, e)}; a folder linked in that is missing would take "
                                          "its sections out of the index") from None
            if reason:  # it would have been skipped anyway; say so rather than fail
                found.warnings.append(f"skipped {shown}: {reason} (and {_stat_problem(entry, e)})")
                continue
            raise ContentError(shown, _stat_problem(entry, e)) from None
        real = os.path.realpath(entry.path)
        if stat.S_ISDIR(st.st_mode):
            if entry.name.lower().endswith(content_suffixes()):
                # "faq.csv/" is almost surely a mistake (an unpacked archive, a bad save), not a folder.
                raise ContentError(shown, "is a folder, not a content file")
            _utf8_name(entry.name, shown, "folder")
            # A folder linked in is read wherever it is (shared FAQs kept elsewhere: the editor linked them in to
            # publish them), once: a link back to a folder already read adds nothing, and is skipped saying so.
            again = _read_elsewhere(real, entry.is_symlink(), ancestors, seen)
            if again:
                found.warnings.append(f"skipped {shown}/: {again} (each folder is read once)")
                continue
            seen[real] = rel
            _walk(Path(entry.path), rel + "/", ancestors + [real], seen, found)
            continue
        if entry.is_symlink() and not _inside(real, ancestors[0]) and skip_reason(os.path.basename(real)):
            # content/passwd.txt -> /etc/passwd would be indexed and served at /kb/passwd: a file linked in
            # from outside the content folder must be a content file by its own name too.
            raise ContentError(shown, f"symlink to {_printable(real)}, outside the content folder, and not a content "
                                      "file by its own name: copy the file into the folder instead")
        special = special_file(st.st_mode)
        if special:  # opening a named pipe blocks until something writes to it: the build would hang
            found.warnings.append(f"skipped {shown}: {special}, not a regular file")
            continue
        reason = skip_reason(entry.name)
        if reason:
            found.warnings.append(f"skipped {shown}: {reason}")
            continue
        _utf8_name(entry.name, shown, "file")
        suffix = "." + entry.name.rsplit(".", 1)[-1].lower()
        found.files.append(ContentFile(rel, entry.path, suffix, st))


def _read_elsewhere(real: str, link: bool, ancestors: list[str], seen: dict[str, str]) -> str | None:
    """Why the folder that resolves to `real` is not read here (None if it is): it is one being walked (a symlink
    loop), it is read under another name already, or it is a folder of the content folder that is read under its
    own name (a link to it is skipped, whatever their order: its ids do not depend on a link)."""
    if real in ancestors:
        return f"symlink loop: links back to {'the content folder' if real == ancestors[0] else seen[real] + '/'}"
    if real in seen:
        return f"the same folder as {_printable(seen[real])}/, which is read"
    root = ancestors[0]
    if link and _inside(real, root):
        own = os.path.relpath(real, root)
        if not any(part.startswith(".") for part in own.split(os.sep)):  # hidden: only the link leads to it
            return f"symlink to {_printable(own)}/, which is read"
    return None


def _identity(f: ContentFile) -> tuple[int, int] | str:
    """What two paths to one file share: device and inode, or, where a file system gives no inode (0), the path
    the file resolves to."""
    return (f.st.st_dev, f.st.st_ino) if f.st.st_ino else os.path.realpath(f.path)


def _printable(name: str) -> str:
    """A file name as text that can be printed and saved on one line: bytes that are not UTF-8 shown as \\xe9,
    control characters escaped ('Icon\\r', the Finder's folder icon file)."""
    text = os.fsencode(name).decode("utf-8", "backslashreplace")
    return "".join(repr(c)[1:-1] if c < " " or c == "\x7f" else c for c in text)


def _utf8_name(name: str, shown: str, kind: str) -> None:
    """Refuse a content file or folder whose name is not UTF-8: its name becomes the document's, in the
    index (UTF-8 JSON) and in page addresses, none of which can hold such bytes."""
    raw = os.fsencode(name)
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ContentError(shown, f"{kind} name is not UTF-8 (byte 0x{raw[e.start]:02x}); rename it") from None


def _inside(path: str, root: str) -> bool:
    """Is the resolved path the resolved root or under it?"""
    return os.path.commonpath([path, root]) == root


def _stat_problem(entry: os.DirEntry, e: OSError) -> str:
    """A one-line reason a directory entry could not be examined."""
    if e.errno == errno.ELOOP:
        return "symlink loop (the link never reaches a file)"
    if entry.is_symlink():
        return f"broken symlink (points to missing {_printable(os.readlink(entry.path))})"
    return f"cannot read: {e.strerror}"


def read_text(f: ContentFile) -> str:
    """The file's text: regular, within size, no NUL bytes, UTF-8 (BOM allowed), not blank."""
    if not stat.S_ISREG(f.st.st_mode):
        raise ContentError(f.rel, "not a regular file (a pipe, socket or device)")
    if f.st.st_size > MAX_FILE_BYTES:
        raise ContentError(f.rel, f"file too large ({_too_large(f.st.st_size)})")
    try:
        with open(f.path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)  # the size may lie (/proc) or change; read no more than allowed
    except OSError as e:
        raise ContentError(f.rel, f"cannot read file: {e.strerror or e}") from None
    if len(data) > MAX_FILE_BYTES:
        raise ContentError(f.rel, f"file too large (over {_mb(MAX_FILE_BYTES)})")
    text = decode(f.rel, data)
    # A byte-order mark inside the text (files joined together, or saved twice with one) is no text: it ended
    # up in a heading ('\ufeffWhat is it?') or a CSV header ('\ufeffquestion': "missing column 'question'").
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    # Invisible characters pasted from a web page or a Google Doc (a zero-width space, a word joiner, a soft hyphen)
    # are no text either: a line holding only one was no blank line (a whole FAQ became one introduction), a
    # question ending in one no question, and a spreadsheet row of them a section with an invisible answer.
    text = text.translate(_INVISIBLE)
    if not text.strip():
        raise ContentError(f.rel, "empty file")
    return text


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\u00ad"))


def decode(rel: str, data: bytes, utf16: bool = True) -> str:
    """A content file's bytes as text, as they are (line ends and all; a byte-order mark at the start dropped): UTF-8,
    or UTF-16 with its byte-order mark (Windows Notepad's "Unicode", Excel's "Unicode Text"); a ContentError saying
    what else it is (UTF-16 without a mark, binary, Windows-1252: the byte and its word), to save it as UTF-8.
    The dashboard reads the file it edits with it too (utf16=False: it adds UTF-8 bytes to the file as it is), so
    both say the same of any other file."""
    other = _other_format(data)
    if other:
        raise ContentError(rel, other, 1)
    if data[:4] in (b"\xff\xfe\0\0", b"\0\0\xfe\xff"):  # before UTF-16's: UTF-32 LE opens with its BOM
        raise ContentError(rel, "UTF-32 text (it has a UTF-32 byte-order mark); save the file as UTF-8")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") and not utf16:
        raise ContentError(rel, "UTF-16 text (it has a UTF-16 byte-order mark): the dashboard adds phrasings to UTF-8 "
                                "files only; save the file as UTF-8")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return _utf16(rel, data)
    if b"\0" in data and _utf16_without_bom(data):
        raise ContentError(rel, "UTF-16 text (without a byte-order mark); save the file as UTF-8")
    if b"\0" in data:
        raise ContentError(rel, "binary file (contains NUL bytes), not UTF-8 text; save the file as UTF-8 text",
                           _line_at(data, data.index(b"\0")))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ContentError(rel, not_utf8(data, e.start), _line_at(data, e.start)) from None


# A document another program saved, renamed to a content file's name ("faq.docx" -> "faq.txt"): by how its bytes start,
# what it is and how to save its text (it was "binary file (contains NUL bytes)", or worse: an RTF file's codes
# served as the answer, "{\\rtf1\\ansi ... \\par").
_OTHER_FORMATS = (
    (b"PK\x03\x04", "a Word, Excel or OpenDocument file (.docx, .xlsx, .odt: a ZIP archive) renamed, not text: open it "
                     "and save it as Plain Text (.txt), or a sheet as CSV UTF-8 (.csv)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word or Excel file (.doc, .xls) renamed, not text: open it and "
                                         "save it as Plain Text (.txt), or a sheet as CSV UTF-8 (.csv)"),
    (b"%PDF-", "a PDF document, not text: copy its text into a .txt or .md file"),
    (b"{\\rtf", "an RTF document (rich text, as TextEdit and WordPad save it), not plain text: save it as plain "
                "text (TextEdit: Format > Make Plain Text; WordPad: save as Text Document)"),
)


def _other_format(data: bytes) -> str | None:
    """What to tell an editor whose file is another program's document (see _OTHER_FORMATS), else None."""
    start = data[3:] if data[:3] == b"\xef\xbb\xbf" else data
    return next((said for magic, said in _OTHER_FORMATS if start.startswith(magic)), None)


def _utf16(rel: str, data: bytes) -> str:
    """The text of a file that opens with a UTF-16 byte-order mark (the mark dropped); a ContentError naming the line
    where it is not UTF-16 (cut short, half of a pair), or holds a NUL (a binary file that happens to open so)."""
    order = "le" if data[:2] == b"\xff\xfe" else "be"
    try:
        text = data[2:].decode(f"utf-16-{order}")
    except UnicodeDecodeError as e:
        good = data[2:2 + e.start].decode(f"utf-16-{order}")
        raise ContentError(rel, "not UTF-16 text, though it opens with a UTF-16 byte-order mark (cut short, or "
                                "another file joined to it); save the file as UTF-8", good.count("\n") + 1) from None
    if "\0" in text:
        raise ContentError(rel, "binary file (contains NUL characters), not text; save the file as UTF-8 text",
                           text.count("\n", 0, text.index("\0")) + 1)
    return text


def _utf16_without_bom(data: bytes) -> bool:
    """Does this read as UTF-16 with no byte-order mark? Text in a Latin script is then a NUL byte beside each
    letter, always on the same side (odd offsets little-endian, even ones big-endian), never on the other."""
    head = data[:4096]
    if len(data) % 2 or len(head) < 4:
        return False
    for order, nuls, others in (("le", head[1::2], head[0::2]), ("be", head[0::2], head[1::2])):
        if b"\0" not in others and nuls.count(0) * 2 >= len(nuls):
            try:
                data.decode(f"utf-16-{order}")
            except UnicodeDecodeError:
                continue
            return True
    return False


_WORD_ENDS = (b" ", b"\n", b",", b";", b"\t")


def not_utf8(data: bytes, offset: int) -> str:
    """What to tell an editor whose file is not UTF-8 at offset: the byte, and the word it is in when the file
    reads as Windows-1252 (Latin-1), as files saved by older Windows programs do: "Caf\\xe9" is "Café"."""
    byte = data[offset]
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return f"not UTF-8 text (byte 0x{byte:02x}); save the file as UTF-8"
    start = max(data.rfind(c, 0, offset) for c in _WORD_ENDS) + 1
    ends = [i for i in (data.find(c, offset) for c in _WORD_ENDS) if i != -1]
    word = data[start:min(ends, default=len(data))][:40].decode("cp1252").strip()
    return f"not UTF-8 text (byte 0x{byte:02x}, in '{word}' if it is Windows-1252 or Latin-1); save the file as UTF-8"


def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def _too_large(size: int) -> str:
    """A size over the limit, said so that it reads larger: a file just over it is 20 MB in whole megabytes, and
    "20 MB; the limit is 20 MB" left the editor wondering what was wrong; then both are said in bytes."""
    if _mb(size) != _mb(MAX_FILE_BYTES):
        return f"{_mb(size)}; the limit is {_mb(MAX_FILE_BYTES)}"
    return f"{size:,} bytes; the limit is {_mb(MAX_FILE_BYTES)}, {MAX_FILE_BYTES:,} bytes"
