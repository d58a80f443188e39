"""Markdown articles (CommonMark with pipe tables, read by markdown-it-py): '# Title', '##'/'###' sections.

Blocks become body text as in the other formats: paragraphs apart, list items '• ...' lines, table rows
'• Column: value; ...' lines, except an FAQ table ('| Question | Answer |'): a section per row, read by
table.py's row rules as a .csv FAQ table is. Blocks on consecutive lines (a paragraph and the list right under
it) stay one paragraph, as they would in a text article. Questions a paragraph asks ("**Do you deliver?**", "Q:"
over "A:") are read by md_questions.py, HTML blocks by md_html.py, slips that lose a section by md_slips.py.
"""

from __future__ import annotations

import re

from markdown_it.token import Token

from bot.ingest.formats import Format
from bot.ingest.front_matter import front_matter
from bot.ingest.hidden_html import drop_hidden, hidden_slips
from bot.ingest.md_html import check_comment_closed, html_block, toggle
from bot.ingest.md_inline import MD, hidden_inline, plain_text, text_lines
from bot.ingest.md_questions import italic_questions, list_questions, paragraph_questions
from bot.ingest.md_slips import check_closed, check_heading_marks, check_indented_heading, check_title_mark
from bot.ingest.paste import spaced
from bot.ingest.table import faq_columns, table_drafts
from bot.ingest.render import Draft, list_item, render_block, render_table, title_from_path
from bot.ingest.txt import check_not_html, is_question_heading, name_untitled
from bot.model import ContentError
from bot.words import counted

_TEXT_HEADING = 4  # headings this deep are a line of their section's text, not a section (unless a question)
_QUOTED = 99  # the level given to a heading inside a quote or a list item: text, even a question


class _Article:
    """Drafts being collected: the title, the current section and where its last joinable block ended."""

    def __init__(self) -> None:
        self.title = ""
        self.drafts: list[Draft] = []
        self.current = Draft("", 1, synthetic="introduction")
        self.joins_at: int | None = None  # a block starting on this line continues the last paragraph
        self.asked: Draft | None = None  # the last section a paragraph's question started ("**Q?** A", "Q: ...")

    def add(self, text: str, start: int, end: int, joinable: bool = True) -> None:
        """Add a block's text: to the last paragraph when it follows it line for line, else as a new one."""
        if text and self.current.synthetic == "untitled" and not self.current.paragraphs:
            self.current.line = start + 1  # where the text after a table starts
        if text and joinable and start == self.joins_at and self.current.paragraphs:
            self.current.paragraphs[-1] += "\n" + text
        elif text:
            self.current.paragraphs.append(text)
        self.joins_at = end if text and joinable else None

    def heading(self, level: int, text: str, line: int) -> None:
        """A heading: the title, a new section (levels 1-3, or a question at any level), or a line of the
        section's text (a deeper one that is not a question)."""
        self.joins_at = None
        text, key = heading_attributes(spaced(text))
        if not text:
            return
        if level == 1 and not self.title:
            self.title = text
            if self.current.synthetic == "introduction":
                self.current.line = line
        elif level < _TEXT_HEADING or (level < _QUOTED and is_question_heading(text)):
            self.start(text, line, key)  # a question starts a section at any depth ("#### Can I cancel?")
        else:
            self.add(text, line - 1, line, joinable=False)

    def rows(self, drafts: list[Draft], end: int) -> None:
        """The sections of an FAQ table's rows, in place: the section above ends at the table (a '## FAQ' heading
        over it alone is no section). Text after the table (the table ends before line `end`), up to the next
        heading, is no row's answer ("Still have questions? Call us."): it is untitled text of the article, a
        section of its own as a text article's after a double gap (its id 'conclusion' at the end, else 'part-N')."""
        for d in drafts:
            d.heading = spaced(d.heading)
            self.start(d.heading, d.line)
            self.current = d
        self.start("", end)
        self.current = Draft("", end, synthetic="untitled")
        self.joins_at = None

    def ask(self, question: str, line: int) -> None:
        """A section that a question written in a paragraph starts ("**Do you deliver?**", "Q: Do you deliver?")."""
        self.start(question, line)
        self.asked = self.current
        self.joins_at = None

    def open_to_questions(self) -> bool:
        """May a question written less plainly than a heading ("**Do you deliver?** Yes.", "Q: Do you deliver?"
        with no "A:" line) start a section here? In the introduction or untitled text, in a run of such questions,
        and right under a heading that asks nothing ("## Delivery"); not in a section's answer, where it is a lead-in
        of it ("**In a hurry?** Express delivery...", "**Why?** Some guests are allergic")."""
        return self.in_run() or (not self.current.paragraphs and not is_question_heading(self.current.heading))

    def in_run(self) -> bool:
        """May a question written as a file's own way of asking ("*Do you deliver?*" over its answer, a list of
        "- **Do you deliver?** Yes." items) start a section here? In the introduction or untitled text, in a run of
        such questions, and right under a heading that asks nothing ("## Ordering") only once such a question has
        started a section above it in the file (the heading is then a group of the FAQ's questions). Elsewhere under
        such a heading ("## Myth 1: ...", "## Features of the Trail Runner 3") it is text of that heading's section
        (a rhetorical "*Think the sun can't hurt you?*", a feature list): read as a section, it took the heading's."""
        current = self.current
        return current.synthetic is not None or current is self.asked or \
            (self.asked is not None and not current.paragraphs and not is_question_heading(current.heading))

    def at_start(self) -> bool:
        """Nothing read yet: no title, no heading, no text (the place of the title)."""
        return not self.title and not self.drafts and not self.current.paragraphs and bool(self.current.synthetic)

    def start(self, heading: str, line: int, key: str | None = None) -> None:
        """Close the current section and open one under this heading. A heading with no text under it is kept
        as an empty draft: it is no section, but the build tells the editor of a question left without an answer."""
        if self.current.paragraphs or self.current.synthetic is None:
            self.drafts.append(self.current)
        self.current = Draft(spaced(heading), line, key=key)


