"""HTML elements a page never shows as text ('<script>', '<style>', '<iframe>', ...): dropped from content with what
is in them, each reader's, and the build's warning of it (the editor pasted a page's source and should know)."""

from __future__ import annotations

import bisect
import re

# What is inside them is code, a style sheet, another page, a drawing or a formula: no answer's text. Kept, it was
# shown as text of the answer, and its words ('alert', 'javascript') found that answer.
_WHY = {
    "script": "a script is never shown",
    "style": "a style sheet is never shown",
    "iframe": "a page shown inside the page is no text of the answer",
    "noscript": "what a page shows with scripts turned off is no text of the answer",
    "template": "a template is never shown",
    "object": "an embedded file is no text of the answer",
    "svg": "a drawing is no text of the answer",
    "math": "a formula is no text of the answer",
}
HIDDEN = frozenset(_WHY)
_NAMES = "|".join(sorted(HIDDEN))
# The start of an opening tag of one of them ('<script>', '<svg width="10">'; not '<scripts>', '<script-loader>').
_OPEN = re.compile(rf"<({_NAMES})(?=[\s/>])", re.IGNORECASE)
TAG_OR_COMMENT = re.compile(r"<!--.*?-->|</?[A-Za-z][^>]*>", re.DOTALL)  # any tag: what readers drop of HTML
_TAG_NAME = re.compile(r"<(/?)([A-Za-z][\w-]*)(?=[\s/>])[^>]*?(/?)>")


def opens(tag: str) -> str | None:
    """The name of the hidden element this tag (an inline token's '<script>') opens, else None ('<svg/>' opens
    nothing: it holds nothing)."""
    found = _TAG_NAME.match(tag.strip())
    if found is None or found.group(1) or found.group(3):
        return None
    name = found.group(2).lower()
    return name if name in HIDDEN else None


def step(tag: str, name: str) -> int:
    """+1 for a tag opening another element `name` (an '<object>' inside one), -1 for its end tag, else 0."""
    found = _TAG_NAME.match(tag.strip())
    if found is None or found.group(2).lower() != name or found.group(3):
        return 0
    return -1 if found.group(1) else 1


def _next_open(html: str, at: int) -> tuple[int, int, str] | None:
    """(start, end, name) of the next opening tag of a hidden element from `at`, not in a comment ('<!-- <script>
    ... -->' is dropped as a comment is), or None. Each character is looked at a bounded number of times: content
    is any size an editor pastes."""
    while (found := _OPEN.search(html, at)) is not None:
        comment = html.find("<!--", at, found.start())
        if comment != -1:
            at = html.find("-->", comment + 4)
            if at == -1:
                return None  # a comment never closed: what follows is in it
            at += 3
            continue
        end = html.find(">", found.end())
        if end == -1:
            return None  # no tag: '<script' and nothing after it
        return found.start(), end + 1, found.group(1).lower()
    return None


def _ends(html: str, name: str) -> dict[int, int | None]:
    """For each opening tag of the element `name` in the html, by the end of that tag: the end of the end tag that
    closes it, or None when none does: then it is a tag mentioned in the text ("<p>Use the <template> tag.</p>"),
    dropped as any tag is, not the rest of the text with it (as a browser would, it cut the answer there). One pass
    over the html, however many such tags it holds."""
    ends: dict[int, int | None] = {}
    if name in ("script", "style"):  # its text is no HTML: the first end tag after it ends it, whatever it holds
        closes = [m.end() for m in re.compile(rf"</{name}\s*>", re.IGNORECASE).finditer(html)]
        for found in _OPEN.finditer(html):
            end = html.find(">", found.end())
            if end != -1 and found.group(1).lower() == name:
                k = bisect.bisect_left(closes, end + 1)
                ends[end + 1] = closes[k] if k < len(closes) else None
        return ends
    open_tags: list[int] = []  # the ends of the opening tags not yet closed, innermost last
    after = 0  # the end of the last tag read: a '<svg' inside a tag's attribute is none
    for found in re.compile(rf"<(/?){name}(?=[\s/>])", re.IGNORECASE).finditer(html):
        if found.start() < after:
            continue
        close = html.find(">", found.end())
        if close == -1:
            break
        after = close + 1
        if found.group(1):
            if open_tags:
                ends[open_tags.pop()] = after
        elif html[close - 1] != "/":  # '<svg/>' holds nothing
            open_tags.append(after)
            ends[after] = None
    return ends


def drop_hidden(html: str) -> tuple[str, list[tuple[int, str]]]:
    """HTML without its hidden elements, and (line in the text from 0, name) of each one dropped. Where one was, the
    text around it stays one paragraph ('We open <script>...</script> on Sundays', a '<style>' on a line of its own
    in a '<p>', made two): the line breaks it held, and a line it leaves with no text, are put back at the end of its
    paragraph (the next blank line), so that the line numbers of the paragraphs after it stay right."""
    if "<" not in html:
        return html, []
    out: list[str] = []
    dropped: list[tuple[int, str]] = []
    breaks: list[int] = []  # the line breaks each dropped element held
    at = line = 0  # where the text not yet read starts, and its line
    ends: dict[str, dict[int, int | None]] = {}
    while (found := _next_open(html, at)) is not None:
        start, end, name = found
        if name not in ends:
            ends[name] = _ends(html, name)
        closed = ends[name].get(end) if html[end - 2] != "/" else None
        if closed is None:  # '<svg/>': nothing in it; a '<template>' never closed: a tag the readers drop
            line += html.count("\n", at, end)
            out.append(html[at:end])
            at = end
            continue
        end = closed
        line += html.count("\n", at, start)
        dropped.append((line, name))
        breaks.append(html.count("\n", start, end))
        line += breaks[-1]
        out.append(html[at:start] + _DROPPED)
        at = end
    if not dropped:
        return html, []
    out.append(html[at:])
    lines: list[str] = []
    owed = 0  # line breaks still to be put back
    k = 0
    for line in "".join(out).split("\n"):
        if _DROPPED in line:
            n = line.count(_DROPPED)
            owed += sum(breaks[k:k + n])
            k += n
            line = _SQUEEZE.sub(" ", line).replace(_DROPPED, "")  # 'we open <script>...</script> on': one space
            if lines and lines[-1].strip() and not TAG_OR_COMMENT.sub("", line).strip():
                lines[-1] += line  # no text left on it: the line above goes on (where a blank line would end it)
                owed += 1
                continue
        elif owed and not line.strip():
            lines.extend([""] * owed)
            owed = 0
        lines.append(line)
    return "\n".join(lines) + "\n" * owed, dropped


_DROPPED = "\x00"  # where an element was, until the lines are put together
_SQUEEZE = re.compile(r"[ \t]+\x00+[ \t]+")


def hidden_slips(dropped: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """(line, what) of a file's warnings of its dropped elements: one for each kind, naming its first line and
    how many more the file holds."""
    first: dict[str, int] = {}
    count: dict[str, int] = {}
    for line, name in sorted(dropped):
        first.setdefault(name, line)
        count[name] = count.get(name, 0) + 1
    slips = []
    for name, line in first.items():
        more = f" (and {count[name] - 1} more in this file)" if count[name] > 1 else ""
        slips.append((line, f"<{name}> dropped with what is in it{more}: {_WHY[name]}"))
    return sorted(slips)


def has_hidden(text: str) -> bool:
    """Does the text hold an opening tag of an element drop_hidden drops (a quick test before reading it as HTML)?"""
    return "<" in text and _next_open(text, 0) is not None
