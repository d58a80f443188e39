"""The errors gunicorn answers itself, before the app sees the request (session 60), through a real `faqbot serve`:

- a body framed in a way gunicorn refuses (`Transfer-Encoding: gzip` without chunked, Content-Length beside
  chunked, two Content-Lengths) was "malformed HTTP request: Invalid HTTP Header: 'TRANSFER-ENCODING'": now one
  line naming what is wrong and what to send;
- every such error is the app's JSON (compact, a newline at the end) with the headers of every /api/ answer
  (Faqbot-Index-Version, Faqbot-Worker, Vary), where it was spaced JSON without a newline and without them.
"""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from _server import raw_exchange, serving_small_site

ASK = b"POST /api/ask HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nConnection: close\r\n"
BODY = b'{"question": "peel"}'
CHUNKED = b"%x\r\n" % len(BODY) + BODY + b"\r\n0\r\n\r\n"
SEND = "with Content-Length or Transfer-Encoding: chunked"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from serving_small_site(tmp_path_factory, "http60-refusals", workers=1)


def refused(server, data: bytes, status: int) -> tuple[str, dict, bytes]:
    got, headers, body = raw_exchange(server.port, data)
    assert got == status, (got, body)
    assert headers["content-type"] == "application/json"
    doc = json.loads(body)
    assert doc["ok"] is False and doc["status"] == status
    return doc["error"], headers, body


@pytest.mark.parametrize("head, body, error", [
    (b"Transfer-Encoding: gzip\r\nContent-Length: 20\r\n", BODY,
     f"Transfer-Encoding gzip without chunked last gives the body no length: send the JSON body uncompressed, {SEND}"),
    (b"Transfer-Encoding: gzip\r\n", BODY,
     f"Transfer-Encoding gzip without chunked last gives the body no length: send the JSON body uncompressed, {SEND}"),
    (b"Transfer-Encoding: chunked\r\nContent-Length: 20\r\n", CHUNKED,
     "Content-Length and Transfer-Encoding: chunked were both sent: send one of them (Content-Length for a body of "
     "known size)"),
    (b"Content-Length: 20\r\nContent-Length: 20\r\n", BODY, "Content-Length was sent more than once: send it once"),
    (b"Content-Length: 2O\r\n", BODY, "Content-Length must be the body's size in bytes, in digits only"),
    (b"Transfer-Encoding: chunked, chunked\r\n", CHUNKED,
     "Transfer-Encoding must name chunked once, last: send Transfer-Encoding: chunked alone"),
    (b"Transfer-Encoding: chunked, gzip\r\n", CHUNKED,
     "Transfer-Encoding must name chunked once, last: send Transfer-Encoding: chunked alone"),
], ids=["gzip-and-length", "gzip-alone", "chunked-and-length", "two-lengths", "length-not-digits", "chunked-twice",
        "chunked-not-last"])
def test_a_body_framed_in_a_way_gunicorn_refuses_is_told_what_to_send(server, head, body, error):
    said, _, _ = refused(server, ASK + head + b"\r\n" + body, 400)
    assert said == error


def test_chunked_on_http_1_0_is_told_to_use_http_1_1(server):
    said, _, _ = refused(server, ASK.replace(b"HTTP/1.1", b"HTTP/1.0") + b"Transfer-Encoding: chunked\r\n\r\n"
                         + CHUNKED, 400)
    assert said == ("Transfer-Encoding: chunked needs HTTP/1.1: send the request as HTTP/1.1, or the body with "
                    "Content-Length")


def test_an_unknown_coding_is_a_501_naming_it_as_the_app_does(server):
    said, _, _ = refused(server, ASK + b"Transfer-Encoding: br, chunked\r\n\r\n" + CHUNKED, 501)
    assert said == f"Transfer-Encoding br is not supported: send the body {SEND}"


@pytest.mark.parametrize("data, status", [
    (b"GET /api/ask?q=" + quote("\u76ae" * 3000).encode() + b" HTTP/1.1\r\nHost: t\r\n\r\n", 414),
    (b"GET /api/health HTTP/1.1\r\nHost: t\r\n" + b"".join(b"X-Many-%d: 1\r\n" % n for n in range(200)) + b"\r\n",
     431),
    (b"GET /api/health HTTP/9.9.9\r\nHost: t\r\n\r\n", 400),
    (ASK + b"Transfer-Encoding: gzip\r\n\r\n" + BODY, 400),
], ids=["414", "431", "400-request-line", "400-framing"])
def test_the_servers_own_errors_are_the_apps_json_with_the_api_headers(server, data, status):
    error, headers, body = refused(server, data, status)
    assert body == (json.dumps({"ok": False, "error": error, "status": status}, separators=(",", ":")) + "\n").encode()
    health = server.get("/api/health")
    assert headers["faqbot-worker"] == str(health.body["pid"])  # one worker
    assert headers["faqbot-index-version"] == health.headers["faqbot-index-version"]
    assert headers["vary"] == "Origin" and headers["cache-control"] == "no-store"
    app_error = server.get("/api/nope")  # the app's own error, for comparison
    assert app_error.text.endswith("}\n") and ", " not in app_error.text.split('"error"')[0]


def test_a_worker_waiting_for_an_index_answers_with_the_api_headers_it_can_know(tmp_path):
    from werkzeug.test import Client

    from bot.artifact import IndexUnavailable
    from bot.settings import Settings
    from web.app import WaitingForIndex

    waiting = WaitingForIndex(Settings(index_dir=str(tmp_path / "index"),
                                       database_url=f"sqlite:///{tmp_path}/db.sqlite3"), IndexUnavailable("no index"))
    r = Client(waiting).get("/api/ask?q=peel")
    assert r.status_code == 503 and r.json["status"] == 503
    assert r.headers["Vary"] == "Origin" and r.headers["Faqbot-Worker"] and "Faqbot-Index-Version" not in r.headers
