"""A page on an allowed origin that POSTs to a mistyped API path (session 58): the browser's preflight got the 404, and
a preflight that is not a 2xx fails as a CORS error, so the page and its console said "CORS error" and never the
JSON 404 that names the endpoint; the developer went to check FAQBOT_CORS_ORIGINS. The preflight is now answered, the
request sent, and its 404 read.
"""

from __future__ import annotations

import pytest

from _app import built_app
from _server import Server, request as http_request
from bot.settings import Settings

SITE = "https://shop.example"
PREFLIGHT = {"Origin": SITE, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}


@pytest.fixture
def client(tmp_path, article_index):
    app = built_app(Settings(index_dir=str(article_index), database_url=f"sqlite:///{tmp_path}/db.sqlite3",
                             rate_limit="0", cors_origins=SITE))
    return app.test_client()


@pytest.mark.parametrize("path", ["/api/asks", "/api/nope", "/API/ask"])
def test_a_preflight_to_a_mistyped_path_passes_so_the_page_reads_the_404(client, path):
    r = client.options(path, headers=PREFLIGHT)
    assert r.status_code == 200 and r.json == {"ok": True, "allow": ["OPTIONS"]}
    assert r.headers["Access-Control-Allow-Origin"] == SITE
    assert "content-type" in r.headers["Access-Control-Allow-Headers"].lower()
    sent = client.post(path, json={"question": "peel"}, headers={"Origin": SITE})
    assert sent.status_code == 404 and sent.json["ok"] is False and sent.json["error"].startswith(f"not found: {path}")
    assert sent.headers["Access-Control-Allow-Origin"] == SITE


def test_an_options_that_is_no_preflight_is_still_the_404(client):
    r = client.options("/api/nope")
    assert r.status_code == 404 and r.json == {"ok": False, "error": "not found: /api/nope", "status": 404}
    r = client.options("/api/nope", headers={"Origin": SITE})  # no method asked for: not a preflight
    assert r.status_code == 404


def test_a_page_path_keeps_its_404(client):
    r = client.options("/kb-nope", headers=PREFLIGHT)
    assert r.status_code == 404 and r.mimetype == "text/html"


def test_a_preflight_to_an_endpoint_is_answered_as_before(client):
    r = client.options("/api/feedback", headers=PREFLIGHT)
    assert r.status_code == 200 and r.json == {"ok": True, "allow": ["OPTIONS", "POST"]}
    assert r.headers["Access-Control-Allow-Methods"] == "OPTIONS, POST"


def test_a_real_server_answers_the_preflight_of_a_mistyped_path(tmp_path):
    from _server import write_content
    from bot import build

    write_content(tmp_path / "content", 0)
    build.build(tmp_path / "content", tmp_path / "index")
    with Server(tmp_path, workers=1, cors_origins=SITE) as server:
        r = http_request(server.port, "OPTIONS", "/api/ask/x", headers=PREFLIGHT)
        assert r.error is None and r.status == 200, (r.status, r.body)
        assert r.headers["access-control-allow-origin"] == SITE
