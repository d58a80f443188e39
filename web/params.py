"""Reading a request's parameters at the boundary: the JSON body, the query string, and the 400s that name what is
wrong with either (web/api.py's endpoints call these and trust what they return)."""

from __future__ import annotations

import json
import re
from typing import Any

from flask import request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.wsgi import get_input_stream

from bot.question import QuestionError, checked, clean

from .errors import ApiError
from .query import base

HISTORY_USED = 5  # earlier questions passed on (the engine reads the newest for a follow-up); older ones are not even cleaned
TOP_K_RANGE = (1, 10)
# What no section id holds: control characters (an escape sequence `faqbot report` would print) and the marks that
# reorder text as shown. A regex class's inside, for re and for /openapi.json's pattern alike.
NOT_IN_AN_ID_CHARS = r"\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069"
NOT_IN_AN_ID = re.compile(f"[{NOT_IN_AN_ID_CHARS}]")


# ---- the body ----------------------------------------------------------------------------------

def body() -> bytes:
    """The request body, or 413 past MAX_CONTENT_LENGTH: with Content-Length and chunked alike."""
    # gunicorn passes gzip, deflate and compress transfer codings through undecoded (it answers 501 to others):
    # the compressed bytes were read as the body ("not UTF-8 (byte 0x8b...)").
    codings = [c.strip().lower() for c in request.headers.get("Transfer-Encoding", "").split(",")]
    packed = [c for c in codings if c not in ("", "chunked", "identity")]
    if packed:
        raise ApiError(501, f"Transfer-Encoding {', '.join(packed)} is not supported: send the body with "
                            "Content-Length or Transfer-Encoding: chunked")
    limit = request.max_content_length
    if limit is None:
        return request.get_data(cache=True)
    # werkzeug caps a chunked body (no Content-Length) at the limit, but its read() then returns the first
    # `limit` bytes as if they were the whole body. Read through werkzeug's own bounded stream one byte past
    # the limit instead: a body that reaches it is too large, one that ends before it is whole.
    try:
        data = get_input_stream(request.environ, max_content_length=limit + 1).read()
    except HTTPException:
        raise
    except Exception as e:  # the server could not parse the body (gunicorn: InvalidChunkSize, NoMoreData...)
        raise ApiError(400, f"the body could not be read: {type(e).__name__}") from None
    if len(data) > limit:
        raise RequestEntityTooLarge()
    return data


class _Object(dict):
    """A JSON object, with the names it gave more than once (json.loads keeps the last value of each)."""

    twice: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, Any]]) -> _Object:
    made = _Object(pairs)
    if len(made) < len(pairs):
        seen: set[str] = set()
        made.twice = tuple(dict.fromkeys(k for k, _ in pairs if k in seen or seen.add(k)))
    return made


def json_body(fields: tuple[str, ...] = ()) -> dict[str, Any]:
    """The request body as a JSON object, or the right 4xx; a 400 names the first of `fields` (the names the
    endpoint reads) that the object gives twice, where json.loads would keep the last without a word."""
    if not request.is_json:
        raise ApiError(415, "send a JSON body with Content-Type: application/json")
    coding = request.headers.get("Content-Encoding", "").strip().lower()
    if coding not in ("", "identity"):
        # A gzip'd body was read as JSON ("not valid JSON: can't decode byte 0x8b") and one marked br but sent
        # plain was answered. Refused as RFC 7694 says, naming the one coding accepted; the 16 KB limit leaves
        # nothing worth compressing.
        raise ApiError(415, f"Content-Encoding {coding} is not supported: send the JSON body uncompressed",
                       {"Accept-Encoding": "identity"})
    raw = body()
    if not raw.strip():  # json.loads said "Expecting value: line 1 column 1 (char 0)"
        raise ApiError(400, "the body is empty: send a JSON object")
    if b"\x00" in raw:  # UTF-16 or UTF-32 text, which json.loads would read (a NUL is never in UTF-8 JSON)
        raise ApiError(400, "the body is not UTF-8 (it holds NUL bytes, as UTF-16 and UTF-32 text does): "
                            "send JSON in UTF-8, whatever charset Content-Type names")
    try:
        data = json.loads(raw, parse_int=_json_int, parse_constant=_json_constant, object_pairs_hook=_object)
    except UnicodeDecodeError as e:  # (a ValueError too) Latin-1 sent as "charset=iso-8859-1", say
        raise ApiError(400, f"the body is not UTF-8 (byte 0x{e.object[e.start]:02x} at offset {e.start}): "
                            "send JSON in UTF-8, whatever charset Content-Type names") from None
    except ValueError as e:
        raise ApiError(400, f"the body is not valid JSON: {e}") from None
    except RecursionError:  # "[[[[...": 16 KB of brackets is deeper than the parser's recursion limit
        raise ApiError(400, "the body is nested too deeply") from None
    if not isinstance(data, dict):
        raise ApiError(400, "the body must be a JSON object")
    for name in data.twice:
        if name in fields:
            raise ApiError(400, f"'{name}' is given more than once in the body: send it once")
    misspelled(data, fields, "the JSON body")
    return data