# A heading's attribute list, as Hugo, Pandoc, kramdown and Python-Markdown write it after the heading text:
# "## Do you deliver? {#delivery}", "{#delivery .faq}", "{: #delivery}", "{.faq}". It was part of the heading (shown
# to visitors, "Do you deliver? {#delivery}") and of its id ('do-you-deliver-delivery'), where the editor named the
# anchor the page's links use.
_ATTRIBUTES = re.compile(r"\s*\{:?\s*((?:[#.][\w:.-]+|[\w-]+=(?:\"[^\"]*\"|'[^']*'|[^\s}]+))"
                         r"(?:\s+(?:[#.][\w:.-]+|[\w-]+=(?:\"[^\"]*\"|'[^']*'|[^\s}]+)))*)\s*\}$")


def heading_attributes(text: str) -> tuple[str, str | None]:
    """A heading without its trailing attribute list, and the id the list gives it (the section's id then), if any."""
    found = _ATTRIBUTES.search(text)
    if not found or not text[:found.start()].strip():
        return text, None
    ids = [a[1:] for a in found.group(1).split() if a.startswith("#")]
    return text[:found.start()].rstrip(), (ids[0] if ids else None)


def _text_follows(tokens: list[Token], i: int) -> bool:
    """Is tokens[i] (the token after a heading's) the start of text, not of another heading or the end?"""
    return i < len(tokens) and tokens[i].type != "heading_open"


