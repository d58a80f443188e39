"""Markdown articles (CommonMark with pipe tables, read by markdown-it-py): '# Title', '##'/'###' sections.

Blocks become body text as in the other formats: paragraphs apart, list items '• ...' lines, table rows
'• Column: value; ...' lines, except an FAQ table ('| Question | Answer |'): a section per row, read by
table.py's row rules as a .csv FAQ table is. Blocks on consecutive lines (a paragraph and the list right under
it) stay one paragraph, as they would in a text article.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from bot.ingest.formats import Format
from bot.ingest.front_matter import front_matter
from bot.ingest.md_slips import check_closed, check_heading_marks, check_indented_heading, check_title_mark
from bot.ingest.table import faq_columns, table_drafts
from bot.ingest.render import Draft, is_qa_answer, list_item, qa_question, render_block, render_table, split_blocks, \
    title_from_path
from bot.ingest.paste import decode_entities, is_page_link
from bot.ingest.txt import check_not_html, is_question_heading, looks_like_heading, name_untitled
from bot.model import ContentError
from bot.words import counted

_MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
# Links are reduced to their text and no URL is ever shown, so none needs refusing; markdown-it would
# otherwise leave '[x](javascript:...)' as literal text.
_MD.validateLink = lambda url: True

_TAG_OR_COMMENT = re.compile(r"<!--.*?-->|</?[A-Za-z][^>]*>", re.DOTALL)
_BR = re.compile(r"<br\s*/?>$", re.IGNORECASE)
_TEXT_HEADING = 4  # headings this deep are a line of their section's text, not a section (unless a question)
_QUOTED = 99  # the level given to a heading inside a quote or a list item: text, even a question


def plain_text(tokens: list[Token] | None) -> str:
    """The text of inline tokens without markup: link and image text kept, code kept as written, tags dropped."""
    out = []
    for t in tokens or ():
        if t.type in ("softbreak", "hardbreak") or (t.type == "html_inline" and _BR.match(t.content)):
            out.append("\n")  # '<br>' too: the only line break a table cell can hold ("Mon-Fri 9-5<br>Sat 10-2")
        elif t.type == "image":
            out.append(plain_text(t.children))
        elif t.type != "html_inline":  # raw tags are dropped; *_open/*_close tokens have no content
            out.append(t.content)
    return "".join(out)


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
        text, key = heading_attributes(text)
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
        current = self.current
        return current.synthetic is not None or current is self.asked or \
            (not current.paragraphs and not is_question_heading(current.heading))

    def at_start(self) -> bool:
        """Nothing read yet: no title, no heading, no text (the place of the title)."""
        return not self.title and not self.drafts and not self.current.paragraphs and bool(self.current.synthetic)

    def start(self, heading: str, line: int, key: str | None = None) -> None:
        """Close the current section and open one under this heading. A heading with no text under it is kept
        as an empty draft: it is no section, but the build tells the editor of a question left without an answer."""
        if self.current.paragraphs or self.current.synthetic is None:
            self.drafts.append(self.current)
        self.current = Draft(heading, line, key=key)


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
    tokens = _MD.parse("\n" * skip + "\n".join(lines[skip:]))  # blank lines keep the line numbers
    art = _Article()
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
            bold = None if in_item or tok.level != 0 else \
                _bold_question(tokens[i + 1].children, art.open_to_questions())
            pairs = None if bold is not None or in_item or tok.level != 0 else \
                _qa_pairs(body.split("\n"), _next_paragraph(tokens, i), art.open_to_questions())
            if bold is not None:  # "**Do you deliver?**" over its answer: a section of its own
                art.ask(bold[0], start + 1)
                art.add(render_block(_text_lines(plain_text(bold[1]))), start, end)
            elif pairs:  # "Q: Do you deliver?" over "A: Yes.": a section each (their labels dropped by the build)
                said = body.split("\n")
                art.add(render_block(_text_lines("\n".join(said[:pairs[0][0]]))), start, start + pairs[0][0])
                for at, until in pairs:
                    art.ask(said[at].strip(), start + at + 1)
                    art.add(render_block(_text_lines("\n".join(said[at + 1:until]))), start + at + 1, start + until)
            elif in_item:  # an item's first paragraph is the item; later ones are paragraphs of their own
                art.add(list_item(" ".join(body.split("\n")), number), start, end)
            else:
                art.add(render_block(_text_lines(body)), start, end)
            in_item = False
        elif tok.type in ("fence", "code_block"):
            if tok.type == "fence":
                check_closed(rel, lines, tok.markup, start, end)
            elif tok.level == 0:
                check_indented_heading(rel, lines, start, start + 1, "code")
            code = [line.rstrip() for line in tok.content.split("\n") if line.strip()]
            art.add("\n".join(code), start, end, joinable=False)
        elif tok.type == "html_block" and tok.content.lstrip().startswith("<!--") and "-->" not in tok.content:
            # CommonMark runs such a comment to the end of the file (or of its list item or quote): every heading
            # after it was lost, and its text, the editor's note included, shown to visitors as an introduction.
            raise ContentError(rel, "an HTML comment ('<!--') starts here and is never closed with '-->', so the "
                                    "rest of the file is part of it: add '-->' where the comment ends", start + 1)
        elif tok.type == "html_block" and tok.level == 0 and _toggle(art, tok.content, start):
            pass
        elif tok.type == "html_block":  # its text, paragraph by paragraph (a <pre> licence, say), and headings
            _html_block(art, tok.content, start, tok.level == 0)
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
    return title, art.drafts


def _text_lines(text: str) -> list[str]:
    """A paragraph's lines that are text: not blank, not a 'Back to top' or 'Read more' link."""
    return [line for line in text.split("\n") if line.strip() and not is_page_link(line)]


