"""Fuzz a real `faqbot serve` (gunicorn, gevent workers) over raw sockets, and print what broke.

    python bench/fuzz_http.py [--seed 54] [--requests 1500] [--threads N] [--workers N] [--rate-limit 30/minute]
                              [--port PORT] [-v]

Without --port it starts a server on a free 127.0.0.1 port (as tests/_server.py does, on a copy of
tests/data/kb-small) and stops it at the end. Requests are generated from a fixed seed: first a tenth as many
to the dashboard, signed in (forms and JSON: edits, dismissals, undos, rebuilds), then the rest anywhere:
methods, paths, query strings (duplicate and badly encoded parameters), headers (Content-Type and charset
variants, Accept, Expect, huge and duplicate headers, lying Content-Length, chunked bodies), bodies (deep
nesting, huge numbers, duplicate keys, lone surrogates, BOM, NUL).

Each response is checked: no 5xx (but 501 for a transfer coding the server does not speak, 503 from the
dashboard); under /api/ and /openapi.json a JSON body, errors as {"ok": false, "error": one line, "status":
the code}; a 2xx body valid against the schema GET /openapi.json gives for it, and its status listed there
(the server's own refusals of malformed HTTP too); every Location relative; a dashboard request sent as JSON
gets JSON errors. At the end (the server stopped gracefully) the question log and the feedback table hold exactly
the rows the accepted requests stored, the content folder still builds and the server log holds no traceback.
Exit 1 when anything failed. -v lists every error message seen. tests/test_fuzz.py runs 800 requests of seed 54.
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import random
import re
import shutil
import socket
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from bot.question import checked  # noqa: E402
from bot.redact import mask  # noqa: E402

DOC = "peel-aftercare"  # a document of tests/data/kb-small
PATHS = ["/api/ask", "/api/feedback", "/api/sections", "/api/health", "/api/live", "/api/ready", "/api/reindex",
         "/openapi.json", "/", f"/kb/{DOC}", "/kb/", "/admin", "/admin/summary", "/admin/sign-in",
         "/admin/alternates", "/api/nope", "/api", "/api/", "/api/ask/", "//api//ask", "/api/ask%2f",
         "/api/%61sk", "/kb/no-such-doc", "/kb/%ff", "/kb/..%2f..%2fetc", "/static/faqbot-widget.js",
         "/openapi.json/", "/API/ASK", "/api/ask;x=1", "/kb/" + "a" * 3000, "/api/\u00e9", "/kb"]
METHODS = ["GET", "POST", "HEAD", "OPTIONS", "PUT", "DELETE", "PATCH", "TRACE", "PROPFIND", "get", "QUERY"]
CONTENT_TYPES = [None, "application/json", "application/json; charset=utf-8", "application/json; charset=UTF-8",
                 "application/json;charset=\"utf-8\"", "application/json; charset=latin-1",
                 "application/json; charset=utf-16", "application/json; charset=bogus", "APPLICATION/JSON",
                 "application/json; boundary=x; charset=utf-8; charset=ascii", "application/vnd.api+json",
                 "application/problem+json", "application/*", "text/json", "text/plain", "",
                 "application/x-www-form-urlencoded", "multipart/form-data; boundary=b", "application/json ;",
                 "application/json; =", ";", "application/json\t", "application/jsonx"]
ACCEPTS = [None, "application/json", "text/html", "*/*", "application/xml", "text/html;q=0.1, application/json",
           "", "application/json;q=0", "nonsense/;;;"]
QUESTIONS = ["how long will my skin peel?", "hello", "thanks!", "can I wear makeup after a peel",
             "x", "\u00e9t\u00e9 \u2603 \U0001F600", "a" * 499, "a " * 300, "<script>alert(1)</script>", " \t ",
             "\u200b", "caf\u00e9?", "what is the price of a gift card", "\ufeffhello", "\u0085", "why\u2028not",
             "\U0001F468\u200d\U0001F469\u200d\U0001F467 peel?", "e\u0301te\u0301", "\u05de\u05d4 \u05e9\u05dc\u05d5\u05dd",
             "\x1b[31mred\x1b[0m", "line\r\nbreak", "\u6f22" * 500, " " * 3000 + "peel", "call me on 07700 900123",
             "mail me at a@b.co about peel", "see https://example.com/x?y=1 peel", "PEEL!!!" * 40, "0" * 30,
             "\ud83d", "peel \udfff skin", "my name is Jane, how long will my skin peel", "peel " * 100]


def _junk(rnd: random.Random) -> object:
    return rnd.choice([None, True, False, 0, -1, 1.5, 10**30, "", "x", [], {}, [1], {"a": 1}, "\ud800",
                       "\x00", 3, 11, "3", 1e308, -0.0])


def json_body(rnd: random.Random, path: str) -> tuple[bytes, dict | None]:
    """Body bytes, and (when the body is a well-formed object) what it holds."""
    kind = rnd.random()
    if kind < 0.45:  # mostly well-formed objects, so that the 2xx paths are fuzzed too
        obj: dict = {}
        if rnd.random() < 0.9:
            obj["question"] = rnd.choice(QUESTIONS) if rnd.random() < 0.8 else _junk(rnd)
        if "feedback" in path or rnd.random() < 0.2:
            obj["section_id"] = rnd.choice([None, "", f"{DOC}/how-long", "x" * 301, "a\x00b", "\ud800",
                                            f"{DOC}/\u00e9", 5])
            obj["helpful"] = rnd.choice([True, False, True, False, "true", 1, None])
        if rnd.random() < 0.3:
            obj["top_k"] = rnd.choice([1, 3, 10, 0, 11, -1, 3.0, 3.5, "3", True, None, 10**40, 1e1])
        if rnd.random() < 0.2:
            obj["history"] = rnd.choice([[], ["how long will my skin peel?"], ["a"] * 50, "x", [1], [None],
                                         ["\ud800"], ["x" * 5000]])
        if rnd.random() < 0.1:
            obj["explain"] = rnd.choice([True, False, "yes", 1])
        if rnd.random() < 0.1:
            obj[rnd.choice(["extra", "", "\ud800", "Question"])] = _junk(rnd)
        text = json.dumps(obj, ensure_ascii=rnd.random() < 0.5)
        if rnd.random() < 0.15 and "question" in obj:  # a duplicate key: the last one wins in Python's json
            text = text[:-1] + (", " if len(obj) else "") + '"question": "how long will my skin peel?"}'
            obj["question"] = "how long will my skin peel?"
        if rnd.random() < 0.05:
            text = " \n\t" + text + "\r\n "
        raw = text.encode("utf-8", "surrogatepass")
        if rnd.random() < 0.05:
            return b"\xef\xbb\xbf" + raw, None  # BOM
        return raw, obj
    options = [
        lambda: b"[" * rnd.randint(1, 20000),
        lambda: b'{"question":' * rnd.randint(1, 5000),
        lambda: ('{"question": "a", "top_k": ' + "9" * rnd.randint(1, 5000) + "}").encode(),
        lambda: b'{"question": "a", "top_k": 1e999}',
        lambda: b'{"question": "a", "top_k": -1e-999}',
        lambda: b'{"question": "a", "top_k": NaN}',
        lambda: b'{"question": "\\ud800"}',
        lambda: b'{"question": "\\udc00\\ud800 how long"}',
        lambda: b'{"question": "a\\u0000b"}',
        lambda: b'{"question": "a\x00b"}',
        lambda: b'{"question": "a\x01b"}',
        lambda: '{"question": "peel"}'.encode("utf-16"),
        lambda: b'{"question": "caf\xe9"}',
        lambda: b"",
        lambda: b"null",
        lambda: b"[]",
        lambda: b'"question"',
        lambda: b"{",
        lambda: b'{"question": "a"} trailing',
        lambda: b'{"question": "a"}{"question": "b"}',
        lambda: b"question=hello",
        lambda: bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 200))),
        lambda: b'{"question": "' + b"a" * rnd.choice([15000, 16384, 17000, 100000]) + b'"}',
        lambda: b'{"' + b"k" * 20 + b'": 1, ' * 1 + b'"question": "hi"}',
        lambda: b'{"question": "hi", "history": [' + b'"a",' * 2000 + b'"a"]}',
        lambda: b'{"question": "hi", "helpful": true, "section_id": "' + "\u00e9".encode() * 200 + b'"}',
        lambda: b'{"question":"hi","x":' + b"1." + b"0" * 5000 + b"}",
        lambda: b'{"question":"hi","x":1' + b"0" * 90 + b".5e99999}",
    ]
    return rnd.choice(options)(), None


def query(rnd: random.Random) -> str:
    if rnd.random() < 0.3:
        return ""
    pairs = []
    for _ in range(rnd.randint(1, 5)):
        key = rnd.choice(["q", "q", "question", "top_k", "history", "explain", "days", "x", "", "q%00", "%ff"])
        value = rnd.choice(["how+long+will+my+skin+peel", "hello", "", "%", "%ff", "%e9t%e9", "caf%C3%A9", "3",
                            "0", "11", "3.0", "1e0", "-0", "%00", "%ed%a0%80", "true", "yes", "a" * 600,
                            "%E2%80%8B", "+", "%2B", "9" * 50, "%EF%BC%93", "1;2", "a&b", "%0d%0aX:1"])
        pairs.append(f"{key}={value}" if rnd.random() < 0.9 else key)
    return "?" + "&".join(pairs)


def make_request(rnd: random.Random, host: str | None) -> dict:
    """One generated request: method, target, headers (a list: names may repeat), body, and what it means."""
    path = rnd.choice(PATHS[:8] * 4 + PATHS)
    usual = "POST" if path in ("/api/feedback", "/api/reindex", "/admin/sign-in", "/admin/alternates") else \
        rnd.choice(["GET", "POST"]) if path.startswith("/api/ask") else "GET"
    method = usual if rnd.random() < 0.75 else rnd.choice(METHODS)
    target = path + query(rnd)
    if rnd.random() < 0.05:
        host = rnd.choice(["[::1", "a b", "\u00e9", "x:99999", "evil.example", "", "[::1]:80", "x" * 300, "[::1]x",
                           "x:", "x:0", "[x]", "%zz", "faqbot_web:8000", "user@x", None])  # None: no Host (a 400)
    headers: list[tuple[str, str]] = [("Host", host)] if host is not None else []
    headers.append(("Connection", "close"))
    body = b""
    parsed = None
    if method not in ("GET", "HEAD") or rnd.random() < 0.05:
        body, parsed = json_body(rnd, path)
    ct = rnd.choice(CONTENT_TYPES[:3] * 6 + CONTENT_TYPES) if body or rnd.random() < 0.3 else None
    if ct is not None:
        headers.append(("Content-Type", ct))
        if rnd.random() < 0.05:
            headers.append(("Content-Type", rnd.choice(CONTENT_TYPES[1:]) or "text/plain"))  # a duplicate
    accept = rnd.choice(ACCEPTS)
    if accept is not None:
        headers.append(("Accept", accept))
    r = rnd.random()
    if r < 0.05:
        headers.append(("X-Huge", "x" * rnd.choice([1000, 8000, 9000, 70000])))
    elif r < 0.08:
        headers += [(f"X-Many-{i}", "1") for i in range(rnd.choice([50, 99, 101, 200]))]
    if rnd.random() < 0.15:
        headers.append(("Idempotency-Key", rnd.choice(["abc", "", "\u00e9", "x" * 201, '"q1"', "a b", "k1"])))
    if rnd.random() < 0.03:
        headers.append(("Expect", rnd.choice(["100-continue", "nonsense"])))
    if "reindex" in path or "admin" in path or rnd.random() < 0.05:
        headers.append(("Authorization", rnd.choice(["Bearer serving-test-token", "Bearer wrong", "Basic x",
                                                     "Bearer", "", "bearer  serving-test-token ",
                                                     "Bearer serving-test-token\u00e9"])))
    if rnd.random() < 0.1:
        headers.append(("Origin", rnd.choice(["https://evil.example", "null", "http://127.0.0.1", "\u00e9",
                                              "https://clinic.example", "https://CLINIC.example:443/", "http://[::1",
                                              "https://\u00e9.example", "http://x:99999", ""])))
        if rnd.random() < 0.5:
            headers.append(("Access-Control-Request-Method", rnd.choice(["POST", "GET", "DELETE", ""])))
    if rnd.random() < 0.05:
        headers.append(("Cookie", rnd.choice(["faqbot_admin=x", "a=" + "b" * 5000, "\u00e9=\u00e9", ";;;"])))
    if rnd.random() < 0.05:
        headers.append(("Accept-Encoding", rnd.choice(["gzip", "br;q=1", "*;q=0", "identity;q=0"])))
    if rnd.random() < 0.05:
        headers.append(("Content-Encoding", rnd.choice(["gzip", "identity", "br", ""])))
    if rnd.random() < 0.05:
        headers.append(("X-Forwarded-For", rnd.choice(["1.2.3.4", "garbage", "::1, 10.0.0.1", ""])))
    if rnd.random() < 0.05:
        headers.append(("Range", rnd.choice(["bytes=0-10", "bytes=5-1", "bytes=abc", "bytes=0-0,-1"])))
    if rnd.random() < 0.05:
        headers.append(("If-None-Match", rnd.choice(["*", '"x"', "W/\"abc\"", "garbage"])))
    chunked = bool(body) and rnd.random() < 0.1
    if chunked:
        headers.append(("Transfer-Encoding", "chunked"))
    elif body or method in ("POST", "PUT", "PATCH"):
        n = len(body)
        if rnd.random() < 0.03:
            n = rnd.choice([n + 5, max(0, n - 1), -1, 10**20])  # a lying Content-Length
        headers.append(("Content-Length", str(n)))
        if rnd.random() < 0.03:
            headers.append(("Content-Length", str(len(body) + 1)))  # duplicate, disagreeing
    return {"method": method, "target": target, "path": path, "headers": headers, "body": body,
            "chunked": chunked, "parsed": parsed}


SECTION = f"{DOC}/can-i-wear-makeup-after-a-chemical-peel"
ADMIN_PATHS = ["/admin/alternates", "/admin/dismiss", "/admin/undo", "/admin/rebuild", "/admin/summary", "/admin"]


def admin_request(rnd: random.Random, host: str, cookie: str, csrf: str) -> dict:
    """One request to the dashboard, signed in (mostly with the right CSRF token), as a form or JSON."""
    path = rnd.choice(ADMIN_PATHS)
    method = "GET" if path in ("/admin", "/admin/summary") else "POST"
    if rnd.random() < 0.1:
        method = rnd.choice(METHODS)
    fields: dict = {}
    if path in ("/admin/alternates", "/admin/dismiss"):
        n = rnd.choice([0, 1, 2, 5, 50, 51])
        fields["phrasings"] = [rnd.choice(QUESTIONS + ["can I swim after a peel", "\ud800 x", "a\x00b", "",
                                                       "\u00e9" * rnd.choice([10, 500, 501])])
                               + (f" {i}" if rnd.random() < 0.5 else "") for i in range(n)]
        fields["section_id"] = rnd.choice([SECTION, SECTION, "", "nope/nope", f"{DOC}/introduction", 5, None])
    elif path == "/admin/undo":
        fields["edit_id"] = rnd.choice([1, 2, "1", "x", -1, 10**30, "9" * 5000, None, True, 1.5])
    elif path == "/admin/sign-in":
        fields["token"] = rnd.choice(["wrong", "serving-test-token", "\ud800", 5, None])
    if rnd.random() < 0.9:
        fields["csrf_token"] = csrf
    query = rnd.choice(["", "", "?days=30", "?days=7", "?days=x", "?days=" + "9" * 5000, "?done=1", "?undone=%ff",
                        "?rebuilt=1", "?days=%00"])
    headers = [("Host", host), ("Connection", "close"), ("Cookie", f"faqbot_admin={cookie}")]
    if rnd.random() < 0.5:
        headers.append(("Accept", rnd.choice(["application/json", "text/html", "*/*"])))
    as_json = rnd.random() < 0.6
    if method == "GET":
        body = b""
    elif as_json:
        body = json.dumps(fields, ensure_ascii=rnd.random() < 0.5).encode("utf-8", "surrogatepass")
        if rnd.random() < 0.1:
            body, _ = json_body(rnd, path)
        headers.append(("Content-Type", rnd.choice(CONTENT_TYPES[1:3])))
    else:
        from urllib.parse import urlencode

        pairs = [(k, x) for k, v in fields.items() for x in (v if isinstance(v, list) else [v]) if x is not None]
        coding = "latin-1" if rnd.random() < 0.1 else "utf-8"  # a script's form in another charset
        body = urlencode([(k.replace("phrasings", "phrasing"), str(v)) for k, v in pairs],
                         encoding=coding, errors="surrogatepass" if coding == "utf-8" else "replace").encode()
        headers.append(("Content-Type", "application/x-www-form-urlencoded"))
    if method != "GET":
        headers.append(("Content-Length", str(len(body))))
    return {"method": method, "target": path + query, "path": path, "headers": headers, "body": body,
            "chunked": False, "parsed": None, "admin": True}


def sign_in(port: int) -> tuple[str, str]:
    """A dashboard session: (cookie, CSRF token)."""
    from _server import TOKEN

    body = json.dumps({"token": TOKEN}).encode()
    res = send(port, {"method": "POST", "target": "/admin/sign-in", "chunked": False, "body": body,
                      "headers": [("Host", "x"), ("Connection", "close"), ("Content-Type", "application/json"),
                                  ("Content-Length", str(len(body)))]})
    cookie = res["headers"]["set-cookie"].split(";")[0].split("=", 1)[1]
    return cookie, json.loads(res["body"])["csrf_token"]


def raw_bytes(req: dict) -> bytes:
    head = f"{req['method']} {req['target']} HTTP/1.1\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in req["headers"]) + "\r\n"
    data = head.encode("utf-8", "surrogatepass")
    body = req["body"]
    if req["chunked"]:
        cut = max(1, len(body) // 3)
        parts = [body[i:i + cut] for i in range(0, len(body), cut)]
        body = b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\n\r\n"
    return data + body


class _Sock:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def makefile(self, *a, **k):
        return io.BytesIO(self.data)


def send(port: int, req: dict, timeout: float = 15.0) -> dict:
    """Send the request, read to EOF, parse the response (status None when the connection failed)."""
    chunks = []
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            try:
                s.sendall(raw_bytes(req))
            except (BrokenPipeError, ConnectionResetError):
                pass  # the server may answer (431, 413) before reading all we send
            try:
                s.shutdown(socket.SHUT_WR)
            except OSError:
                pass
            while True:
                try:
                    chunk = s.recv(65536)
                except ConnectionResetError:
                    break
                if not chunk:
                    break
                chunks.append(chunk)
    except OSError as e:
        return {"status": None, "error": f"{type(e).__name__}: {e}"}
    raw = b"".join(chunks)
    if not raw:
        return {"status": None, "error": "no response"}
    resp = http.client.HTTPResponse(_Sock(raw), method=req["method"].upper())
    try:
        resp.begin()
        body = resp.read()
    except Exception as e:
        return {"status": None, "error": f"unparsable response {type(e).__name__}: {raw[:200]!r}"}
    return {"status": resp.status, "headers": {k.lower(): v for k, v in resp.getheaders()}, "body": body}


def is_api(path: str) -> bool:
    p = path.split("?")[0]
    return p == "/api" or p.startswith("/api/") or p.rstrip("/") == "/openapi.json"


class Checker:
    """Checks each exchange against CONTRACT.md's error shape and the OpenAPI document."""

    def __init__(self, document: dict) -> None:
        import jsonschema_rs

        self.document = document
        self.messages: Counter = Counter()  # (status, error with digits as N): how often
        self._validators: dict[str, object] = {}
        self._new = lambda ref: jsonschema_rs.Draft202012Validator(
            {"$ref": ref, "components": document["components"]})

    def schema_errors(self, ref: str, value: object) -> list[str]:
        if ref not in self._validators:
            self._validators[ref] = self._new(ref)
        return [str(e)[:300] for e in self._validators[ref].iter_errors(value)][:2]

    def operation(self, method: str, path: str) -> dict | None:
        item = self.document["paths"].get(path)
        return item.get(method.lower()) if item else None

    def check_admin(self, req: dict, res: dict) -> list[str]:
        """A dashboard request: no 5xx (503 aside: the edit log or content folder can fail), and a JSON request's
        error is the JSON error body (admin.py: 'a JSON post with JSON'; bad input gets one line)."""
        status, problems = res["status"], []
        if status >= 500 and status != 503:
            problems.append(f"admin status {status}")
        sent_json = any(k == "Content-Type" and "json" in v for k, v in req["headers"]) and req["method"] != "HEAD"
        if sent_json and status >= 400:
            ctype = res["headers"].get("content-type", "")
            try:
                body = json.loads(res["body"]) if ctype.startswith("application/json") else None
            except ValueError:
                body = None
            if not isinstance(body, dict) or body.get("status") != status or "\n" in str(body.get("error")):
                problems.append(f"admin {status} to a JSON request is not the JSON error: {ctype} {res['body'][:100]!r}")
        return problems

    def check(self, req: dict, res: dict) -> list[str]:
        problems = []
        status = res["status"]
        method = req["method"]
        if status is None:
            return [f"no answer: {res['error']}"]
        location = res["headers"].get("location")
        if location is not None and (urlsplit(location).scheme or location.startswith("//")):
            # redirects are relative: never a host taken from the request's Host header, nor "http:///kb/"
            problems.append(f"{status} Location not relative: {location!r}")
        if req.get("admin"):
            return problems + self.check_admin(req, res)
        if status >= 500 and not (status == 501 and any(k == "Content-Encoding" or k == "Transfer-Encoding"
                                                          for k, _ in req["headers"])):
            problems.append(f"status {status}")
        path = req["target"].split("?")[0]
        if not is_api(path):
            return problems
        method = method.upper()
        if method == "HEAD":
            if res["body"]:
                problems.append(f"HEAD {status} has a body")
            return problems
        ctype = res["headers"].get("content-type", "")
        if not ctype.startswith("application/json"):
            return problems + [f"{status} not JSON: {ctype!r} {res['body'][:120]!r}"]
        try:
            body = json.loads(res["body"])
        except ValueError:
            return problems + [f"{status} body not JSON: {res['body'][:120]!r}"]
        if status >= 400:
            self.messages[(status, re.sub(r"\d+", "N", str(body.get("error")))[:100])] += 1
            errs = self.schema_errors("#/components/schemas/Error", body)
            if errs or body.get("status") != status:
                problems.append(f"{status} error body not the contract's: {body}")
            elif "\n" in body["error"] or not body["error"].strip():
                problems.append(f"{status} error not one line: {body['error']!r}")
        op = self.operation(method, path)
        if op is not None and method in ("GET", "POST"):
            documented = op.get("responses", {})
            # (what the server refuses before the app reads a request, 400 414 417 431 501, is listed on every
            # operation: checked as the rest)
            if str(status) not in documented and status not in (405, 404, 413) and not (300 <= status < 400):
                problems.append(f"{status} not among the documented {sorted(documented)}")
            spec = documented.get(str(status), {})
            schema = spec.get("content", {}).get("application/json", {}).get("schema")
            if schema and 200 <= status < 300:
                ref = schema.get("$ref")
                if ref:
                    problems += [f"{status} body against {ref}: {e}" for e in self.schema_errors(ref, body)]
        return problems


