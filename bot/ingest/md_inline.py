"""The Markdown parser the .md reader uses (CommonMark with pipe tables, by markdown-it-py), and the plain text of
what it reads inline: shared by md.py and the modules it hands blocks to (md_html.py, md_questions.py)."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from bot.ingest.hidden_html import TAG_OR_COMMENT, opens, step
from bot.ingest.paste import is_page_link

MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
# Links are reduced to their text and no URL is ever shown, so none needs refusing; markdown-it would
# otherwise leave '[x](javascript:...)' as literal text.
MD.validateLink = lambda url: True

_BR = re.compile(r"<br\s*/?>$", re.IGNORECASE)


def plain_text(tokens: list[Token] | None) -> str:
    """The text of inline tokens without markup: link and image text kept, code kept as written, tags dropped, and
    a '<script>' (or another element no page shows as text: hidden_html.py) dropped with what is in it."""
    out = []
    tokens = tokens or []
    hidden = hidden_spans(tokens) if any(t.type == "html_inline" for t in tokens) else {}
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if i in hidden:
            i = hidden[i][0]
            if out and out[-1][-1:] in (" ", "\t") and i < len(tokens) and tokens[i].content[:1] in (" ", "\t") \
                    and tokens[i].type == "text":  # 'we open <script>...</script> on' -> one space
                out.append(tokens[i].content.lstrip(" \t"))
                i += 1
            continue
        if t.type in ("softbreak", "hardbreak") or (t.type == "html_inline" and _BR.match(t.content)):
            out.append("\n")  # '<br>' too: the only line break a table cell can hold ("Mon-Fri 9-5<br>Sat 10-2")
        elif t.type == "image":
            out.append(plain_text(t.children))
        elif t.type != "html_inline":  # raw tags are dropped; *_open/*_close tokens have no content
            out.append(t.content)
        i += 1
    return "".join(out)


def hidden_spans(tokens: list[Token]) -> dict[int, tuple[int, str]]:
    """For each hidden element among inline tokens ('<script>', its text, '</script>'): the index of its opening tag
    -> (the index after its end tag; its name). One with no end tag in the same heading or paragraph is a tag
    mentioned in the text ("Can I fill in the <template> myself?"): only the tag is dropped, as any tag is (it cut
    the rest of the heading)."""
    closes: dict[int, int] = {}  # the index of an opening tag -> the index after the end tag that closes it
    open_tags: dict[str, list[int]] = {}  # of each name, the opening tags not yet closed, innermost last
    for i, t in enumerate(tokens):
        if t.type != "html_inline":
            continue
        name = opens(t.content)
        if name is not None:
            open_tags.setdefault(name, []).append(i)
            continue
        for name, stack in open_tags.items():
            if stack and step(t.content, name) == -1:
                closes[stack.pop()] = i + 1
    spans: dict[int, tuple[int, str]] = {}
    i = 0
    while i < len(tokens):
        if i in closes:
            spans[i] = (closes[i], opens(tokens[i].content) or "")
            i = closes[i]
        else:
            i += 1
    return spans


def hidden_inline(tokens: list[Token]) -> list[tuple[int, str]]:
    """(line from 1, name) of each hidden element plain_text drops from the inline text of block tokens."""
    dropped = []
    for tok in tokens:
        children = (tok.children or []) if tok.type == "inline" else []
        if not any(t.type == "html_inline" for t in children):
            continue
        spans = hidden_spans(children)
        line = (tok.map or (0, 0))[0] + 1
        for i, t in enumerate(children):
            if i in spans:
                dropped.append((line, spans[i][1]))
            line += t.type in ("softbreak", "hardbreak")
    return dropped


def inline_text(text: str) -> str:
    """A line of Markdown inline text without its markup ('[the guide](url)' -> 'the guide')."""
    tokens = MD.parseInline(text)
    return plain_text(tokens[0].children) if tokens else text


def text_lines(text: str) -> list[str]:
    """A paragraph's lines that are text: not blank, not a 'Back to top' or 'Read more' link."""
    return [line for line in text.split("\n") if line.strip() and not is_page_link(line)]
