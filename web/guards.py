"""Cross-cutting HTTP policy: per-client rate limit, CORS for configured origins, security headers."""

from __future__ import annotations

import ipaddress
import logging
import re
from collections.abc import Callable
from urllib.parse import urlsplit, urlunsplit

from flask import Flask, Response, g, request
from flask_limiter import Limiter
from markupsafe import escape
from werkzeug.exceptions import BadHost

from limits import parse_many
from limits.errors import ConfigurationError
from limits.storage import storage_from_string

from bot.settings import Settings, SettingsError, without_password

from .errors import is_api_request

log = logging.getLogger(__name__)

# Pages: scripts and styles only from this origin, nothing inline.
_PAGE_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
             "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
             "frame-ancestors {frame_ancestors}")
# JSON is data, never a document to render or frame.
_API_CSP = "default-src 'none'; frame-ancestors 'none'"


def _rate(value: str, env: str) -> str | None:
    """A limit such as '30/minute', or None for '0' (off); a SettingsError naming the variable otherwise."""
    limit = value.strip()
    if limit in ("", "0"):
        return None
    try:
        parse_many(limit)
    except ValueError:
        raise SettingsError(f"{env}: cannot read {limit!r}; use e.g. '30/minute' or '0' for none") from None
    return limit


def check_rate_limit_storage(settings: Settings) -> None:
    """A SettingsError now, in one line, for a storage the rate limits cannot use (redis:// without the
    redis package), rather than a traceback from every worker as it starts."""
    if _rate(settings.rate_limit, "FAQBOT_RATE_LIMIT") is None and \
            _rate(settings.admin_rate_limit, "FAQBOT_ADMIN_RATE_LIMIT") is None:
        return
    shown = without_password(settings.rate_limit_storage)  # redis://:password@host: not in the logs
    try:
        storage_from_string(settings.rate_limit_storage)  # connects to nothing yet
    except ConfigurationError as e:
        raise SettingsError(f"FAQBOT_RATE_LIMIT_STORAGE: {shown} cannot be used ({e}); "
                            "for redis:// install the redis extra: pip install 'faqbot[redis]'") from None
    except ValueError as e:  # redis-py reading the URL: a port that is no number, a bad option (a traceback before)
        raise SettingsError(f"FAQBOT_RATE_LIMIT_STORAGE: cannot read {shown!r} ({e}); "
                            "expected redis://host:port/db") from None


def _failed_auth(response: Response) -> bool:
    return response.status_code in (401, 403)


def install_rate_limit(app: Flask, settings: Settings, endpoints: tuple[str, ...], client_key: Callable[[], str],
                       admin_endpoints: tuple[str, ...] = ()) -> Limiter | None:
    """Limit each client on the given endpoints, and its failed admin logins on admin_endpoints.

    client_key() names this request's client in the counters' keys: a keyed hash of its address, never the
    address (the counters may live in Redis). settings.rate_limit and settings.admin_rate_limit: "0" turns
    either off. Both count in the configured storage.
    """
    limit = _rate(settings.rate_limit, "FAQBOT_RATE_LIMIT")
    admin_limit = _rate(settings.admin_rate_limit, "FAQBOT_ADMIN_RATE_LIMIT")
    if limit is None and admin_limit is None:
        return None

    @app.after_request
    def retry_after_only_on_429(response: Response) -> Response:
        # Registered before the limiter's own hook, so it runs after it (Flask runs them in reverse):
        # the limiter's Retry-After belongs on a 429, not on every limited response. A 503's is the app's own
        # (when the log database is tried again), which the limiter had raised to the end of its window.
        if response.status_code != 429:
            response.headers.pop("Retry-After", None)
            own = g.get("faqbot_own_retry_after")
            if own:
                response.headers["Retry-After"] = own
        return response

    limiter = Limiter(
        key_func=client_key,
        app=app,
        storage_uri=settings.rate_limit_storage,
        headers_enabled=True,  # X-RateLimit-* on every limited response, Retry-After on 429
        strategy="fixed-window",  # supported by every storage (memory, redis, memcached)
        key_prefix="faqbot",
        # Redis unreachable: each process counts in its own memory until it answers again (one warning line
        # when it goes away), rather than answering every limited request with a 500.
        in_memory_fallback_enabled=True,
        swallow_errors=True,  # and anything else the storage raises is logged, never the visitor's error
    )

    @app.after_request
    def own_retry_after(response: Response) -> Response:
        # Registered after the limiter's hook, so it runs before it: the app's own Retry-After, as the view set it.
        g.faqbot_own_retry_after = response.headers.get("Retry-After")
        return response

    # flask-limiter logs every refusal at INFO with its key (the keyed hash; it was the visitor's address in clear
    # before the key was hashed). The access log's 429 says the same.
    logging.getLogger("flask-limiter").setLevel(logging.WARNING)
    for endpoint in endpoints if limit else ():
        # Wrapping the view registers the limit with this app's limiter only; preflight OPTIONS is not counted.
        # HEAD is: Flask answers it with the GET view, so it shares GET's budget (one counter per endpoint).
        app.view_functions[endpoint] = limiter.limit(limit, methods=["GET", "HEAD", "POST"])(
            app.view_functions[endpoint])
    for endpoint in admin_endpoints if admin_limit else ():
        # Only a wrong or missing token is counted (flask-limiter's deduct_when); once a client has spent its
        # budget, every attempt of its is 429 until the window ends, the right token included: guessing stays
        # slow while an editor elsewhere (another address) is never locked out.
        app.view_functions[endpoint] = limiter.limit(admin_limit, methods=["POST"], deduct_when=_failed_auth)(
            app.view_functions[endpoint])
    app.extensions["faqbot.limiter"] = limiter
    return limiter


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


