"""CORS for the origins FAQBOT_CORS_ORIGINS lists: what a page on another site may send to /api/ and read back."""

from __future__ import annotations

import logging
import re
from urllib.parse import urlsplit

from flask import Flask, Response, request

from bot.settings import Settings

from .errors import is_api_request

log = logging.getLogger(__name__)

_DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin(origin: str) -> str:
    """An origin as a browser sends it in its Origin header: scheme and host in lower case, no default port,
    no trailing slash. 'https://Clinic.example:443/' written in FAQBOT_CORS_ORIGINS must match the
    'https://clinic.example' the browser sends, or the widget fails with no word why."""
    origin = origin.strip().rstrip("/")
    try:
        parts = urlsplit(origin)
        port = parts.port
    except ValueError:  # not an origin at all ("null", a bad port): compared as it is
        return origin
    if not parts.scheme or not parts.hostname:
        return origin
    host = parts.hostname
    if not host.isascii():  # a browser sends an internationalized host in its ASCII (punycode) form
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:  # not a name IDNA can write: compared as it is (and never matched)
            pass
    host = f"[{host}]" if ":" in host else host
    if port is not None and port != _DEFAULT_PORTS.get(parts.scheme.lower()):
        host += f":{port}"
    return f"{parts.scheme.lower()}://{host}"


def allowed_origins(settings: Settings) -> frozenset[str]:
    """The origins from FAQBOT_CORS_ORIGINS, normalized as browsers send them (see _origin)."""
    return frozenset(_origin(o) for o in settings.cors_origins.split(",") if o.strip())


# Every header of ours a client may read, beyond the ones any page can (Content-Type, Cache-Control...): a page on
# another origin sees none it is not told of. Which index version and worker answered, the rate-limit budget, and
# the protocol headers an error keeps for its client (web/errors.py): Allow on a 405, WWW-Authenticate on a 401,
# Retry-After on a 429 or a 503. Not the ones meant for the browser itself (CSP, nosniff, Referrer-Policy, Vary).
EXPOSED_HEADERS = ("Allow", "Faqbot-Index-Version", "Faqbot-Worker", "Retry-After", "WWW-Authenticate",
                   "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")
# Always allowed in a preflight, whatever it asks for: what the widget and an admin client send.
_ALLOWED_HEADERS = ("Content-Type", "Authorization", "Idempotency-Key")
# RFC 9110 5.1 and 5.6.2: a field name is a token.
_FIELD_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")


def allowed_request_headers(requested: str | None) -> str:
    """Access-Control-Allow-Headers for a preflight's Access-Control-Request-Headers: the fixed ones plus every
    name it asks for (a page's X-Requested-With, Accept-Language...), when each is a field name; the fixed ones
    alone for a list with anything else in it, which is then never written back into a response."""
    names = [name.strip(" \t") for name in (requested or "").split(",")]
    names = [name for name in names if name]  # RFC 9110 5.6.1: empty list elements are allowed, and mean nothing
    if not all(_FIELD_NAME.fullmatch(name) for name in names):
        names = []
    allowed = list(_ALLOWED_HEADERS)
    seen = {name.lower() for name in allowed}
    for name in names:
        if name.lower() not in seen:
            seen.add(name.lower())
            allowed.append(name.lower())  # as browsers send them: lower case
    return ", ".join(allowed)


def install_cors(app: Flask, settings: Settings) -> None:
    """Access-Control-* headers on /api/ responses, only for the configured origins; never
    Access-Control-Allow-Credentials, since the API uses no cookies (the admin token is sent as a header)."""
    origins = allowed_origins(settings)
    any_origin = "*" in origins
    listed = origins - {"*"}  # origins named themselves, not only let in by '*'
    refused: set[str] = set()  # origins already named in the log, by this worker

    @app.after_request
    def cors(response: Response) -> Response:
        if not is_api_request():
            return response
        response.vary.add("Origin")
        preflight = request.method == "OPTIONS"
        if preflight:
            response.vary.update(("Access-Control-Request-Headers", "Access-Control-Request-Private-Network"))
        origin = request.headers.get("Origin")
        if not origin:
            return response
        named = _origin(origin) in listed
        if not (any_origin or named):
            _say_refused(origin, refused)
            return response
        response.headers["Access-Control-Allow-Origin"] = "*" if any_origin else origin
        response.headers["Access-Control-Expose-Headers"] = ", ".join(EXPOSED_HEADERS)
        if preflight:
            # The route's own methods, as its Allow header lists them (sorted): POST only for /api/feedback.
            allow = {m.strip() for m in response.headers.get("Allow", "").split(",") if m.strip()}
            response.headers["Access-Control-Allow-Methods"] = ", ".join(sorted(allow)) or "OPTIONS"
            response.headers["Access-Control-Allow-Headers"] = allowed_request_headers(
                request.headers.get("Access-Control-Request-Headers"))
            response.headers["Access-Control-Max-Age"] = "600"
            # Chrome's Private Network Access: a public page calling a bot on a private address (a clinic's
            # intranet) is let through only if the bot says so. Only for an origin named in FAQBOT_CORS_ORIGINS:
            # '*' lets any page read the public answers, not any page on the internet reach into the intranet.
            if named and request.headers.get("Access-Control-Request-Private-Network", "").strip().lower() == "true":
                response.headers["Access-Control-Allow-Private-Network"] = "true"
        return response


def _say_refused(origin: str, said: set[str]) -> None:
    """One warning per origin (per worker, for the first few) when a page on another origin than those allowed
    calls the API: its browser withholds the answer, and the widget can only say it cannot reach the answers, so
    the log is where the site owner finds the cause ('localhost' for '127.0.0.1', a page opened from a file)."""
    normal = _origin(origin)
    try:
        host = urlsplit(normal).netloc
    except ValueError:  # no origin at all ("http://[::1", which _origin leaves as it is): a 500 on every endpoint
        host = None
    if normal in said or len(said) >= 20 or host == request.host.lower():
        return  # said already, a flood of made-up origins, or one of the bot's own pages (a POST sends Origin)
    said.add(normal)
    if normal == "null":
        where = "a page with no origin (opened from a file, or in a sandboxed frame)"
        fix = "serve the page over http(s) from an origin listed there"
    else:
        where = f"a page on {normal}"
        fix = "add that origin there (scheme, host and port) if it is your site"
    log.warning("%s called %s, but FAQBOT_CORS_ORIGINS does not allow it, so the browser keeps the answer "
                "from the widget: %s", where, request.path, fix)
