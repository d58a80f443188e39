"""Reading a GET's query string: the question and the name it came under, the history in each spelling clients use,
options and flags, each a 400 naming what is wrong (web/api.py's GET /api/ask; web/params.py reads the JSON body)."""

from __future__ import annotations

import ast
import json
import re
from urllib.parse import parse_qsl

from flask import request

from .errors import ApiError


# history as axios and jQuery write a list parameter (history[]=a&history[]=b), and as qs and PHP do (history[0]=a)
HISTORY_BRACKETED = re.compile(r"history\[([0-9]{0,6})\]")


def base(name: str) -> str:
    """A query parameter's name, with history[] and history[N] read as history."""
    return "history" if HISTORY_BRACKETED.fullmatch(name) else name


def query_history() -> list[str] | None:
    """GET's history, newest last: one history= per earlier question, or history[]= (axios, jQuery) or history[N]=
    (qs, PHP: read in index order), which were dropped without a word as names the API does not read; two of these
    spellings at once is a 400. A value that is a JSON list (history=["a","b"]: a list JSON.stringify'd into the
    URL) is a 400 saying how to send it: it was read as one earlier question spelled in brackets."""
    given: dict[str, list[tuple[int, str]]] = {}  # spelling -> (index, value), in the order they come
    named: dict[str, str] = {}  # spelling -> the first name given in it (history[3] for history[N])
    for name, value in request.args.items(multi=True):
        bracketed = HISTORY_BRACKETED.fullmatch(name)
        if name == "history" or bracketed:
            index = bracketed.group(1) if bracketed else ""
            spelling = "history[N]" if index else name
            given.setdefault(spelling, []).append((int(index or 0), value))
            named.setdefault(spelling, name)
    if not given:
        return None
    if len(given) > 1:
        first, second = list(named.values())[:2]
        raise ApiError(400, f"'history' is given as both {first}= and {second}=: send every earlier question the "
                            "same way (history=...&history=...)")
    values = sorted(*given.values(), key=lambda iv: iv[0])  # history[N] by index (stable: others keep the URL's)
    for _, value in values:
        if _is_json_list(value):
            raise ApiError(400, "'history' is a JSON list: in the query string send each earlier question as its "
                                "own history= parameter (history=...&history=...), or POST the list in a JSON body")
        if _is_python_list(value):
            raise ApiError(400, "'history' is a Python list written as text (urlencode without doseq=True): in the "
                                "query string send each earlier question as its own history= parameter "
                                "(urlencode(..., doseq=True)), or POST the list in a JSON body")
    return [value for _, value in values]


def _is_json_list(text: str) -> bool:
    spelled = text.strip()
    if not (spelled.startswith("[") and spelled.endswith("]")):
        return False
    try:
        return isinstance(json.loads(spelled), list)
    except (ValueError, RecursionError):  # "[redness] after...", or brackets nested past the parser: a question
        return False


def _is_python_list(text: str) -> bool:
    """Whether text is a list (or tuple) of strings as Python writes one (['a', "b's"]): what urllib.parse.urlencode makes of
    {"history": [...]} without doseq=True, which was read as one earlier question spelled in brackets."""
    spelled = text.strip()
    if not (spelled[:1] + spelled[-1:] in ("[]", "()")):  # a tuple is written in parentheses
        return False
    try:
        value = ast.literal_eval(spelled)  # literals only: no name is looked up, no code runs
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False
    return isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)


def query_checked(names: tuple[str, ...], repeatable: tuple[str, ...] = ()) -> None:
    """A 400 naming the first of the query parameters `names` that is given more than once (werkzeug's args.get
    took the first without a word: ?q=a&q=b was answered as "a"), unless it is `repeatable` (a list such as
    history); or whose percent-encoded bytes are not UTF-8 (werkzeug keeps such bytes as their escapes: q=caf%E9,
    Latin-1, was answered as the question "caf%E9")."""
    for name in request.args:  # each name once, in the order they come
        if name in names and name not in repeatable and len(request.args.getlist(name)) > 1:
            raise ApiError(400, f"'{name}' is given more than once in the query string: send it once")
    for name, value in parse_qsl(request.query_string.decode("latin-1"), keep_blank_values=True,
                                 errors="surrogateescape"):
        if base(name) in names and not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise ApiError(400, f"'{name}' is not UTF-8: percent-encode the text's UTF-8 bytes") from None


def query_option(name: str, expected: str) -> str | None:
    """An optional query parameter: None when absent; given empty (?top_k= or ?top_k) it is a 400 naming it, as an
    empty string is in the JSON body: an unfilled template, not a request for the default."""
    value = request.args.get(name)
    if value is not None and not value.strip():
        raise ApiError(400, f"'{name}' is empty: give {expected}, or leave it out")
    return value


def query_bool(name: str) -> bool:
    """A true/false query parameter: absent is false; anything but true/false/1/0 is a 400, as a bad top_k is
    (explain=yes was read as false without a word). Empty is one too, said as "must be true or false", which
    tests/test_api_edges.py pins, rather than query_option's "is empty"."""
    value = request.args.get(name)
    if value is None:
        return False
    spelled = value.strip().lower()
    if spelled not in ("true", "1", "false", "0"):
        raise ApiError(400, f"'{name}' must be true or false")
    return spelled in ("true", "1")


def query_question(names: tuple[str, str] = ("q", "question")) -> tuple[str | None, str]:
    """The question of a GET and the name it came under: q, or question= when there is no q; both is a 400."""
    given = [name for name in names if name in request.args]
    if len(given) > 1:
        raise ApiError(400, f"'{names[0]}' and '{names[1]}' both give the question: send one of them ({names[0]}=)")
    name = given[0] if given else names[0]
    return request.args.get(name), name
