"""Editor extras: alternate phrasings for sections (.alternates) and synonym groups (.synonyms); the sections
an editor says were renamed or moved (.moves) are read by bot/ingest/moves_file.py.

The .alternates format (knowledge/README.md): '#' lines are comments, a '[reference]' line names a section by
id or heading, and each following non-blank line is one phrasing for it. parse_alternates reads it and
format_alternates / append_alternates write it, so other code (an admin page) need not know the format.
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Collection, Iterator, Mapping

from bot.ingest.render import slug
from bot.model import ContentError, Section
from bot.text import fold
from bot.words import counted

ALTERNATES = ".alternates"
SYNONYMS = ".synonyms"
MOVES = ".moves"
SUFFIXES = (ALTERNATES, SYNONYMS, MOVES)
ALTERNATE_SEPARATOR = "|"  # between phrasings in one cell of a table's alternates column
EMPTY_ROW = "has that question with an empty answer"  # why a table row's id is no section ("faq.csv:4 has ...")


@dataclass(frozen=True)
class AlternatesEntry:
    """One '[reference]' of an .alternates file, the line it is on and the phrasings under it (and their lines)."""

    ref: str
    line: int
    phrasings: tuple[str, ...]
    lines: tuple[int, ...] = field(default=(), compare=False)


def norm(text: str) -> str:
    """Folded text with runs of whitespace collapsed, for matching and de-duplication."""
    return " ".join(fold(text).split())


def entry_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, stripped line) for lines that are neither blank nor '#' comments."""
    for n, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if line and not line.startswith("#"):
            yield n, line


# Phrasings written as a list ("- delivery", "* do you deliver?", "1. can I pay by card"): the mark is no part of
# them (the dashboard's check for a phrasing already there missed "- delivery" against "delivery").
_LIST_MARK = re.compile(r"^(?:[-*•+]|\d{1,2}[.)])\s+(?=\S)")


def clean_phrasing(text: str) -> str:
    """A phrasing as written, its list mark dropped and its runs of whitespace made one space."""
    return " ".join(_LIST_MARK.sub("", text.strip()).split())


def _is_ref(line: str) -> bool:
    return line.startswith("[") and line.endswith("]")


# An id with its '[' left out ("faq/do-you-deliver]"); a phrasing may end with ']' ("do you deliver :]").
_ID_AND_BRACKET = re.compile(r"[^\s\[\]]+/[^\s\[\]]+\]")


def _half_ref(line: str) -> str | None:
    """What is wrong with a [section] line that has a bracket left out, or a phrasing after it; None for a phrasing.
    Read as a phrasing, it and the phrasings under it went to the section above, without a word."""
    if line.startswith("["):  # no phrasing starts so (the dashboard refuses one that would)
        if "]" not in line:
            return (f"'{line}' has no closing ']': write the section as [section-id] or [Heading], on a line of its "
                    "own")
        return (f"text after ']' in '{line}': a [section] line holds only the section; write each phrasing on a line "
                "of its own under it")
    if _ID_AND_BRACKET.fullmatch(line):
        return f"'{line}' has no opening '[': write the section as [{line[:-1]}]"
    return None


def _entries(rel: str, text: str) -> Iterator[AlternatesEntry]:
    """Entries in file order; each is yielded before the next line is checked, so errors come in line order."""
    ref, line, phrasings, lines = "", 0, [], []
    for n, text_line in entry_lines(text):
        if _is_ref(text_line):
            if line:
                yield AlternatesEntry(ref, line, tuple(phrasings), tuple(lines))
            ref, line, phrasings, lines = text_line[1:-1].strip(), n, [], []
            if not ref:
                raise ContentError(rel, "empty section reference '[]'", n)
        elif _half_ref(text_line):
            raise ContentError(rel, _half_ref(text_line), n)
        elif not line:
            raise ContentError(rel, "phrasing before any [section] line: which section is it for?", n)
        elif ALTERNATE_SEPARATOR in text_line:
            # as in a table's alternates cell: it was one phrasing, "home delivery | delivered to my door", that no
            # visitor types (the dashboard refuses a phrasing with one)
            raise ContentError(rel, f"'{ALTERNATE_SEPARATOR}' in the phrasing '{text_line}': in an .alternates file "
                                    "each phrasing is a line of its own", n)
        else:
            phrasings.append(clean_phrasing(text_line))
            lines.append(n)
    if line:
        yield AlternatesEntry(ref, line, tuple(phrasings), tuple(lines))


