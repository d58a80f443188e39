"""The gunicorn worker of `faqbot serve`: gevent, so a slow client costs a greenlet instead of a thread, and
JSON for the errors gunicorn answers itself (an over-long request line, too many headers), as under /api/.

What must not run on the worker's event loop goes to native threads: see web.offload.
"""

from __future__ import annotations

import json
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
    (http_errors.UnsupportedTransferCoding, 501, "unsupported transfer coding: send the body with Content-Length "
                                                  "or Transfer-Encoding: chunked"),
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
        body = json.dumps(error_body(status, message)).encode()
        head = (f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\nConnection: close\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
                f"Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n{self._cors()}\r\n")
        try:
            util.write_nonblock(client, head.encode("latin-1") + body)
        except Exception:
            self.log.debug("failed to send the error response")

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
        for kind, status, message in _REFUSED:
            if isinstance(exc, kind):
                detail = str(exc)[:200]
                return status, message.format(line=self.cfg.limit_request_line, fields=self.cfg.limit_request_fields,
                                              field=self.cfg.limit_request_field_size, detail=detail)
        return 500, "internal error; it has been logged"
