"""Where sections went: the former ids of sections whose heading was reworded or that moved to another file.

Visitors keep links (/kb/<document>#<anchor>), and the question log, feedback and the dashboard's alternates
name sections by id; an id changes with its heading and its file (knowledge/README.md, "Section ids"). Each
build compares its sections with those of the version it replaces and records, in the new version's manifest,
`moved`: {former id: current id}. A former id is followed only where the text says it is the same section:

- its text is, word for word, the text of exactly one section now (a reworded heading, a file renamed or
  a section moved to another file), else
- its text (at least MIN_CONTAINED_WORDS words) is contained in exactly one section now (merged into it).

A heading alone is no evidence ("Pricing" in a new file may be another product's). A section deleted, or
moved or reworded and rewritten in one build, has no successor: its id is followed nowhere, unless the content
says where it went: a `.moves` file's 'old-id -> new-id' lines (bot/ingest/moves_file.py) win over what the text
says, and, being content, hold on an index folder built afresh.
The record is carried from version to version (a chain of renames points at the section as it is now) and
forgets an id that is a section again, or whose move rested on a .moves line alone that is gone (an editor's wrong
line, deleted; the manifest's `moved_declared` says which moves rest on a line). Deterministic: the same content
over the same previous version gives the same record.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable, Mapping, NamedTuple, Sequence, TypeVar

from .model import Section
from .text import fold

MIN_CONTAINED_WORDS = 8  # shorter texts ("Yes.", "Free, behind the shop.") are inside too many others
MAX_CONTAINED_CHECKS = 2_000_000  # former sections x sections: a whole knowledge base renamed is matched exactly


@dataclass(frozen=True)
class Former:
    """A section of the version being replaced: what is compared with the sections of the new one."""

    id: str
    body: str


@dataclass(frozen=True)
class History:
    """The version a build replaces: its sections and the former ids it already followed."""

    sections: tuple[Former, ...] = ()
    moved: Mapping[str, str] | None = None
    # The part of `moved` that rests on a .moves line alone; None: not recorded (a version built by an older faqbot).
    declared: Mapping[str, str] | None = None


def _words(text: str) -> str:
    return " ".join(fold(text).split())


def moved_of(manifest: Mapping, record: str = "moved") -> dict[str, str]:
    """A manifest's `moved` record (or another of the same shape) ({} when it has none, or not as this program
    writes it)."""
    moved = manifest.get(record)
    if not isinstance(moved, dict):
        return {}
    return {k: v for k, v in moved.items() if isinstance(k, str) and isinstance(v, str)}


class Carried(NamedTuple):
    """What `carry` makes of a build's sections over the version it replaces."""

    moved: dict[str, str]  # the new version's whole `moved` record
    new: dict[str, str]  # the part of it new in this build
    declared: dict[str, str]  # the part of it that rests on a .moves line alone (the manifest's `moved_declared`)
    forgotten: dict[str, str]  # moves of the last version that rested on a .moves line no longer there


def detect(former: Sequence[Former], sections: Sequence[Section]) -> dict[str, str]:
    """{id no longer there: id of the one section that holds its text now} (the rules of the module docstring)."""
    now = {s.id for s in sections}
    gone = [f for f in former if f.id not in now]
    if not gone:
        return {}
    text = {s.id: _words(s.body) for s in sections}
    by_text: dict[str, list[str]] = {}
    for sid, words in text.items():
        by_text.setdefault(words, []).append(sid)

    found: dict[str, str] = {}
    unmatched: list[tuple[Former, str]] = []
    for f in gone:
        words = _words(f.body)
        same = by_text.get(words, []) if words else []
        if len(same) == 1:
            found[f.id] = same[0]
        else:
            unmatched.append((f, words))
    contained_ok = len(unmatched) * len(text) <= MAX_CONTAINED_CHECKS
    for f, words in unmatched:
        if contained_ok and len(words.split()) >= MIN_CONTAINED_WORDS:
            holders = [sid for sid, t in text.items() if f" {words} " in f" {t} "]
            if len(holders) == 1:
                found[f.id] = holders[0]
    return found


def carry(history: History, sections: Sequence[Section], declared: Mapping[str, str] | None = None) -> Carried:
    """The new version's `moved` record, what is new in it, what rests on a .moves line, and what was forgotten.

    declared: the moves the content states ({former id: section id}, from its .moves files, checked): they win
    over what the text says, and need no previous version, so they survive an index folder built afresh. A move
    that rested on a line no longer there is forgotten (deleting a wrong line undoes it); one the build had found
    by itself before a line said the same stays."""
    now = {s.id for s in sections}
    declared = dict(declared or {})
    found = detect(history.sections, sections)
    before = dict(history.moved or {})
    was_declared = history.declared
    carried: dict[str, str] = {}
    forgotten: dict[str, str] = {}
    for old, target in before.items():
        if old in now:  # a section again (the heading reworded back): it is its own
            continue
        if old not in declared and old not in found and was_declared is not None and old in was_declared:
            forgotten[old] = target
            continue
        target = target if target in now else declared.get(target, found.get(target))
        if target is not None:
            carried[old] = target
    moved = {**carried, **found, **declared}
    new = {old: moved[old] for old in found}  # in content order, then the declared ones the last version had not
    new.update((old, t) for old, t in declared.items() if old not in found and before.get(old) != t)
    # A line saying what the build had found by itself (carried from a version that had no such line) adds nothing
    # to forget; a version that did not record this (an older faqbot's) is taken at the content's word.
    resting = {old: t for old, t in declared.items()
               if found.get(old) != t and (was_declared is None or old in was_declared or carried.get(old) != t)}
    return Carried(dict(sorted(moved.items())), new, dict(sorted(resting.items())), forgotten)


def anchors(moved: Mapping[str, str], sections: Iterable[Section], document: str) -> dict[str, str]:
    """{former anchor: current section id} that the /kb/<document> page carries: the anchors of sections that
    were on it and are now elsewhere (or on it under another anchor), and of sections that came to it from
    another page (whose old page may redirect here).

    Only anchors no section of that page has; where two former ids with the same anchor lead to different
    sections, the one that was on this page wins, and if none was, neither is kept.
    """
    taken = {s.anchor for s in sections if s.document == document}
    candidates: dict[str, dict[str, str]] = {}  # anchor -> {former document: target}
    for old, target in moved.items():
        old_doc, _, anchor = old.partition("/")
        if anchor and anchor not in taken and document in (old_doc, target.partition("/")[0]):
            candidates.setdefault(anchor, {})[old_doc] = target
    out = {}
    for anchor, by_doc in candidates.items():
        if document in by_doc:
            out[anchor] = by_doc[document]
        elif len(set(by_doc.values())) == 1:
            out[anchor] = next(iter(by_doc.values()))
    return out


Row = TypeVar("Row")


def followed(rows: Iterable[Row], moved: Mapping[str, str]) -> list[Row]:
    """Logged rows (questions, feedback) with each `section_id` as the section is called now: the history of a
    section whose heading was reworded counts under it, not under an id no section has."""
    return [replace(r, section_id=moved[r.section_id]) if r.section_id in moved else r  # type: ignore[attr-defined]
            for r in rows]
