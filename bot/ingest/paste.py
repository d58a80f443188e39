"""Leftovers of a web page copied into a content file: HTML entities, Markdown bold marks, 'Back to top' links,
the page footer. Site builders' FAQ pages (Wix, Squarespace, Shopify) pasted into a .txt bring them along."""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser

from bot.ingest.hidden_html import HIDDEN, has_hidden

# Page furniture copied with a web page's FAQ: the link after each answer back to the top of the page.
_BACK_TO_TOP = re.compile(r"^[\W_]*(?:(?:back|return|go|scroll|jump)\s+(?:up\s+)?to\s+(?:the\s+)?top(?:\s+of\s+"
                          r"(?:the\s+)?page)?|top)[\W_]*$", re.IGNORECASE)
_ARROW = re.compile(r"[↑⬆▲△^⇧]")


def is_back_to_top(line: str) -> bool:
    """A 'Back to top' line ('↑ Back to Top', 'Return to top of page'; 'Top' only with an arrow: '↑ Top')."""
    text = line.strip()
    if not _BACK_TO_TOP.match(text):
        return False
    return re.sub(r"[\W_]+", "", text).lower() != "top" or bool(_ARROW.search(text))


# The link under an answer cut short on the page it was copied from ("Read more", "Learn more →", "Show less"): the
# page's, not the answer's; it ended the answer shown to visitors.
_MORE = re.compile(r"^[\W_]*(?:(?:read|learn|see|show|view)\s+(?:more|less)|continue\s+reading)[\W_]*$", re.IGNORECASE)


def is_page_link(line: str) -> bool:
    """A line that is one of a web page's links, not text: 'Back to top', or 'Read more' under a cut answer."""
    return is_back_to_top(line) or bool(_MORE.match(line.strip()))


# A help page's vote under each answer: "Was this answer helpful?" over "Yes" and "No" (or thumbs).
_HELPFUL = re.compile(r"^(?:was this (?:answer |article |page |post |faq |information |section )?helpful|"
                      r"did (?:this|you find this) (?:answer your question|helpful))\s*\??\s*(?:yes\s*/?\s*no)?$",
                      re.IGNORECASE)
_VOTES = frozenset(("yes", "no", "yes no", "yes / no", "👍", "👎", "👍 👎"))


def page_furniture(lines: list[str]) -> set[int]:
    """Numbers (from 1) of the lines that are a web page's furniture, not text: 'Back to top' and 'Read more' links,
    and 'Was this answer helpful?' with the 'Yes' and 'No' right under it."""
    out: set[int] = set()
    for i, line in enumerate(lines):
        if is_page_link(line):
            out.add(i + 1)
        elif _HELPFUL.match(line.strip()):
            out.add(i + 1)
            j = i + 1
            while j < len(lines) and lines[j].strip().lower() in _VOTES:
                out.add(j + 1)
                j += 1
    return out


# No-break spaces in a heading ('## Do&nbsp;you deliver?', or one pasted from a web page into a .md or .txt
# heading): spaces, as a text article's '&nbsp;' is. A heading that kept them was shown so, and "exactly as in the
# content" to API clients.
_NO_BREAK = re.compile(r"[ \u00a0]*\u00a0[ \u00a0]*")


def spaced(heading: str) -> str:
    """A heading with each run of spaces holding a no-break space one space."""
    return _NO_BREAK.sub(" ", heading).strip() if "\u00a0" in heading else heading


# HTML entities left in text copied from a page's source or a site builder's export ('&amp;', '&nbsp;', '&#39;').
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def decode_entities(text: str) -> str:
    """'Fish &amp; chips' -> 'Fish & chips'; a no-break space or a line break written so becomes a space, and
    what is no entity ('&foo;') stays as written."""

    def one(m: re.Match) -> str:
        out = html.unescape(m.group(0))
        if out == m.group(0):
            return out
        return "".join(" " if c.isspace() or unicodedata.category(c) == "Cc" else c for c in out)

    return _ENTITY.sub(one, text) if "&" in text else text


# A site builder's export (Shopify, Wix, a WordPress FAQ plugin) keeps each answer's HTML in its cell:
# "<p>Yes.</p><ul><li>Cards</li><li>Cash</li></ul>". Read as text, its paragraphs and list items stay apart.
_HTML_TAG = re.compile(r"</?(?:p|br|ul|ol|li|strong|b|em|i|u|a|span|div|h[1-6]|table|tr|td|th)\b[^<>]*>", re.IGNORECASE)
_HTML_BLOCKS = frozenset("p div ul ol table tr h1 h2 h3 h4 h5 h6".split())


