"""Attacks on a real `faqbot serve --workers 2` over real sockets on 127.0.0.1 (issue 10).

One server for the module; each test speaks as its own visitor (FAQBOT_PROXY_HOPS=1 and its own
X-Forwarded-For), so rate-limit budgets do not leak between tests. Every attack is bounded in time and count.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import select
import socket
import sqlite3
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from _server import KB_SMALL, TOKEN, Server, request, run_cli, serving_small_site
from bot.settings import Settings

RATE = 5  # per visitor and minute, in each worker (memory:// storage)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from serving_small_site(tmp_path_factory, "attacks", workers=2, rate_limit=f"{RATE}/minute", proxy_hops=1)


def as_visitor(n: int) -> dict:
    return {"X-Forwarded-For": f"203.0.113.{n}"}


def questions_logged(server: Server, like: str) -> int:
    with sqlite3.connect(server.workdir / "faqbot.sqlite3") as db:
        return db.execute("SELECT count(*) FROM faqbot_questions WHERE question LIKE ?", (like,)).fetchone()[0]


def read_response(sock: socket.socket, timeout: float = 5.0) -> tuple[int, dict, bytes]:
    """Status, headers (lower-case names) and body of one HTTP/1.1 response read off a raw socket."""
    sock.settimeout(timeout)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError(f"closed before a full response head: {data[:200]!r}")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:])}
    length = int(headers.get("content-length", 0))
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return int(lines[0].split()[1]), headers, body[:length]


def raw_exchange(port: int, data: bytes, timeout: float = 5.0) -> tuple[int, dict, bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(data)
        return read_response(sock, timeout)


def assert_json_error(status: int, headers: dict, body: bytes, expected: int) -> dict:
    assert status == expected, (status, body[:300])
    assert headers.get("content-type", "").startswith("application/json"), (headers, body[:300])
    doc = json.loads(body)
    assert doc["ok"] is False and doc["status"] == expected and doc["error"], doc
    return doc


# ---- 1. slow clients ------------------------------------------------------------------------------------

def test_slow_header_senders_do_not_block_other_requests(server):
    """16 sockets each send one header line a second and never finish; /api/health is probed every 0.5 s."""
    slow, opened, stop = 16, [0], threading.Event()
    socks: list[socket.socket | None] = [None] * slow

    def open_slow(i: int) -> None:
        s = socket.create_connection(("127.0.0.1", server.port), timeout=2)
        s.sendall(b"GET /api/health HTTP/1.1\r\nHost: attacker\r\n")
        socks[i] = s
        opened[0] += 1

    def drip() -> None:  # the attacker keeps 16 going: one the server dropped is opened again
        for n in range(30):
            if stop.wait(1.0):
                return
            for i, s in enumerate(socks):
                try:
                    if s is None:
                        raise OSError
                    s.sendall(b"X-Slow-%d: %d\r\n" % (n, i))
                except OSError:
                    if s is not None:
                        s.close()
                    try:
                        open_slow(i)
                    except OSError:
                        socks[i] = None

    for i in range(slow):
        open_slow(i)
    dripper = threading.Thread(target=drip, daemon=True)
    dripper.start()
    probes = []
    try:
        time.sleep(1.5)  # let the slow senders take whatever they can take
        for _ in range(16):  # 8 s of probes, each given 2 s
            probes.append(request(server.port, "GET", "/api/health", timeout=2.0))
            time.sleep(0.5)
    finally:
        stop.set()
        dripper.join(5)
        for s in socks:
            if s is not None:
                s.close()
    failed = [(p.status, p.error) for p in probes if not p.ok]
    print(f"\n16 slow-header sockets ({opened[0]} opened in all): {len(probes)} probes, {len(failed)} failed, "
          f"slowest {max(p.seconds for p in probes):.2f} s")
    assert not failed, failed


# ---- 2. HEAD is limited like GET and runs nothing ------------------------------------------------------

def test_head_counts_against_the_rate_limit_like_get(server):
    # One keep-alive connection stays on one worker, whose budget the GETs spend.
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        statuses = []
        for _ in range(RATE + 1):
            conn.request("GET", "/api/ask?q=how+long+will+my+skin+peel", headers=as_visitor(2))
            r = conn.getresponse()
            r.read()
            statuses.append(r.status)
        assert statuses == [200] * RATE + [429], statuses
        conn.request("HEAD", "/api/ask?q=head+after+the+limit+is+spent", headers=as_visitor(2))
        r = conn.getresponse()
        r.read()
        assert r.status == 429, r.status
    finally:
        conn.close()
    assert questions_logged(server, "head after the limit%") == 0


def test_head_does_not_run_or_log_the_question(server):
    r = request(server.port, "HEAD", "/api/ask?q=head+marker+question+one", headers=as_visitor(3))
    assert r.status == 200 and r.headers["content-type"].startswith("application/json")
    assert questions_logged(server, "head marker question%") == 0
    r = request(server.port, "HEAD", "/api/ask", headers=as_visitor(3))  # validated as GET is
    assert r.status == 400


# ---- 3. admin token guessing --------------------------------------------------------------------------

def test_guessing_the_admin_token_is_throttled_per_client(server):
    statuses = []
    for n in range(60):
        r = request(server.port, "POST", "/api/reindex", headers={"Authorization": f"Bearer guess-{n}",
                                                               **as_visitor(4)}, timeout=5)
        statuses.append(r.status)
        if r.status == 429:
            assert r.body["ok"] is False and r.body["status"] == 429 and "retry-after" in r.headers
    first = statuses.index(429) + 1 if 429 in statuses else None
    print(f"\n60 wrong admin tokens: first 429 at attempt {first}; {statuses.count(403)} x 403, "
          f"{statuses.count(429)} x 429")
    assert set(statuses) <= {403, 429}, statuses
    assert first is not None and first <= 25, statuses
    # Another client (the editor) is not locked out by the guesser.
    r = request(server.port, "POST", "/api/reindex", headers={"Authorization": f"Bearer {TOKEN}", **as_visitor(5)},
                timeout=60)
    assert r.status == 200, (r.status, r.body)


# ---- 4. lone surrogates in any stored string field -----------------------------------------------------

def _feedback(server, body: str) -> tuple[int, bytes]:
    status, _, raw = raw_exchange(server.port, (
        "POST /api/feedback HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
        f"X-Forwarded-For: 203.0.113.6\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n{body}"
    ).encode())
    return status, raw


@pytest.mark.parametrize("body", [
    '{"question": "was this helpful", "section_id": "\\ud800abc", "helpful": true}',
    '{"question": "lone low", "section_id": "peel-aftercare/x\\u0000y\\udbff", "helpful": false}',
])
def test_a_section_id_with_a_lone_surrogate_is_a_json_400_never_a_500(server, body):
    status, raw = _feedback(server, body)
    assert status == 400 and json.loads(raw)["error"].startswith("'section_id'"), raw[:300]


def test_a_question_with_a_lone_surrogate_is_cleaned_and_stored(server):
    status, raw = _feedback(server, '{"question": "\\udfff lone low", "section_id": null, "helpful": true}')
    assert status == 201, raw[:300]
    with sqlite3.connect(server.workdir / "faqbot.sqlite3") as db:
        rows = [q for (q,) in db.execute("SELECT question FROM faqbot_feedback")]
    assert any(q.endswith("lone low") and "\udfff" not in q for q in rows), rows


# ---- 5. chunked bodies are limited like sized ones ------------------------------------------------------

def chunked_post(port: int, size: int, chunk: int = 8192, timeout: float = 10.0) -> tuple[int, dict, bytes]:
    """POST /api/ask with a `size`-byte JSON body sent chunked; reads the answer as soon as the server sends
    it (as curl does), so an early 413 is seen even when the server stops reading the body."""
    prefix = b'{"question": "how long will my skin peel", "pad": "'
    body = prefix + b"x" * max(0, size - len(prefix) - 2) + b'"}'
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(b"POST /api/ask HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                     b"X-Forwarded-For: 203.0.113.7\r\nTransfer-Encoding: chunked\r\n\r\n")
        try:
            for start in range(0, len(body), chunk):
                if select.select([sock], [], [], 0)[0]:
                    break  # the server answered early
                piece = body[start:start + chunk]
                sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
            else:
                sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the server stopped reading: its answer may already be waiting
        return read_response(sock, timeout)


@pytest.mark.parametrize("size", [30_000, 200_000, 10_000_000])
def test_an_oversized_chunked_body_is_a_413(server, size):
    status, headers, body = chunked_post(server.port, size)
    assert_json_error(status, headers, body, 413)


def test_a_small_chunked_body_is_still_answered(server):
    status, _, body = chunked_post(server.port, 2000)
    assert status == 200 and json.loads(body)["ok"] is True


@pytest.mark.parametrize("path", ["/api/ask", "/api/feedback"])
@pytest.mark.parametrize("chunks", [b"zz\r\nabc\r\n0\r\n\r\n",  # a size that is no hex number
                                    b"-5\r\nabc\r\n0\r\n\r\n",  # a negative one
                                    b"3\r\nabcXY0\r\n\r\n",  # a chunk not ended by CRLF
                                    b"3;\x00=\x01\r\nabc\r\n0\r\n\r\n"])  # a chunk extension of control bytes
def test_a_malformed_chunked_body_is_a_json_400_not_a_500(server, path, chunks):
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(f"POST {path} HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n".encode()
                     + b"X-Forwarded-For: 203.0.113.9\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                     + chunks)
        status, headers, body = read_response(sock)
    assert_json_error(status, headers, body, 400)


def test_a_sized_body_over_the_limit_is_a_413(server):
    r = request(server.port, "POST", "/api/ask", {"question": "peel", "pad": "x" * 30_000}, headers=as_visitor(8))
    assert r.status == 413 and r.body["status"] == 413


# ---- 6. JSON errors from the server layer too -----------------------------------------------------------

def test_a_600_character_cjk_question_in_the_url_is_a_json_400(server):
    r = request(server.port, "GET", "/api/ask?q=" + quote("皮" * 600), headers=as_visitor(9))
    assert r.status == 400 and r.error is None, (r.status, r.error)
    assert r.body["ok"] is False and "500 characters" in r.body["error"]


def test_a_request_line_over_the_server_limit_is_a_json_414(server):
    status, headers, body = raw_exchange(server.port, b"GET /api/ask?q=" + quote("皮" * 3000).encode()
                                         + b" HTTP/1.1\r\nHost: t\r\n\r\n")
    assert_json_error(status, headers, body, 414)


@pytest.mark.parametrize("headers", [
    b"X-Big: " + b"a" * 20_000 + b"\r\n",
    b"".join(b"X-Many-%d: 1\r\n" % n for n in range(200)),
], ids=["one-huge-header", "200-headers"])
def test_over_large_headers_are_a_json_431(server, headers):
    status, hdrs, body = raw_exchange(server.port, b"GET /api/health HTTP/1.1\r\nHost: t\r\n" + headers + b"\r\n")
    assert_json_error(status, hdrs, body, 431)


def test_a_malformed_request_line_is_a_json_400(server):
    status, headers, body = raw_exchange(server.port, b"GET /api/health HTTP/9.9.9\r\nHost: t\r\n\r\n")
    assert_json_error(status, headers, body, 400)


def test_an_unknown_transfer_coding_is_a_json_501_and_a_warning_line_not_a_traceback(server):
    # Any client (a scanner's "Transfer-Encoding: br") wrote an ERROR with gunicorn's whole traceback into the
    # operator's log, as if the server had failed.
    before = len(server.log())
    status, headers, body = raw_exchange(server.port, b"POST /api/ask HTTP/1.1\r\nHost: t\r\n"
                                         b"Content-Type: application/json\r\nTransfer-Encoding: br, chunked\r\n"
                                         b"Connection: close\r\n\r\n0\r\n\r\n")
    assert "chunked" in assert_json_error(status, headers, body, 501)["error"]
    deadline = time.monotonic() + 5
    while "UnsupportedTransferCoding" not in server.log()[before:] and time.monotonic() < deadline:
        time.sleep(0.1)
    log = server.log()[before:]
    lines = [ln for ln in log.splitlines() if "UnsupportedTransferCoding" in ln]
    assert len(lines) == 1 and "WARNING" in lines[0] and "refused a request: 501" in lines[0], log
    assert "Traceback" not in log


@pytest.mark.parametrize("coding", [b"gzip", b"deflate"])
def test_a_compressed_transfer_coding_is_a_json_501_naming_it(server, coding):
    # gunicorn passes gzip, deflate and compress through undecoded: the compressed bytes were read as the JSON
    # body, "the body is not UTF-8 (byte 0x8b at offset 1)".
    import zlib

    packed = zlib.compress(b'{"question": "peel"}')
    status, headers, body = raw_exchange(server.port, b"POST /api/ask HTTP/1.1\r\nHost: t\r\n"
                                         b"X-Forwarded-For: 203.0.113.11\r\nContent-Type: application/json\r\n"
                                         b"Transfer-Encoding: " + coding + b", chunked\r\nConnection: close\r\n\r\n"
                                         + b"%x\r\n" % len(packed) + packed + b"\r\n0\r\n\r\n")
    error = assert_json_error(status, headers, body, 501)["error"]
    assert error.startswith(f"Transfer-Encoding {coding.decode()} is not supported"), error


# ---- 9. no Host reflection, a private access log ----------------------------------------------------------

def test_redirects_do_not_reflect_the_host_header(server):
    status, headers, _ = raw_exchange(server.port,
                                      b"GET /kb HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
    assert 300 <= status < 400 and headers["location"] == "/kb/", (status, headers)


def test_the_access_log_holds_no_address_and_no_question(server):
    marker = "zebra marker question in the log"
    r = request(server.port, "GET", "/api/ask?q=" + quote(marker), headers=as_visitor(99))
    assert r.ok
    salt = bytes.fromhex((Path(server.workdir) / "faqbot-ip-salt").read_text().strip())
    hashed = hmac.new(salt, b"203.0.113.99", hashlib.sha256).hexdigest()[:32]
    deadline = time.monotonic() + 5
    while hashed not in server.log() and time.monotonic() < deadline:
        time.sleep(0.1)
    log = server.log()
    lines = [ln for ln in log.splitlines() if '"GET /api/ask' in ln]
    assert lines and any(hashed in ln for ln in lines), log[-2000:]  # the line is there, keyed like the database
    assert "zebra" not in log and "203.0.113.99" not in log
    assert not any("127.0.0.1" in ln for ln in lines), lines[-3:]


def test_a_path_cannot_write_a_log_line_of_its_own(server):
    """The access log wrote the path as decoded: a %0a in it began a forged line ("... ERROR [gunicorn.error]
    FORGED"), and escape characters reached the operator's terminal."""
    forged = "2026-12-07T18:00:00+0000 ERROR [gunicorn.error] FORGED"
    path = "/kb/x%0a" + quote(forged) + "%0d%1b%5b31mRED%1b]0;T%07"
    status, _, _ = raw_exchange(server.port, f"GET {path} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n".encode())
    assert status == 404
    deadline = time.monotonic() + 5
    while "FORGED" not in server.log() and time.monotonic() < deadline:
        time.sleep(0.1)
    log = server.log()
    line = next(ln for ln in log.splitlines() if "FORGED" in ln)
    assert not line.startswith("2026-12-07T18:00:00")  # the path stays inside the access line that logs it
    assert '"GET /kb/x%0A2026-12-07T18:00:00+0000%20ERROR%20%5Bgunicorn.error%5D%20FORGED%0D%1B%5B31mRED%1B%5D0;T%07 ' \
        'HTTP/1.1" 404' in line, line
    assert "\x1b" not in log and "\x07" not in log


def test_a_rate_limited_visitor_s_address_is_not_logged(server):
    """flask-limiter logged each refusal with its key, the visitor's address in clear, beside the access log's
    keyed hash of it: the log tied every hash to an address."""
    statuses = [request(server.port, "POST", "/api/ask", body={"question": "how long?"}, headers=as_visitor(97)).status
                for _ in range(2 * RATE + 2)]  # 2 workers, each counting its own
    assert 429 in statuses, statuses
    deadline = time.monotonic() + 5
    while '" 429 ' not in server.log() and time.monotonic() < deadline:
        time.sleep(0.1)
    log = server.log()
    assert '" 429 ' in log and "203.0.113.97" not in log, log[-2000:]


def test_an_operator_can_turn_addresses_and_queries_back_on_or_the_log_off():
    from web.server import FaqbotServer

    full = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"'  # gunicorn's own default
    cfg = FaqbotServer(Settings(access_log_format=full)).cfg
    assert cfg.access_log_format == full and cfg.accesslog == "-"
    assert FaqbotServer(Settings(access_log_format="")).cfg.accesslog is None
    assert "%(h)s" not in Settings().access_log_format and "%(r)s" not in Settings().access_log_format


def test_a_bad_access_log_format_is_one_clear_line(tmp_path):
    cp = run_cli("serve", "--content", str(KB_SMALL), "--index", str(tmp_path / "index"), "--port", "0",
                 env={"FAQBOT_ACCESS_LOG_FORMAT": "%(h", "FAQBOT_DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"})
    assert cp.returncode == 1 and "Traceback" not in cp.stderr, cp.stderr
    # one line, worded as every other settings error
    assert "faqbot: error: FAQBOT_ACCESS_LOG_FORMAT" in cp.stderr, cp.stderr


def test_a_request_line_gunicorn_refuses_is_not_quoted_back(server):
    """A question typed into the URL unencoded (curl 'http://.../api/ask?q=café') is refused by gunicorn: the error
    quoted the request line back (the visitor's question, its UTF-8 read as Latin-1: 'caf\\u00c3\\u00a9') and did not
    say what to do."""
    status, _, body = raw_exchange(server.port, "GET /api/ask?q=café+secret HTTP/1.1\r\nHost: t\r\n\r\n".encode())
    error = json.loads(body)["error"]
    assert status == 400 and error == ("malformed HTTP request line: its URL holds characters outside ASCII; "
                                       "percent-encode them (with curl: -G --data-urlencode 'q=...'), or send the "
                                       "question with POST /api/ask")
    status, _, body = raw_exchange(server.port, b"GET /api/ask?q=secret\x01 HTTP/1.1\r\nHost: t\r\n\r\n")
    assert status == 400 and "secret" not in body.decode()