def expected_rows(req: dict, res: dict) -> tuple[str, object] | None:
    """What an accepted request stored: ("question", question) or ("feedback", (question, section, helpful))."""
    if res.get("status") is None:
        return None
    path, status = unquote(req["target"].split("?")[0]), res["status"]
    if path == "/api/ask" and status == 200 and req["method"].upper() in ("GET", "POST"):
        body = json.loads(res["body"])
        key = next((v for k, v in req["headers"] if k == "Idempotency-Key"), None)
        return "question", (mask(body["question"]), key)
    if path == "/api/feedback" and status == 201:
        return "feedback", req["parsed"]
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=54)
    ap.add_argument("--requests", type=int, default=1500)
    ap.add_argument("--port", type=int, help="a server already running (its database is not checked)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--rate-limit", default="0", help="FAQBOT_RATE_LIMIT of the server started (0: none)")
    ap.add_argument("--cors-origins", default="", help="FAQBOT_CORS_ORIGINS of the server started")
    ap.add_argument("--threads", type=int, default=1, help="send the (same) generated requests from N threads")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)

    server = None
    failures: Counter = Counter()
    if args.port is None:

        from _server import KB_SMALL, Server

        work = Path(tempfile.mkdtemp(prefix="faqbot-fuzz-"))
        shutil.copytree(KB_SMALL, work / "content")
        server = Server(work, workers=args.workers, rate_limit=args.rate_limit,
                        cors_origins=args.cors_origins).start()
        port = server.port
    else:
        port = args.port
    try:
        started = time.monotonic()
        document = json.loads(send(port, {"method": "GET", "target": "/openapi.json", "chunked": False,
                                          "headers": [("Host", "x"), ("Connection", "close")],
                                          "body": b""})["body"])
        checker = Checker(document)
        rnd = random.Random(args.seed)
        examples: dict[str, dict] = {}
        statuses: Counter = Counter()
        stored = []

        def record(n: int, req: dict, res: dict) -> None:
            statuses[res.get("status")] += 1
            for problem in checker.check(req, res):
                failures[problem[:90]] += 1
                examples.setdefault(problem[:90], {"n": n, "request": raw_bytes(req)[:600], "problem": problem})
            row = expected_rows(req, res)
            if row:
                stored.append(row)

        cookie, csrf = sign_in(port)
        for n in range(args.requests // 10):
            req = admin_request(rnd, f"127.0.0.1:{port}", cookie, csrf)
            res = send(port, req, timeout=60)
            record(n, req, res)
            if res.get("status") == 401:
                cookie, csrf = sign_in(port)
        requests = [make_request(rnd, f"127.0.0.1:{port}") for _ in range(args.requests)]
        if args.threads > 1:
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(args.threads) as pool:
                responses = list(pool.map(lambda r: send(port, r), requests))
        else:
            responses = [send(port, r) for r in requests]
        for n, (req, res) in enumerate(zip(requests, responses)):
            record(n, req, res)
        seconds = time.monotonic() - started
        print(f"{args.requests} requests in {seconds:.1f}s; statuses {dict(sorted(statuses.items(), key=str))}")
        if args.verbose:
            for (status, message), count in sorted(checker.messages.items()):
                print(f"  {status} x{count}: {message}")
        if server is not None:
            server.stop()  # a graceful stop: the question log's queue is written first
            problems = check_store(server.workdir / "faqbot.sqlite3", stored)
            from bot.ingest import load_knowledge
            from bot.model import ContentError

            try:  # the dashboard's edits left a content folder that builds
                load_knowledge(server.workdir / "content")
            except ContentError as e:
                problems.append(f"the content folder no longer builds: {e}")
            for p in problems:
                failures[p[:90]] += 1
                examples.setdefault(p[:90], {"n": -1, "request": b"", "problem": p})
            log = server.log()
            if "Traceback" in log:
                failures["traceback in the server log"] += 1
                at = log.index("Traceback")
                examples["traceback in the server log"] = {"n": -1, "request": b"", "problem": log[at - 300:at + 2500]}
        for key, count in failures.most_common():
            ex = examples[key]
            print(f"\n[{count}x] {ex['problem'][:3000]}")
            if args.verbose or ex["request"]:
                print(f"  e.g. request #{ex['n']}: {ex['request']!r}")
        if server is not None and failures:
            print(f"\nthe server's folder (log, database, content) is kept: {server.workdir}")
        return 1 if failures else 0
    finally:
        if server is not None:
            server.stop()
            if not failures:
                shutil.rmtree(server.workdir, ignore_errors=True)


def check_store(db: Path, stored: list[tuple[str, object]]) -> list[str]:
    """The question log and the feedback table hold what the accepted requests stored, nothing else."""
    con = sqlite3.connect(db)
    try:
        questions = Counter(q for (q,) in con.execute("SELECT question FROM faqbot_questions"))
        feedback = Counter((q, s, bool(h)) for q, s, h in
                           con.execute("SELECT question, section_id, helpful FROM faqbot_feedback"))
    finally:
        con.close()
    problems = []
    asked = [v for kind, v in stored if kind == "question"]
    keyed = {v for v in asked if v[1] is not None}  # logged once per key
    want_q = Counter([q for q, key in asked if key is None] + [q for q, _ in keyed])
    if questions != want_q:
        problems.append(f"question log differs: missing {dict(want_q - questions)}, extra {dict(questions - want_q)}")
    fb = [v for kind, v in stored if kind == "feedback"]
    if sum(feedback.values()) != len(fb):
        problems.append(f"feedback rows {sum(feedback.values())}, accepted {len(fb)}")
    for obj in fb:
        if obj is None:
            continue
        section = obj.get("section_id") or None
        key = (mask(checked(obj["question"], 500)), section, obj["helpful"])
        if feedback[key] <= 0:
            problems.append(f"feedback not stored as sent: {key!r}; stored {list(feedback)[:5]}")
        feedback[key] -= 1
    return problems


if __name__ == "__main__":
    sys.exit(main())
