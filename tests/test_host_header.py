"""The Host header: a value that is no host [":" port] is a 400 naming it (RFC 9112 3.2), on pages and under /api/,
from the app (Flask's test client) and from a real `faqbot serve`; a host werkzeug cannot read but RFC 3986 allows
("faqbot_web" behind a proxy, an empty port) is served, its redirects relative.

werkzeug reads a Host value it cannot parse as no host at all: `GET /kb` with `Host: [::1` was redirected to
`Location: http:///kb/`, and /api/ answered as if the header were fine.
"""

from __future__ import annotations

import json
import socket

import pytest

from _app import built_app
from _server import Server, write_content
from bot import build
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
    ("", EMPTY),
]
GOOD = ["localhost", "host:", "faqbot_web:8000", "[::1]", "[::1]:8000", "127.0.0.1:65535", "[v1.x]", "a%41b"]


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
    r = client.get("/api//health", headers={"Host": host})
    assert r.status_code == 308 and r.headers["Location"] == "/api/health", r.headers.get("Location")


def test_a_label_over_63_characters_is_still_named_on_a_page_too(client):
    # werkzeug's own refusal (IDNA cannot write the name): its page said only "could not understand".
    r = client.get("/kb", headers={"Host": "x" * 64})
    assert r.status_code == 400 and NO_HOST in r.get_data(as_text=True)


# ---- the same through a real server: gunicorn passes these Host values on to the app --------------------------

@pytest.fixture(scope="module")
def server(tmp_path_factory):
    site = tmp_path_factory.mktemp("host-header")
    write_content(site / "content", 0)
    build.build(site / "content", site / "index")
    with Server(site, workers=1) as s:
        yield s


def exchange(port: int, target: str, host: bytes) -> tuple[int, dict, bytes]:
    """Status, headers and body of one GET sent as raw bytes (http.client would refuse to send such a Host)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"GET " + target.encode() + b" HTTP/1.1\r\nHost: " + host + b"\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:])}
    return int(lines[0].split()[1]), headers, body


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
