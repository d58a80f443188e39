"""Markdown slips that lose sections (or the title) without a word, as errors naming the line: a heading without the
space Markdown needs after its '#'s ('##Parking?', a title '#Clinic'), a heading indented four spaces, and a code
block never closed before a heading. (CommonMark reads them as text or code, so the file built, the sections after
the slip gone into the one above, the title replaced by the file name.)"""

from __future__ import annotations

import re

from bot.model import ContentError

# '##Parking?' or '##\u00a0Parking?' (a no-break space, copied from a web page): a heading to the editor, a line of
# text to CommonMark. A single '#' before a word is left alone: '#1 in town', a hashtag.
_NOT_A_HEADING = re.compile(r" {0,3}(?:#{2,6}|#(?=\u00a0))(?=[^ \t#])")


def check_heading_marks(rel: str, lines: list[str], start: int, end: int) -> None:
    """A line of a paragraph written as a heading without the space Markdown needs after the '#'s: its section was
    lost without a word (the line and its text joined the section above). Now an error naming the line."""
    for i in range(start, min(end, len(lines))):
        found = _NOT_A_HEADING.match(lines[i])
        if found is None:
            continue
        line = lines[i].strip()
        marks = line[:len(line) - len(line.lstrip("#"))]
        if line[len(marks)] == "\u00a0":
            fix = f"the space after the '{marks}' is a no-break space (pasted from a web page?): type an ordinary one"
        else:
            fix = f"Markdown needs a space after the '{marks}': '{marks} {line[len(marks):]}'"
        raise ContentError(rel, f"'{line}' is not a heading: {fix}", i + 1)


# '#Clinic' at the top of the file, where the title goes: read as a line of text, the file name became the title.
# Only there: elsewhere '#' before a word is as often a hashtag ('#tbt'), and '#1 in town' is no title anywhere.
_TITLE_WITHOUT_SPACE = re.compile(r" {0,3}#(?=[^\W\d_])")


def check_title_mark(rel: str, lines: list[str], start: int) -> None:
    """The first line of the file's first paragraph, written as a '#' title without the space after the '#' (a
    line such as a title: not a sentence, which a '#tbt' line of text would more likely be)."""
    line = lines[start].strip() if start < len(lines) else ""
    if _TITLE_WITHOUT_SPACE.match(lines[start] if line else "") and len(line) <= 150 and line[-1] not in ".!,;:":
        raise ContentError(rel, f"'{line}' is not a title: Markdown needs a space after the '#': '# {line[1:]}' (for "
                                f"text that starts with '#', write '\\{line}')", start + 1)


# A heading indented four spaces (or a tab) is code to CommonMark (or, under a line of text, more of that text).
_INDENTED_HEADING = re.compile(r"(?: {4}|[ ]{0,3}\t)[ \t]*(#{1,6})[ \t]+\S")


def check_indented_heading(rel: str, lines: list[str], start: int, end: int, read_as: str) -> None:
    """A line of a code block (or paragraph) that is a heading indented four spaces or more: its section was lost
    without a word (read as code, or text, of the section above). Now an error naming the line."""
    for i in range(start, min(end, len(lines))):
        found = _INDENTED_HEADING.match(lines[i])
        if found is not None:
            tip = " (for code, put it between ``` lines)" if read_as == "code" else ""
            raise ContentError(rel, f"'{lines[i].strip()}' is indented, so Markdown reads it as {read_as}, not a "
                                    f"heading: remove the spaces before the '{found.group(1)}'{tip}", i + 1)


_HEADING_LINE = re.compile(r"#{2,6}(?:[ \t]|$)")  # '#' alone: more often a comment in a shell or Python block


def check_closed(rel: str, lines: list[str], fence: str, start: int, end: int) -> None:
    """A code block opened with ``` (or ~~~) and never closed runs to the end of the file (or of its list item or
    quote): the headings after it were read as code, their sections lost without a word. Now an error naming both.
    An unclosed block that swallows no heading (the last thing in the file) is left alone, as CommonMark reads it."""
    last = lines[end - 1].strip() if end - start > 1 and end <= len(lines) else ""
    if last.startswith(fence) and set(last) == {fence[0]}:
        return
    headings = [i for i in range(start + 1, min(end, len(lines))) if _HEADING_LINE.match(lines[i].strip())]
    if headings:
        first = f"'{lines[headings[0]].strip()}' (line {headings[0] + 1})"
        said = f"the heading {first} after it is" if len(headings) == 1 else \
            f"the headings {first} and {len(headings) - 1} more after it are"
        raise ContentError(rel, f"the code block opened here with '{fence}' is never closed, so {said} read as code: "
                                f"put a '{fence}' line where the code ends", start + 1)
