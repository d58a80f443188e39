"""Reading a request to /admin: its fields (form or JSON), its CSRF token, numbers, the period asked and what of
an edit is new; and Refused, the one-line 4xx for bad input."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl
from typing import Callable, Iterable, Mapping

from flask import Response, request

from bot.editing import new_phrasings, owned_elsewhere
from bot.ingest.overlaps import phrasing_key
from bot.model import Section
from bot.question import clean

from . import admin_auth as auth
from .admin_view import PERIODS, Emptied


class Refused(Exception):
    """Bad input to an admin endpoint: answered with `status` and the message, nothing changed."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def wants_json() -> bool:
    return request.is_json or request.accept_mimetypes.best == "application/json"


def form_fields() -> dict:
    if request.is_json:
        try:
            data = request.get_json(silent=True)
        except RecursionError:  # "[[[[...": deeper than the parser's recursion limit (silent only covers ValueError)
            raise Refused(400, "the body is nested too deeply") from None
        if not isinstance(data, dict):
            raise Refused(400, "the body must be a JSON object")
        return data
    if request.mimetype == "application/x-www-form-urlencoded":
        _form_utf8()
    return {k: (v if len(v) > 1 else v[0]) for k, v in request.form.lists()}


def _form_utf8() -> None:
    """A 400 naming the first field of a form whose bytes (sent, or percent-encoded) are not UTF-8.

    werkzeug keeps such escapes as they are: a Latin-1 form's phrasing=caf%E9 was added to the content folder as the
    alternate "caf%E9", and a raw byte 0xE9 was read as no form at all (a 403 saying the security token was missing).
    """
    raw = request.get_data(cache=True)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise Refused(400, f"the form is not UTF-8 (byte 0x{raw[e.start]:02x} at offset {e.start}): send it in "
                           "UTF-8, as a page does") from None
    for name, value in parse_qsl(text, keep_blank_values=True, errors="surrogateescape"):
        try:
            name.encode("utf-8"), value.encode("utf-8")
        except UnicodeEncodeError:
            shown = name.encode("utf-8", "replace").decode("utf-8")
            raise Refused(400, f"'{shown}' is not UTF-8: percent-encode the text's UTF-8 bytes") from None


def group_of(fields: dict) -> str | None:
    """The group a form is about (its most asked question, a hidden field of the page's forms), for its errors."""
    group = fields.get("group")
    if not isinstance(group, str) or not group.strip():
        return None
    group = " ".join(clean(group).split())  # as a visitor's question is logged: a lone surrogate is no 500 here
    return group if len(group) <= 80 else group[:79] + "\u2026"


def naming_group(change):
    """A change whose refusals name the group the form is about: "“where can I park?”: choose a section"."""
    def named() -> Response:
        fields = form_fields()
        try:
            return change(fields)
        except Refused as e:
            group = group_of(fields)
            if group is None or f"\u201c{group}\u201d" in e.message:  # named already (its question is the group's)
                raise
            raise Refused(e.status, f"\u201c{group}\u201d: {e.message}") from None
    named.__name__, named.__doc__ = change.__name__, change.__doc__
    return named


def csrf_of(fields: dict) -> str | None:
    value = request.headers.get(auth.CSRF_HEADER) or fields.get(auth.CSRF_FIELD)
    return value if isinstance(value, str) else None


def number(raw: object) -> int | None:
    """A whole number written in ASCII digits (at most 12), else None: str.isdigit() also takes '²' and other
    digits int() refuses, and int() refuses more than 4,300 digits."""
    return int(raw) if isinstance(raw, str) and re.fullmatch(r"[0-9]{1,12}", raw) else None


def days_asked() -> int:
    raw = request.values.get("days", "30")
    if number(raw) not in PERIODS:
        raise Refused(400, f"period must be one of {', '.join(map(str, PERIODS))} days, got {raw[:20]!r}")
    return int(raw)


def period_back() -> int:
    """The dashboard's period to go back to after a change: the one it was shown with, or 30 days when the form's
    value is not one it offers (the change is made: its page must not be a 400)."""
    raw = request.values.get("days")
    return int(raw) if number(raw) in PERIODS else 30


def as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def to_add(sections: Iterable[Section], section_id: str, phrasings: list[str], moved: Mapping[str, str] | None = None,
           emptied: Mapping[str, Emptied] | None = None,
           clash: Callable[[str, Section], str] | None = None) -> tuple[Section, list[str]]:
    """The section and those of the phrasings it does not have yet; Refused when there is nothing to add.

    A former id (`moved`, bot/moves.py: a page or a link kept from before a rename) names the section it is now;
    an id whose heading is there with no text under it, or whose table row has no answer (`emptied`,
    admin_view.emptied_of), is refused saying so. A phrasing another section has is refused with clash(phrasing,
    that section), the line saying where it is written and how to take it back (admin_groups.clash_line)."""
    sections = list(sections)
    section_id = (moved or {}).get(section_id, section_id)
    section = next((s for s in sections if s.id == section_id), None)
    if section is None and section_id in (emptied or {}):  # its answer was deleted since the page was loaded
        empty = emptied[section_id]
        if empty.row:
            said, fix = "is a table row with no answer now", "fill in its answer first"
        else:
            said, fix = "has no answer under it now", "write its answer under it first"
        raise Refused(400, f"\u201c{empty.heading}\u201d ({empty.source}) {said}, so it is not a section: {fix}, "
                           "or pick another section")
    if section is None:
        # a page loaded before the section was split or deleted (a rename's former id is found above)
        raise Refused(400, f"unknown section '{section_id[:120]}': no section has this id now (split or deleted since "
                           "the page was loaded?); reload the page to pick from the sections as they are")
    other = owned_elsewhere(sections, section.id, phrasings)
    if other:  # one phrasing, two sections: the bot could answer either; the editor decides which first
        if clash is not None:
            raise Refused(409, clash(*other))
        raise Refused(409, f"\u201c{other[0]}\u201d is already a phrasing of \u201c{other[1].heading}\u201d "
                           f"({other[1].id}); undo or remove it there first")
    new = new_phrasings(section, phrasings)
    if not new:
        heading = next((p for p in phrasings if phrasing_key(p) == phrasing_key(section.heading)), None)
        if heading is not None and len(phrasings) == 1:
            raise Refused(409, f"\u201c{heading}\u201d is the section's heading, \u201c{section.heading}\u201d, "
                               "punctuation and case aside: nothing to add (the heading is matched already)")
        raise Refused(409, f"already alternates of \u201c{section.heading}\u201d: nothing to add")
    return section, new