def _next_paragraph(tokens: list[Token], i: int) -> str:
    """The text of the paragraph right after the one tokens[i] opens, if the next block is one ('' otherwise)."""
    after = i + 3  # paragraph_open, inline, paragraph_close
    if after + 1 < len(tokens) and tokens[after].type == "paragraph_open" and tokens[after].level == 0:
        return plain_text(tokens[after + 1].children)
    return ""


def _qa_pairs(lines: list[str], next_text: str, loose: bool) -> list[tuple[int, int]] | None:
    """(question line, end of its answer) of each question labelled "Q:" in a paragraph, as FAQ pages pasted into
    Markdown write them ("Q: Do you deliver?" over "A: Within 5 miles.", also "**Q:** ..." and "Q1."): a labelled line
    that an "A:" line answers (the next line, or the next paragraph's first for the paragraph's last line), or, where
    `loose` (the introduction, a run of such questions: _Article.open_to_questions) or after such a pair, whose
    question is a question heading. Under a question's heading, "Question 1: Which planet...?" with no "A:" is a
    line of its answer. None for a paragraph without one: its text is text of its section."""
    starts: list[int] = []
    for k, line in enumerate(lines):
        question = qa_question(line)
        answer = lines[k + 1] if k + 1 < len(lines) else next_text.split("\n", 1)[0]
        if question and (is_qa_answer(answer) or ((loose or starts) and is_question_heading(question))):
            starts.append(k)
    if not starts:
        return None
    return list(zip(starts, starts[1:] + [len(lines)]))


def _only_images(children: list[Token] | None) -> bool:
    """Is a paragraph nothing but images (maybe linked: '[![alt](a.png)](page)')?"""
    kinds = {t.type for t in children or () if not (t.type == "text" and not t.content.strip())}
    return "image" in kinds and kinds <= {"image", "link_open", "link_close", "softbreak", "hardbreak"}


# A toggle, as Notion, GitHub and many help pages write one: '<details><summary>Question?</summary>answer'.
_SUMMARY = re.compile(r"<summary\b[^>]*>(.*?)</summary\s*>", re.DOTALL | re.IGNORECASE)


def _toggle(art: _Article, html: str, start: int) -> bool:
    """An HTML block that opens a toggle whose summary is a heading by the text articles' rules ("What should
    I wear?", "Pricing"): a section under the summary, holding the text after it (and the blocks that follow
    it, up to the next heading). False for any other HTML block."""
    found = _SUMMARY.search(html)
    if found is None:
        return False
    heading = _inline_text(_TAG_OR_COMMENT.sub("", found.group(1))).replace("\n", " ").strip()
    if not looks_like_heading(heading):
        return False
    _html_text(art, html[:found.start()], start)  # text before the toggle (rarely any) stays where it was
    line = start + html.count("\n", 0, found.start())
    art.start(heading, line + 1)
    _html_text(art, html[found.end():], line)
    return True


# A heading written in HTML, as a WordPress page's source (or a site builder's export) pasted into Markdown has them.
_HTML_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", re.DOTALL | re.IGNORECASE)