_ONE_BREAK = re.compile(r"^[ \t]*\n")


class _HtmlText(HTMLParser):
    """The text of an HTML fragment: a paragraph or block per blank-line-separated block, a list item as a '- '
    line, a line break as a line break; a '<script>' (or another element no page shows as text: hidden_html.py)
    dropped with what is in it; every other tag dropped, its text kept."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.after_block = False  # the last thing read was a block's or a list item's tag
        self.after_br = False  # the last thing read was a '<br>'
        self.hidden: str | None = None  # the hidden element being skipped
        self.depth = 0  # how many of it are open ('<object>' inside '<object>')
        self.dropped: list[tuple[int, str]] = []  # (line from 0, name) of each hidden element dropped

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag not in HIDDEN:  # '<svg/>' holds nothing
            self.handle_starttag(tag, attrs)

    def handle_starttag(self, tag: str, attrs) -> None:
        if self.hidden is not None:
            self.depth += tag == self.hidden
            return
        if tag in HIDDEN:
            self.hidden, self.depth = tag, 1
            self.dropped.append((self.getpos()[0] - 1, tag))
            return
        self.after_block = tag in _HTML_BLOCKS or tag in ("li", "br")
        self.after_br = tag == "br"
        if tag in _HTML_BLOCKS:
            self.parts.append("\n\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag == "br":
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if self.hidden is not None:
            self.depth -= tag == self.hidden
            if not self.depth:
                self.hidden = None
            return
        self.after_block = tag in _HTML_BLOCKS or tag == "li"
        self.after_br = False
        if tag in _HTML_BLOCKS:  # a list item ends where the next begins, or where its list does
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self.hidden is not None:
            return
        # The line break after a tag of HTML written one tag a line ('<ul>\n<li>Cards</li>\n<li>Cash</li>\n</ul>',
        # 'Mon-Fri 9-5<br>\nSat 10-2', as a WordPress export has it) is no text: it was a line break more, so that
        # two list items were two lists of one item each, and the line after a '<br>' another paragraph.
        layout = self.after_block and (data[:1] == "\n" or not data.strip())  # not the space of "</li> and more"
        if layout and self.after_br:
            # Only the one line break: a blank line after a '<br>' ('Wear what you like.<br>\n\nExcept flip-flops.')
            # is the author's, a paragraph break as it was.
            data = _ONE_BREAK.sub("", data, count=1)
        elif layout:
            data = data.lstrip()
        self.parts.append(data)
        self.after_block = self.after_br = False

    def text(self) -> str:
        lines = [" ".join(line.split()) for line in "".join(self.parts).split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_text(text: str) -> str:
    """A cell holding HTML ("<p>Yes, we deliver.</p>") as the text it shows; any other text as it is."""
    parser = _read_html(text)
    return text if parser is None else parser.text()


def html_dropped(text: str) -> list[tuple[int, str]]:
    """(line in the text from 0, name) of each element html_text drops with what is in it ('<script>')."""
    parser = _read_html(text) if has_hidden(text) else None
    return [] if parser is None else parser.dropped


def _read_html(text: str) -> _HtmlText | None:
    """A cell's HTML read, or None when it holds none (a '<' of text: "under <5 miles"). A cell with no other HTML is
    text, a '<script>' or '<style>' in it too: a developer FAQ's snippet ("Add this to your page:" and the script's
    line) is what the answer shows, as before session 60 (the review of this session's reader found such answers
    emptied)."""
    if "<" not in text or _HTML_TAG.search(text) is None:
        return None
    parser = _HtmlText()
    parser.feed(text)
    parser.close()
    return parser


# Bold as Markdown writes it, pasted into a text file: "**How do I pay?**".
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")


# Bold marks that wrap words, as Markdown bold does in a sheet's cell ("**Yes**, we do."): never a '**' between two
# letters or digits, which is text ("2**3 pounds", "x**2 + y**2").
_WORD_BOLD = re.compile(r"(?<![^\W_])\*\*(?=[^\s*])(.+?)(?<=[^\s*])\*\*(?![^\W_])")


def drop_bold(text: str) -> str:
    """Markdown bold marks dropped ('**Yes**' -> 'Yes'), as a sheet exported from Notion or Airtable has them;
    a '**' inside a word or a number ('2**3') stays."""
    return _WORD_BOLD.sub(r"\1", text) if "**" in text else text


# A Markdown link, as a sheet's answer cell holds one ("See [our price list](https://example.com/prices)."): its
# target a run without spaces (a bracketed part allowed once: a Wikipedia address), an optional "title" after it.
# Not an image ('![alt](a.png)': drop_images), nor brackets right after a word ('arr[1](2)').
_TARGET = r"\((?:<[^<>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)?)(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)"
_MD_LINK = re.compile(r"(?<![!\\\w])\[([^\[\]\n]*\S[^\[\]\n]*)\]" + _TARGET)
# A Markdown image ('![our shop](shop.jpg)'), its alt text maybe empty.
_MD_IMAGE = re.compile(r"(?<!\\)!\[([^\[\]\n]*)\]" + _TARGET)
_PARAGRAPH_BREAK = re.compile(r"(\n[ \t]*\n)")


def drop_images(text: str) -> str:
    """Markdown images as their alt text ('See ![the map](map.png)' -> 'See the map'), and a paragraph of nothing but
    images (maybe linked) dropped, as a Markdown article's are read: an answer shows no picture."""
    if "![" not in text:
        return text
    out = []
    for part in _PARAGRAPH_BREAK.split(text):
        bare = drop_links(_MD_IMAGE.sub("\0", part))
        if "\0" in bare and not bare.replace("\0", "").strip():
            part = ""  # a picture on its own: its alt text describes it
        out.append(_SPACED_IMAGE.sub(_alt_text, part))
    return "".join(out)


