"""OPTIONS * (RFC 9112 3.2.4's asterisk-form request target: a question about the whole server, which proxies and
probes ask) to a real `faqbot serve`, sent over a raw socket: it was werkzeug's HTML 404 page; it is a 200 with an
Allow header, in JSON as everything the API answers. And the WSGI app alone, for the other servers that run it."""

from __future__ import annotations

import json

import pytest

from _app import built_app
from _server import raw_exchange, serving_small_site
from bot.settings import Settings

METHODS = ["GET", "HEAD", "OPTIONS", "POST"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from serving_small_site(tmp_path_factory, "options-asterisk", workers=1)


@pytest.mark.parametrize("request_head", [
    b"OPTIONS * HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    b"OPTIONS * HTTP/1.0\r\n\r\n",
])
def test_options_asterisk_is_a_200_naming_the_server_s_methods(server, request_head):
    status, headers, body = raw_exchange(server.port, request_head)
    assert status == 200 and headers["content-type"] == "application/json", body[:300]
    assert headers["allow"] == ", ".join(METHODS)
    assert json.loads(body) == {"ok": True, "allow": METHODS}


def test_options_asterisk_without_a_host_in_http_1_1_is_a_json_400(server):
    status, headers, body = raw_exchange(server.port, b"OPTIONS * HTTP/1.1\r\nConnection: close\r\n\r\n")
    assert status == 400 and headers["content-type"] == "application/json", body[:300]
    assert json.loads(body)["error"] == ("the request has no Host header, which HTTP/1.1 requires: send the server's "
                                         "name (and port)")


def test_any_other_method_with_the_asterisk_target_is_a_json_400_from_the_server(server):
    status, headers, body = raw_exchange(server.port, b"GET * HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
    assert status == 400 and headers["content-type"] == "application/json" and json.loads(body)["ok"] is False


@pytest.fixture
def client(tmp_path, article_index):
    app = built_app(Settings(index_dir=str(article_index), database_url=f"sqlite:///{tmp_path}/db.sqlite3",
                             rate_limit="0"))
    return app.test_client()


def test_the_wsgi_app_answers_options_asterisk_as_the_server_hands_it_over(client):
    environ = {"PATH_INFO": "*"}  # (gunicorn's and werkzeug's server's)
    r = client.open("/", method="OPTIONS", environ_overrides=environ)
    assert r.status_code == 200 and r.json == {"ok": True, "allow": METHODS}
    assert r.headers["Allow"] == "GET, HEAD, OPTIONS, POST"
    # a server that passes GET * on (gunicorn refuses it itself): a JSON 400 saying the target is OPTIONS' only
    r = client.open("/", method="GET", environ_overrides=environ)
    assert r.status_code == 400 and r.json == {
        "ok": False, "status": 400, "error": "the request target * is only for OPTIONS, not GET: name a path"}


def test_options_on_a_page_path_named_star_is_still_the_page_404(client):
    # "/*" is a path like any other under the pages: not the asterisk-form target.
    r = client.open("/*", method="OPTIONS")
    assert r.status_code == 404 and r.mimetype == "text/html"
