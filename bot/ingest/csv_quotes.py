"""What is wrong with the quotes of a CSV or TSV row, said as an editor can fix it (bot/ingest/table.py)."""

from __future__ import annotations

import re


def quote_fault(text: str, start: int, delimiter: str) -> tuple[int, str] | None:
    """(line, what is wrong) with the quoting of the row that starts on line `start`, read as the csv module reads
    it; None if its quotes are right.

    csv's own errors misled: a cell whose closing quote is missing runs on over the line break into the rows below,
    up to the next '"' in the file; when that is a quote opening a cell of a later row (after a separator or at the
    start of a line), csv said "',' expected after '\"'", and it was reported as a quote inside a cell not doubled."""
    i, n, line = sum(len(x) + 1 for x in text.split("\n")[:start - 1]), len(text), start
    field_start = True
    while i < n:
        c = text[i]
        if c == "\n":
            return None  # the row ended with its quotes right
        if not (field_start and c == '"'):
            field_start = c == delimiter
            i += 1
            continue
        opened, cell = line, shown(text[i:i + 60].split("\n", 1)[0])
        i += 1
        while i < n:
            c = text[i]
            if c == "\n":
                line += 1
            elif c == '"':
                after = text[i + 1:i + 2]
                if after == '"':  # a doubled quote: one '"' in the cell
                    i += 2
                    continue
                if after in (delimiter, "\n", ""):
                    break  # the cell closes here
                if line > opened and text[i - 1] in (delimiter, "\n"):
                    # This quote opens a cell of a later row: the cell opened on line `opened` never closed.
                    return opened, (f"the quote that opens the cell {cell} on line {opened} is never closed: end "
                                     f"that cell with a '\"' (without it, the cell ran on into line {line} up to "
                                     "the quote that opens a cell there)")
                rest = text[i + 1:i + 21].split("\n")[0]
                blank = " " if delimiter == "\t" else " \t"
                if re.match(rf"[{blank}]+(?:{re.escape(delimiter)}|\n|$)", text[i + 1:i + 200]):
                    return line, (f"space after the closing '\"' of a cell on line {line}: delete it (or put it "
                                  "inside the quotes)")
                which = (f"right before {shown(rest, 20)}" if rest.strip() else
                         f"right after {shown(text[text.rfind(chr(10), 0, i) + 1:i][-20:], 20)}")
                return line, ("a '\"' inside a quoted cell must be written twice (\"\"): \"Our \"\"gold\"\" plan\" "
                              f"is an example; the one at fault is the '\"' {which} on line {line}")
            i += 1
        else:
            return opened, (f"the quote that opens the cell {cell} on line {opened} is never closed: end that cell "
                            "with a '\"'")
        i += 1  # past the closing quote: a separator or the row's end follows
        field_start = False
    return None


def shown(text: str, width: int = 40) -> str:
    """A piece of a file's line, quoted for a message, cut to about `width` characters."""
    text = text.strip().replace("\t", " ")
    return "'" + (text if len(text) <= width else text[:width - 3] + "...") + "'"
