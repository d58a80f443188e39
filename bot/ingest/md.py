"""Markdown articles: '# Title', and each '##' or '###' heading starts a section."""

from __future__ import annotations

import re

from bot.ingest.formats import Format
from bot.ingest.render import Draft, render_block, render_table, title_from_path

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:\s+(.*?))?\s*$")
_CLOSING_HASHES = re.compile(r"\s+#+$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_SETEXT_1 = re.compile(r"^ {0,3}=+\s*$")
_SETEXT_2 = re.compile(r"^ {0,3}-+\s*$")
_RULE = re.compile(r"^ {0,3}([-*_])(?:\s*\1){2,}\s*$")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s+\S+")
_QUOTE = re.compile(r"^(\s*)>\s?")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)

# Inline markup, stripped in order: images and links keep their text, emphasis and code lose the marks.
_INLINE = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"<((?:https?|mailto):[^>\s]+)>"), r"\1"),
    (re.compile(r"`([^`]+)`"), r"\1"),
    (re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*"), r"\1"),
    (re.compile(r"__(?=\S)(.+?)(?<=\S)__"), r"\1"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),
    (re.compile(r"</?[A-Za-z][^>]*>"), ""),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])"), r"\1"),
]


def strip_inline(text: str) -> str:
    """Plain text of one line of Markdown: **bold**, `code`, [text](url) -> text."""
    for pattern, repl in _INLINE:
        text = pattern.sub(repl, text)
    return text


def _table_rows(lines: list[str]) -> list[str] | None:
    """A pipe table rendered like the plain-text tables, or None if the block is not one."""
    if len(lines) < 3 or not _TABLE_SEP.match(lines[1]) or "|" not in lines[0]:
        return None
    rows = [[strip_inline(c.strip()) for c in line.strip().strip("|").split("|")] for line in lines]
    return render_table([rows[0]] + rows[2:])  # row 1 is the |---| separator


def _render(lines: list[str]) -> str:
    """A Markdown paragraph (list, quote, table or prose) as body text."""
    table = _table_rows(lines)
    if table is not None:
        return "\n".join(table)
    plain = [strip_inline(_QUOTE.sub(r"\1", line)) for line in lines]
    return render_block([line for line in plain if line.strip()])


def _front_matter_end(lines: list[str]) -> int:
    """Index of the first line after YAML front matter ('---' ... '---'), or 0."""
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() in ("---", "..."):
                return i + 1
    return 0


def parse_md(rel: str, text: str) -> tuple[str, list[Draft]]:
    """Title and section drafts of a Markdown file (without a '# Title', the file name is the title)."""
    text = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    lines = text.split("\n")
    title = ""
    drafts: list[Draft] = []
    current = Draft("", 1, synthetic="introduction")
    para: list[str] = []
    fenced: list[str] | None = None

    def end_paragraph() -> None:
        if para:
            current.paragraphs.append(_render(para))
            para.clear()

    def start(heading: str, line: int) -> None:
        nonlocal current
        end_paragraph()
        if current.paragraphs:
            drafts.append(current)
        current = Draft(heading, line)

    i = _front_matter_end(lines)
    while i < len(lines):
        line, n = lines[i], i + 1
        i += 1
        if fenced is not None:
            if _FENCE.match(line):
                current.paragraphs.append("\n".join(fenced))
                fenced = None
            elif line.strip():
                fenced.append(line.rstrip())
            continue
        if _FENCE.match(line):
            end_paragraph()
            fenced = []
            continue
        level, heading = _heading(line, lines[i] if i < len(lines) else "", para)
        if level:
            i += 0 if line.lstrip().startswith("#") else 1  # a setext underline is consumed
            if not heading:
                end_paragraph()
            elif level == 1 and not title:
                title = heading
                if current.synthetic == "introduction":
                    current.line = n
            elif level <= 3:
                start(heading, n)
            else:
                # Deeper headings are sub-points, kept as a line of the section's text.
                end_paragraph()
                current.paragraphs.append(heading)
            continue
        if not line.strip() or _RULE.match(line) or _REF_DEF.match(line):
            end_paragraph()
            continue
        para.append(line.rstrip())
    if fenced:
        current.paragraphs.append("\n".join(fenced))
    start("", 0)
    title = title or title_from_path(rel)
    for d in drafts:
        if d.synthetic == "introduction":
            d.heading = title
    return title, drafts


FORMATS = (
    Format(
        (".md",),
        "no sections found (expected '# Title', then text or '##' headings with text under them)",
        parse_md,
        listed=2,
    ),
)


def _heading(line: str, following: str, para: list[str]) -> tuple[int, str]:
    """(level, text) if the line is an ATX heading or a setext heading's text, else (0, '')."""
    m = _ATX.match(line)
    if m:
        return len(m.group(1)), strip_inline(_CLOSING_HASHES.sub("", m.group(2) or "")).strip()
    # "Title\n=====" and "Section\n-------"; a '---' under an unfinished paragraph is not a heading.
    if line.strip() and not para and not _RULE.match(line):
        if _SETEXT_1.match(following):
            return 1, strip_inline(line.strip())
        if _SETEXT_2.match(following) and len(following.strip()) >= 2:
            return 2, strip_inline(line.strip())
    return 0, ""
