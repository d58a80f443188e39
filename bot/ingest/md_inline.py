"""The Markdown parser the .md reader uses (CommonMark with pipe tables, by markdown-it-py), and the plain text of
what it reads inline: shared by md.py and the modules it hands blocks to (md_html.py, md_questions.py)."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from bot.ingest.paste import is_page_link

MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
# Links are reduced to their text and no URL is ever shown, so none needs refusing; markdown-it would
# otherwise leave '[x](javascript:...)' as literal text.
MD.validateLink = lambda url: True

TAG_OR_COMMENT = re.compile(r"<!--.*?-->|</?[A-Za-z][^>]*>", re.DOTALL)
_BR = re.compile(r"<br\s*/?>$", re.IGNORECASE)


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


def inline_text(text: str) -> str:
    """A line of Markdown inline text without its markup ('[the guide](url)' -> 'the guide')."""
    tokens = MD.parseInline(text)
    return plain_text(tokens[0].children) if tokens else text


def text_lines(text: str) -> list[str]:
    """A paragraph's lines that are text: not blank, not a 'Back to top' or 'Read more' link."""
    return [line for line in text.split("\n") if line.strip() and not is_page_link(line)]
