"""What the dashboard says about a group of unanswered questions and the sections it could go to: a label for each
section that no other section shares, whether a group's closest section is close enough to pre-choose, where a
phrasing another section has was written, which edit already handled a phrasing, and what to do with a file the
build does not read."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath
from typing import Iterable, Mapping

from bot.editing import FILE_NAME
from bot.editlog import ATTACH, Edit
from bot.ingest.extras import ALTERNATES, parse_alternates
from bot.ingest.files import find_content
from bot.ingest.overlaps import phrasing_key
from bot.model import ContentError, Section

# A group's closest section is pre-chosen in its picker only when the bot's own confidence that it answers the group's
# most asked question is at least this share of the threshold. Below it the score comes from a word or two in common
# ("where can I park my car?" scored 1% for a redness section, the nearest there was): one click on Add then made the
# bot answer parking questions from it, at a high confidence, since the phrasing is then that section's own. Half the
# threshold keeps the pre-choice for questions the bot nearly answered (the low-confidence ones, and the answered ones
# a visitor gave a thumbs down: their section is most often the right one) and makes the editor choose for the rest.
CLOSE_ENOUGH = 0.5


def close_enough(confidence: float, threshold: float) -> bool:
    """Is a section this close to a group's question plausibly its answer (see CLOSE_ENOUGH)?"""
    return confidence >= CLOSE_ENOUGH * threshold


def preselect(closest: list[dict], threshold: float) -> str | None:
    """The section a group's picker starts on: its closest, when plausibly right (close_enough, and not shown as 0%,
    which the page does not list as close); else None, and the picker starts on "Choose a section…"."""
    first = closest[0] if closest else None
    if first and percent(first["confidence"]) and close_enough(first["confidence"], threshold):
        return first["section_id"]
    return None


def percent(confidence: float) -> int:
    """A confidence as the page shows it: a whole percentage (0 for a section that shares nothing with the question)."""
    return round(100 * confidence)


def articles_of_shared_headings(sections: Iterable[Section]) -> dict[str, str]:
    """Section id -> what tells it apart, for the sections whose heading another section has (case aside): the article
    it is in (its title, or its document when the titles are the same too: "Parking" on two clinics' pages), or, for
    two of one document (an article's introduction and conclusion, both headed with its title), its id's last part
    ("introduction", "conclusion"); the whole id if even that is shared. The section picker names it beside the
    heading, else the editor could not tell which one an "Add as alternate" goes to."""
    by_heading: dict[str, list[Section]] = {}
    for s in sections:
        by_heading.setdefault(s.heading.casefold(), []).append(s)
    where: dict[str, str] = {}
    for same in by_heading.values():
        if len(same) < 2:
            continue
        titles, documents = Counter(s.title for s in same), Counter(s.document for s in same)
        anchors = Counter(s.anchor for s in same)
        for s in same:
            if titles[s.title] == 1:
                where[s.id] = s.title
            elif documents[s.document] == 1:
                where[s.id] = s.document
            elif anchors[s.anchor] == 1:
                where[s.id] = s.anchor.replace("-", " ")
            else:
                where[s.id] = s.id
    return where


def section_label(heading: str, where: str | None, title: str, one_document: bool) -> str:
    """A section as the "All sections" list names it: its heading, with what tells it apart from another section of
    that heading, else its article's title (left out when there is one document: it would be the same on each)."""
    if where:
        return f"{heading} ({where})"
    return heading if one_document else f"{heading} ({title})"


