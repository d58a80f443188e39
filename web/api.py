"""The JSON API under /api/: validate at the boundary, call the Bot, serialize its Answer."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import math
import os
import re
from typing import Any
from urllib.parse import parse_qsl

from flask import Blueprint, Response, current_app, g, jsonify, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.wsgi import get_input_stream

from bot.artifact import build_warnings
from bot.engine import ContentError, IndexUnavailable
from bot.moves import moved_of
from bot.question import QuestionError, checked, clean
from bot.settings import Settings
from bot.store import RETRY_MAX, Store, StoreError

from .errors import ApiError
from .metrics import clock
from .offload import off_the_loop, store_writer

log = logging.getLogger(__name__)

bp = Blueprint("api", __name__, url_prefix="/api")

# A 503 for the log database: it is tried again at most RETRY_MAX seconds after a failure (bot/store.py).
STORE_RETRY_AFTER = {"Retry-After": str(math.ceil(RETRY_MAX))}
HISTORY_USED = 5  # earlier questions passed on (the engine reads the newest for a follow-up); older ones are not even cleaned
TOP_K_RANGE = (1, 10)


# ---- helpers: the app's parts, and validation ------------------------------------------------

def _served():
    """The index version this request holds (see web.create_app): one complete version per request."""
    served = g.get("faqbot_served")
    return served if served is not None else current_app.extensions["faqbot"].current()


def _store() -> Store:
    return current_app.extensions["faqbot.store"]


def _settings() -> Settings:
    return current_app.config["FAQBOT_SETTINGS"]


def _body() -> bytes:
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


def _json_body() -> dict[str, Any]:
    """The request body as a JSON object, or the right 4xx."""
    if not request.is_json:
        raise ApiError(415, "send a JSON body with Content-Type: application/json")
    coding = request.headers.get("Content-Encoding", "").strip().lower()
    if coding not in ("", "identity"):
        # A gzip'd body was read as JSON ("not valid JSON: can't decode byte 0x8b") and one marked br but sent
        # plain was answered. Refused as RFC 7694 says, naming the one coding accepted; the 16 KB limit leaves
        # nothing worth compressing.
        raise ApiError(415, f"Content-Encoding {coding} is not supported: send the JSON body uncompressed",
                       {"Accept-Encoding": "identity"})
    raw = _body()
    if not raw.strip():  # json.loads said "Expecting value: line 1 column 1 (char 0)"
        raise ApiError(400, "the body is empty: send a JSON object")
    if b"\x00" in raw:  # UTF-16 or UTF-32 text, which json.loads would read (a NUL is never in UTF-8 JSON)
        raise ApiError(400, "the body is not UTF-8 (it holds NUL bytes, as UTF-16 and UTF-32 text does): "
                            "send JSON in UTF-8, whatever charset Content-Type names")
    try:
        data = json.loads(raw, parse_int=_json_int, parse_constant=_json_constant)
    except UnicodeDecodeError as e:  # (a ValueError too) Latin-1 sent as "charset=iso-8859-1", say
        raise ApiError(400, f"the body is not UTF-8 (byte 0x{e.object[e.start]:02x} at offset {e.start}): "
                            "send JSON in UTF-8, whatever charset Content-Type names") from None
    except ValueError as e:
        raise ApiError(400, f"the body is not valid JSON: {e}") from None
    except RecursionError:  # "[[[[...": 16 KB of brackets is deeper than the parser's recursion limit
        raise ApiError(400, "the body is nested too deeply") from None
    if not isinstance(data, dict):
        raise ApiError(400, "the body must be a JSON object")
    return data


def _no_parameters() -> None:
    """POST /api/reindex has no parameters: no body, or a JSON object whose fields are ignored (as unknown fields
    are on every endpoint); any other body is refused as /api/ask refuses it, rather than read as a request the
    rebuild then ignored (a form naming another folder, 2 MB past the 16 KB limit)."""
    chunked = "chunked" in request.headers.get("Transfer-Encoding", "").lower()
    if request.content_length == 0 or (request.content_length is None and not chunked):
        return
    if not request.is_json:
        if not _body():  # a chunked body that turned out empty (read within the limit)
            return
        raise ApiError(415, f"{request.method} {request.path} takes no body: send none, or a JSON object "
                            "(Content-Type: application/json)")
    _json_body()


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


def _text(value: Any, name: str, max_length: int) -> str:
    """A non-empty string field, stripped; NUL and lone surrogates replaced (as `faqbot ask` does)."""
    if value is None:
        raise ApiError(400, f"'{name}' is required")
    if not isinstance(value, str):
        raise ApiError(400, f"'{name}' must be a string")
    try:
        return checked(value, max_length, what=f"'{name}'")  # the length counted as sent, as OpenAPI's maxLength
    except QuestionError as e:
        raise ApiError(400, str(e)) from None


def _top_k(value: Any) -> int:
    lo, hi = TOP_K_RANGE
    if value is None:
        return 3
    if isinstance(value, str) and request.method == "GET":
        text = value.strip()
        # The number the text spells in ASCII decimal as JSON writes numbers ("3", "03", "3.0", "1e0": ?top_k=3.0
        # and ?top_k=1e0 are read as POST's 3.0 and 1e0 are), then checked as POST's is. At most a few digits:
        # "--5" or 5,000 nines must be a 400, not a ValueError; and not \d, which took Arabic-Indic or fullwidth
        # digits for a number.
        if re.fullmatch(r"-?[0-9]{1,6}(?:\.[0-9]{1,6})?(?:[eE][-+]?[0-9]{1,3})?", text):
            value = int(text) if text.lstrip("-").isdigit() else float(text)
    if isinstance(value, float) and value.is_integer():  # JSON 8.0 is the integer 8 (as JSON Schema has it)
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise ApiError(400, f"'top_k' must be an integer from {lo} to {hi}")
    return value


def _history(value: Any, max_length: int) -> list[str]:
    """This chat's earlier questions (newest last): the last few, each cut to max_length."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(h, str) for h in value):
        raise ApiError(400, "'history' must be a list of strings (earlier questions, newest last)")
    recent = [clean(h).strip() for h in value[-HISTORY_USED:]]
    return [_cut(h, max_length) for h in recent if h]


