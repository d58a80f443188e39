"""Rendering shared by every format: paragraphs (blocks), prose repair, list items, tables, drafts -> Sections."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Collection

from bot.model import ContentError, Section
from bot.text import fold, slugify

# "acid.Keep": a list flattened by copy-paste loses the space after the period.
_MISSING_SPACE = re.compile(r"(?<=[a-z])\.(?=[A-Z][a-z])")
# "post-procedure.." at the end of a sentence (but never an ellipsis "...").
_DOUBLE_STOP = re.compile(r"(?<=\w)\.\.(?=$|[\s\"'”’)\]])")
# Tokens that are addresses keep their dots as they are ("www.Example.com", "a.B@c.org").
_URLISH = re.compile(r"://|^\(?www\.|@|\.[a-z]{2,6}/", re.IGNORECASE)

_BULLET = re.compile(r"^\s*[•·▪◦●○‣∙*+\-–]\s+(\S.*)$")
_ORDERED = re.compile(r"^\s*(\d{1,3})[.)]\s+(\S.*)$")
_SENTENCE_END = ".!?:;…"
_CLOSERS = "\"'”’)]"
# A run-together table cell boundary: "Before TreatmentAfter Treatment".
_JUNCTION = re.compile(r"[a-z][A-Z]")
_MAX_TABLE_LINE = 80
# Lines this short are a list or an address even without punctuation, not wrapped prose.
_SHORT_LINE = 40


def fix_spacing(text: str) -> str:
    """Repair copy-paste damage: a missing space after a period, a doubled final period."""

    def fix(match: re.Match) -> str:
        token = match.group(0)
        if _URLISH.search(token):
            return token
        return _DOUBLE_STOP.sub(".", _MISSING_SPACE.sub(". ", token))

    # Most text needs no repair: one search each instead of a callback per word.
    if not (_MISSING_SPACE.search(text) or _DOUBLE_STOP.search(text)):
        return text
    return re.sub(r"\S+", fix, text)


def ends_sentence(line: str) -> bool:
    """True when the line ends with sentence punctuation (ignoring closing quotes and brackets)."""
    core = line.rstrip().rstrip(_CLOSERS)
    return bool(core) and core[-1] in _SENTENCE_END


def table_cells(line: str) -> tuple[str, str] | None:
    """Split a run-together two-cell table row ("No RednessMild Redness"), or None if it isn't one."""
    s = line.strip()
    if not s or len(s) > _MAX_TABLE_LINE or s[-1] in ".!?;:,":
        return None
    hits = _JUNCTION.findall(s)
    if len(hits) != 1:
        return None
    cut = s.index(hits[0]) + 1
    left, right = s[:cut].strip(), s[cut:].strip()
    # "iPhone" has a junction too; a real cell ends in a word of two letters or more.
    if len(left.rsplit(" ", 1)[-1]) < 2 or len(right) < 2:
        return None
    return left, right


def render_table(rows: list[list[str]]) -> list[str]:
    """Header row as column names, every other row one '• name: value; ...' line."""
    header, body = rows[0], rows[1:]
    out = []
    for row in body:
        pairs = [f"{h}: {c}" if h else c for h, c in zip(header, row) if c]
        out.append("• " + "; ".join(pairs))
    return out


def _join_prose(lines: list[str]) -> list[str]:
    """Hard-wrapped prose becomes one line; lines that are each complete stay separate."""
    if len(lines) <= 1:
        return lines
    complete = all(ends_sentence(line) for line in lines[:-1])
    # Short lines are an address or a timetable, unless one visibly continues the previous line.
    short = all(len(line) <= _SHORT_LINE for line in lines) and not any(
        line[:1].islower() for line in lines[1:]) and not any(line[-1] in ",-" for line in lines[:-1])
    if complete or short:
        return lines
    joined = lines[0]
    for line in lines[1:]:
        # "micro-\nneedling" was one word split at the hyphen: keep the hyphen, drop the break.
        joined += line if joined.endswith("-") and line[:1].islower() else " " + line
    return [joined]