def parse_md(rel: str, text: str) -> tuple[str, list[Draft]]:
    """Title and section drafts of a Markdown file (without a '# Title', the file name is the title)."""
    lines = text.split("\n")
    skip, front_title = front_matter(rel, lines)
    check_not_html(rel, [""] * skip + lines[skip:], "Markdown",
                   "write it in Markdown ('## ' before each question, its answer under it), or paste the text a "
                   "browser shows of it into a .txt file")
    tokens = MD.parse("\n" * skip + "\n".join(lines[skip:]))  # blank lines keep the line numbers
    art = _Article()
    dropped = hidden_inline(tokens)  # '<script>' and the like, dropped with their text: the build warns of them
    italic = italic_questions(tokens)  # "*Do you deliver?*" over its answer, as this file writes its questions
    asked: dict[int, tuple[str, list[Token]]] = {}  # list items that are questions ("- **Do you deliver?** Yes.")
    number: str | None = None  # the marker of a list item whose first paragraph is still to come
    in_item = False
    for i, tok in enumerate(tokens):
        start, end = tok.map or (0, 0)
        if tok.type == "heading_open":
            # A heading inside a quote or a list item is quoted text, not the article's structure.
            level = int(tok.tag[1:]) if tok.level == 0 else _QUOTED
            heading = plain_text(tokens[i + 1].children).replace("\n", " ").strip()
            if not heading and level < _TEXT_HEADING and _text_follows(tokens, i + 3):
                # Its text joined the section above ('Yes. We are closed on Sundays.'), without a word.
                raise ContentError(rel, f"the heading '{tok.markup}' has no text, so the text under it is read as more "
                                        f"of the section above: write the heading after the '{tok.markup}'", start + 1)
            art.heading(level, heading, start + 1)
        elif tok.type in ("bullet_list_open", "ordered_list_open"):
            asked.update(list_questions(tokens, i, art.in_run()))
        elif tok.type == "list_item_open":
            in_item, number = True, tok.info or None  # info: the number as written, '' for a bullet
        elif tok.type == "paragraph_open" and _only_images(tokens[i + 1].children):
            pass  # a picture on its own line: its alt text describes it, and an answer cannot show it
        elif tok.type == "paragraph_open":
            if tok.level == 0:
                if art.at_start():
                    check_title_mark(rel, lines, start)
                check_heading_marks(rel, lines, start, end)
                check_indented_heading(rel, lines, start + 1, end, "more of the text above it")
                _check_tab_table(rel, lines, start, end)
                _check_table_without_rule(rel, lines, start, end)
                if art.current.synthetic == "untitled" and not art.current.paragraphs:  # right after an FAQ table
                    _check_row_after_gap(rel, lines, start)
            body = plain_text(tokens[i + 1].children)
            if in_item and i in asked:  # "- **Do you deliver?** Yes.": the question a section, the rest its text
                art.ask(asked[i][0], start + 1)
                art.add(render_block(text_lines(plain_text(asked[i][1]))), start, end)
            elif in_item:  # an item's first paragraph is the item; later ones are paragraphs of their own
                art.add(list_item(" ".join(body.split("\n")), number), start, end)
            elif tok.level != 0 or not paragraph_questions(art, tokens, i, start, end, italic):  # ("**Q?** A")
                art.add(render_block(text_lines(body)), start, end)
            in_item = False
        elif tok.type in ("fence", "code_block"):
            if tok.type == "fence":
                check_closed(rel, lines, tok.markup, start, end)
            elif tok.level == 0:
                check_indented_heading(rel, lines, start, start + 1, "code")
            code = [line.rstrip() for line in tok.content.split("\n") if line.strip()]
            art.add("\n".join(code), start, end, joinable=False)
        elif tok.type == "html_block":
            check_comment_closed(rel, tok.content, start)
            html, hidden = drop_hidden(tok.content)
            dropped.extend((start + 1 + n, name) for n, name in hidden)
            # a toggle ('<details><summary>...'), or its text, paragraph by paragraph (a <pre> licence), and headings
            if not (tok.level == 0 and toggle(art, html, start)):
                html_block(art, html, start, tok.level == 0)
        elif tok.type == "table_open":
            rows = _table_rows(tokens, i)
            col = faq_columns(rel, rows[0][1], rows[0][0]) if tok.level == 0 else None
            if col is None:  # a price list, a timetable: text of its section
                flat = [[" ".join(c.split()) for c in cells] for _, cells in rows]  # a row is one line
                art.add("\n".join(render_table(flat)), start, end)
            else:  # '| Question | Answer |': a section per row, as a .csv FAQ table is read
                _check_cells(rel, lines, rows, col)
                filled = (row for row in rows[1:] if any(row[1]))  # a blank row is none, as in a .csv
                art.rows(table_drafts(rel, rows[0][1], col, filled, "|", cell=str), end + 1)
        if tok.type in ("list_item_close", "fence", "code_block", "table_open", "html_block", "heading_open"):
            in_item = False  # an item that opens with something else has no item line of its own
    art.start("", 0)
    # A site generator's page puts its title in the front matter and has no '# Title' line.
    title = art.title or front_title or title_from_path(rel)
    for d in art.drafts:
        if d.synthetic in ("introduction", "untitled"):
            d.heading = title
    name_untitled([d for d in art.drafts if d.paragraphs])
    if art.drafts:
        art.drafts[0].slips.extend(hidden_slips(dropped))
    return title, art.drafts


def _only_images(children: list[Token] | None) -> bool:
    """Is a paragraph nothing but images (maybe linked: '[![alt](a.png)](page)')?"""
    kinds = {t.type for t in children or () if not (t.type == "text" and not t.content.strip())}
    return "image" in kinds and kinds <= {"image", "link_open", "link_close", "softbreak", "hardbreak"}


