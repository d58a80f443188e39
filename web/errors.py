"""The one JSON error shape under /api/, and the handlers that make every error use it."""

from __future__ import annotations

import difflib
import logging
from urllib.parse import quote

from flask import Flask, Response, current_app, jsonify, request
from werkzeug.exceptions import BadHost, HTTPException, InternalServerError, MethodNotAllowed

log = logging.getLogger(__name__)

# Short, specific messages for the errors Werkzeug or flask-limiter raise on their own.
_MESSAGES = {
    400: "bad request",
    401: "authentication required",
    403: "forbidden",
    404: "not found",
    405: "method not allowed",
    413: "request body too large",
    415: "unsupported media type: send JSON with Content-Type: application/json",
    422: "unprocessable content",
    429: "too many requests",
    500: "internal error",
    503: "service unavailable",
}


class ApiError(Exception):
    """An error a client caused (or can retry), raised anywhere in a view, answered as the JSON error body."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def error_body(status: int, message: str) -> dict:
    """The JSON error of CONTRACT.md: {"ok": false, "error": message, "status": status}."""
    return {"ok": False, "error": message, "status": status}


def json_error(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """A response carrying error_body()."""
    response = jsonify(error_body(status, message))
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def is_api_request() -> bool:
    """True for the JSON surface: everything under /api/, the OpenAPI document, and OPTIONS * (the server's own)."""
    path = request.path
    path = path.lower()  # /API/ask is no route, but its client reads JSON: a 404 naming /api/ask, not an HTML page
    return path == "/api" or path.startswith("/api/") or path.rstrip("/") == "/openapi.json" or is_asterisk_form()


def is_preflight() -> bool:
    """A browser's CORS preflight: OPTIONS naming the method it asks leave to send, from a page's origin."""
    return (request.method == "OPTIONS" and "Origin" in request.headers
            and "Access-Control-Request-Method" in request.headers)


def is_asterisk_form() -> bool:
    """A request for the server as a whole: RFC 9112 3.2.4's asterisk-form target (OPTIONS *), which gunicorn and
    werkzeug's server hand over as PATH_INFO "*" (request.path then reads "/*", as for the path /*)."""
    return request.environ.get("PATH_INFO") == "*"


def _server_options() -> Response:
    """OPTIONS *: 200 with the methods some resource of this server allows, in Allow and in the JSON body (as an
    OPTIONS under /api/ answers); any other method with that target is a 400 (RFC 9112 3.2.4)."""
    if request.method != "OPTIONS":
        return json_error(400, f"the request target * is only for OPTIONS, not {request.method}: name a path")
    allow = sorted({m for rule in current_app.url_map.iter_rules() for m in rule.methods or ()})
    response = jsonify({"ok": True, "allow": allow})
    response.headers["Allow"] = ", ".join(allow)
    return response


def is_admin_json_request() -> bool:
    """A request to /admin that sends JSON or asks for it: answered in JSON, its errors too (web/admin.py)."""
    path = request.path
    return (path == "/admin" or path.startswith("/admin/")) and \
        (request.is_json or request.accept_mimetypes.best == "application/json")


def _route_without_trailing_slash() -> str | None:
    """The path without its trailing slashes, when that is a route ('/api/ask/' -> '/api/ask'), else None."""
    path = request.path
    if len(path) < 2 or not path.endswith("/"):
        return None
    stripped = path.rstrip("/")
    try:
        current_app.url_map.bind("localhost").match(stripped, method=request.method)
    except MethodNotAllowed:
        return stripped  # there, for another method: the 405 will say which
    except HTTPException:  # not found there either, or a redirect
        return None
    return stripped


def _close_route() -> str | None:
    """The API route a 404's path was most likely meant for, or None: the same path in other letter case
    (/API/ask, /api/Ask), with a prefix the API does not have (/api/v1/ask, /api/openapi.json), or a letter or two
    off (/api/asks, /api/section). It was a bare "not found: /api/Ask", which read as if the API had no such thing."""
    routes = sorted(r.rule for r in current_app.url_map.iter_rules()
                    if "<" not in r.rule and (r.rule.startswith("/api/") or r.rule == "/openapi.json"))
    path = request.path.rstrip("/").lower()
    if not path:
        return None
    same = [r for r in routes if r.lower() == path]
    if same:
        return same[0]
    last = path.rsplit("/", 1)[-1]
    ending = [r for r in routes if r.rsplit("/", 1)[-1] == last]
    if path.startswith("/api/") and len(ending) == 1:
        return ending[0]
    close = difflib.get_close_matches(path, routes, n=1, cutoff=0.9)
    return close[0] if close else None


def _http_message(e: HTTPException) -> str:
    code = e.code or 500
    if code == 404:
        stripped = _route_without_trailing_slash()
        if stripped:
            return f"not found: {request.path} (no trailing slash: {stripped})"
        meant = _close_route()
        return f"not found: {request.path}" + (f" (did you mean {meant}?)" if meant else "")
    if code == 405:
        allowed = ", ".join(sorted(m for m in e.get_response().headers.get("Allow", "").split(", ")
                                   if m not in ("OPTIONS", "HEAD", "")))  # werkzeug's set: in hash order
        return f"method {request.method} not allowed on {request.path}" + (f"; use {allowed}" if allowed else "")
    if code == 413:
        limit = request.max_content_length
        if not limit:
            return _MESSAGES[413]
        if request.path == "/api/ask":  # what fills 16 KB: a whole conversation sent as history, not a question
            from .params import HISTORY_USED

            longest = current_app.config["FAQBOT_SETTINGS"].max_question_length
            return (f"request body too large (limit {limit} bytes): a question is at most {longest} characters, "
                    f"and of 'history' only the last {HISTORY_USED} questions are read: send no more")
        return f"request body too large (limit {limit} bytes)"
    if code == 429:
        return f"too many requests: limit {e.description}; try again later"
    if isinstance(e, BadHost) and e.description == type(e).description:
        # a name IDNA cannot write (a label over 63 characters): werkzeug says "bad request". (web/guards.py's own
        # check of the Host header raises a BadHost saying what is wrong, answered below as it says.)
        return "the Host header is not a host name this server can read"
    if code == 400 and e.description and e.description != type(e).description:
        return e.description
    return _MESSAGES.get(code, e.name.lower())


def logged_path(path: str) -> str:
    """A request's path as a log line writes it: %-escaped as in a URL (a space, a line break, an escape character,
    a letter outside ASCII), where the path as decoded let "/x%0a2026-12-07T18:00:00 ERROR ..." write a line of its
    own into a text log, and control characters reach the operator's terminal."""
    return quote(path, safe="/:@!$&'()*+,;=-._~")


def register_error_handlers(app: Flask) -> None:
    """Make every error under /api/ the JSON shape; pages keep Werkzeug's plain HTML errors."""

    @app.errorhandler(ApiError)
    def handle_api_error(e: ApiError) -> Response:
        return json_error(e.status, e.message, e.headers)

    @app.errorhandler(HTTPException)
    def handle_http(e: HTTPException) -> Response | HTTPException:
        if is_asterisk_form() and e.code in (404, 405):
            # No route is "*": werkzeug's 404 was an HTML page for a question about the whole server (what a proxy
            # or a monitoring probe asks before it sends anything else).
            return _server_options()
        if not (is_api_request() or is_admin_json_request()):
            # A page's 400 for its Host header says so too, not werkzeug's "could not understand".
            return BadHost(_http_message(e)) if isinstance(e, BadHost) else e
        if e.code == 404 and is_preflight():
            # A browser's preflight must be a 2xx, or it reports only "CORS error" to the page and its console, and
            # the developer who mistyped /api/asks checks FAQBOT_CORS_ORIGINS instead. Answered as an OPTIONS is (the
            # CORS headers are web/cors.py's), so the request itself is sent and its JSON 404 ("did you mean
            # /api/ask?") read.
            response = jsonify({"ok": True, "allow": ["OPTIONS"]})
            response.headers["Allow"] = "OPTIONS"
            return response
        # Keep protocol headers (Allow on 405, Retry-After on 429, WWW-Authenticate on 401).
        keep = {k: v for k, v in e.get_response().headers.items()
                if k in ("Allow", "Retry-After", "WWW-Authenticate")}
        return json_error(e.code or 500, _http_message(e), keep)

    @app.after_request
    def json_redirect(response: Response) -> Response:
        # werkzeug's routing redirects (/api//health -> /api/health: merged slashes) skip the error handlers
        # and carry an HTML page; a JSON client that does not follow redirects reads JSON naming the address.
        if 300 <= response.status_code < 400 and response.mimetype == "text/html" and is_api_request():
            location = response.headers.get("Location", "")
            moved = "moved permanently" if response.status_code in (301, 308) else "moved"
            body = error_body(response.status_code, f"{moved}: use {location}" if location else moved)
            response.set_data(app.json.response(body).get_data())  # compact, as jsonify writes it
            response.mimetype = "application/json"
        return response

    @app.after_request
    def sorted_allow(response: Response) -> Response:
        # werkzeug writes Allow (on a 405, and on Flask's own OPTIONS answer) from a set: "GET, POST, OPTIONS" in
        # one worker and "POST, HEAD, GET, OPTIONS" in another, by the process's hash seed. Sorted, as the JSON
        # 405 message and the OPTIONS body list them.
        allow = response.headers.get("Allow")
        if allow:
            response.headers["Allow"] = ", ".join(sorted({m.strip() for m in allow.split(",") if m.strip()}))
        return response

    @app.after_request
    def json_options(response: Response) -> Response:
        # Flask answers OPTIONS (a CORS preflight) itself: 200, the methods in Allow and an empty body labelled
        # text/html. Under /api/ every answer is JSON, this one too: {"ok": true, "allow": [the methods, sorted]}.
        if (request.method == "OPTIONS" and response.status_code == 200 and response.mimetype == "text/html"
                and not response.get_data() and is_api_request()):
            allow = sorted(m.strip() for m in response.headers.get("Allow", "").split(",") if m.strip())
            response.set_data(app.json.response({"ok": True, "allow": allow}).get_data())
            response.mimetype = "application/json"
        return response

    @app.errorhandler(Exception)
    def handle_unexpected(e: Exception) -> Response | HTTPException:
        log.exception("unhandled error on %s %s", request.method, logged_path(request.path))
        if not is_api_request():
            return InternalServerError()
        return json_error(500, "internal error; it has been logged")
