"""Content files -> a KnowledgeBase of Sections with stable ids, their source file and line.

The formats are described for editors in knowledge/README.md; each is one module of this package that
declares FORMATS (see formats.py), found without being listed anywhere. Every problem with content is a
ContentError whose message names the file (and line); nothing that looks like content is skipped
silently: files that are not content are listed in KnowledgeBase.warnings.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

from bot.ingest.extras import ALTERNATES, EMPTY_ROW, MOVES, SYNONYMS, merge_alternates, norm, parse_synonyms, \
    resolve_alternates
from bot.ingest.files import MAX_FILE_BYTES, find_content, read_text
from bot.ingest.formats import registry, section_suffixes
from bot.ingest.moves_file import parse_moves, resolve_moves
from bot.ingest.overlaps import copied_sections, shared_phrasings
from bot.ingest.render import Draft, build_sections, empty_headings, heading_anchor, slug
from bot.ingest.txt import is_question_heading
from bot.model import ContentError, KnowledgeBase, Section
from bot.text import words
from bot.moves import History, carry

__all__ = ["load_knowledge", "document_slug", "find_content", "empty_rows", "MAX_FILE_BYTES"]


def document_slug(rel: str) -> str:
    """A content file's document slug: path without extension, slugified ('faq/billing.csv' -> 'faq-billing')."""
    return slug(rel.rsplit(".", 1)[0])


# A document this long read as one introduction most likely has headings faqbot could not see.
ONE_SECTION_WARNING = 600


def load_knowledge(content_dir: str | os.PathLike, history: History | None = None) -> KnowledgeBase:
    """Read every content file under content_dir into a KnowledgeBase; raise ContentError on bad content.

    history: the sections of the version this reading replaces (bot/moves.py), to record where renamed and
    moved sections went (with what the content's .moves files say), and to give the dashboard's phrasings for a
    former id to the section it is now.
    """
    root = Path(content_dir)
    found = find_content(root)
    formats = registry()
    section_files = [f for f in found.files if f.suffix in formats]
    if not section_files:
        kinds = ", ".join(section_suffixes())
        raise ContentError(str(root), f"no content files ({kinds}) in the content folder")

    sections: list[Section] = []
    documents: list[tuple[str, str]] = []
    doc_files: dict[str, str] = {}
    emptied: dict[str, str] = {}  # id a heading with no text under it would have -> why it is no section
    empty: dict[str, tuple[str, str]] = {}  # the same ids -> (heading, "file:line"), kept in the manifest
    for f in section_files:
        doc = document_slug(f.rel)
        if doc in doc_files:
            raise ContentError(f.rel, f"document name '{doc}' is already used by {doc_files[doc]}; rename one")
        doc_files[doc] = f.rel
        fmt = formats[f.suffix]
        title, drafts = fmt.parse(f.rel, read_text(f))
        built = build_sections(f.rel, doc, title, drafts) if drafts else []
        if not built:  # no drafts, or only drafts with nothing in them (an empty code block, say)
            raise ContentError(f.rel, _no_sections(f.rel, fmt.no_sections, drafts))
        if len(built) == 1 and built[0].anchor == "introduction" and len(built[0].body) >= ONE_SECTION_WARNING:
            found.warnings.append(f"{f.rel}: no heading found, so the whole file is one section "
                                  "(knowledge/README.md says what a heading is)")
        found.warnings.extend(f"{f.rel}:{n}: {what}" for d in drafts for n, what in d.slips)
        sections.extend(built)
        documents.append((doc, title))
        _empty_headings(f.rel, doc, drafts, found.warnings, emptied, empty)

    # The moves the content states (.moves files) first: the dashboard's phrasings follow them too.
    declared = resolve_moves([m for f in found.files if f.suffix == MOVES for m in parse_moves(f.rel, read_text(f))],
                             sections, emptied)
    history = history or History()
    moved, moved_now, moved_declared, forgotten = carry(history, sections, declared)
    for old, target in forgotten.items():
        found.warnings.append(f"section {old} no longer leads to {target}: no .moves line says so any more (its old "
                              "links open its page at the top, and its history counts under its own id again)")
    former = {f.id for f in history.sections} | set(history.moved or {})  # what an .alternates file may still name
    # Extras refer to sections, so they are applied once every section file is read.
    extra: dict[int, list[str]] = {}
    synonyms: list[tuple[str, ...]] = []
    # where each phrasing was given (a table's alternates column: its row), to name both places of a shared one
    places = {(i, norm(a)): (s.source, a) for i, s in enumerate(sections) for a in s.alternates}
    for f in found.files:
        if f.suffix == ALTERNATES:
            for i, phrases in resolve_alternates(f.rel, read_text(f), sections, found.warnings, moved, declared,
                                                     former, emptied, places).items():
                extra.setdefault(i, []).extend(phrases)
        elif f.suffix == SYNONYMS:
            synonyms.extend(parse_synonyms(f.rel, read_text(f)))
    for i, phrases in extra.items():
        sections[i] = replace(sections[i], alternates=merge_alternates(sections[i].alternates, phrases))
    found.warnings.extend(shared_phrasings(sections, places))
    found.warnings.extend(copied_sections(sections))
    found.warnings.extend(_unmatchable(sections))

    return KnowledgeBase(
        sections=tuple(sections),
        synonyms=tuple(synonyms),
        files=tuple(f.rel for f in found.files),
        warnings=tuple(found.warnings),
        documents=tuple(documents),
        moved=tuple(moved.items()),
        moved_now=tuple(moved_now.items()),
        moved_declared=tuple(moved_declared.items()),
        emptied=tuple((i, *where) for i, where in empty.items()),
    )


