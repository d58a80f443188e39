"""GET /openapi.json: a hand-written OpenAPI 3.1 description of the API (tests check real responses against it)."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify

from bot.settings import Settings
from bot.store import FAILURE_KINDS

from .params import NOT_IN_AN_ID_CHARS

bp = Blueprint("openapi", __name__)


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def _json(schema: dict, description: str, headers: dict | None = None) -> dict:
    out = {"description": description, "content": {"application/json": {"schema": schema}}}
    if headers:
        out["headers"] = headers
    return out


# What `faqbot serve`'s server (gunicorn) refuses on any path, before the app reads the request, in the same JSON
# error shape (web/worker.py): every operation lists these, so that a client generated from this document knows them.
# (The limits are gunicorn's as faqbot serve sets them; an operator's GUNICORN_CMD_ARGS may change them.)
# Not listed: the worker's 403 for a forbidden PROXY-protocol header (web/worker.py). gunicorn raises it only with
# proxy_protocol on, which faqbot serve leaves off (an operator's --proxy-protocol turns it on), and then only for a
# connection that opens with a PROXY header from an address outside --proxy-allow-from: a proxy set up wrong, never
# a client of this API, whose requests are served as before. Nor its 403 for a TLS error (plain HTTP sent to a TLS
# port): only with an operator's certfile, which faqbot serve sets none of.
_REFUSED_BY_SERVER = {
    400: "A request that is malformed as HTTP (request line, header, chunked body; two Host headers), refused by "
         "the server before the app reads it; or a Host header that is no host name (and port), or none at all "
         "in HTTP/1.1 (RFC 9112 3.2)",
    414: "Request line longer than 8190 bytes, refused by the server (send a long question with POST /api/ask)",
    417: "An Expect header other than 100-continue, refused by the server",
    431: "Request headers too large (more than 100, or one longer than 8190 bytes), refused by the server",
    501: "Transfer-Encoding other than chunked (gzip, br, ...): send the body with Content-Length or "
         "Transfer-Encoding: chunked",
}


_STORE_RETRY = "Seconds until the log database is tried again"

# What GET /api/ready's 503 says (web/api.py's ready): which of the two, and for the database the kind of failure
# (Store.problem), in fixed words that name no host, user or password.
_NOT_READY = ("Not ready. The error says which: \"not ready: no index is loaded yet\", or \"not ready: the question "
              "log database cannot be used: \" followed by the kind of failure (then with Retry-After): "
              + ", ".join(f"\"{kind}\"" for kind in FAILURE_KINDS)
              + ", or \"failed (\" the error's type \")\" for any other")


def _errors(*codes: int, unavailable: str = "", retry_after: str = "") -> dict:
    """The error responses of an operation, `codes` and those the server refuses any request with
    (_REFUSED_BY_SERVER); `unavailable` says what its 503 means there, `retry_after` what its Retry-After is."""
    text = {400: "Invalid input: missing, empty, non-string or overlong question, bad JSON, wrong field type, a "
                 "parameter given twice or empty, a parameter's name spelled another way (topK), a body field in a "
                 "POST's query string, a body on a GET "
                 "(reindex: a body that is not a JSON object); or, refused by the server before the app reads it, "
                 "a request malformed as HTTP, a Host header that is no host name (and port), or none in HTTP/1.1",
            401: "No bearer token", 403: "Wrong bearer token", 404: "Not found (reindex: no admin token configured)",
            405: "Method not allowed", 413: "Body larger than 16 KB",
            415: "Body is not JSON (Content-Type: application/json), or is compressed (only Content-Encoding: "
                 "identity); reindex: a body that is not JSON",
            422: "The content could not be indexed; the error names the file, the old index keeps serving",
            429: "Rate limit exceeded", 503: unavailable}
    out = {}
    for code in sorted({*codes, *_REFUSED_BY_SERVER}):
        headers = None
        if code == 429:
            headers = {"Retry-After": {"description": "Seconds until a request is allowed again",
                                       "schema": {"type": "integer"}}}
        if code == 503 and retry_after:
            headers = {"Retry-After": {"description": retry_after, "schema": {"type": "integer"}}}
        described = text[code] if code in codes and code in text else _REFUSED_BY_SERVER[code]
        out[str(code)] = _json(_ref("Error"), described, headers)
    return out


def spec(settings: Settings) -> dict:
    """The OpenAPI document for an app running with these settings."""
    question = {"type": "string", "minLength": 1, "maxLength": settings.max_question_length,
                # Not only spaces, under both Python's and JavaScript's idea of a space (NUL counts as one).
                "pattern": "[^\\s\\u0000\\u001c-\\u001f\\u0085\\ufeff]",
                "description": "The visitor's question (leading/trailing space is ignored)."}
    schemas = {
        "Error": {
            "type": "object", "additionalProperties": False, "required": ["ok", "error", "status"],
            "properties": {"ok": {"const": False}, "error": {"type": "string"},
                           "status": {"type": "integer", "minimum": 300, "maximum": 599,
                                      "description": "The HTTP status (3xx: a redirect under /api/, which the "
                                                     "error names)"}},
        },
        "Source": {
            "type": "object", "required": ["document", "title", "url"],
            "properties": {"document": {"type": "string"}, "title": {"type": "string"},
                           "url": {"type": "string", "description": "/kb/<document>#<anchor>"}},
        },
        "Blocks": {
            "type": "array", "description": ("Text as paragraphs, lists and tables (rows of [column, value] cells); a "
                                            "paragraph's line breaks are the editor's, to be shown (opening hours, an address)."),
            "items": {"type": "object", "required": ["kind"], "properties": {
                "kind": {"enum": ["p", "ul", "table"]}, "text": {"type": "string"},
                "items": {"type": "array", "items": {"type": "string"}},
                "rows": {"type": "array", "items": {"type": "array", "items": {
                    "type": "array", "items": {"type": "string"}, "minItems": 2, "maxItems": 2}}}}},
        },
        "Suggestion": {
            "type": "object", "required": ["heading", "section_id", "confidence"],
            "properties": {"heading": {"type": "string"}, "section_id": {"type": "string"},
                           "confidence": {"type": "number", "minimum": 0, "maximum": 1},
                           "url": {"type": "string"}},
        },
        "Answer": {
            "type": "object",
            "required": ["ok", "question", "answered", "kind", "answer", "full_answer", "heading", "section_id",
                         "confidence", "source", "suggestions"],
            "properties": {
                "ok": {"const": True},
                "question": {"type": "string"},
                "answered": {"type": "boolean", "description": "True exactly when confidence reaches the threshold."},
                "kind": {"enum": ["answer", "no_answer", "smalltalk"]},
                "answer": {"type": "string", "description": "The concise reply (about 400 characters at most); for "
                           "kind no_answer a short polite message, with the site's FAQBOT_NO_ANSWER_CONTACT line (how "
                           "to reach a person) when one is set."},
                "full_answer": _nullable({"type": "string", "description": "The whole section text."}),
                "heading": _nullable({"type": "string"}),
                "section_id": _nullable({"type": "string"}),
                "confidence": {"type": "number", "minimum": 0, "maximum": 1},
                "source": _nullable(_ref("Source")),
                "suggestions": {"type": "array", "items": _ref("Suggestion")},
                "answer_blocks": _nullable(_ref("Blocks")),
                "full_answer_blocks": _nullable(_ref("Blocks")),
                "explain": {"type": "object", "description": "Why it scored what it did (only with explain)."},
            },
        },
        "AskRequest": {
            "type": "object", "required": ["question"],
            "properties": {
                "question": question,
                "top_k": _nullable({"type": "integer", "minimum": 1, "maximum": 10, "default": 3,
                                    "description": "At most how many suggestions: only sections that share something "
                                                   "with the question are offered, so there may be fewer; null means "
                                                   "the default."}),
                "history": _nullable({"type": "array", "items": {"type": "string"},
                                      "description": "This chat's earlier questions, newest last (the last 5 "
                                                     "are used); null means none."}),
                "explain": _nullable({"type": "boolean", "default": False,
                                      "description": "Add why it scored what it did; null means the default."}),
            },
            "description": "A field given twice (a JSON object with the same name twice) is a 400; POST reads only "
                           "this body: its fields in the query string are a 400 too. Other names are ignored, but "
                           "one of these spelled another way (topK, top-k, Question) is a 400 naming the field.",
        },
        "FeedbackRequest": {
            "type": "object", "required": ["question", "helpful"],
            "properties": {"question": question,
                           "section_id": _nullable({"type": "string", "maxLength": 300,
                                                    # no control character, nor a mark that reorders text: no
                                                    # section id holds one. Nor a lone surrogate (refused too), but a
                                                    # pattern naming surrogates is no regex to ECMA-style engines
                                                    # (schemathesis' jsonschema_rs then ignored it)
                                                    "pattern": f"^[^{NOT_IN_AN_ID_CHARS}]*$",
                                                    "description": "The section the answer came from (no control "
                                                                   "character and no lone surrogate: 400); null, or "
                                                                   "empty or blank, for none."}),
                           "helpful": {"type": "boolean"}},
            "description": "Other names are ignored, but one of these spelled another way (sectionId, section-id, "
                           "Helpful) is a 400 naming the field: the vote is not stored for no section.",
        },
        "FeedbackResult": {
            "type": "object", "required": ["ok", "stored"],
            "properties": {"ok": {"const": True}, "stored": {"const": True}},
        },
        "SectionRef": {
            "type": "object", "required": ["section_id", "heading", "document", "url"],
            "properties": {"section_id": {"type": "string"}, "heading": {"type": "string"},
                           "document": {"type": "string"}, "url": {"type": "string"},
                           "former_ids": {"type": "array", "items": {"type": "string"},
                                          "description": "Only where the section has any: the ids it had before "
                                                         "a rename or move, which old links still use"}},
        },
        "Sections": {
            "type": "object", "required": ["ok", "count", "sections", "documents"],
            "properties": {
                "ok": {"const": True}, "count": {"type": "integer", "minimum": 0},
                "sections": {"type": "array", "items": _ref("SectionRef")},
                "documents": {"type": "array", "items": {
                    "type": "object", "required": ["document", "title", "url"],
                    "properties": {"document": {"type": "string"}, "title": {"type": "string"},
                                   "url": {"type": "string"}}}},
            },
        },
        "IndexInfo": {
            "type": "object", "required": ["version", "built_at", "documents", "sections"],
            "properties": {"version": {"type": "string"}, "built_at": _nullable({"type": "string"}),
                           "documents": {"type": "integer", "minimum": 0},
                           "sections": {"type": "integer", "minimum": 0}},
        },
        "Health": {
            "type": "object", "required": ["ok", "index", "database", "pid"],
            "properties": {"ok": {"const": True},
                           "index": _ref("IndexInfo"),
                           "published": _nullable({"type": "string", "description": (
                               "The version the index folder names as current; the worker serves it within "
                               "FAQBOT_RELOAD_INTERVAL seconds.")}),
                           "database": {"enum": ["ok", "unavailable"], "description": (
                               "unavailable: the log database cannot be used now (questions wait in the worker's "
                               "queue); GET /api/ready's error names the kind of failure.")},
                           "pid": {"type": "integer", "description": "The worker process that answered."}},
        },
        "Live": {
            "type": "object", "required": ["ok", "pid"],
            "properties": {"ok": {"const": True}, "pid": {"type": "integer"}},
        },
        "Ready": {
            "type": "object", "required": ["ok", "index", "database"],
            "properties": {"ok": {"const": True}, "index": {"type": "string"}, "database": {"const": "ok"},
                           "log_backlog": {"type": "integer"}, "log_dropped": {"type": "integer"}},
        },
        "ReindexResult": {
            "type": "object", "required": ["ok", "index", "changed", "warnings"],
            "properties": {"ok": {"const": True}, "index": _ref("IndexInfo"),
                           "changed": {"type": "boolean",
                                       "description": "false when the index already published was built from the "
                                                      "same content, settings, encoder and faqbot version: it keeps "
                                                      "serving and no new version is published"},
                           "warnings": {"type": "array", "items": {"type": "string"},
                                        "description": "What the build warned of: a skipped file, a file with no "
                                                       "heading (read as one section), a skipped block of phrasings"}},
        },
    }
    # Headers on every /api/ answer (the rate-limit ones where a limit applies: ask and feedback, unless it is 0).
    served_by = {"Faqbot-Index-Version": {"description": "The index version that answered",
                                          "schema": {"type": "string"}},
                 "Faqbot-Worker": {"description": "The worker process that answered", "schema": {"type": "string"}}}
    limited = {name: {"description": text, "schema": {"type": "integer"}} for name, text in (
        ("X-RateLimit-Limit", "Requests allowed per window (FAQBOT_RATE_LIMIT)"),
        ("X-RateLimit-Remaining", "Requests left in this window"),
        ("X-RateLimit-Reset", "When the window ends, in seconds since the epoch"))}
    idempotency_key = {"name": "Idempotency-Key", "in": "header",
                       "schema": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[!-+\\--~]+$"},
                       "description": "One random id per question, sent again with the same question when it "
                                      "is retried: the question log keeps it once (the widget's Try again). "
                                      "Visible ASCII but ',' (a header sent twice arrives as 'a,b': a 400)."}
    ask_responses = {"200": _json(_ref("Answer"), "The answer (also when nothing matched: kind no_answer)",
                                  {**served_by, **limited}),
                     **_errors(400, 413, 415, 429)}
    return {
        "openapi": "3.1.0",
        "info": {"title": "faqbot", "version": "1",
                 "description": "Answers visitors' questions from a knowledge base of articles and FAQ tables. "
                                "Every error is {ok: false, error, status}, those the server refuses a request "
                                "with before the app reads it included (400, 414, 417, 431, 501: listed on every "
                                "operation)."},
        "paths": {
            "/api/ask": {
                "post": {"summary": "Ask a question", "operationId": "ask", "parameters": [idempotency_key],
                         "requestBody": {"required": True,
                                         "content": {"application/json": {"schema": _ref("AskRequest")}}},
                         "responses": ask_responses},
                "get": {"summary": "Ask a question (for curl and links)", "operationId": "askGet",
                        "parameters": [
                            {"name": "q", "in": "query", "required": True, "schema": question,
                             "description": "The question, percent-encoded UTF-8 (`question=` is read when there "
                                            "is no q; both is a 400). Every parameter but history is given once: "
                                            "twice is a 400, as a body on this GET is"},
                            {"name": "top_k", "in": "query", "schema": {"type": "integer", "minimum": 1,
                                                                        "maximum": 10, "default": 3},
                             "description": "At most how many suggestions (see AskRequest): an integer from 1 "
                                            "to 10 in ASCII digits (3.0 is 3, as in the JSON body); absent means "
                                            "the default, empty (top_k=) is a 400"},
                            {"name": "history", "in": "query", "schema": {"type": "array",
                                                                          "items": {"type": "string"}},
                             "style": "form", "explode": True,
                             "description": "This chat's earlier questions, one history= each, newest last (the last "
                                            "5 are used); an empty one is dropped; a whole list in one (a JSON list, "
                                            "or Python's ['a', 'b'] from urlencode without doseq=True) is a 400"},
                            {"name": "explain", "in": "query", "schema": {"type": "boolean", "default": False},
                             "description": "Add why it scored what it did (true or 1; false or 0; empty is a 400)."},
                            idempotency_key],
                        "responses": {k: v for k, v in ask_responses.items() if k not in ("413", "415")}},
            },
            "/api/feedback": {
                "post": {"summary": "Thumbs up or down on an answer", "operationId": "feedback",
                         "requestBody": {"required": True,
                                         "content": {"application/json": {"schema": _ref("FeedbackRequest")}}},
                         "responses": {"201": _json(_ref("FeedbackResult"), "Stored", {**served_by, **limited}),
                                       **_errors(400, 413, 415, 429, 503,
                                               unavailable="The log database is unavailable",
                                               retry_after=_STORE_RETRY)}},
            },
            "/api/sections": {
                "get": {"summary": "Every section of the knowledge base", "operationId": "sections",
                        "responses": {"200": _json(_ref("Sections"), "Sections in content order"), **_errors()}},
            },
            "/api/health": {
                "get": {"summary": "Index being served and database state (ok or unavailable; /api/ready names "
                                   "the kind of failure)", "operationId": "health",
                        "responses": {"200": _json(_ref("Health"), "Serving"), **_errors()}},
            },
            "/api/live": {
                "get": {"summary": "Liveness: the worker answers", "operationId": "live",
                        "responses": {"200": _json(_ref("Live"), "Alive"), **_errors()}},
            },
            "/api/ready": {
                "get": {"summary": "Readiness: an index is loaded and the log database answers",
                        "operationId": "ready",
                        "responses": {"200": _json(_ref("Ready"), "Ready to serve"),
                                      **_errors(503, unavailable=_NOT_READY, retry_after=_STORE_RETRY)}},
            },
            "/api/reindex": {
                "post": {"summary": "Rebuild the index from the content folder and serve it",
                         "operationId": "reindex", "security": [{"adminToken": []}],
                         "requestBody": {"required": False,
                                         "description": "None: a reindex has no parameters. A JSON object is "
                                                        "accepted and its fields ignored (as unknown fields are "
                                                        "everywhere); any other body is refused.",
                                         "content": {"application/json": {"schema": {"type": "object"}}}},
                         "responses": {"200": _json(_ref("ReindexResult"), "The new index is serving"),
                                       **_errors(400, 401, 403, 404, 413, 415, 422, 429, 503,
                                               unavailable="The index folder can't be written")}},
            },
        },
        "components": {
            "schemas": schemas,
            "securitySchemes": {"adminToken": {"type": "http", "scheme": "bearer",
                                               "description": "FAQBOT_ADMIN_TOKEN"}},
        },
    }


@bp.get("/openapi.json")
def openapi_json() -> Response:
    """The OpenAPI document (CORS as for /api/)."""
    return jsonify(spec(current_app.config["FAQBOT_SETTINGS"]))
