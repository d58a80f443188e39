"""HTML blocks in a Markdown article: a toggle ('<details><summary>Question?</summary>'), headings written in HTML
('<h2>Do you deliver?</h2>'), a comment never closed, and the text of any other block, tags dropped."""

from __future__ import annotations

import re
from typing import Protocol

from bot.ingest.md_inline import TAG_OR_COMMENT, inline_text
from bot.ingest.paste import decode_entities
from bot.ingest.render import render_block, split_blocks
from bot.ingest.txt import looks_like_heading
from bot.model import ContentError


class Article(Protocol):
    """What an HTML block adds its text and headings to (md.py's article being read)."""

    def add(self, text: str, start: int, end: int, joinable: bool = True) -> None: ...

    def heading(self, level: int, text: str, line: int) -> None: ...

    def start(self, heading: str, line: int, key: str | None = None) -> None: ...


def check_comment_closed(rel: str, html: str, start: int) -> None:
    """An HTML block that opens a comment ('<!--') never closed: CommonMark runs it to the end of the file (or of
    its list item or quote): every heading after it was lost, and its text, the editor's note included, shown to
    visitors as an introduction. An error naming the line."""
    if html.lstrip().startswith("<!--") and "-->" not in html:
        raise ContentError(rel, "an HTML comment ('<!--') starts here and is never closed with '-->', so the "
                                "rest of the file is part of it: add '-->' where the comment ends", start + 1)


# A toggle, as Notion, GitHub and many help pages write one: '<details><summary>Question?</summary>answer'.
_SUMMARY = re.compile(r"<summary\b[^>]*>(.*?)</summary\s*>", re.DOTALL | re.IGNORECASE)


def toggle(art: Article, html: str, start: int) -> bool:
    """An HTML block that opens a toggle whose summary is a heading by the text articles' rules ("What should
    I wear?", "Pricing"): a section under the summary, holding the text after it (and the blocks that follow
    it, up to the next heading). False for any other HTML block."""
    found = _SUMMARY.search(html)
    if found is None:
        return False
    heading = inline_text(TAG_OR_COMMENT.sub("", found.group(1))).replace("\n", " ").strip()
    if not looks_like_heading(heading):
        return False
    _html_text(art, html[:found.start()], start)  # text before the toggle (rarely any) stays where it was
    line = start + html.count("\n", 0, found.start())
    art.start(heading, line + 1)
    _html_text(art, html[found.end():], line)
    return True


# A heading written in HTML, as a WordPress page's source (or a site builder's export) pasted into Markdown has them.
_HTML_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", re.DOTALL | re.IGNORECASE)


def html_block(art: Article, html: str, start: int, top: bool) -> None:
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
        text = decode_entities(TAG_OR_COMMENT.sub("", found.group(2)))
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


def _text_of_html(art: Article, html: str, start: int) -> None:
    """The text of a piece of an HTML block, tags dropped, entities read, paragraph by paragraph."""
    for block in split_blocks(decode_entities(TAG_OR_COMMENT.sub("", html)).split("\n"), start):
        art.add(render_block(block.lines), block.line, block.line + len(block.lines))


def _html_text(art: Article, html: str, start: int) -> None:
    """The text of a piece of an HTML block, tags dropped, paragraph by paragraph, Markdown inside it read."""
    for block in split_blocks(TAG_OR_COMMENT.sub("", html).split("\n"), start):
        lines = [line for line in (inline_text(line) for line in block.lines) if line.strip()]
        art.add(render_block(lines), block.line, block.line + len(block.lines))
