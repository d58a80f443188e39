"""What a real `faqbot serve` refuses before the app reads a request (gunicorn's 400, 414, 417, 431 and 501, answered
in the contract's JSON error shape by web/worker.py), and the app's 400 for a Host header that is no host, are
documented in /openapi.json for every operation: a client generated from it knows each status it can get.

Each status is provoked on each operation the document lists, over a raw socket (http.client would refuse to send
most of these requests), and looked up in that operation's responses.
"""

from __future__ import annotations

import json

import pytest

from _server import raw_exchange, request, serving_small_site


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from serving_small_site(tmp_path_factory, "openapi-refusals", workers=1)


@pytest.fixture(scope="module")
def operations(server) -> list[tuple[str, str, dict]]:
    doc = request(server.port, "GET", "/openapi.json").body
    ops = [(method.upper(), path, op) for path, item in doc["paths"].items() for method, op in item.items()]
    assert len(ops) >= 8, ops  # ask (GET, POST), feedback, sections, health, live, ready, reindex
    return ops


def _target(method: str, path: str) -> str:
    return path + "?q=peel" if (method, path) == ("GET", "/api/ask") else path


# name -> (the status, the request's head after its request line, what the request line's target gets added)
PROVOKED = {
    "two Host headers": (400, b"Host: t\r\nHost: u\r\n", b""),
    "a Host that is no host": (400, b"Host: [::1\r\n", b""),
    "no Host header in HTTP/1.1": (400, b"", b""),
    "a request line over 8190 bytes": (414, b"Host: t\r\n", b"&x=" + b"a" * 9000),
    "Expect other than 100-continue": (417, b"Host: t\r\nExpect: 200-ok\r\nContent-Length: 0\r\n", b""),
    "a header of 20,000 bytes": (431, b"Host: t\r\nX-Big: " + b"a" * 20_000 + b"\r\n", b""),
    "101 headers": (431, b"Host: t\r\n" + b"".join(b"X-H%d: 1\r\n" % n for n in range(101)), b""),
    "Transfer-Encoding br": (501, b"Host: t\r\nTransfer-Encoding: br, chunked\r\n", b""),
}


def exchange(port: int, data: bytes) -> tuple[int, str, bytes]:
    """Status, Content-Type and body of the one response to data (the server closes the connection)."""
    status, headers, body = raw_exchange(port, data)
    return status, headers.get("content-type", ""), body


@pytest.mark.parametrize("provoked", list(PROVOKED))
def test_every_status_the_server_refuses_a_request_with_is_documented_for_every_operation(server, operations,
                                                                                          provoked):
    status, head, longer = PROVOKED[provoked]
    undocumented = []
    for method, path, op in operations:
        target = _target(method, path).encode()
        if longer:
            target += longer if b"?" in target else b"?" + longer[1:]
        got, ctype, body = exchange(server.port, method.encode() + b" " + target + b" HTTP/1.1\r\n" + head
                                    + b"Connection: close\r\n\r\n" + (b"0\r\n\r\n" if b"chunked" in head else b""))
        assert got == status and ctype.startswith("application/json"), (method, path, got, ctype, body[:200])
        error = json.loads(body)
        assert error["ok"] is False and error["status"] == status and error["error"], error
        documented = op["responses"].get(str(status))
        if documented is None:
            undocumented.append(f"{method} {path}")
        else:
            assert documented["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
            assert documented["description"].strip()
    assert not undocumented, f"{status} ({provoked}) not in /openapi.json for {undocumented}"