def _html_block(art: _Article, html: str, start: int, top: bool) -> None:
    """An HTML block's text, tags dropped and entities read ('5&nbsp;miles' was shown as written), paragraph by
    paragraph; at the top level its '<h2>Do you deliver?</h2>' is a heading as '## Do you deliver?' is (it was a
    line of text, the sections under it all one)."""
    # A comment is no part of the page ('<!-- <h2>Do you sell gift cards?</h2> -->', a question hidden until it
    # applies): its lines stay, blank, so that line numbers stay right.
    html = _COMMENT.sub(lambda c: "\n" * c.group().count("\n"), html)
    at = 0
    for found in _HTML_HEADING.finditer(html) if top else ():
        if _open_containers(html[at:found.start()]):
            continue  # inside a '<details>' or a '<div>': text of it, as a heading inside a list item is
        _text_of_html(art, html[at:found.start()], start + html.count("\n", 0, at))
        text = decode_entities(_TAG_OR_COMMENT.sub("", found.group(2)))
        art.heading(int(found.group(1)), " ".join(text.split()), start + html.count("\n", 0, found.start()) + 1)
        at = found.end()
    _text_of_html(art, html[at:], start + html.count("\n", 0, at))


_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)\b[^>]*?(/?)>")
# Elements that hold no text (void) or whose end tag HTML lets an author leave out ('<p>' runs to the next block):
# neither makes what follows them part of a container.
_NO_CONTAINER = frozenset("area base br col embed hr img input link meta source track wbr "
                          "p li dt dd tr td th thead tbody tfoot option optgroup rt rp colgroup".split())


def _open_containers(html: str) -> bool:
    """Does this piece of an HTML block (from its start, or from the end of a heading read as one) leave an
    element open ('<details>', '<div>'), so that what follows it is inside that element?"""
    depth = 0
    for tag in _TAG.finditer(html):
        name = tag.group(2).lower()
        if name in _NO_CONTAINER or tag.group(3):
            continue
        depth = max(0, depth - 1) if tag.group(1) else depth + 1
    return depth > 0


def _text_of_html(art: _Article, html: str, start: int) -> None:
    """The text of a piece of an HTML block, tags dropped, entities read, paragraph by paragraph."""
    for block in split_blocks(decode_entities(_TAG_OR_COMMENT.sub("", html)).split("\n"), start):
        art.add(render_block(block.lines), block.line, block.line + len(block.lines))


def _html_text(art: _Article, html: str, start: int) -> None:
    """The text of a piece of an HTML block, tags dropped, paragraph by paragraph, Markdown inside it read."""
    for block in split_blocks(_TAG_OR_COMMENT.sub("", html).split("\n"), start):
        lines = [line for line in (_inline_text(line) for line in block.lines) if line.strip()]
        art.add(render_block(lines), block.line, block.line + len(block.lines))


def _inline_text(text: str) -> str:
    """A line of Markdown inline text without its markup ('[the guide](url)' -> 'the guide')."""
    tokens = _MD.parseInline(text)
    return plain_text(tokens[0].children) if tokens else text


def _bold_question(children: list[Token] | None, inline: bool) -> tuple[str, list[Token]] | None:
    """A paragraph that opens with a question in bold, a question by the text articles' heading rule, on a line of
    its own ("**Do you deliver?**") or, where `inline` (_Article.open_to_questions), before its answer ("**Do you
    deliver?** Yes."): the question and the inline tokens of its answer; else None. Elsewhere a bold question that
    opens a line is a lead-in of the answer it is in ("**In a hurry?** Choose express delivery.")."""
    # markdown-it puts empty text tokens around the markup: they are not text
    children = [t for t in children or () if not (t.type == "text" and not t.content.strip())]
    if not children or children[0].type != "strong_open":
        return None
    depth = 0
    for j, t in enumerate(children):
        depth += (t.type == "strong_open") - (t.type == "strong_close")
        if depth == 0:
            break
    rest = children[j + 1:]
    if depth or (not inline and rest and rest[0].type not in ("softbreak", "hardbreak")):
        return None
    question = plain_text(children[1:j]).strip()
    if "\n" in question or not is_question_heading(question):
        return None  # bold words that open a sentence ("**Note:** ..."), or a bold line that asks nothing
    # Its answer under it, or after it on its line, as many FAQ pages write it ("**Do you deliver?** Yes, ...").
    return question, rest[1:] if rest and rest[0].type in ("softbreak", "hardbreak") else rest


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
