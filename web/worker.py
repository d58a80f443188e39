"""The gunicorn worker of `faqbot serve`: gevent, so a slow client costs a greenlet instead of a thread, and
JSON for the errors gunicorn answers itself (an over-long request line, too many headers), as under /api/.

What must not run on the worker's event loop goes to native threads: see web.offload.
"""

from __future__ import annotations

import json
import os
import re
import ssl
from http import HTTPStatus

from gunicorn import util
from gunicorn.http import errors as http_errors
from gunicorn.workers.ggevent import GeventWorker

from .errors import error_body
from .cors import allowed_origins

# gunicorn's own statuses for requests it refuses before the app sees them (see gunicorn.workers.base), with
# messages a client can act on. Checked in order: the first class the error is an instance of decides.
_REFUSED: tuple[tuple[type[BaseException], int, str], ...] = (
    (http_errors.LimitRequestLine, 414, "request line too long (at most {line} bytes): send a long question "
                                        "with POST /api/ask"),
    (http_errors.LimitRequestHeaders, 431, "request headers too large (at most {fields} headers of {field} bytes)"),
    (http_errors.UnsupportedTransferCoding, 501, "Transfer-Encoding {codings} is not supported: send the body with "
                                                  "Content-Length or Transfer-Encoding: chunked"),
    (http_errors.ExpectationFailed, 417, "expectation failed"),
    (http_errors.ForbiddenProxyRequest, 403, "forbidden"),
    (http_errors.InvalidResponseHeader, 500, "internal error; it has been logged"),  # the app's fault
    (http_errors.InvalidResponseHeaderName, 500, "internal error; it has been logged"),
    (http_errors.ConfigurationProblem, 500, "server configuration problem; it has been logged"),
    (ssl.SSLError, 403, "TLS error"),
    (http_errors.ParseException, 400, "malformed HTTP request: {detail}"),
)


class FaqbotWorker(GeventWorker):
    """gunicorn's gevent worker with JSON error responses (CONTRACT.md's shape) and no client data in its log."""

    def handle_error(self, req, client, addr, exc) -> None:
        status, message = self._refusal(exc)
        if status == 500:  # the app's or the configuration's fault; a 501 is a client's coding we do not speak
            # The request line may hold a GET question: name only the method and path.
            where = f"{getattr(req, 'method', '?')} {getattr(req, 'path', '?')}" if req is not None else "(no request)"
            self.log.exception("error handling request %s", where)
        else:
            # Not the address, nor the request line gunicorn would quote: the log stays as private as the database.
            self.log.warning("refused a request: %s %s", status, type(exc).__name__)
        # As the app writes its errors (Flask's compact JSON and a newline), with the headers of every /api/ answer
        body = (json.dumps(error_body(status, message), separators=(",", ":")) + "\n").encode()
        head = (f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\nConnection: close\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
                f"Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n{self._cors()}"
                f"{self._who()}Vary: Origin\r\n\r\n")
        try:
            util.write_nonblock(client, head.encode("latin-1") + body)
        except Exception:
            self.log.debug("failed to send the error response")

    def _who(self) -> str:
        """Faqbot-Index-Version (the version this worker serves: none while it waits for an index) and
        Faqbot-Worker, as the app sets them on its /api/ answers."""
        bot = getattr(getattr(self, "wsgi", None), "extensions", {}).get("faqbot")
        version = bot.current().version if bot is not None else None
        shown = f"Faqbot-Index-Version: {version}\r\n" if version and version.isascii() and version.isprintable() else ""
        return f"{shown}Faqbot-Worker: {os.getpid()}\r\n"

    def _cors(self) -> str:
        """The CORS header these refusals can carry, so that a page on an allowed origin reads the error rather than
        a network failure: the request was refused before its Origin header was read, so only an answer that is the
        same for every origin is possible: FAQBOT_CORS_ORIGINS '*', or a single origin (a browser compares it with
        the page's). With several origins: none (docs/security.md)."""
        settings = getattr(getattr(self, "wsgi", None), "config", {}).get("FAQBOT_SETTINGS")
        origins = sorted(allowed_origins(settings)) if settings is not None else []
        if "*" in origins:
            return "Access-Control-Allow-Origin: *\r\n"
        if len(origins) == 1 and origins[0].isascii() and origins[0].isprintable():
            return f"Access-Control-Allow-Origin: {origins[0]}\r\n"
        return ""

    def _refusal(self, exc: BaseException) -> tuple[int, str]:
        if isinstance(exc, http_errors.InvalidRequestLine):
            # Never the line itself: it holds a GET question, which gunicorn quoted back (UTF-8 read as Latin-1,
            # "q=caf\u00c3\u00a9"). A question typed into the URL unencoded is the usual cause: say how to send it.
            line = str(getattr(exc, "req", ""))
            if not line.isascii():
                return 400, ("malformed HTTP request line: its URL holds characters outside ASCII; percent-encode "
                             "them (with curl: -G --data-urlencode 'q=...'), or send the question with POST /api/ask")
            return 400, "malformed HTTP request line"
        if isinstance(exc, http_errors.InvalidHeader) and getattr(exc, "hdr", None) in _FRAMING:
            return 400, _framing(exc)
        for kind, status, message in _REFUSED:
            if isinstance(exc, kind):
                detail = str(exc)[:200]
                return status, message.format(line=self.cfg.limit_request_line, fields=self.cfg.limit_request_fields,
                                              field=self.cfg.limit_request_field_size, detail=detail,
                                              codings=", ".join(_codings(exc, ("chunked", "identity"))) or "(empty)")
        return 500, "internal error; it has been logged"


