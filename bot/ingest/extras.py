"""Editor extras: alternate phrasings for sections (.alternates) and synonym groups (.synonyms)."""

from __future__ import annotations

import difflib

from bot.model import ContentError, Section
from bot.text import fold

ALTERNATES = ".alternates"
SYNONYMS = ".synonyms"
SUFFIXES = (ALTERNATES, SYNONYMS)


def _norm(text: str) -> str:
    """Folded text with runs of whitespace collapsed, for matching and de-duplication."""
    return " ".join(fold(text).split())


def _lines(text: str):
    """(line number, stripped line) for lines that are neither blank nor '#' comments."""
    for n, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if line and not line.startswith("#"):
            yield n, line


def _resolve(rel: str, line: int, ref: str, sections: list[Section]) -> int:
    """Index of the section a [ref] names: its full id, else its exact heading, else the heading folded."""
    for i, s in enumerate(sections):
        if s.id == ref:
            return i
    for match in (lambda s: s.heading == ref, lambda s: _norm(s.heading) == _norm(ref)):
        hits = [i for i, s in enumerate(sections) if match(s)]
        if len(hits) == 1:
            return hits[0]
        if hits:
            ids = ", ".join(sections[i].id for i in hits)
            raise ContentError(rel, f"'{ref}' is the heading of several sections ({ids}); use the id", line)
    close = difflib.get_close_matches(ref, [s.id for s in sections] + [s.heading for s in sections], n=1)
    hint = f"; did you mean '{close[0]}'?" if close else " (use a section id or its exact heading)"
    raise ContentError(rel, f"unknown section '{ref}'{hint}", line)


def parse_alternates(rel: str, text: str, sections: list[Section]) -> dict[int, list[str]]:
    """Extra phrasings per section index from one .alternates file."""
    extra: dict[int, list[str]] = {}
    current: int | None = None
    for n, line in _lines(text):
        if line.startswith("[") and line.endswith("]"):
            ref = line[1:-1].strip()
            if not ref:
                raise ContentError(rel, "empty section reference '[]'", n)
            current = _resolve(rel, n, ref, sections)
            extra.setdefault(current, [])
        elif current is None:
            raise ContentError(rel, "phrasing before any [section] line: which section is it for?", n)
        else:
            extra[current].append(" ".join(line.split()))
    return extra


def merge_alternates(existing: tuple[str, ...], more: list[str]) -> tuple[str, ...]:
    """Existing phrasings then new ones, without repeats (compared folded), in first-seen order."""
    seen: set[str] = set()
    out = []
    for phrase in (*existing, *more):
        key = _norm(phrase)
        if key and key not in seen:
            seen.add(key)
            out.append(phrase)
    return tuple(out)


def parse_synonyms(rel: str, text: str) -> list[tuple[str, ...]]:
    """Synonym groups from one .synonyms file: comma-separated folded terms, the first canonical."""
    groups = []
    for n, line in _lines(text):
        terms: list[str] = []
        for raw in line.split(","):
            term = _norm(raw)
            if term and term not in terms:
                terms.append(term)
        if len(terms) < 2:
            raise ContentError(rel, f"a synonym group needs at least 2 different comma-separated terms: '{line}'", n)
        groups.append(tuple(terms))
    return groups
