"""The Host header: a value that is no host [":" port] is a 400 naming it (RFC 9112 3.2), on pages and under /api/,
from the app (Flask's test client) and from a real `faqbot serve`; a host werkzeug cannot read but RFC 3986 allows
("faqbot_web" behind a proxy, an empty port) is served, its redirects relative. An HTTP/1.1 request with no Host
header is a 400 too (RFC 9112 3.2: werkzeug used the server's address); an HTTP/1.0 one is served.

werkzeug reads a Host value it cannot parse as no host at all: `GET /kb` with `Host: [::1` was redirected to
`Location: http:///kb/`, and /api/ answered as if the header were fine.
"""

from __future__ import annotations

import json

import pytest
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from _app import built_app
from _server import raw_exchange, serving_small_site
from bot.settings import Settings

NO_HOST = "the Host header is not a host name this server can read"
BAD_PORT = "the Host header's port is not a port number from 1 to 65535"
EMPTY = "the Host header is empty: send the server's name (and port)"

BAD = [  # (Host header, the error it gets)
    ("[::1", NO_HOST),  # an IPv6 literal not closed
    ("[::1]x", NO_HOST),  # text after the literal
    ("[x]", NO_HOST),  # no IPv6 address in the brackets
    ("a b", NO_HOST),  # a space
    ("host:abc", NO_HOST),  # a port that is no number
    ("host:80:80", NO_HOST),
    ("user@host", NO_HOST),  # user info
    ("a/b", NO_HOST),
    ("%zz", NO_HOST),  # a %-escape of no hex digits
    ("\u00e9t\u00e9.example", NO_HOST),  # not ASCII (a browser sends the punycode form)
    ("host:99999", BAD_PORT),  # port out of range
    ("host:65536", BAD_PORT),
    ("host:0", BAD_PORT),
    ("host:" + "9" * 4400, BAD_PORT),  # past int()'s 4,300 digits: was a 500 on every route, a traceback logged
    ("", EMPTY),
]
GOOD = ["localhost", "host:", "host:000080", "host:" + "0" * 4400 + "80",  # leading zeros: RFC 3986's *DIGIT
        "faqbot_web:8000", "[::1]", "[::1]:8000", "127.0.0.1:65535", "[v1.x]", "a%41b"]


@pytest.fixture
def client(tmp_path, article_index):
    app = built_app(Settings(index_dir=str(article_index), database_url=f"sqlite:///{tmp_path}/db.sqlite3",
                             rate_limit="0"))
    return app.test_client()


@pytest.mark.parametrize("host, error", BAD)
def test_a_host_header_that_is_no_host_is_a_400_naming_it(client, host, error):
    for r in (client.get("/api/health", headers={"Host": host}),
              client.get("/api//health", headers={"Host": host}),  # a redirect (merged slashes) before
              client.post("/api/ask", json={"question": "redness"}, headers={"Host": host})):
        assert r.status_code == 400 and r.json == {"ok": False, "error": error, "status": 400}, r.get_data()[:300]
    page = client.get("/kb", headers={"Host": host})
    assert page.status_code == 400 and "Location" not in page.headers
    assert error.replace("'", "&#39;") in page.get_data(as_text=True)


@pytest.mark.parametrize("host", GOOD)
def test_a_host_werkzeug_cannot_read_but_rfc_3986_allows_is_served_with_relative_redirects(client, host):
    assert client.get("/api/health", headers={"Host": host}).status_code == 200
    r = client.get("/kb", headers={"Host": host})
    assert r.status_code == 308 and r.headers["Location"] == "/kb/", r.headers.get("Location")
    assert 'href="/kb/"' in r.get_data(as_text=True)
    r = client.get("/api//health", headers={"Host": host})
    assert r.status_code == 308 and r.headers["Location"] == "/api/health", r.headers.get("Location")


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8080", "localhost"])
def test_a_redirect_page_links_relatively_too(client, host):
    # The Location was relative, but werkzeug's redirect page still linked "http://evil.example/kb/?a=1&b=2".
    r = client.get("/kb?a=1&b=2", headers={"Host": host})
    assert r.status_code == 308 and r.headers["Location"] == "/kb/?a=1&b=2"
    page = r.get_data(as_text=True)
    assert host not in page and 'href="/kb/?a=1&amp;b=2"' in page, page


def test_a_label_over_63_characters_is_still_named_on_a_page_too(client):
    # werkzeug's own refusal (IDNA cannot write the name): its page said only "could not understand".
    r = client.get("/kb", headers={"Host": "x" * 64})
    assert r.status_code == 400 and NO_HOST in r.get_data(as_text=True)


