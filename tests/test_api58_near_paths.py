"""A 404 under /api/ for a path one slip away from an endpoint (session 58, exercising a real `faqbot serve`): it was a
bare "not found: /api/Ask", which reads as if the API had no such endpoint, and /API/ask was werkzeug's HTML page.
"""

from __future__ import annotations

import pytest

from test_api_params import client, error  # noqa: F401 (client: a fixture)
from _server import serving_small_site, request as http_request


@pytest.mark.parametrize("method,path,meant", [
    ("POST", "/api/Ask", "/api/ask"), ("GET", "/API/health", "/api/health"), ("POST", "/Api/Feedback", "/api/feedback"),
    ("GET", "/api/v1/ask", "/api/ask"), ("POST", "/api/v2/feedback", "/api/feedback"),
    ("GET", "/api/openapi.json", "/openapi.json"), ("GET", "/OPENAPI.JSON", "/openapi.json"),
    ("POST", "/api/asks", "/api/ask"), ("GET", "/api/section", "/api/sections"), ("GET", "/api/healthz", "/api/health"),
    ("GET", "/api/Sections/", "/api/sections"),
])
def test_a_404_one_slip_from_an_endpoint_names_the_endpoint(client, method, path, meant):
    r = client.open(path, method=method, json={"question": "peel"} if method == "POST" else None)
    assert error(r, 404) == f"not found: {path} (did you mean {meant}?)"


@pytest.mark.parametrize("path", ["/api/nope", "/api/", "/api", "/api/chat", "/api/reload", "/api/v1/nope"])
def test_a_404_near_no_endpoint_is_said_as_before(client, path):
    assert error(client.get(path), 404) == f"not found: {path}"


def test_a_trailing_slash_is_still_said_as_such(client):
    assert error(client.get("/api/health/"), 404) == "not found: /api/health/ (no trailing slash: /api/health)"


def test_pages_keep_their_html_404(client):
    r = client.get("/kb-nope")
    assert r.status_code == 404 and r.mimetype == "text/html"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from serving_small_site(tmp_path_factory, "api58-paths", workers=1)


def test_a_real_server_names_the_endpoint_of_an_upper_case_path_in_json(server):
    r = http_request(server.port, "POST", "/API/ask", {"question": "peel"})
    assert r.error is None and r.status == 404, (r.status, r.body)
    assert r.body == {"ok": False, "status": 404, "error": "not found: /API/ask (did you mean /api/ask?)"}
