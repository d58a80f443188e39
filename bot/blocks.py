"""Section text as structured blocks, parsed in one place for the article pages, the API and the widget.

Ingestion writes a section body as paragraphs separated by a blank line, list items as "• item" lines,
and table rows as "• Column: value; Column: value" lines. `blocks` turns that back into
paragraphs, lists and tables, so no reader of a body parses "•" lines on its own.

A line break inside a paragraph is one ingestion kept on purpose (it joins wrapped prose): opening hours,
an address, numbered steps ("1. Call us"). A paragraph's text keeps it, and the pages show it.
"""

from __future__ import annotations

import re

_CELL = re.compile(r"^([^:;•]{1,60}):\s+(\S.*)$")


def _row(item: str) -> list[list[str]] | None:
    """The cells of a table row ("A: x; B: y") as [name, value] pairs, or None for a plain list item."""
    parts = item.split("; ")
    if len(parts) < 2:
        return None
    cells = [_CELL.match(p.strip()) for p in parts]
    if not all(cells):
        return None
    return [[m.group(1).strip(), m.group(2).strip()] for m in cells]


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
            row = _row(item)
            kind = "table" if row else "ul"
            last = out[-1] if out else None
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
    return out
