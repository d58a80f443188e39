"""Content files -> a KnowledgeBase of Sections with stable ids, their source file and line.

The formats are described for editors in knowledge/README.md. Every problem with content is a
ContentError whose message names the file (and line); nothing that looks like content is skipped
silently: files that are not content are listed in KnowledgeBase.warnings.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from bot.ingest.extras import merge_alternates, parse_alternates, parse_synonyms
from bot.ingest.files import MAX_FILE_BYTES, SECTION_SUFFIXES, ContentFile, find_content, read_text
from bot.ingest.md import parse_md
from bot.ingest.render import Draft, build_sections, humanize
from bot.ingest.table import parse_table
from bot.ingest.txt import parse_txt
from bot.model import ContentError, KnowledgeBase, Section
from bot.text import slugify

__all__ = ["load_knowledge", "document_slug", "find_content", "MAX_FILE_BYTES"]

_NO_SECTIONS = {
    ".txt": "no sections found (expected a title line, then text or headings with text under them)",
    ".md": "no sections found (expected '# Title', then text or '##' headings with text under them)",
    ".csv": "no sections found (expected a header row with question,answer and at least one row)",
    ".tsv": "no sections found (expected a header row with question and answer and at least one row)",
}


def document_slug(rel: str) -> str:
    """A content file's document slug: path without extension, slugified ('faq/billing.csv' -> 'faq-billing')."""
    return slugify(rel.rsplit(".", 1)[0])


def _stem(rel: str) -> str:
    return rel.rsplit("/", 1)[-1].rsplit(".", 1)[0]


def _parse(f: ContentFile, text: str) -> tuple[str, list[Draft]]:
    """Title and drafts of one section file, by its extension."""
    if f.suffix == ".txt":
        return parse_txt(text)
    if f.suffix == ".md":
        return parse_md(text, humanize(_stem(f.rel)))
    return humanize(_stem(f.rel)), parse_table(f.rel, text, "\t" if f.suffix == ".tsv" else ",")


def load_knowledge(content_dir: str | os.PathLike) -> KnowledgeBase:
    """Read every content file under content_dir into a KnowledgeBase; raise ContentError on bad content."""
    root = Path(content_dir)
    found = find_content(root)
    section_files = [f for f in found.files if f.suffix in SECTION_SUFFIXES]
    if not section_files:
        kinds = ", ".join(SECTION_SUFFIXES)
        raise ContentError(str(root), f"no content files ({kinds}) in the content folder")

    sections: list[Section] = []
    documents: list[tuple[str, str]] = []
    doc_files: dict[str, str] = {}
    for f in section_files:
        doc = document_slug(f.rel)
        if doc in doc_files:
            raise ContentError(f.rel, f"document name '{doc}' is already used by {doc_files[doc]}; rename one")
        doc_files[doc] = f.rel
        title, drafts = _parse(f, read_text(f))
        built = build_sections(f.rel, doc, title, drafts) if drafts else []
        if not built:  # no drafts, or only drafts with nothing in them (an empty code block, say)
            raise ContentError(f.rel, _NO_SECTIONS[f.suffix])
        sections.extend(built)
        documents.append((doc, title))

    # Extras refer to sections, so they are applied once every section file is read.
    extra: dict[int, list[str]] = {}
    synonyms: list[tuple[str, ...]] = []
    for f in found.files:
        if f.suffix == ".alternates":
            for i, phrases in parse_alternates(f.rel, read_text(f), sections).items():
                extra.setdefault(i, []).extend(phrases)
        elif f.suffix == ".synonyms":
            synonyms.extend(parse_synonyms(f.rel, read_text(f)))
    for i, phrases in extra.items():
        sections[i] = replace(sections[i], alternates=merge_alternates(sections[i].alternates, phrases))

    return KnowledgeBase(
        sections=tuple(sections),
        synonyms=tuple(synonyms),
        files=tuple(f.rel for f in found.files),
        warnings=tuple(found.warnings),
        documents=tuple(documents),
    )