def _check_tab_table(rel: str, lines: list[str], start: int, end: int) -> None:
    """A paragraph that is an FAQ table pasted from a sheet, tabs between its cells, its first line naming a question
    and an answer column: Markdown read it as one paragraph of text, the whole FAQ one section. An error saying so."""
    if end - start < 2 or "\t" not in lines[start]:
        return
    names = [n.strip() for n in lines[start].split("\t") if n.strip()]
    if faq_columns(rel, names, start + 1) is not None:
        header, rule = f"| {' | '.join(names)} |", "|" + "---|" * len(names)
        raise ContentError(rel, f"a table pasted with tabs between its cells (columns {', '.join(names)}), which "
                                f"Markdown reads as one paragraph: write it as a Markdown table ('{header}', then "
                                f"'{rule}'), or save the table alone as a .tsv file", start + 1)


_CELL_BAR = re.compile(r"(?<!\\)\|")  # a '|' between cells, not an escaped one ('\|')
_QUESTION_THEN_TEXT = re.compile(r"\?\s+\S")  # 'Do you open on Sundays? No.'


def _cells(line: str) -> list[str]:
    """The cells a table row line is written with, as Markdown splits them (an escaped '\\|' is no bar)."""
    return [c.strip() for c in _CELL_BAR.split(line.strip().strip("|"))]


def _check_table_without_rule(rel: str, lines: list[str], start: int, end: int) -> None:
    """A paragraph that is an FAQ table with no '|---|---|' line under its header row (left out, or with another
    number of cells than the header): Markdown reads it as text, the whole FAQ one section with its bars shown to
    visitors. An error naming the line and the line to write."""
    if end - start < 2 or "|" not in lines[start] or not lines[start + 1].lstrip().startswith("|"):
        return
    names = _cells(lines[start])
    if len(names) < 2 or faq_columns(rel, names, start + 1) is None:
        return
    rule = "|" + "---|" * len(names)
    raise ContentError(rel, f"a table whose header row ('{lines[start].strip()}') has no line '{rule}' under it "
                            f"(one '---' for each of its {len(names)} cells), so Markdown reads the table as text: "
                            f"write '{rule}' on the line under the header row", start + 2)


def _check_row_after_gap(rel: str, lines: list[str], start: int) -> None:
    """Rows of an FAQ table after a blank line in it: Markdown ends the table at the blank line and reads the rows
    after it as text, shown with their bars under the article, not as sections. An error naming the line."""
    line = lines[start].strip()
    if line.startswith("|") and len(_cells(line)) >= 2:
        raise ContentError(rel, f"a table row after a blank line ('{line[:60]}'): Markdown ends a table at a blank "
                                "line, so the rows after it are read as text: delete the blank line above it",
                           start + 1)


def _check_cells(rel: str, lines: list[str], rows: list[tuple[int, list[str]]], col: dict[str, int]) -> None:
    """A row of an FAQ table with fewer cells than its header, its answer cell missing and its one question cell
    holding a question and more text ('| Do you open on Sundays? No. |'): a '|' left out between them. Markdown
    fills the missing cell in empty, and the row was warned of as a question with an empty answer, which it has not:
    an error naming the line and the fix."""
    header = len(rows[0][1])
    for line, cells in rows[1:]:
        written = len(_CELL_BAR.split(lines[line - 1].strip().strip("|")))
        dropped = [c for c in _cells(lines[line - 1])[header:] if c]
        if dropped:  # Markdown drops the cells past the header's: "| Do you cater? | Yes | up to 50 |" lost "up to 50"
            raise ContentError(rel, f"this row has {written} cells and the header {header}, so Markdown drops "
                                    f"'{dropped[0][:40]}': write a '|' inside a cell as '\\|'", line)
        question, answer = cells[col["question"]], cells[col["answer"]]
        if written < header and not answer and col["answer"] > col["question"] \
                and (found := _QUESTION_THEN_TEXT.search(question)):
            ask, rest = question[:found.start() + 1], question[found.start() + 1:].strip()
            raise ContentError(rel, f"this row has {counted(written, 'cell')} and the header {header}: "
                                    f"put a '|' between the question and its answer ('| {ask} | {rest} |')", line)


def _table_rows(tokens: list[Token], i: int) -> list[tuple[int, list[str]]]:
    """(line, cells as plain text) of each row of the table whose table_open is tokens[i], header row first."""
    rows: list[tuple[int, list[str]]] = []
    for tok in tokens[i:]:
        if tok.type == "table_close":
            break
        if tok.type == "tr_open":
            rows.append(((tok.map or (0, 0))[0] + 1, []))
        elif tok.type == "inline":
            rows[-1][1].append(plain_text(tok.children).strip())
    return rows


FORMATS = (
    Format(
        (".md",),
        "no sections found (expected '# Title', then text or '##' headings with text under them)",
        parse_md,
        listed=2,
    ),
)