_FRAMING = ("TRANSFER-ENCODING", "CONTENT-LENGTH")  # gunicorn's InvalidHeader for a body it cannot frame
_TOKEN = re.compile(r"[A-Za-z0-9!#$%&'*+.^_`|~-]{1,40}")  # a coding's name as HTTP spells one (RFC 9110 token)


def _headers(exc: BaseException, name: str) -> list[str]:
    """The values of one request header gunicorn had read when it refused the request (none if it had not)."""
    headers = getattr(getattr(exc, "req", None), "headers", None) or []
    return [value for key, value in headers if key == name]


def _codings(exc: BaseException, leaving: tuple[str, ...] = ()) -> list[str]:
    """The transfer codings the request named, in order, lower-cased (a name no coding has is "a coding")."""
    values = _headers(exc, "TRANSFER-ENCODING") or ([exc.hdr] if isinstance(exc, http_errors.UnsupportedTransferCoding)
                                                    and isinstance(exc.hdr, str) else [])
    named = [c.strip(" \t").lower() for value in values for c in value.split(",")]
    return [c if _TOKEN.fullmatch(c) else "(a coding)" for c in named if c and c not in leaving]


def _framing(exc: BaseException) -> str:
    """What is wrong with how a request framed its body (gunicorn's "Invalid HTTP Header: 'CONTENT-LENGTH'"), and
    what to send instead."""
    codings = _codings(exc)
    chunked = "chunked" in codings
    if exc.hdr == "CONTENT-LENGTH":
        if chunked:
            return ("Content-Length and Transfer-Encoding: chunked were both sent: send one of them (Content-Length "
                    "for a body of known size)")
        if len(_headers(exc, "CONTENT-LENGTH")) > 1:
            return "Content-Length was sent more than once: send it once"
        return "Content-Length must be the body's size in bytes, in digits only"
    version = getattr(getattr(exc, "req", None), "version", None)
    if chunked and version is not None and tuple(version) < (1, 1):
        return ("Transfer-Encoding: chunked needs HTTP/1.1: send the request as HTTP/1.1, or the body with "
                "Content-Length")
    if chunked:  # twice, or before another coding (identity, gzip): gunicorn takes chunked only last, once
        return "Transfer-Encoding must name chunked once, last: send Transfer-Encoding: chunked alone"
    named = f" {', '.join(codings)}" if codings else ""
    return (f"Transfer-Encoding{named} without chunked last gives the body no length: send the JSON body "
            "uncompressed, with Content-Length or Transfer-Encoding: chunked")