def _unmatchable(sections: list[Section]) -> list[str]:
    """A warning for each section no question can find: matching reads words in Latin letters and digits
    (bot/text.py), and its heading, phrasings and text have none (Greek, Chinese, ...); one line for a file
    whose every section is so. (A folder with no such word at all stops the build: bot/build.py.)"""
    lost = [s for s in sections if not words(s.text)]
    if len(lost) == len(sections):
        return []  # the build stops on it, saying so
    why = "(matching reads words in Latin letters and digits only): no question will find"
    fix = "phrasings in Latin letters in an .alternates file"
    per_document, lost_in = Counter(s.document for s in sections), Counter(s.document for s in lost)
    warnings: list[str] = []
    for s in lost:
        if lost_in[s.document] == per_document[s.document] > 1:  # the whole file: one line
            line = f"{s.source.rsplit(':', 1)[0]}: no section has a word faqbot can match {why} them; give them {fix}"
        else:
            line = f'{s.source}: section "{s.heading}" has no word faqbot can match {why} it; give it {fix}'
        if line not in warnings:
            warnings.append(line)
    return warnings


def _no_sections(rel: str, message: str, drafts: list[Draft]) -> str:
    """What to say of a file with no sections: its question headings left without an answer, when it has some
    (the editor's slip: the format's expectations, the usual message, would send them looking elsewhere)."""
    empty = [d for d in empty_headings(drafts) if d.row or is_question_heading(d.heading)]
    if not empty:
        return message
    said = f"no sections found: {rel}:{empty[0].line} {_unanswered(empty[0])}"
    if len(empty) == 2:
        said += f", nor does 1 more (line {empty[1].line})"
    elif len(empty) > 2:
        said += f", nor do {len(empty) - 1} more (lines {', '.join(str(d.line) for d in empty[1:])})"
    return said


def _empty_headings(rel: str, doc: str, drafts: list[Draft], warnings: list[str], emptied: dict[str, str],
                    empty: dict[str, tuple[str, str]]) -> None:
    """Tell the editor of the headings of a file that are no section for want of text under them: a question
    among them is a warning (its answer was most likely left out, or deleted); every one of them is recorded in
    `emptied` by the id it would have, to say why a .moves line or an .alternates entry naming it names no section,
    and in `empty` with its heading and file:line, for the dashboard to say so of its edits for that id."""
    for d in empty_headings(drafts):
        question = d.row or is_question_heading(d.heading)
        if question:
            warnings.append(f"{rel}:{d.line}: {_unanswered(d)}; it is not a section")
        emptied.setdefault(f"{doc}/{heading_anchor(d)}", f"{rel}:{d.line} {EMPTY_ROW}"
                           if d.row else f"{rel}:{d.line} has that heading with no {'answer' if question else 'text'} "
                                         "under it")
        empty.setdefault(f"{doc}/{heading_anchor(d)}", (d.heading, f"{rel}:{d.line}"))


def _unanswered(d: Draft) -> str:
    """What is said of a question with no answer: a heading with no text under it, or a table row's empty cell."""
    if d.row:
        return f'question "{d.heading}" has an empty answer'
    return f'heading "{d.heading}" has no answer under it'


# The warning _empty_headings gives of a table row with an empty answer, read back by empty_rows.
_EMPTY_ROW = re.compile(r'(.+?:[0-9]+): question ".*" has an empty answer; it is not a section')


def empty_rows(warnings) -> set[str]:
    """The "file:line" of each FAQ-table row (.csv, .tsv, a Markdown table) that a build's warnings say has an empty
    answer: the dashboard says "a table row with no answer" of them, not "a heading with no answer under it", which
    an editor looking at a spreadsheet would not find (a manifest's `emptied` record does not tell the two apart)."""
    return {m.group(1) for w in warnings if isinstance(w, str) and (m := _EMPTY_ROW.fullmatch(w))}