def parse_alternates(rel: str, text: str) -> list[AlternatesEntry]:
    """The entries of one .alternates file (rel names it in errors); references are not checked here."""
    return list(_entries(rel, text))


# The file the dashboard writes its alternates to (bot/editing.py), in the content folder's top level.
DASHBOARD_ALTERNATES = "dashboard.alternates"


def resolve_alternates(rel: str, text: str, sections: list[Section], warnings: list[str] | None = None,
                       moved: Mapping[str, str] | None = None,
                       declared: Mapping[str, str] | None = None, former: Collection[str] = (),
                       emptied: Mapping[str, str] | None = None,
                       places: dict[tuple[int, str], tuple[str, str]] | None = None) -> dict[int, list[str]]:
    """Extra phrasings per section index from one .alternates file; an unknown reference is a ContentError, but in
    the file the dashboard writes (given `warnings`) a warning: its entries name sections by id, and a section an
    upgrade reads under another id (or an editor renamed) must not stop every build, and every dashboard edit, until
    someone edits the file by hand. There, an id that `moved` (bot/moves.py) says a section had before a rename
    or a move names that section.

    In a file an editor wrote, a former id (or heading) that the content's .moves files name (`declared`) names the
    section it went to, as it does on every machine; one that only this index folder's history followed (the rest
    of `moved`) stops the build saying which section it is now: an index folder built afresh has no such history,
    so following it would build this content here and fail it, or lose the phrasings, elsewhere. One that was a
    section of the version this build replaces (`former`) and was followed nowhere (split, deleted) says so, unless
    its heading is still there with no text under it (`emptied`, {id: why}, as for .moves): then that is said.

    places, when given, gets each phrasing's place the first time a section is given it: (section index, the
    phrasing folded) -> ("file:line", the phrasing), for the build to name both places of one that two sections
    share (bot/ingest/overlaps.py). A [reference] with no phrasings under it is a warning (given `warnings`)."""
    extra: dict[int, list[str]] = {}

    def give(i: int, entry: AlternatesEntry) -> None:
        extra.setdefault(i, []).extend(entry.phrasings)
        if places is not None:
            for phrase, n in zip(entry.phrasings, entry.lines):
                places.setdefault((i, norm(phrase)), (f"{rel}:{n}", phrase))
        if not entry.phrasings and warnings is not None:
            warnings.append(f"{rel}:{entry.line}: [{entry.ref}] has no phrasings under it: write them on the lines "
                            "below it, one a line, or delete it")

    tolerant = warnings is not None and rel == DASHBOARD_ALTERNATES
    now = {s.id: i for i, s in enumerate(sections)}
    entries = _entries(rel, text)
    for entry in entries:
        try:
            i = _resolve(rel, entry.line, entry.ref, sections)
        except ContentError as e:
            if not e.message.startswith("unknown section"):
                raise
            if tolerant:
                if (moved or {}).get(entry.ref) in now:
                    give(now[moved[entry.ref]], entry)
                    continue
                why = _emptied(entry.ref, emptied or {})
                if why:  # its answer is what to put back: the phrasings apply again once it is
                    again = "that row has an answer" if why.endswith(EMPTY_ROW) else "that heading has text under it"
                    warnings.append(f"{rel}:{entry.line}: '{entry.ref}' is not a section now ({why}); its "
                                    f"{_unused(entry.phrasings)} until {again} again")
                    continue
                warnings.append(f"{rel}:{entry.line}: section '{entry.ref}' is not in the content any more; its "
                                f"{_unused(entry.phrasings)} (add {'it' if len(entry.phrasings) == 1 else 'them'} again from /admin, "
                                "or delete the block)")
                continue
            target = _followed(entry.ref, declared or {})
            if target in now:
                give(now[target], entry)
                continue
            target = _followed(entry.ref, moved or {})
            if target not in now:
                why = _emptied(entry.ref, emptied or {})
                if why:  # the heading is there: neither "did you mean" nor "gone" fits
                    raise ContentError(rel, f"unknown section '{entry.ref}' ({why})", entry.line) from None
                gone = _gone_message(entry.ref, former, now)
                if gone is None:
                    raise
                raise ContentError(rel, gone, entry.line) from None
            message = _moved_message(entry.ref, entry.ref in (moved or {}), sections[now[target]], sections)
            more = _also_moved(rel, entries, sections, moved or {}, declared or {})
            if more:  # a file renamed moves every section of it: one build to hear of them all, not one each
                message += (f"; line{'s' * (len(more) > 1)} {', '.join(map(str, more))} of this file name"
                            f"{'s' * (len(more) == 1)} moved sections too")
            raise ContentError(rel, message, entry.line) from None
        give(i, entry)
    return extra


