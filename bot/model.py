"""The data that flows through faqbot: sections in, answers out."""

from __future__ import annotations

import copy
from dataclasses import asdict, dataclass, field

from .blocks import blocks


class ContentError(Exception):
    """A content file is unusable; the message names the file (and line)."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Section:
    """One answerable unit: a heading and the text under it."""

    id: str  # "document/slug-of-heading", stable and unique
    document: str  # document slug (file stem, slugified)
    title: str  # the document's title
    heading: str  # exactly as in the content
    body: str  # the section text; paragraphs separated by "\n\n", list items as "• ..." lines
    source: str  # "path:line" where the section starts
    alternates: tuple[str, ...] = ()  # extra phrasings from the editor

    @property
    def text(self) -> str:
        """The heading, the alternates and the body, a line apart: all that a section says."""
        return "\n".join((self.heading, *self.alternates, self.body))

    @property
    def anchor(self) -> str:
        return self.id.split("/", 1)[1]

    @property
    def url(self) -> str:
        return f"/kb/{self.document}#{self.anchor}"


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything read from a content folder: sections, synonym groups and what was skipped."""

    sections: tuple[Section, ...]
    synonyms: tuple[tuple[str, ...], ...] = ()  # each group: equivalent terms, first is canonical
    files: tuple[str, ...] = ()  # content files read, sorted, relative to the content dir
    warnings: tuple[str, ...] = ()  # one line each: files skipped and why
    documents: tuple[tuple[str, str], ...] = ()  # (document slug, title), in file order
    # Former section ids and the id each has now (bot/moves.py): the whole record, and the part found in this reading.
    moved: tuple[tuple[str, str], ...] = ()
    moved_now: tuple[tuple[str, str], ...] = ()
    moved_declared: tuple[tuple[str, str], ...] = ()  # the part of `moved` that rests on a .moves line alone
    emptied: tuple[tuple[str, str, str], ...] = ()  # (id it would have, heading, "file:line") of each heading with
    # no text under it: no section, but still in the content (an answer deleted, say)


@dataclass(frozen=True)
class Suggestion:
    """A close section offered as "did you mean"."""

    heading: str
    section_id: str
    confidence: float
    url: str = ""


@dataclass(frozen=True)
class Answer:
    """The one reply type the CLI and the web layer serialize."""

    question: str
    answered: bool
    kind: str  # "answer" | "no_answer" | "smalltalk"
    answer: str
    full_answer: str | None = None
    heading: str | None = None
    section_id: str | None = None
    confidence: float = 0.0
    source: dict | None = None
    suggestions: list[Suggestion] = field(default_factory=list)
    ok: bool = True
    explain: dict | None = None  # why it scored what it did (not serialized by default)

    def to_dict(self, explain: bool = False) -> dict:
        """The Answer JSON of CONTRACT.md."""
        d = {
            "ok": self.ok,
            "question": self.question,
            "answered": self.answered,
            "kind": self.kind,
            "answer": self.answer,
            "full_answer": self.full_answer,
            "heading": self.heading,
            "section_id": self.section_id,
            "confidence": round(float(self.confidence), 4),
            "source": dict(self.source) if self.source is not None else None,  # a copy: cached answers are shared
            "suggestions": [asdict(s) for s in self.suggestions],
        }
        # The same texts as structured blocks (paragraphs, list items, table rows), so a client never
        # parses the "•" lines of a body itself.
        d["answer_blocks"] = blocks(self.answer) if self.answered else None
        d["full_answer_blocks"] = blocks(self.full_answer) if self.full_answer is not None else None
        if explain and self.explain is not None:
            d["explain"] = copy.deepcopy(self.explain)
        return d
