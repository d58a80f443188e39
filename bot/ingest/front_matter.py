"""Front matter at the top of a content file, as static site generators write it: YAML between '---' lines (Jekyll,
Docusaurus, ...) or TOML between '+++' lines (Hugo). It is no text of the article; its title is a title."""

from __future__ import annotations

import re
import tomllib

from bot.model import ContentError


# Front matter is YAML: "key: value" lines, list items and indented lines under them.
_YAML_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:(?:\s+(.*))?$")
_YAML_MORE = re.compile(r"^(?:\s+\S|-\s)")
# Keys static site generators (Jekyll, Hugo, Docusaurus, ...) put in front matter: one of them under an opening '---'
# tells front matter never closed from a rule followed by a line with a colon in it.
_FRONT_MATTER_KEYS = frozenset({"title", "layout", "date", "description", "tags", "categories", "slug", "author",
                                "authors", "draft", "permalink", "weight", "summary", "lang", "aliases", "keywords",
                                "excerpt", "sidebar_position", "sidebar_label", "nav_order", "toc", "menu"})


def front_matter(rel: str, lines: list[str]) -> tuple[int, str]:
    """Index of the first line after YAML front matter ('---', 'key: value' lines, '---') or TOML front matter
    ('+++', TOML, '+++', as Hugo writes it) and its title, or (0, ""). A '---' rule at the top of an article is
    not front matter: taking the text down to the next rule for it dropped that text from the knowledge base
    without a word."""
    if lines and lines[0].strip() == "+++":
        return _toml_front_matter(rel, lines)
    if not lines or lines[0].strip() != "---":
        return 0, ""
    title, keys, known, last = "", 0, False, 0
    for i in range(1, len(lines)):
        line = lines[i]
        if line.strip() in ("---", "..."):
            return i + 1, title
        if not line.strip() or (keys and _YAML_MORE.match(line)):  # a list or a long value under a key
            last = i if line.strip() else last
            continue
        key = _YAML_KEY.match(line)
        if key is None:
            break
        keys, known, last = keys + 1, known or key.group(1).lower() in _FRONT_MATTER_KEYS, i
        if key.group(1).lower() == "title" and key.group(2) and key.group(2)[0] not in "|>":
            title = key.group(2).strip().strip("\"'").strip()
    if known:  # its lines were built as the introduction and shown to visitors ('title: Clinic layout: faq')
        raise ContentError(rel, "front matter opened here with '---' is never closed: put a '---' line after its "
                                f"last line ('{lines[last]}', line {last + 1})", 1)
    return 0, ""  # a rule, then text ("Note: we are closed on Sundays.")


_TOML_AT = re.compile(r" \(at line (\d+), column \d+\)$")


def _toml_front_matter(rel: str, lines: list[str]) -> tuple[int, str]:
    """A Hugo page's '+++' front matter: the line after it and its title. It was shown to visitors as text
    ('+++ title = "..." +++'); front matter that is not TOML is an error naming its line."""
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "+++"), None)
    if end is None:  # no closing '+++': not front matter
        return 0, ""
    try:
        data = tomllib.loads("\n".join(lines[1:end]))
    except tomllib.TOMLDecodeError as e:
        where = _TOML_AT.search(str(e))
        line = int(where.group(1)) + 1 if where else 1
        why = _TOML_AT.sub("", str(e)).replace(" (at end of document)", "")
        raise ContentError(rel, f"front matter between the '+++' lines is not TOML: {why}", line) from None
    title = data.get("title")
    return end + 1, title.strip() if isinstance(title, str) else ""
