"""Questions a Markdown article writes less plainly than a heading, in a paragraph: a bold one ("**Do you
deliver?**" over or before its answer) and labelled pairs ("Q: Do you deliver?" over "A: Within 5 miles.")."""

from __future__ import annotations

from typing import Protocol

from markdown_it.token import Token

from bot.ingest.md_inline import plain_text, text_lines
from bot.ingest.render import is_qa_answer, qa_question, render_block
from bot.ingest.txt import is_question_heading


class Article(Protocol):
    """What a paragraph's questions start sections in (md.py's article being read)."""

    def add(self, text: str, start: int, end: int, joinable: bool = True) -> None: ...

    def ask(self, question: str, line: int) -> None: ...

    def open_to_questions(self) -> bool: ...

    def in_run(self) -> bool: ...


def paragraph_questions(art: Article, tokens: list[Token], i: int, start: int, end: int, italic: bool) -> bool:
    """Read the top-level paragraph that tokens[i] opens (on lines start..end) when it asks questions: a bold one
    (or, in a file that writes its questions so, an italic one: `italic`, from italic_questions) starts a section
    holding the text after it, each Q:/A: pair a section (their labels dropped by the build). False, with nothing
    read, for a paragraph that asks none."""
    children = tokens[i + 1].children
    loose = art.open_to_questions()
    bold = _bold_question(children, loose)
    if bold is None and italic and art.in_run():  # not under a heading that asks nothing: text of its section
        bold = _emphasised_question(children, "em")
    if bold is not None:  # "**Do you deliver?**" (or "*Do you deliver?*") over its answer: a section of its own
        art.ask(bold[0], start + 1)
        art.add(render_block(text_lines(plain_text(bold[1]))), start, end)
        return True
    said = plain_text(children).split("\n")
    pairs = _qa_pairs(said, _next_paragraph(tokens, i), loose)
    if not pairs:
        return False
    art.add(render_block(text_lines("\n".join(said[:pairs[0][0]]))), start, start + pairs[0][0])
    for at, until in pairs:
        art.ask(said[at].strip(), start + at + 1)
        art.add(render_block(text_lines("\n".join(said[at + 1:until]))), start + at + 1, start + until)
    return True


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


def _emphasised_question(children: list[Token] | None, kind: str) -> tuple[str, list[Token]] | None:
    """A paragraph whose first line is a question in italics (kind 'em') and nothing else ("*Do you deliver?*",
    "_Do you deliver?_"): the question and the inline tokens of the lines under it; else None."""
    children = [t for t in children or () if not (t.type == "text" and not t.content.strip())]
    if not children or children[0].type != f"{kind}_open":
        return None
    depth = 0
    for j, t in enumerate(children):
        depth += (t.type == f"{kind}_open") - (t.type == f"{kind}_close")
        if depth == 0:
            break
    rest = children[j + 1:]
    if depth or (rest and rest[0].type not in ("softbreak", "hardbreak")):
        return None  # italic words that open a sentence ("*Note:* bring a towel"): text
    question = plain_text(children[1:j]).strip()
    if "\n" in question or not is_question_heading(question):
        return None
    return question, rest[1:]


ITALIC_RUN = 2  # italic questions a file needs, each over its answer, to be read as its headings


def italic_questions(tokens: list[Token]) -> bool:
    """Does the file write its questions in italics, each on a line of its own over its answer ("*Do you deliver?*"
    over "Yes, within 5 miles."), at least ITALIC_RUN times? Only then is such a line a heading: one italic question
    is as likely emphasis in an article ("*Why does it sting?*" over the reason)."""
    found = 0
    for i, tok in enumerate(tokens):
        if tok.type != "paragraph_open" or tok.level != 0:
            continue
        asked = _emphasised_question(tokens[i + 1].children, "em")
        after = tokens[i + 3] if i + 3 < len(tokens) else None  # the block after paragraph_open, inline, _close
        if asked is not None and (asked[1] or (after is not None and after.type != "heading_open")):
            found += 1
    return found >= ITALIC_RUN


def list_questions(tokens: list[Token], i: int, loose: bool) -> dict[int, tuple[str, list[Token]]]:
    """The questions of a top-level list (tokens[i] opens it) whose every item opens with a question in bold over
    its answer ("- **Do you take walk-ins?** Yes, most days.", or the answer on the lines under it): by the index of
    each item's first paragraph_open, the question and the inline tokens of the answer on its lines. Empty for any
    other list, and where `loose` is false (_Article.in_run: in an answer, "- **Cards?** Yes." is a lead-in of
    that answer, as in a paragraph; under "## Features" it is the section's list of features)."""
    if not loose or tokens[i].level != 0:
        return {}
    found: dict[int, tuple[str, list[Token]]] = {}
    depth = 0
    for k in range(i, len(tokens)):
        tok = tokens[k]
        depth += tok.nesting if tok.type.endswith(("_list_open", "_list_close")) else 0
        if depth == 0:
            break
        if tok.type != "list_item_open" or tok.level != 1:
            continue
        first = tokens[k + 1]
        asked = _bold_question(tokens[k + 2].children, True) if first.type == "paragraph_open" else None
        if asked is None:
            return {}
        after = tokens[k + 4]  # past paragraph_open, inline, paragraph_close: more of the item, or its end
        if not asked[1] and after.type == "list_item_close":
            return {}  # a question with no answer: a list of questions (what the page covers), not an FAQ
        found[k + 1] = asked
    return found