def at(ts: float) -> str:
    """When an edit was made, as the page's edit list says it."""
    return datetime.fromtimestamp(ts, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def written_at(content_dir: str | Path | None, section: Section, phrasing: str,
               moved: Mapping[str, str] | None = None) -> str | None:
    """Where a section's phrasing is written by hand: "file.alternates:13" for a line of an .alternates file (the
    dashboard's own included, for a block written or changed by hand), else None (a table's alternates column: the
    section's own line says where). Files that cannot be read or parsed now are passed over: the next build names
    them."""
    if content_dir is None:
        return None
    wanted, names = phrasing_key(phrasing), {section.id, section.heading.casefold()}
    names |= {old for old, new in (moved or {}).items() if new == section.id}
    try:  # walked as the build walks it (linked folders followed, symlink loops not), named as it names them
        files = [f for f in find_content(Path(content_dir)).files if f.suffix == ALTERNATES]
    except (ContentError, OSError):
        return None
    # the dashboard's file last: a phrasing there with no edit in place was written by hand, but one in an editor's
    # own file is what they would look for first
    files.sort(key=lambda f: f.rel == FILE_NAME)
    for f in files:
        rel = f.rel
        try:
            with open(f.path, encoding="utf-8-sig") as handle:
                entries = parse_alternates(rel, handle.read())
        except (OSError, UnicodeDecodeError, ContentError):
            continue
        for entry in entries:
            if entry.ref not in names and entry.ref.casefold() not in names:
                continue
            for text, line in zip(entry.phrasings, entry.lines):
                if phrasing_key(text) == wanted:
                    return f"{rel}:{line}"
    return None


def clash_line(phrasing: str, other: Section, edit: Edit | None, written: str | None) -> str:
    """Why a phrasing cannot be added: another section has it, and what to do there (undo the edit that added it,
    or remove it from the file and line it is written on)."""
    said = f"\u201c{phrasing}\u201d is already a phrasing of \u201c{other.heading}\u201d ({other.id})"
    if phrasing_key(phrasing) == phrasing_key(other.heading):
        return f"{said}: its heading ({other.source}); reword the heading there first to give it to another section"
    if edit is not None:
        return f"{said}: added {_by(edit)}; undo that first"
    if written is not None:
        return f"{said}: written in {written}; remove it there first"
    return f"{said}: written in its content ({other.source}); remove it there first"


def _by(edit: Edit) -> str:
    return f"by an edit at {at(edit.made_at)} (edit {edit.id})"


# What to do with a file not read, by its extension: text under another name is renamed; another program's document
# is saved or exported as text (renamed, the build refuses it: "a Word ... file renamed, not text").
# (the extension to rename to, without its dot: each format's own is written only in its module, bot/ingest)
_RENAME = {".markdown": "md", ".mdown": "md", ".mkd": "md", ".mkdn": "md", ".mdwn": "md", ".mdtxt": "md",
           ".mdtext": "md", ".text": "txt", ".asc": "txt", ".tab": "tsv"}
_DOCUMENT = {".docx", ".doc", ".docm", ".odt", ".rtf", ".pages", ".wpd", ".dotx"}
_SHEET = {".xlsx", ".xls", ".xlsm", ".ods", ".numbers"}
_COPY = {".pdf": "a PDF", ".html": "a web page", ".htm": "a web page", ".pptx": "a presentation",
         ".ppt": "a presentation", ".odp": "a presentation", ".key": "a presentation", ".epub": "an e-book"}


def not_read_advice(name: str) -> str:
    """How to have a file the build skipped for its extension answered from ("faq.docx": save it as plain text)."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in _RENAME:
        renamed = PurePosixPath(name).with_suffix("." + _RENAME[suffix]).name
        return f"text under another extension: rename it to {renamed}"
    if suffix in _DOCUMENT:
        return ("a word-processor document, not text: open it and save it as Plain Text (.txt); renaming it is not "
                "enough")
    if suffix in _SHEET:
        return "a spreadsheet, not text: open it and save it as CSV UTF-8 (.csv); renaming it is not enough"
    if suffix in _COPY:
        return f"{_COPY[suffix]}, not plain text: copy its text into a .txt or .md file"
    return "if it is plain text, rename it to .txt, .md or .csv; a document from another program, save it as plain text"


def handled_refusal(doing: str, texts: list[str], handled: Mapping[str, Edit], key, heading: Mapping[str, str]) \
        -> str | None:
    """A stale page's Add or Dismiss of phrasings an edit in place already handled (added to a section, or dismissed:
    from another tab, or by another editor): the one line refusing it, naming that edit; None when none is handled.
    `doing` is "added" or "dismissed"; `handled` maps key(phrasing) -> the edit (admin_view.handled_by)."""
    found = [(t, handled[key(t)]) for t in texts if key(t) in handled]
    if doing == "added":  # one added to a section already is for to_add: nothing new there, or another's phrasing
        found = [(t, e) for t, e in found if e.action != ATTACH]
    if not found:
        return None
    text, edit = found[0]
    when = _by(edit)
    if edit.action == ATTACH:
        said = (f"\u201c{text}\u201d was already added to \u201c{heading.get(edit.section_id or '', edit.section_id)}"
                f"\u201d {when}; undo that first")
    elif doing == "dismissed":
        said = f"\u201c{text}\u201d was already dismissed {when}; reload the page to see what is left of the group"
    else:
        said = f"\u201c{text}\u201d was dismissed {when}; undo that first"
    more = len(found) - 1
    if more:
        said += f" ({more} more of these phrasings {'were' if more != 1 else 'was'} handled too)"
    return f"not {doing}: {said}"


def undone_line(edit: Mapping, not_rebuilt: str | None = None) -> str:
    """What undoing an edit did, for the status line ("Undone: ..."); `not_rebuilt`, the content error that kept the
    index in service from being rebuilt without its phrasings (another file broken by hand), which still has them."""
    n = len(edit["phrasings"])
    if edit["action"] == ATTACH:
        said = (f"the phrasing added to \u201c{edit['heading']}\u201d is removed" if n == 1 else
                f"the {n} phrasings added to \u201c{edit['heading']}\u201d are removed")
        if not_rebuilt:
            said += (f" from {edit['file'] or FILE_NAME}, but the index was not rebuilt, as the content folder does "
                     f"not build ({not_rebuilt}): the bot answers from {'it' if n == 1 else 'them'} until that is "
                     "fixed and the index rebuilt")
        return said
    first = edit["phrasings"][0] if edit["phrasings"] else ""
    return f"the group \u201c{first}\u201d is no longer dismissed ({n} phrasing{'s' if n != 1 else ''})"


def answered_now(item: Mapping, threshold: float, low_below: float) -> dict | None:
    """The section that answers an open group's most asked question now, when the index in service answers it and did
    not when it was asked (content written or a rebuild since): {"section_id", "heading", "label", "percent", "url"};
    else None.

    Its closest section (the index in service's own answer, asked when the page is made) at or above the threshold
    is the bot answering. A group that had questions with no answer then says something changed; one answered then
    with low confidence only (below `low_below`) is news only when it is answered surely now (at `low_below` or
    above); and one answered then with a thumbs down is not: the answer now is most likely the one the visitor
    found unhelpful."""
    first = item["closest"][0] if item.get("closest") else None
    if first is None or first["confidence"] < threshold or item.get("thumbs_down"):
        return None
    if not item.get("unanswered") and first["confidence"] < low_below:
        return None
    return {"section_id": first["section_id"], "heading": first["heading"], "label": first["label"],
            "percent": first["percent"], "url": first["url"]}