def render_block(lines: list[str]) -> str:
    """One paragraph's lines -> body text: list items and table rows one per line, prose joined."""
    kinds = []
    for line in lines:
        if _BULLET.match(line):
            kinds.append("bullet")
        elif _ORDERED.match(line):
            kinds.append("ordered")
        elif table_cells(line):
            kinds.append("table")
        else:
            kinds.append("text")
    # A single junction line is more likely a name ("McDonald") than a table: tables need 2+ rows.
    for i, kind in enumerate(kinds):
        if kind == "table" and not (
            (i > 0 and kinds[i - 1] == "table") or (i + 1 < len(kinds) and kinds[i + 1] == "table")
        ):
            kinds[i] = "text"

    out: list[str] = []
    prose: list[str] = []
    table: list[list[str]] = []

    def flush() -> None:
        out.extend(fix_spacing(p) for p in _join_prose(prose))
        prose.clear()
        if table:
            out.extend(render_table(table))
            table.clear()

    for line, kind in zip(lines, kinds):
        if kind == "table":
            if prose:
                flush()
            table.append(list(table_cells(line)))
            continue
        if table:
            flush()
        if kind == "text" and not prose and out and _continues_item(line, out[-1]):
            out[-1] += " " + fix_spacing(line.strip())
        elif kind == "bullet":
            flush()
            out.append(list_item(_BULLET.match(line).group(1)))
        elif kind == "ordered":
            flush()
            m = _ORDERED.match(line)
            out.append(list_item(m.group(2), m.group(1)))
        else:
            prose.append(line.strip())
    flush()
    return "\n".join(out)


def is_list_item(line: str) -> bool:
    """A bulleted ('• ', '- ', ...) or numbered ('1. ', '1) ') line."""
    return bool(_BULLET.match(line) or _ORDERED.match(line))


def list_item(text: str, number: str | None = None) -> str:
    """A list item as a body line: '• text', or 'N. text' for a numbered one."""
    marker = "• " if number is None else f"{number}. "
    return marker + fix_spacing(text.strip())


def _continues_item(line: str, last: str) -> bool:
    """An indented or lower-case line right after a list item is that item wrapped onto a new line."""
    if not (last.startswith("• ") or _ORDERED.match(last)):
        return False
    return line[:1].isspace() or line.strip()[:1].islower()


@dataclass
class Block:
    """A paragraph: consecutive non-blank lines, where it starts, and how many blank lines preceded it."""

    line: int
    lines: list[str]
    gap_before: int
    numbers: list[int] = field(default_factory=list)  # each line's number (lines skipped between count)


def split_blocks(lines: list[str], first_line: int, skip: Collection[int] = ()) -> list[Block]:
    """Group lines into paragraphs separated by blank lines, remembering each gap's size (its longest run of
    blank lines). The lines numbered in skip are not there: neither text nor a gap."""
    blocks: list[Block] = []
    current: list[str] = []
    numbers: list[int] = []
    start = gap = run = 0
    for n, line in enumerate(lines, first_line):
        if n in skip:
            run = 0  # "text, blank, Back to top, blank, text" is one blank line between the texts, not two
            continue
        if line.strip():
            if not current:
                start = n
            current.append(line.rstrip())
            numbers.append(n)
            continue
        if current:
            blocks.append(Block(start, current, gap, numbers))
            current, numbers, gap, run = [], [], 0, 0
        run += 1
        gap = max(gap, run)
    if current:
        blocks.append(Block(start, current, gap, numbers))
    return blocks


@dataclass
class Draft:
    """A section before it has an id: heading, where it starts, its rendered paragraphs."""

    heading: str
    line: int
    paragraphs: list[str] = field(default_factory=list)
    # None for a real heading; otherwise the slug to use ("introduction", "conclusion", ...).
    synthetic: str | None = None
    alternates: tuple[str, ...] = ()
    key: str | None = None  # slug source when it is not the heading (a CSV `id` column)
    row: bool = False  # an FAQ table's row: no text is an empty answer cell, whatever its question looks like
    # (line, what) of a slip read into this draft that the build warns of, naming the line (a question too long
    # to be a heading, read as text of this section)
    slips: list[tuple[int, str]] = field(default_factory=list)


# "Q: Do you deliver?" over "A: Within 5 miles.": the labels are not part of the question or the answer,
# nor is the number an FAQ copied from a document gives them ("Q1." over "A1.", "Question 2:").
_Q_LABEL = re.compile(r"^(?:Q|Question)\s*(?:\d{1,3}\s*[:.)]|[:.])\s+(?=\S)")
_A_LABEL = re.compile(r"^(?:A|Answer)\s*(?:\d{1,3}\s*[:.)]|[:.])\s+(?=\S)")


def qa_question(line: str) -> str | None:
    """The question of a line labelled as one ("Q: Do you deliver?", "Q1. ...", "Question 2: ..."), else None."""
    found = _Q_LABEL.match(line.strip())
    return line.strip()[found.end():] if found else None


def is_qa_answer(line: str) -> bool:
    """Does the line open with an answer's label ("A: Within 5 miles.", "A1. ...", "Answer: ...")?"""
    return _A_LABEL.match(line.strip()) is not None


def _drop_qa_labels(d: Draft) -> None:
    """Strip a 'Q:' label from a heading, and then an 'A:' label from the start of its text."""
    heading = _Q_LABEL.sub("", d.heading, count=1)
    if heading != d.heading:
        d.heading = heading
        if d.paragraphs:
            d.paragraphs[0] = _A_LABEL.sub("", d.paragraphs[0], count=1)