# RFC 3986's host [":" port], no user info: an IP literal ("[" IPv6 or IPvFuture "]") or a reg-name (IPv4, DNS names,
# and what else unreserved, %-escaped and sub-delims characters spell: "faqbot_web" behind a proxy is one).
_HOST_HEADER = re.compile(r"(?P<host>\[(?P<literal>[^\]]*)\]|(?:[A-Za-z0-9._~!$&'()*+,;=-]|%[0-9A-Fa-f]{2})*)"
                          r"(?::(?P<port>[0-9]*))?")
_IPV_FUTURE = re.compile(r"[vV][0-9A-Fa-f]+\.[A-Za-z0-9._~!$&'()*+,;=:-]+")
_BAD_HOST = "the Host header is not a host name this server can read"
NO_HOST_HEADER = "the request has no Host header, which HTTP/1.1 requires: send the server's name (and port)"


def host_header_problem(value: str) -> str | None:
    """What is wrong with a Host header's value, in one line, or None when it is a host [":" port] (RFC 9112 3.2:
    a server answers an invalid one with a 400). werkzeug reads a value it cannot parse as no host at all, and
    its redirects then pointed to "http:///kb/"."""
    if not value:
        return "the Host header is empty: send the server's name (and port)"
    m = _HOST_HEADER.fullmatch(value)
    if m is None:
        return _BAD_HOST
    literal = m["literal"]
    if literal is not None and not _IPV_FUTURE.fullmatch(literal):
        try:
            ipaddress.IPv6Address(literal)
        except ValueError:
            return _BAD_HOST
    port = m["port"]
    if port and not 0 < int(port) < 65536:  # (an empty port is allowed: "host:" is "host", RFC 3986 3.2.3)
        return "the Host header's port is not a port number from 1 to 65535"
    return None


def install_host_check(app: Flask) -> None:
    """A 400 naming the Host header for a value that is no host [":" port], or for none at all in HTTP/1.1, before
    anything else looks at the request."""

    @app.before_request
    def check_host() -> None:
        value = request.environ.get("HTTP_HOST")
        if value is None:
            # RFC 9112 3.2: a server MUST answer an HTTP/1.1 request that lacks Host with a 400 (werkzeug used the
            # server's own address instead). HTTP/1.0 has no Host to require (an old client, curl --http1.0), and
            # an HTTP/2 server hands :authority over as Host: both are served.
            if request.environ.get("SERVER_PROTOCOL", "").upper() == "HTTP/1.1":
                raise BadHost(NO_HOST_HEADER)
            return
        problem = host_header_problem(value)
        if problem:
            raise BadHost(problem)


def _relative_location(response: Response) -> None:
    # werkzeug's routing redirects (/kb -> /kb/) are absolute URLs built from the Host header the client sent:
    # "Location: http://evil.example/kb/" for anyone who sends that Host, e.g. to poison a cache in front.
    # A relative Location means the same to every client (RFC 9110 10.2.2) and names no host at all.
    location = response.headers.get("Location")
    if location:
        parts = urlsplit(location)
        # "http:///kb/": a Host header werkzeug cannot read ("faqbot_web", "host:") is no host to it.
        ours = parts.scheme in ("http", "https") and not parts.netloc
        if ours or parts.netloc and parts.hostname == urlsplit(f"//{request.host}").hostname:  # whatever the port
            relative = urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment))
            response.headers["Location"] = relative
            if response.mimetype == "text/html" and 300 <= response.status_code < 400:
                # werkzeug's redirect page links the same absolute URL: <a href="http://evil.example/kb/">
                old, new = str(escape(location)).encode(), str(escape(relative)).encode()
                response.set_data(response.get_data().replace(old, new))


def install_security_headers(app: Flask, settings: Settings) -> None:
    """CSP without inline script on pages, nosniff and a referrer policy everywhere; redirects stay relative."""
    # ';' would start a new directive: a frame_ancestors value can only ever add frame sources.
    page_csp = _PAGE_CSP.format(frame_ancestors=settings.frame_ancestors.replace(";", " ").strip() or "'none'")

    @app.after_request
    def security_headers(response: Response) -> Response:
        _relative_location(response)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        if is_api_request():
            response.headers.setdefault("Content-Security-Policy", _API_CSP)
            response.headers.setdefault("Cache-Control", "no-store")
        elif response.mimetype == "text/html":
            response.headers["Content-Security-Policy"] = page_csp
        return response