def _cut(text: str, max_length: int) -> str:
    """text cut to max_length characters, at a word's end: half a word would read as a word the knowledge
    base has never seen, and lower the confidence of the question read with it."""
    if len(text) <= max_length:
        return text
    cut = text[:max_length]
    if text[max_length].isalnum() and cut[-1:].isalnum() and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip()


def _log_key(question: str) -> str | None:
    """The question log's key for this question from the request's Idempotency-Key header, or None without one.

    A client that sends a question again because its answer never came (the widget's "Try again" on a
    flaky connection) sends the key it sent the first time: when the first request did reach the server, the
    second is not logged again, so the dashboard and `faqbot report` count the visitor's question once. The key
    is hashed with the question (a client reusing a key for another question still has it logged) and is not
    tied to the address: a phone moving from Wi-Fi to mobile data retries from another one.
    """
    given = request.headers.get("Idempotency-Key")
    if given is None:
        return None
    sent = given.strip()
    if len(sent) >= 2 and sent[0] == sent[-1] == '"':  # the IETF draft sends it as a quoted string
        sent = sent[1:-1]
    if not re.fullmatch(r"[!-~]{1,200}", sent):
        raise ApiError(400, "'Idempotency-Key' must be 1 to 200 visible ASCII characters (one random id per "
                            "question, sent again when the question is)")
    digest = hashlib.sha256(f"{sent}\n{question}".encode("utf-8", "replace")).hexdigest()
    return "k" + digest[:31]  # 32 characters; the log's own random keys are 24 hex digits, never these


def _is_token(given: str, token: str) -> bool:
    """Whether an Authorization header's credentials are the admin token, compared in constant time.

    WSGI hands a header over as its bytes decoded as Latin-1: curl sends a token's UTF-8 bytes, Python's
    http.client (and requests) its Latin-1 bytes when it has only Latin-1 letters. Either is the token.
    """
    try:
        sent = given.encode("latin-1")
    except UnicodeEncodeError:  # text that did not come from a WSGI server's bytes: as it is
        sent = given.encode("utf-8", "surrogatepass")
    sent, expected = sent.strip(), token.encode("utf-8")  # (bytes.strip: ASCII spaces, never a letter's byte)
    as_utf8 = hmac.compare_digest(sent, expected)
    as_latin1 = hmac.compare_digest(sent.decode("latin-1").encode("utf-8"), expected)
    return as_utf8 | as_latin1