# ---- the same through a real server: gunicorn passes these Host values on to the app --------------------------

@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from serving_small_site(tmp_path_factory, "host-header", workers=1)


def exchange(port: int, target: str, host: bytes) -> tuple[int, dict, bytes]:
    """Status, headers and body of one GET sent as raw bytes (http.client would refuse to send such a Host)."""
    request = b"GET " + target.encode() + b" HTTP/1.1\r\nHost: " + host + b"\r\nConnection: close\r\n\r\n"
    return raw_exchange(port, request)


@pytest.mark.parametrize("host, error", BAD)
def test_a_real_server_answers_a_host_that_is_no_host_with_the_400(server, host, error):
    raw = host.encode("utf-8")
    status, headers, body = exchange(server.port, "/api/health", raw)
    assert status == 400 and json.loads(body) == {"ok": False, "error": error, "status": 400}, body[:300]
    status, headers, body = exchange(server.port, "/kb", raw)
    assert status == 400 and "location" not in headers, (status, headers)


@pytest.mark.parametrize("host", GOOD)
def test_a_real_server_redirects_a_host_werkzeug_cannot_read_relatively(server, host):
    status, headers, _ = exchange(server.port, "/kb", host.encode())
    assert status == 308 and headers["location"] == "/kb/", (status, headers)


# ---- no Host header at all: RFC 9112 3.2 requires one in HTTP/1.1, not in HTTP/1.0 -------------------------------

NO_HOST_HEADER = "the request has no Host header, which HTTP/1.1 requires: send the server's name (and port)"


def without_host(path: str, protocol: str, **kw) -> Request:
    """A request as the test client builds it, less its Host header (which the test client always sends)."""
    environ = EnvironBuilder(path=path, **kw).get_environ()
    del environ["HTTP_HOST"]
    environ["SERVER_PROTOCOL"] = protocol
    return Request(environ)


def test_an_http_1_1_request_without_host_is_a_400_saying_so(client):
    for r in (client.open(without_host("/api/health", "HTTP/1.1")),
              client.open(without_host("/api/ask", "HTTP/1.1", method="POST", json={"question": "redness"}))):
        assert r.status_code == 400 and r.json == {"ok": False, "error": NO_HOST_HEADER, "status": 400}, r.data[:300]
    page = client.open(without_host("/kb", "HTTP/1.1"))
    assert page.status_code == 400 and "Location" not in page.headers
    assert NO_HOST_HEADER.replace("'", "&#39;") in page.get_data(as_text=True)


def test_an_http_1_0_request_without_host_is_served(client):
    assert client.open(without_host("/api/health", "HTTP/1.0")).status_code == 200
    r = client.open(without_host("/kb", "HTTP/1.0"))
    assert r.status_code == 308 and r.headers["Location"] == "/kb/"


@pytest.mark.parametrize("path", ["/api/health", "/api/ask?q=peel", "/api/ready", "/api/live", "/openapi.json"])
def test_a_real_server_answers_http_1_1_without_host_with_the_json_400(server, path):
    status, headers, body = raw_exchange(server.port, f"GET {path} HTTP/1.1\r\nConnection: close\r\n\r\n".encode())
    assert status == 400 and headers["content-type"].startswith("application/json"), (status, headers, body[:200])
    assert json.loads(body) == {"ok": False, "error": NO_HOST_HEADER, "status": 400}


def test_a_real_server_answers_a_page_without_host_with_an_html_400(server):
    status, headers, body = raw_exchange(server.port, b"GET /kb HTTP/1.1\r\nConnection: close\r\n\r\n")
    assert status == 400 and "location" not in headers and headers["content-type"].startswith("text/html")
    assert b"the request has no Host header" in body


@pytest.mark.parametrize("path", ["/api/health", "/api/ready", "/api/live", "/api/ask?q=peel", "/"])
def test_a_real_server_serves_http_1_0_without_host(server, path):
    # curl --http1.0, an old monitoring probe: HTTP/1.0 has no Host to require.
    status, headers, body = raw_exchange(server.port, f"GET {path} HTTP/1.0\r\n\r\n".encode())
    assert status == 200, (status, body[:300])
    status, headers, _ = raw_exchange(server.port, b"GET /kb HTTP/1.0\r\n\r\n")
    assert status == 308 and headers["location"] == "/kb/"