def _squashed(name: str) -> str:
    return re.sub(r"[\s_-]", "", name).lower()


def misspelled(names: Any, fields: tuple[str, ...], where: str) -> None:
    """A 400 for a name that is one of `fields` spelled another way (topK, top-k, sectionId, Helpful): unknown names
    are ignored, so {"sectionId": "..."} stored a thumbs-down for no section and {"topK": 5} gave 3 suggestions,
    without a word to the developer who sent them."""
    known = {_squashed(f): f for f in fields}
    for name in names:
        read = base(name) if where == "the query string" else name  # history[]= is read in a query string only
        meant = known.get(_squashed(read))
        if meant is not None and read != meant:
            raise ApiError(400, f"{request.method} {request.path} does not read '{_shown(name)}' in {where}: "
                                f"the name is '{meant}'")


def _shown(name: str) -> str:
    """A name as an error line shows it: at most 40 characters, a control character (a %0A) as '?'."""
    return "".join(c if c.isprintable() else "?" for c in name[:40])


def no_parameters() -> None:
    """POST /api/reindex has no parameters: no body, or a JSON object whose fields are ignored (as unknown fields
    are on every endpoint); any other body is refused as /api/ask refuses it, rather than read as a request the
    rebuild then ignored (a form naming another folder, 2 MB past the 16 KB limit)."""
    chunked = "chunked" in request.headers.get("Transfer-Encoding", "").lower()
    if request.content_length == 0 or (request.content_length is None and not chunked):
        return
    if not request.is_json:
        if not body():  # a chunked body that turned out empty (read within the limit)
            return
        raise ApiError(415, f"{request.method} {request.path} takes no body: send none, or a JSON object "
                            "(Content-Type: application/json)")
    json_body()


def _json_int(text: str) -> int:
    """A JSON integer; one of thousands of digits is refused here, where Python's int() would tell the client to
    call sys.set_int_max_str_digits(). No field takes one; in a field nothing reads it is refused all the same,
    as the body is parsed before its fields are looked at."""
    digits = len(text.lstrip("-"))
    if digits > 100:
        raise ApiError(400, f"the body holds a number of {digits} digits: no field takes more than 100")
    return int(text)


def _json_constant(name: str) -> float:
    """NaN, Infinity and -Infinity, which Python's json reads though JSON has no such values (RFC 8259): refused as
    the invalid JSON they are, not read as numbers (a top_k of NaN was "must be an integer", one in a field nothing
    reads was accepted)."""
    raise ApiError(400, f"the body is not valid JSON: {name} is not a JSON value (RFC 8259 has no NaN or Infinity)")


# ---- fields ------------------------------------------------------------------------------------

def text(value: Any, name: str, max_length: int) -> str:
    """A non-empty string field, stripped; NUL and lone surrogates replaced (as `faqbot ask` does)."""
    if value is None:
        raise ApiError(400, f"'{name}' is required")
    if not isinstance(value, str):
        raise ApiError(400, f"'{name}' must be a string")
    try:
        return checked(value, max_length, what=f"'{name}'")  # the length counted as sent, as OpenAPI's maxLength
    except QuestionError as e:
        raise ApiError(400, str(e)) from None


def top_k(value: Any) -> int:
    """The number of suggestions asked for: absent (or null) is 3; from the query string, the number the text spells."""
    lo, hi = TOP_K_RANGE
    if value is None:
        return 3
    if isinstance(value, str) and request.method in ("GET", "HEAD"):
        spelled = value.strip()
        # The number the text spells in ASCII decimal as JSON writes numbers ("3", "03", "3.0", "1e0": ?top_k=3.0
        # and ?top_k=1e0 are read as POST's 3.0 and 1e0 are), then checked as POST's is. At most a few digits:
        # "--5" or 5,000 nines must be a 400, not a ValueError; and not \d, which took Arabic-Indic or fullwidth
        # digits for a number.
        if re.fullmatch(r"-?[0-9]{1,6}(?:\.[0-9]{1,6})?(?:[eE][-+]?[0-9]{1,3})?", spelled):
            value = int(spelled) if spelled.lstrip("-").isdigit() else float(spelled)
    if isinstance(value, float) and value.is_integer():  # JSON 8.0 is the integer 8 (as JSON Schema has it)
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        # {"top_k": "3"}: "must be an integer from 1 to 10" was no help to the client that sent 3 (as a string)
        # and {"top_k": true} (JSON's true is no 1 here, as /api/feedback's "helpful" is no number) is told so too
        quoted = isinstance(value, str) and request.method not in ("GET", "HEAD")
        sent = "a string" if quoted else "a boolean" if isinstance(value, bool) else None
        raise ApiError(400, f"'top_k' must be an integer from {lo} to {hi}" +
                       (f": a JSON number, not {sent}" if sent else ""))
    return value


