"""The JSON API under /api/: validate at the boundary, call the Bot, serialize its Answer."""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import os
import re

from flask import Blueprint, Response, current_app, g, jsonify, request

from bot.engine import ContentError, IndexUnavailable
from bot.moves import moved_of
from bot.outage import Outage
from bot.question import clean
from bot.settings import Settings
from bot.store import RETRY_MAX, Store, StoreError
from bot.words import counted

from . import params
from .errors import ApiError
from .metrics import clock
from .offload import off_the_loop, store_writer
from .params import HISTORY_USED, cut as _cut  # noqa: F401 (named here by errors.py's 413 and by tests)
from .query import query_bool, query_checked, query_history, query_option, query_question

log = logging.getLogger(__name__)

bp = Blueprint("api", __name__, url_prefix="/api")

# A 503 for the log database: it is tried again at most RETRY_MAX seconds after a failure (bot/store.py).
STORE_RETRY_AFTER = {"Retry-After": str(math.ceil(RETRY_MAX))}
# What each endpoint reads: GET /api/ask from the query string (history may repeat: one per earlier question), the
# POSTs from their JSON body only.
ASK_QUERY = ("q", "question", "top_k", "history", "explain")
ASK_BODY = ("question", "top_k", "history", "explain")
FEEDBACK_BODY = ("question", "section_id", "helpful")


# ---- helpers: the app's parts, and the headers -----------------------------------------------

def _served():
    """The index version this request holds (see web.create_app): one complete version per request."""
    served = g.get("faqbot_served")
    return served if served is not None else current_app.extensions["faqbot"].current()


def _store() -> Store:
    return current_app.extensions["faqbot.store"]


def _settings() -> Settings:
    return current_app.config["FAQBOT_SETTINGS"]


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
    sent = _unquoted(given.strip())
    if not _KEY.fullmatch(sent):
        # The header sent twice reaches the app as one value, "a, b" (werkzeug's server) or "a,b" (gunicorn's): a
        # key holds no comma, so either is told from one key
        keys = [_unquoted(k.strip()) for k in given.split(",")]
        if len(keys) > 1 and all(_KEY.fullmatch(k) for k in keys):
            raise ApiError(400, f"'Idempotency-Key' is given more than once ({len(keys)} values, comma-separated): "
                                "send one key with each request")
        raise ApiError(400, "'Idempotency-Key' must be 1 to 200 visible ASCII characters other than ',' (one random "
                            "id per question, sent again when the question is)")
    digest = hashlib.sha256(f"{sent}\n{question}".encode("utf-8", "replace")).hexdigest()
    return "k" + digest[:31]  # 32 characters; the log's own random keys are 24 hex digits, never these


# An Idempotency-Key: visible ASCII but the comma, which joins a header sent twice ("a,b": read as one key, it was)
_KEY = re.compile(r"[!-+\--~]{1,200}")


def _unquoted(key: str) -> str:
    """An Idempotency-Key without the quotes the IETF draft sends it in (a structured-field string)."""
    return key[1:-1] if len(key) >= 2 and key[0] == key[-1] == '"' else key


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


# ---- endpoints ---------------------------------------------------------------------------

@bp.route("/ask", methods=["GET", "POST"])
def ask() -> Response:
    """Answer one question; the question, matched section and confidence are logged (HEAD: validated only)."""
    settings = _settings()
    if request.method == "POST":
        params.not_in_query(ASK_QUERY, renamed={"q": "question"})
        data = params.json_body(ASK_BODY)
        question, name = data.get("question"), "question"
        top_k, history, explain = data.get("top_k"), data.get("history"), data.get("explain")
    else:
        data = None
        query_checked(ASK_QUERY, repeatable=("history",))
        question, name = query_question()
        top_k = query_option("top_k", "an integer from 1 to 10")
        explain = query_bool("explain")
        history = query_history()
    if question is None:
        params.say_where_the_question_goes(data, known=ASK_QUERY if data is None else ASK_BODY)
    if data is None:  # (a body's names are checked as it is read; a GET without q is told of all it sent instead)
        params.misspelled(request.args, ASK_QUERY, "the query string")
    if data is None:
        params.no_body()
    question = params.text(question, name, settings.max_question_length)
    top_k = params.top_k(top_k)
    history = params.history(history, settings.max_question_length)
    explain = False if explain is None else params.boolean(explain, "explain")  # null is the default, as top_k's
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


