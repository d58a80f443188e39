"""Phrasings that say the same as another section's, and sections copied word for word into another file: one
question worded so could get either answer.

The dashboard refuses such a phrasing ("already a phrasing of ...", web/admin_forms.py); a content file (a hand-written
.alternates file, a table's alternates column, a block of dashboard.alternates changed by hand) can still hold one,
and the build then warns naming both places. A warning, not an error: the bot answers as before, and a build that
stopped on it would stop every dashboard edit too (each one rebuilds) until someone edited a file by hand.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Mapping

from bot.model import Section
from bot.text import fold

_WORD = re.compile(r"\w+")


def phrasing_key(text: str) -> str:
    """What a phrasing asks, for telling two apart: its words folded, punctuation and case aside ("Can I get a
    refund" and "Can I get a refund?" ask the same); a phrasing with no word (an emoji) is compared as written."""
    folded = fold(text)
    return " ".join(_WORD.findall(folded)) or " ".join(folded.split())


def shared_phrasings(sections: list[Section], places: Mapping[tuple[int, str], tuple[str, str]]) -> list[str]:
    """A warning for each phrasing of a section that is also another's phrasing or heading, naming both places.

    places: for each phrasing given to a section, in the order given, (section index, any key) -> ("file:line"
    where it was written, the phrasing as written)."""
    givers: dict[str, list[tuple[int, str, str]]] = {}
    for (i, _), (where, text) in places.items():
        givers.setdefault(phrasing_key(text), []).append((i, where, text))
    headed: dict[str, list[int]] = {}
    for j, s in enumerate(sections):
        headed.setdefault(phrasing_key(s.heading), []).append(j)
    warnings = []
    for key, owners in givers.items():
        first = {}  # section index -> its first (where, text) of this key
        for i, where, text in owners:
            first.setdefault(i, (where, text))
        (first_i, (first_where, _)), *others = first.items()
        for i, (where, text) in others:
            warnings.append(f"{where}: '{text}' is a phrasing of {_name(sections[i])}, and {first_where} gives it "
                            f"to {_name(sections[first_i])} too: a question asked so may get either answer; keep it "
                            "under one of them")
        for i, (where, text) in first.items():
            for j in headed.get(key, ()):
                if j != i:
                    warnings.append(f"{where}: '{text}' is a phrasing of {_name(sections[i])}, but it is the heading "
                                    f"of {_name(sections[j])} at {sections[j].source}: a question asked so may get "
                                    "either answer; give the phrasing to that section, or delete it")
    return warnings


def copied_sections(sections: list[Section]) -> list[str]:
    """A warning for each section that is, heading and text word for word, a section of another file: a copy left in
    the folder ("faq copy.md", a sync tool's "faq (conflicted copy).md", a link to a file already read) answers each
    of its questions twice over, so a question may get either; one line for a file that is a copy throughout."""
    first: dict[tuple[str, str], Section] = {}
    copies: dict[tuple[str, str], list[tuple[Section, Section]]] = {}  # (copy's document, original's) -> pairs
    for s in sections:
        seen = first.setdefault((phrasing_key(s.heading), " ".join(s.body.split())), s)
        if seen.document != s.document:
            copies.setdefault((s.document, seen.document), []).append((s, seen))
    per_document = Counter(s.document for s in sections)
    warnings = []
    for (copy, _), pairs in copies.items():
        if len(pairs) == per_document[copy] > 1:
            warnings.append(f"{_file(pairs[0][0])}: every section is word for word one of {_file(pairs[0][1])} (is "
                            "one file a copy of the other?): a question asked so may get either answer; delete one "
                            "of them")
            continue
        for s, seen in pairs:
            warnings.append(f"{s.source}: section {_name(s)} is word for word {_name(seen)} at {seen.source}: a "
                            "question asked so may get either answer; delete one of them")
    return warnings


def _file(section: Section) -> str:
    return section.source.rsplit(":", 1)[0]


def _name(section: Section) -> str:
    return f'"{section.heading}" ({section.id})'