_SPACED_IMAGE = re.compile(r"([ \t]*)" + _MD_IMAGE.pattern + r"(?=(.?))")


def _alt_text(m: re.Match) -> str:
    """An image as its alt text. One with none leaves no space of its own: 'and ![](x.png) and' is 'and and',
    'see ![](x.png).' is 'see.'."""
    if m.group(2).strip() or m.group(3) not in ("", " ", "\t", "\n", ".", ",", ";", ":", "!", "?", ")"):
        return m.group(1) + m.group(2)
    return ""


def drop_links(text: str) -> str:
    """Markdown links as their text ('[our price list](https://...)' -> 'our price list'), as a Markdown article's
    are read (no address is shown in an answer)."""
    return _MD_LINK.sub(r"\1", text) if "](" in text else text


# A web page's footer, copied with its FAQ: from a copyright or 'Share this' line to the end of the file,
# when what follows it is a few short lines ("Contact us", "Privacy Policy", "Facebook").
_FOOTER_START = re.compile(r"^\s*(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|\d{4})|all rights reserved\b"
                           r"|share(?:\s+this(?:\s+(?:page|article|post))?)?\s*:?\s*$)", re.IGNORECASE)
MAX_FOOTER_LINES = 12
MAX_FOOTER_LINE_CHARS = 80


# The site's links, as lines right above a footer ("Contact us" over "Share this:" or "© 2026 ...").
_FOOTER_LINKS = frozenset(
    "about, about us, blog, contact, contact us, cookie policy, email, facebook, follow us, home, instagram, "
    "linkedin, pinterest, print, privacy, privacy policy, refund policy, shipping policy, sitemap, subscribe, "
    "terms, terms & conditions, terms and conditions, terms of service, terms of use, tiktok, twitter, x, youtube"
    .split(", ")
)


def _footer(lines: list[str]) -> int:
    """Index of the first line of the page footer at the end of lines, or len(lines) when there is none."""
    start, seen = len(lines), 0
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i].strip()
        if not line:
            continue
        if len(line) > MAX_FOOTER_LINE_CHARS or seen == MAX_FOOTER_LINES:
            break
        seen += 1
        if _FOOTER_START.match(line):
            start = i
    while start < len(lines) and start > 0 and lines[start - 1].strip().rstrip(":").lower() in _FOOTER_LINKS:
        start -= 1
    return start


def cleaned_lines(text: str) -> list[str]:
    """The lines of a pasted web page's FAQ without its leftovers: HTML entities decoded, '**bold**' marks
    dropped, the page footer blanked out (line numbers stay right)."""
    lines = [_BOLD.sub(r"\1", line) if "**" in line else line for line in decode_entities(text).split("\n")]
    end = _footer(lines)
    return lines[:end] + [""] * (len(lines) - end)