def _also_moved(rel: str, entries: Iterator[AlternatesEntry], sections: list[Section], moved: Mapping[str, str],
                declared: Mapping[str, str]) -> list[int]:
    """The lines of the entries left whose [ref] names a section only the index history followed (as above)."""
    now = {s.id for s in sections}
    lines = []
    try:
        for entry in entries:
            try:
                _resolve(rel, entry.line, entry.ref, sections)
            except ContentError:
                if _followed(entry.ref, declared) not in now and _followed(entry.ref, moved) in now:
                    lines.append(entry.line)
    except ContentError:  # a later line that is no entry at all: said once these are fixed
        pass
    return lines


def _unused(phrasings: Collection[str]) -> str:
    """'1 phrasing is not used', '2 phrasings are not used'."""
    n = len(phrasings)
    return f"{counted(n, 'phrasing')} {'is' if n == 1 else 'are'} not used"


def _followed(ref: str, moved: Mapping[str, str]) -> str | None:
    """The id a [ref] that names no section now went to: ref a former id, or the heading of exactly one former
    section (its id's slug is the heading's)."""
    if ref in moved:
        return moved[ref]
    anchor = slug(ref)
    hits = {target for old, target in moved.items() if old.partition("/")[2] == anchor}
    return hits.pop() if len(hits) == 1 else None


def _emptied(ref: str, emptied: Mapping[str, str]) -> str | None:
    """Why a [ref] names no section when it names a heading with no text under it (by id, or by heading: its slug)."""
    if ref in emptied:
        return emptied[ref]
    anchor = slug(ref)
    hits = [why for old, why in emptied.items() if old.partition("/")[2] == anchor]
    return "; ".join(hits) or None


def _gone_message(ref: str, former: Collection[str], now: Collection[str]) -> str | None:
    """What to do about a [ref] to a section of the last version that the build followed nowhere (None: it was none:
    a typo, say, which the usual message and its "did you mean" fit better; so is a heading whose id is a section
    still: "[do you have parking]" for "Do You Have Parking?", which went nowhere)."""
    fix = ("(split, deleted, or rewritten as well as renamed): name the section its phrasings belong to now, or say "
           "where it went in a .moves file")
    if ref in former:
        return f"section '{ref}' is no longer in the content, and the build cannot tell where it went {fix}"
    if any(old.partition("/")[2] == slug(ref) and old not in now for old in former):
        return f"no section is headed '{ref}' now, and the build cannot tell where that section went {fix}"
    return None


def _moved_message(ref: str, by_id: bool, section: Section, sections: list[Section]) -> str:
    """What to write instead of a [ref] to a section that was renamed, moved or merged since."""
    if by_id:
        return f"section '{ref}' is now '{section.id}' (renamed, moved or merged since): write [{section.id}] here"
    unique = sum(s.heading == section.heading for s in sections) == 1
    new_ref = section.heading if unique else section.id
    return (f"no section is headed '{ref}' now: that section is now '{section.heading}' ({section.id}): write "
            f"[{new_ref}] here")


def _resolve(rel: str, line: int, ref: str, sections: list[Section]) -> int:
    """Index of the section a [ref] names: its full id, else its exact heading, else the heading folded."""
    for i, s in enumerate(sections):
        if s.id == ref:
            return i
    for match in (lambda s: s.heading == ref, lambda s: norm(s.heading) == norm(ref)):
        hits = [i for i, s in enumerate(sections) if match(s)]
        if len(hits) == 1:
            return hits[0]
        if hits:
            ids = ", ".join(sections[i].id for i in hits)
            raise ContentError(rel, f"'{ref}' is the heading of several sections ({ids}); use the id", line)
    close = difflib.get_close_matches(ref, [s.id for s in sections] + [s.heading for s in sections], n=1)
    hint = f"; did you mean '{close[0]}'?" if close else " (use a section id or its exact heading)"
    raise ContentError(rel, f"unknown section '{ref}'{hint}", line)


