"""The .moves files: 'old-id -> new-id' lines saying where a renamed or moved section went (knowledge/README.md,
"Renaming, moving, merging"), checked against the sections read; bot/moves.py follows them."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Mapping

from bot.ingest.extras import entry_lines
from bot.model import ContentError, Section

MOVE_ARROW = "->"


@dataclass(frozen=True)
class Move:
    """One 'old-id -> new-id' line of a .moves file: where it is, the id no section has now, and the one it is."""

    rel: str
    line: int
    old: str
    new: str


# A section's link as a browser shows it (/kb/shop#old-hours, the whole address, or shop#old-hours) where its id
# (shop/old-hours) belongs: no id has a '#', so such a former id matched no link, and the line did nothing.
_LINK = re.compile(r"(?:[a-z][a-z0-9+.-]*://[^/\s]+)?(?:/kb/)?([^/#\s]+)#([^#\s]+)", re.IGNORECASE)


def parse_moves(rel: str, text: str) -> list[Move]:
    """The lines of one .moves file; a line that is not 'old-id -> new-id' is a ContentError naming it."""
    moves = []
    for n, line in entry_lines(text):
        comment = re.search(r"\s#", line)
        if comment:  # "a -> b  # reworded": it said "'b # reworded' is not a section id"
            raise ContentError(rel, f"a comment after the move '{line[:comment.start()].strip()}': write comments "
                                    "on a line of their own, starting with '#'", n)
        old, arrow, new = (part.strip() for part in line.partition(MOVE_ARROW))
        if not arrow or not old or not new or MOVE_ARROW in new:
            raise ContentError(rel, f"expected 'former-id -> section-id', got '{line}'", n)
        for side in (old, new):
            link = _LINK.fullmatch(side)
            if link:
                raise ContentError(rel, f"'{side}' is a link, not a section id: write "
                                        f"'{link.group(1).lower()}/{link.group(2).lower()}'", n)
            if "/" not in side or len(side.split()) > 1:
                raise ContentError(rel, f"'{side}' is not a section id (document/slug, no spaces)", n)
            if side != side.lower():  # an id is a slug: never a capital letter, so this one would match nothing
                raise ContentError(rel, f"'{side}' is not a section id: ids are in lower case ('{side.lower()}')", n)
        moves.append(Move(rel, n, old, new))
    return moves


def resolve_moves(moves: list[Move], sections: list[Section], emptied: Mapping[str, str] | None = None
                  ) -> dict[str, str]:
    """{former id: id of the section it is now} from the .moves lines of every file, a chain of them
    ('a -> b', then 'b -> c') followed to its end; a ContentError names the line when a former id is still a
    section, is given two places, or leads to an id that is no section (saying why when `emptied`, {id: why},
    knows: a heading with no text under it)."""
    now = {s.id for s in sections}
    declared: dict[str, Move] = {}
    for m in moves:
        if m.old in now:
            raise ContentError(m.rel, f"'{m.old}' is still a section: only an id no section has any more can "
                                      "have moved (delete the line)", m.line)
        first = declared.setdefault(m.old, m)
        if first.new != m.new:
            raise ContentError(m.rel, f"'{m.old}' is already said to be '{first.new}' ({first.rel}:{first.line})",
                               m.line)
    for m in declared.values():
        if m.new not in now and m.new not in declared:
            if m.new in (emptied or {}):  # the heading is there: a "did you mean" would send the editor elsewhere
                hint = f" ({emptied[m.new]})"
            else:
                close = difflib.get_close_matches(m.new, sorted(now), n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
            raise ContentError(m.rel, f"'{m.new}' is not a section{hint}", m.line)
    out = {}
    for old, m in declared.items():
        seen, target = [old], m.new
        while target not in now:  # a former id itself: follow the chain
            if target in seen:
                raise ContentError(m.rel, f"moves go round in a loop: {' -> '.join(seen + [target])}", m.line)
            seen.append(target)
            target = declared[target].new
        out[old] = target
    return dict(sorted(out.items()))