def history(value: Any, max_length: int) -> list[str]:
    """This chat's earlier questions (newest last): the last few, each cut to max_length; empty ones dropped."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(h, str) for h in value):
        raise ApiError(400, "'history' must be a list of strings (earlier questions, newest last)")
    recent = [clean(h).strip() for h in value[-HISTORY_USED:]]
    return [cut(h, max_length) for h in recent if h]


def cut(text: str, max_length: int) -> str:
    """text cut to max_length characters, at a word's end: half a word would read as a word the knowledge
    base has never seen, and lower the confidence of the question read with it."""
    if len(text) <= max_length:
        return text
    part = text[:max_length]
    if text[max_length].isalnum() and part[-1:].isalnum() and " " in part:
        part = part.rsplit(" ", 1)[0]
    return part.rstrip()


def boolean(value: Any, name: str) -> bool:
    """A JSON true or false; "true" or 1 is a 400 that says what was sent instead."""
    if not isinstance(value, bool):
        sent = "a string" if isinstance(value, str) else "a number" if isinstance(value, (int, float)) else None
        raise ApiError(400, f"'{name}' must be true or false" + (f": a JSON boolean, not {sent}" if sent else ""))
    return value


# ---- the query string --------------------------------------------------------------------------

def not_in_query(names: tuple[str, ...], renamed: dict[str, str] | None = None) -> None:
    """A 400 for a POST whose query string names one of its body's fields (`renamed`: GET's name -> the body's):
    a POST reads only its JSON body, and ?top_k=5 beside a body without one was ignored without a word."""
    squashed = {_squashed(n): n for n in names}
    for name in request.args:
        given = squashed.get(_squashed(base(name)))  # ?topK=5 too: as ignored as ?top_k=5 was
        if given is not None:
            field = (renamed or {}).get(given, given)
            raise ApiError(400, f"{request.method} {request.path} reads '{field}' from the JSON body, not the query "
                                f"string ({name}=): send it in the body")


def say_where_the_question_goes(data: dict[str, Any] | None, known: tuple[str, ...]) -> None:
    """A 400 that says where the question goes, for a client that put it where the other method reads it: "q" in
    the POST body (GET's name for it), or a JSON body on a GET (which reads only the query string); or, on a GET,
    under a name it does not read (?query=...)."""
    if data is not None and "q" in data and request.path == "/api/ask":
        raise ApiError(400, "'question' is required: the JSON body names it 'question' (q= is GET's query parameter)")
    if data is not None:
        # {"query": ...}, {"message": ...}: "'question' is required" alone left the developer to guess that the
        # name was what was wrong, as GET's ?query= is told
        unread = ["'" + _shown(name) + "'" for name in data if name not in known]
        if unread:
            raise ApiError(400, f"'question' is required ({request.method} {request.path} does not read "
                                f"{', '.join(unread[:3])} in the JSON body)")
    if data is None and _has_body():
        raise ApiError(400, "'q' is required: GET /api/ask reads the question from the query string (?q=...); "
                            "send a JSON body with POST")
    # (shown on one line, as every error is: a name's control characters, a %0A, as '?')
    unknown = ["'" + _shown(name) + "'" for name in request.args if base(name) not in known]
    if data is None and unknown:
        raise ApiError(400, f"'q' is required (GET /api/ask does not read {', '.join(unknown[:3])}): send the "
                            "question as ?q=...")


def no_body() -> None:
    """A 400 for a GET that sends a body: it reads only its query string, and would ignore the body's fields."""
    if _has_body():
        raise ApiError(400, f"{request.method} {request.path} reads only the query string, not a body: send the "
                            "parameters there, or a JSON body with POST")


def _has_body() -> bool:
    return bool(request.content_length or request.headers.get("Transfer-Encoding"))