class FeedbackOutage:
    """What the log says of feedback the database would not store: one line when it starts failing, a count every
    EVERY seconds while it goes on, one line when feedback is stored again (as the question log says it,
    bot/question_log.py). A line per refused vote was 5,565 lines in 10 s of an outage under load."""

    EVERY = 60.0  # seconds between the lines counting the votes refused meanwhile

    def __init__(self) -> None:
        self.outage = Outage(self.EVERY)  # its failures: the votes refused (503) since feedback stopped being stored

    def refused(self, error: StoreError) -> None:
        count = self.outage.failed()
        if count == 1:
            log.warning("feedback not stored, waiting for the database (visitors are answered 503): %s", error)
        elif count is not None:
            log.warning("feedback still not stored, waiting for the database: %s refused so far: %s",
                        counted(count, "vote"), error)

    def stored(self) -> None:
        count = self.outage.back()
        if count is not None:
            log.warning("feedback stored again: %s refused while the database did not answer",
                        counted(count, "vote"))


@bp.post("/feedback")
def feedback() -> tuple[Response, int]:
    """Store a visitor's thumbs up (helpful: true) or down on an answer."""
    settings = _settings()
    params.not_in_query(FEEDBACK_BODY)
    data = params.json_body(FEEDBACK_BODY)
    if data.get("question") is None:
        params.say_where_the_question_goes(data, known=FEEDBACK_BODY)
    question = params.text(data.get("question"), "question", settings.max_question_length)
    section_id = data.get("section_id")
    if isinstance(section_id, str) and not section_id.strip():
        section_id = None  # "" is how many clients say "no section": one row in the report, not two
    if section_id is not None:
        if not isinstance(section_id, str):
            raise ApiError(400, "'section_id' must be a string or null")
        if len(section_id) > 300:
            raise ApiError(400, "'section_id' is longer than 300 characters")
        if clean(section_id) != section_id or params.NOT_IN_AN_ID.search(section_id):
            # An identifier, not free text: a lone surrogate or NUL cannot be one (and would fail in the
            # database driver), nor a control character (params.NOT_IN_AN_ID); refused, where a question's are cleaned.
            raise ApiError(400, "'section_id' holds characters no section id has (a control character, a NUL or a "
                                "lone surrogate)")
        # A section that is not in the index served now is still stored: the visitor may have
        # been answered just before a reindex renamed it, and their vote should not be lost.
    if "helpful" not in data:
        raise ApiError(400, "'helpful' is required (true or false)")
    helpful = params.boolean(data["helpful"], "helpful")
    outage = current_app.extensions.get("faqbot.feedback_outage")
    if outage is None:
        outage = current_app.extensions.setdefault("faqbot.feedback_outage", FeedbackOutage())
    try:
        store_writer(_store())(_store().log_feedback, question, section_id, helpful, address=request.remote_addr)
    except StoreError as e:
        outage.refused(e)
        raise ApiError(503, "feedback cannot be stored right now; please try again later", STORE_RETRY_AFTER) from None
    outage.stored()
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
    problem = _store().problem()  # a few fixed words: this endpoint is public, the driver's name hosts and users
    if problem is not None:
        raise ApiError(503, f"not ready: the question log database cannot be used: {problem}", STORE_RETRY_AFTER)
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
    params.no_parameters()
    bot = current_app.extensions["faqbot"]
    before = bot.published_version()
    try:  # Bot.reindex holds its own lock: one rebuild at a time per process, answers keep flowing
        info, warnings = off_the_loop(bot.rebuild)  # the worker keeps answering meanwhile
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
                    "warnings": warnings})