def _one_line(what: str, text: str) -> str:
    """text stripped; ValueError if it is blank or holds a line break or control character."""
    if not isinstance(text, str):
        raise ValueError(f"{what} must be text, not {type(text).__name__}")
    bad = next((c for c in text if c != "\t" and unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp")), None)
    if bad is not None:
        raise ValueError(f"{what} must be one line of text (it holds {bad!r}): {text!r}")
    if not text.strip():
        raise ValueError(f"{what} is empty")
    return text.strip()


def format_alternates(ref: str, phrasings: list[str] | tuple[str, ...]) -> str:
    """An .alternates entry: '[ref]' then one phrasing a line; ValueError for what the file could not hold."""
    ref = _one_line("the section reference", ref)
    lines = [f"[{ref}]"]
    for raw in phrasings:
        phrase = " ".join(_one_line("a phrasing", raw).split())  # as parse_alternates reads it back
        if ALTERNATE_SEPARATOR in phrase:
            raise ValueError(f"a phrasing may not hold '{ALTERNATE_SEPARATOR}' (it separates phrasings): {raw!r}")
        if phrase.startswith("#"):
            raise ValueError(f"a phrasing may not start with '#' (it would be a comment): {raw!r}")
        if _is_ref(phrase):
            raise ValueError(f"a phrasing may not be in [brackets] (it would name a section): {raw!r}")
        lines.append(phrase)
    if len(lines) == 1:
        raise ValueError("no phrasings given")
    return "\n".join(lines) + "\n"


def append_alternates(path: str | os.PathLike, ref: str, phrasings: list[str] | tuple[str, ...]) -> None:
    """Append an entry to an .alternates file (created if missing), after a blank line; nothing on ValueError."""
    entry = format_alternates(ref, phrasings)
    try:
        with open(path, "rb") as fh:
            fh.seek(0, os.SEEK_END)
            size = fh.tell()
            fh.seek(max(0, size - 2))
            tail = fh.read()
    except FileNotFoundError:
        tail = b""
    with open(path, "a", encoding="utf-8", newline="\n") as fh:
        fh.write(separator(tail.decode("utf-8", "replace")) + entry)


def separator(text: str) -> str:
    """What goes after a file's text so the next entry follows one blank line (nothing for an empty file)."""
    if not text or text.endswith("\n\n"):
        return ""
    return "\n" if text.endswith("\n") else "\n\n"


def merge_alternates(existing: tuple[str, ...], more: list[str]) -> tuple[str, ...]:
    """Existing phrasings then new ones, without repeats (compared folded), in first-seen order."""
    seen: set[str] = set()
    out = []
    for phrase in (*existing, *more):
        key = norm(phrase)
        if key and key not in seen:
            seen.add(key)
            out.append(phrase)
    return tuple(out)


# What an editor writes between synonyms instead of a comma ("cake: gateau, torte", "cake = gateau", "cake; gateau",
# "cake -> gateau", a tab from a pasted sheet): read as part of a term, it made 'cake: gateau' one term, so the
# group tied "torte" to a phrase no question has and "cake" to nothing, without a word. A colon inside a word
# ("1:1") is a term's own.
_NOT_A_COMMA = re.compile(r"=>|->|[;|=\t]|:(?=\s|$)")


def parse_synonyms(rel: str, text: str) -> list[tuple[str, ...]]:
    """Synonym groups from one .synonyms file: comma-separated folded terms, the first canonical."""
    groups = []
    for n, line in entry_lines(text):
        comment = re.search(r"\s#", line)
        if comment:  # "cake, gateau  # French": 'gateau # french' was a term no question has
            raise ContentError(rel, f"a comment after the synonym group '{line[:comment.start()].strip()}': write "
                                    "comments on a line of their own, starting with '#'", n)
        sep = _NOT_A_COMMA.search(line)
        if sep:
            shown = "a tab" if sep.group() == "\t" else f"'{sep.group()}'"
            raise ContentError(rel, f"{shown} in the synonym group '{' '.join(line.split())}': separate the terms "
                                    "of a group with commas (cake, gateau, torte)", n)
        terms: list[str] = []
        for raw in line.split(","):
            term = norm(raw)
            if term and term not in terms:
                terms.append(term)
        if len(terms) < 2:
            raise ContentError(rel, f"a synonym group needs at least 2 different comma-separated terms: '{line}'", n)
        groups.append(tuple(terms))
    return groups
