"""Section text as structured blocks, parsed in one place for the article pages, the API and the widget.

Ingestion writes a section body as paragraphs separated by a blank line, list items as "• item" lines,
and table rows as "• Column: value; Column: value" lines. `blocks` turns that back into
paragraphs, lists and tables, so no reader of a body parses "•" lines on its own.

A line break inside a paragraph is one ingestion kept on purpose (it joins wrapped prose): opening hours,
an address, numbered steps ("1. Call us"). A paragraph's text keeps it, and the pages show it.
"""

from __future__ import annotations

import re

# "Name: value"; the name may hold a colon that no space follows ("Start (hh:mm): 09:30").
_CELL = re.compile(r"^((?:[^:;•]|:(?=\S)){1,60}):\s+(\S.*)$")


def _row(item: str, columns: list[str]) -> list[list[str]] | None:
    """The cells of a table row ("A: x; B: y") as [name, value] pairs, or None for a plain list item.

    columns: the names of the table this item would continue ([] if none), so a row whose other cells were
    empty ("A: x") stays in its table.
    """
    cells: list[list[str]] = []
    for part in item.split("; "):
        m = _CELL.match(part.strip())
        if m:
            cells.append([m.group(1).strip(), m.group(2).strip()])
        elif cells:  # "Hours: Mon-Fri 9-5; Sat 10-2": a value that holds "; " itself
            cells[-1][1] += "; " + part.strip()
        else:
            return None
    if len(cells) >= 2 or (len(cells) == 1 and cells[0][0] in columns):
        return cells
    return None


def _align(rows: list[list[list[str]]]) -> list[list[list[str]]]:
    """Every row with every column of its table, in one order, an empty value where a cell was empty:
    pages put a row's values under the first row's column names, so a missing cell shifted the rest."""
    if any(len({name for name, _ in row}) < len(row) for row in rows):
        return rows  # two columns of one name: no telling which value goes where, so as written
    names: list[str] = []
    for row in rows:
        at = 0
        for name, _ in row:
            if name in names:
                at = names.index(name) + 1
            else:
                names.insert(at, name)
                at += 1
    return [[[name, dict(row).get(name, "")] for name in names] for row in rows]


def blocks(body: str) -> list[dict]:
    """Paragraphs {"kind": "p", "text"}, lists {"kind": "ul", "items"} and tables {"kind": "table", "rows"}."""
    out: list[dict] = []
    for paragraph in body.split("\n\n"):
        text_lines: list[str] = []

        def flush() -> None:
            if text_lines:
                out.append({"kind": "p", "text": "\n".join(text_lines)})
                text_lines.clear()

        for line in (ln.strip() for ln in paragraph.splitlines()):
            if not line:
                continue
            if not line.startswith("•"):
                text_lines.append(line)
                continue
            flush()
            item = line.lstrip("•").strip()
            last = out[-1] if out else None
            table = last if last and last["kind"] == "table" and last.get("_paragraph") is paragraph else None
            row = _row(item, [name for r in table["rows"] for name, _ in r] if table else [])
            kind = "table" if row else "ul"
            if last is None or last["kind"] != kind or last.get("_paragraph") is not paragraph:
                last = {"kind": kind, ("rows" if row else "items"): [], "_paragraph": paragraph}
                out.append(last)
            if row:
                last["rows"].append(row)
            else:
                last["items"].append(item)
        flush()
    for b in out:
        b.pop("_paragraph", None)
        if b["kind"] == "table":
            b["rows"] = _align(b["rows"])
    return out
