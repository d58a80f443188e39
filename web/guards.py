"""Cross-cutting HTTP policy: per-client rate limit, the Host header, security headers (CORS: web/cors.py)."""

from __future__ import annotations

import ipaddress
import logging
import re
import sys
from collections.abc import Callable
from urllib.parse import urlsplit, urlunsplit

from flask import Flask, Response, g, request
from flask_limiter import Limiter
from markupsafe import escape
from werkzeug.exceptions import BadHost

from limits import parse_many
from limits.errors import ConfigurationError, StorageError
from limits.storage import storage_from_string

from bot.outage import Outage
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


def client_network(address: str | None) -> str | None:
    """Whom the rate limits and the sign-in throttle count as one client: an IPv4 address (an IPv4-mapped IPv6 one
    as its IPv4), or an IPv6 address's /64, which one host or home is given: counted by the full address, a client
    that took a new address in its /64 for each request had no limit (40 wrong admin tokens, never a 429)."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return address  # a test client's, or a unix socket's: as given
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _from_storage(error: BaseException | None) -> bool:
    """Did the rate-limit storage raise this (Redis gone, refusing, timing out, answering with an error)?"""
    kinds: tuple[type[BaseException], ...] = (OSError, StorageError)
    try:
        from redis.exceptions import RedisError
    except ImportError:  # no redis extra: the storage is memory://, which raises none of these
        pass
    else:
        kinds += (RedisError,)
    return isinstance(error, kinds)


class _OutageLog(logging.LoggerAdapter):
    """flask-limiter's log (its Limiter.logger): a rate-limit storage that stops answering is one warning line, and
    one more when it answers again, as the admin sign-in throttle says it (web/admin_auth.py).

    flask-limiter said "Rate limit storage unreachable - falling back to in-memory storage" once, then, for each request
    already on its way to Redis when another marked it unreachable, an ERROR "Failed to rate limit" or "Failed to
    update rate limit headers. Swallowing error" with Redis's three chained tracebacks; and "Rate limit storage
    recovered" at INFO, below the level logged. Its refusals at INFO name the client's key: left out, as before (the
    access log's 429 says the same). Any other warning or error of its is passed on as it logs it.
    """

    def __init__(self) -> None:
        super().__init__(logging.getLogger("flask-limiter"), {})
        self.outage = Outage()  # one line when the storage goes, one when it is back

    def log(self, level: int, msg: object, *args: object, **kwargs) -> None:  # type: ignore[override]
        error = sys.exc_info()[1]  # flask-limiter logs from the except block of what the storage raised
        text = str(msg)
        if text.startswith("Rate limit storage unreachable") or (kwargs.get("exc_info") and _from_storage(error)):
            self._went_away(error)
        elif text == "Rate limit storage recovered":
            self._came_back()
        elif level >= logging.WARNING:
            self.logger.log(level, msg, *args, **kwargs)

    def _went_away(self, error: BaseException | None) -> None:
        if self.outage.failed() is None:
            return
        reason = (" ".join(str(error).split()) or type(error).__name__) if error is not None else "no reason given"
        log.warning("rate-limit storage unreachable (%s); counting the rate limits in this worker's memory until it "
                    "answers", reason)

    def _came_back(self) -> None:
        if self.outage.back() is None:
            return
        log.warning("rate-limit storage reachable again; counting the rate limits there")


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
        # when it goes away, one when it is back: _OutageLog), rather than answering every limited request with a 500.
        in_memory_fallback_enabled=True,
        swallow_errors=True,  # and anything else the storage raises is logged, never the visitor's error
    )
    limiter.logger = _OutageLog()

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
    # (an empty port is allowed: "host:" is "host", RFC 3986 3.2.3; past 5 digits it is no port, and int() refuses
    # more than 4,300 digits: a ValueError, a 500 on every route)
    digits = port.lstrip("0") if port else ""
    if port and not (len(digits) <= 5 and 0 < int(digits or "0") < 65536):
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