SLUG_MAX = 80
_ASCII_WORD = re.compile(r"[a-z0-9]")  # what slugify keeps: without it, it says 'section'


def _shown(heading: str, width: int = 70) -> str:
    """A heading as an error line quotes it: a long one cut, so that the line stays readable."""
    return heading if len(heading) <= width else heading[:width - 3].rstrip() + "..."


def slug(text: str) -> str:
    """A heading's (or a file name's) id slug: bot.text.slugify's ASCII slug when it has one ("Café hours" ->
    'cafe-hours'), else the text's own letters ("Πότε είστε ανοιχτά;" -> 'πότε-είστε-ανοιχτά'), else the names of
    its symbols ("☕" -> 'hot-beverage'). Every Greek, Russian or Chinese heading used to be 'section', so a
    second one stopped the build as a duplicate; headings that had an ASCII slug keep it."""
    if _ASCII_WORD.search(fold(text)):
        return slugify(text, SLUG_MAX)
    own = _letters_slug(unicodedata.normalize("NFC", text).lower())
    if own:
        return own
    named = " ".join(unicodedata.name(c, "") for c in text if unicodedata.category(c) == "So")
    return slugify(named, SLUG_MAX)


def _letters_slug(text: str) -> str:
    """Letters and digits of any script (with the marks on them), runs of anything else as one '-'."""
    out: list[str] = []
    for c in text:
        kind = unicodedata.category(c)[0]
        # A mark counts only on a letter: an emoji's variation selector (U+FE0F) is a mark too.
        if kind in "LN" or (kind == "M" and out and out[-1] != "-"):
            out.append(c)
        elif out and out[-1] != "-":
            out.append("-")
    cut = "".join(out).strip("-")
    if len(cut) > SLUG_MAX:
        cut = cut[:SLUG_MAX].rsplit("-", 1)[0]
    return cut


def _has_text(d: Draft) -> bool:
    return any(p.strip() for p in d.paragraphs)


def empty_headings(drafts: list[Draft]) -> list[Draft]:
    """The drafts of headings with no text under them: no sections (a group heading, "Recent Posts", or a
    question whose answer is still to be written)."""
    return [d for d in drafts if d.synthetic is None and not _has_text(d)]


def heading_anchor(d: Draft) -> str:
    """The slug the section under this draft's heading has, or would have if it had text."""
    return slug(d.key or _Q_LABEL.sub("", d.heading, count=1))


def build_sections(rel: str, doc: str, title: str, drafts: list[Draft]) -> list[Section]:
    """Give drafts ids (document/slug), rejecting duplicate headings; synthetic names yield to real ones.
    Drafts with no text are no sections."""
    drafts = [d for d in drafts if _has_text(d)]
    for d in drafts:
        if d.synthetic is None:
            _drop_qa_labels(d)
    taken: dict[str, Draft] = {}
    for d in drafts:
        if d.synthetic is not None:
            continue
        key = slug(d.key or d.heading)
        first = taken.get(key)
        if first is not None:
            if fold(first.heading).strip() == fold(d.heading).strip():
                msg = f"duplicate heading '{_shown(d.heading)}' (first at line {first.line})"
            elif len(key) > SLUG_MAX - 20 and not (d.key or first.key) \
                    and slugify(d.heading, 10**6) != slugify(first.heading, 10**6):
                # Two long questions that differ only past the id's length: "gets the same id", of two headings
                # quoted whole (a line of 600 characters), did not say why nor what to do.
                msg = (f"heading '{_shown(d.heading, 50)}' gets the same id '{doc}/{key}' as the heading at line "
                       f"{first.line}: an id keeps about the first {SLUG_MAX} characters of a heading, and these two "
                       "differ only after them: make them differ sooner")
            else:
                msg = (f"heading '{_shown(d.heading)}' gets the same id '{doc}/{key}' as '{_shown(first.heading)}' "
                       f"(line {first.line})")
            raise ContentError(rel, msg, d.line)
        taken[key] = d
    sections = []
    for d in drafts:
        if d.synthetic is None:
            key = slug(d.key or d.heading)
        else:
            key, n = d.synthetic, 1
            while key in taken:
                n += 1
                key = f"{d.synthetic}-{n}"
            taken[key] = d
        sections.append(
            Section(
                id=f"{doc}/{key}",
                document=doc,
                title=title,
                heading=d.heading,
                body="\n\n".join(p for p in d.paragraphs if p),
                source=f"{rel}:{d.line}",
                alternates=d.alternates,
            )
        )
    return sections


def title_from_path(rel: str) -> str:
    """A file's name as a title, for formats that have none: 'faq/billing_faq.csv' -> 'Billing faq'."""
    stem = rel.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    words = " ".join(re.split(r"[-_\s]+", stem)).strip()
    return words[:1].upper() + words[1:] if words else stem