def _query_utf8(*names: str) -> None:
    """A 400 naming the first of these query parameters whose percent-encoded bytes are not UTF-8.

    werkzeug keeps such bytes as their escapes: q=caf%E9 (Latin-1) was answered as the question "caf%E9".
    """
    for name, value in parse_qsl(request.query_string.decode("latin-1"), keep_blank_values=True,
                                 errors="surrogateescape"):
        if name in names and not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise ApiError(400, f"'{name}' is not UTF-8: percent-encode the text's UTF-8 bytes") from None


def _query_bool(value: str | None, name: str) -> bool:
    """A true/false query parameter: absent is false; anything but true/false/1/0 is a 400, as a bad top_k is
    (explain=yes was read as false without a word)."""
    if value is None:
        return False
    text = value.strip().lower()
    if text not in ("true", "1", "false", "0"):
        raise ApiError(400, f"'{name}' must be true or false")
    return text in ("true", "1")


def _say_where_the_question_goes(data: dict[str, Any] | None) -> None:
    """A 400 that says where the question goes, for a client that put it where the other method reads it: "q" in
    the POST body (GET's name for it), or a JSON body on a GET (which reads only the query string)."""
    if data is not None and "q" in data:
        raise ApiError(400, "'question' is required: the JSON body names it 'question' (q= is GET's query parameter)")
    if data is None and (request.content_length or request.headers.get("Transfer-Encoding")):
        raise ApiError(400, "'q' is required: GET /api/ask reads the question from the query string (?q=...); "
                            "send a JSON body with POST")


def _bool(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise ApiError(400, f"'{name}' must be true or false")
    return value


# ---- endpoints ---------------------------------------------------------------------------

@bp.route("/ask", methods=["GET", "POST"])
def ask() -> Response:
    """Answer one question; the question, matched section and confidence are logged (HEAD: validated only)."""
    settings = _settings()
    if request.method == "POST":
        data = _json_body()
        question = data.get("question")
        top_k, history, explain = data.get("top_k"), data.get("history"), data.get("explain", False)
    else:
        data = None
        _query_utf8("q", "question", "top_k", "history", "explain")
        question = request.args.get("q", request.args.get("question"))
        top_k, explain = request.args.get("top_k"), _query_bool(request.args.get("explain"), "explain")
        history = request.args.getlist("history") or None
    if question is None:
        _say_where_the_question_goes(data)
    question = _text(question, "question" if request.method == "POST" else "q", settings.max_question_length)
    top_k = _top_k(top_k)
    history = _history(history, settings.max_question_length)
    explain = _bool(explain, "explain")
    log_key = _log_key(question)
    if request.method == "HEAD":
        # Validated like GET, but a body nobody receives is not worth the CPU, nor a row in the question log. So its
        # length is not known: no Content-Length (RFC 9110 9.3.2), where werkzeug's "0" claimed GET's body is empty.
        response = Response(status=200, mimetype="application/json")
        response.automatically_set_content_length = False
        return response

    served = _served()
    started = clock()
    answer, cached = served.lookup(question, history=history, top_k=top_k)
    metrics = current_app.extensions.get("faqbot.metrics")
    if metrics is not None:
        metrics.observe(answer, clock() - started, served.version, cached=cached)
    # Queued, not written: the writer thread logs it (see bot/question_log.py); answering never waits for it.
    current_app.extensions["faqbot.log"].put(answer, address=request.remote_addr, index_version=served.version,
                                             key=log_key)
    return jsonify(answer.to_dict(explain=explain))


@bp.post("/feedback")
def feedback() -> tuple[Response, int]:
    """Store a visitor's thumbs up (helpful: true) or down on an answer."""
    settings = _settings()
    data = _json_body()
    question = _text(data.get("question"), "question", settings.max_question_length)
    section_id = data.get("section_id")
    if isinstance(section_id, str) and not section_id.strip():
        section_id = None  # "" is how many clients say "no section": one row in the report, not two
    if section_id is not None:
        if not isinstance(section_id, str):
            raise ApiError(400, "'section_id' must be a string or null")
        if len(section_id) > 300:
            raise ApiError(400, "'section_id' is longer than 300 characters")
        if clean(section_id) != section_id:
            # An identifier, not free text: a lone surrogate or NUL cannot be one (and would fail in the
            # database driver); refused, where a question's are cleaned.
            raise ApiError(400, "'section_id' holds characters no section id has (a NUL or a lone surrogate)")
        # A section that is not in the index served now is still stored: the visitor may have
        # been answered just before a reindex renamed it, and their vote should not be lost.
    if "helpful" not in data:
        raise ApiError(400, "'helpful' is required (true or false)")
    helpful = _bool(data["helpful"], "helpful")
    try:
        store_writer(_store())(_store().log_feedback, question, section_id, helpful, address=request.remote_addr)
    except StoreError as e:
        log.warning("feedback not stored: %s", e)
        raise ApiError(503, "feedback cannot be stored right now; please try again later", STORE_RETRY_AFTER) from None
    return jsonify({"ok": True, "stored": True}), 201


@bp.get("/sections")
def sections() -> Response:
    """Every section of the knowledge base, in content order; `former_ids`, where a section has any, are the ids
    it had before a rename or a move that old links and logged history still use (bot/moves.py)."""
    served = _served()
    docs = served.documents()
    former: dict[str, list[str]] = {}
    for old, now in moved_of(served.loaded.manifest).items():  # sorted by former id
        former.setdefault(now, []).append(old)
    items = [{"section_id": s.id, "heading": s.heading, "document": s.document, "url": s.url,
              **({"former_ids": former[s.id]} if s.id in former else {})}
             for s in served.sections()]
    return jsonify({"ok": True, "count": len(items), "sections": items,
                    "documents": [{"document": d, "title": t, "url": f"/kb/{d}"} for d, t in docs.items()]})


@bp.get("/health")
def health() -> Response:
    """The index being served, whether the log database answers, and which worker answered."""
    database = "ok" if _store().ping() else "unavailable"
    published = current_app.extensions["faqbot"].published_version()
    return jsonify({"ok": True, "index": _served().info(), "published": published, "database": database,
                    "pid": os.getpid()})


@bp.get("/live")
def live() -> Response:
    """Liveness: this worker answers HTTP (200 whatever the index or the database are doing)."""
    return jsonify({"ok": True, "pid": os.getpid()})


@bp.get("/ready")
def ready() -> Response:
    """Readiness: 200 when an index is loaded and the log database answers; 503 (JSON error) otherwise."""
    served = current_app.extensions["faqbot"].current()
    if served is None:
        raise ApiError(503, "not ready: no index is loaded yet")
    if not _store().ping():
        raise ApiError(503, "not ready: the question log database is unreachable", STORE_RETRY_AFTER)
    question_log = current_app.extensions["faqbot.log"]
    return jsonify({"ok": True, "index": served.version, "database": "ok",
                    "log_backlog": question_log.backlog, "log_dropped": question_log.dropped})


@bp.post("/reindex")
def reindex() -> Response:
    """Admin: rebuild from the content folder and serve the new index (422 names the bad file)."""
    token = _settings().admin_token
    if not token:
        raise ApiError(404, f"not found: {request.path}")
    header = request.headers.get("Authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise ApiError(401, "send the admin token as Authorization: Bearer TOKEN (FAQBOT_ADMIN_TOKEN)", {"WWW-Authenticate": "Bearer"})
    if not _is_token(given, token):
        raise ApiError(403, "wrong admin token")
    _no_parameters()
    bot = current_app.extensions["faqbot"]
    before = bot.published_version()
    try:  # Bot.reindex holds its own lock: one rebuild at a time per process, answers keep flowing
        info = off_the_loop(bot.reindex)  # the worker keeps answering meanwhile
    except ContentError as e:
        raise ApiError(422, str(e)) from None
    except IndexUnavailable as e:  # the index folder can't be written (full disk, read-only mount)
        log.warning("reindex failed: %s", e)
        raise ApiError(503, f"{e}; the previous index keeps serving") from None
    g.faqbot_served = bot.current()  # the Faqbot-Index-Version header names the version the body names, not the old
    # what the build warned of (a skipped file, a file with no heading), as `faqbot build` prints it
    # changed false: the version published before was built from this content with these settings and code, so
    # the build kept it (bot/build.py) and the versions kept for rollback are still the earlier ones
    return jsonify({"ok": True, "index": info, "changed": info["version"] != before,
                    "warnings": build_warnings(g.faqbot_served.loaded.manifest)})
