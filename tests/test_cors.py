"""CORS for a developer calling the JSON API from a page on their own site: what such a page may send and read."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from _app import app_maker

KB_SMALL = Path(__file__).resolve().parent / "data" / "kb-small"
SHOP = "https://clinic.example"
TOKEN = "t" * 32
FIXED = {"content-type", "authorization", "idempotency-key"}
# What a page on any origin reads anyway (the Fetch standard's CORS-safelisted response headers), and what is meant
# for the browser itself, not for the page's script.
SAFELISTED = {"cache-control", "content-language", "content-length", "content-type", "expires", "last-modified",
              "pragma"}
FOR_THE_BROWSER = {"content-security-policy", "x-content-type-options", "referrer-policy", "vary"}
TOKEN_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")


@pytest.fixture
def make_app(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(KB_SMALL, content)
    return app_maker(content, tmp_path)


@pytest.fixture(scope="module")
def shop_client(tmp_path_factory):
    """One app for many generated preflights (they change nothing)."""
    root = tmp_path_factory.mktemp("cors")
    shutil.copytree(KB_SMALL, root / "content")
    return app_maker(root / "content", root)(cors_origins=SHOP).test_client()


def preflight(client, origin=SHOP, path="/api/ask", **headers):
    return client.options(path, headers={"Origin": origin, "Access-Control-Request-Method": "POST", **headers})


def names(value):
    return {h.strip().lower() for h in value.split(",") if h.strip()}


def test_a_page_on_an_allowed_origin_can_read_every_header_meant_for_its_script(make_app):
    # Faqbot-Index-Version and Faqbot-Worker were sent on every answer but left out of Access-Control-Expose-Headers:
    # a page on the clinic's site could not read which index answered.
    client = make_app(cors_origins=SHOP, rate_limit="1/minute", admin_token=TOKEN).test_client()
    origin = {"Origin": SHOP}
    responses = {
        "answer": client.post("/api/ask", json={"question": "peel"}, headers=origin),
        "rate limited": client.post("/api/ask", json={"question": "peel"}, headers=origin),
        "no token": client.post("/api/reindex", headers=origin),
        "wrong method": client.get("/api/feedback", headers=origin),
        "health": client.get("/api/health", headers=origin),
    }
    assert [r.status_code for r in responses.values()] == [200, 429, 401, 405, 200]
    for what, r in responses.items():
        exposed = names(r.headers["Access-Control-Expose-Headers"])
        sent = {h.lower() for h in r.headers.keys()}
        readable = sent - SAFELISTED - FOR_THE_BROWSER - {h for h in sent if h.startswith("access-control-")}
        assert readable <= exposed, (what, readable - exposed)
    assert {"faqbot-index-version", "faqbot-worker"} <= names(responses["answer"].headers["Access-Control-Expose-Headers"])
    assert {"retry-after", "x-ratelimit-reset"} <= {h.lower() for h in responses["rate limited"].headers.keys()}
    assert "www-authenticate" in {h.lower() for h in responses["no token"].headers.keys()}


def test_a_preflight_from_an_allowed_origin_allows_the_headers_it_asks_for(make_app):
    # Only Content-Type, Authorization and Idempotency-Key were allowed: jQuery's X-Requested-With, or a page
    # setting Accept-Language, failed the preflight and the page saw a network error.
    client = make_app(cors_origins=SHOP).test_client()
    r = preflight(client, **{"Access-Control-Request-Headers": "accept-language,content-type,x-requested-with"})
    assert r.status_code == 200 and r.headers["Access-Control-Allow-Origin"] == SHOP
    assert names(r.headers["Access-Control-Allow-Headers"]) == FIXED | {"accept-language", "x-requested-with"}
    assert "Access-Control-Request-Headers" in r.headers["Vary"]  # a cache must not hand it to another preflight
    # Authorization stays allowed by name (a '*' would not cover it), whether or not it is asked for.
    for asked in ("", "authorization", "x-api-client"):
        allowed = names(preflight(client, **{"Access-Control-Request-Headers": asked}).headers[
            "Access-Control-Allow-Headers"])
        assert FIXED <= allowed and "*" not in allowed, asked


def test_the_headers_a_page_asks_for_are_allowed_with_the_wildcard_origin_too(make_app):
    client = make_app(cors_origins="*").test_client()
    r = preflight(client, origin="https://anyone.example", **{"Access-Control-Request-Headers": "x-requested-with"})
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    assert names(r.headers["Access-Control-Allow-Headers"]) == FIXED | {"x-requested-with"}


def test_a_preflight_from_another_origin_allows_nothing(make_app):
    client = make_app(cors_origins=SHOP).test_client()
    r = preflight(client, origin="https://evil.example", **{"Access-Control-Request-Headers": "x-requested-with",
                                                            "Access-Control-Request-Private-Network": "true"})
    assert r.status_code == 200
    assert not [h for h in r.headers.keys() if h.lower().startswith("access-control-")], dict(r.headers)


@pytest.mark.parametrize("asked", [
    "x-requested-with, x bad",  # a space inside a name
    "x-requested-with,x-a:b",  # a colon: a header line, not a name
    'x-requested-with,"x-quoted"',
    "x-requested-with,x-caf\u00e9",  # not ASCII
    "x-requested-with,(x-comment)",
    "x-requested-with,x-a;x-b",
])
def test_a_malformed_list_of_requested_headers_is_not_written_back(make_app, asked):
    client = make_app(cors_origins=SHOP).test_client()
    r = preflight(client, **{"Access-Control-Request-Headers": asked})
    assert r.status_code == 200 and r.headers["Access-Control-Allow-Origin"] == SHOP
    assert names(r.headers["Access-Control-Allow-Headers"]) == FIXED  # nothing of the list, its good names neither


def test_empty_elements_and_spaces_in_the_list_are_read_as_http_reads_them(make_app):
    client = make_app(cors_origins=SHOP).test_client()
    r = preflight(client, **{"Access-Control-Request-Headers": " X-Requested-With ,, \tAccept-Language,"})
    assert r.headers["Access-Control-Allow-Headers"] == (
        "Content-Type, Authorization, Idempotency-Key, x-requested-with, accept-language")


@hsettings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(asked=st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f"), max_size=80))
def test_whatever_a_preflight_asks_for_it_gets_a_200_and_only_header_names_back(shop_client, asked):
    r = preflight(shop_client, **{"Access-Control-Request-Headers": asked})
    assert r.status_code == 200
    allowed = [h.strip() for h in r.headers["Access-Control-Allow-Headers"].split(",")]
    assert all(TOKEN_NAME.fullmatch(h) for h in allowed), allowed
    asked_names = {h.strip(" \t").lower() for h in asked.split(",")}
    assert set(map(str.lower, allowed)) <= FIXED | asked_names


@pytest.mark.parametrize("cors_origins, origin, allowed", [
    (SHOP, SHOP, True),
    ("https://Clinic.Example:443/", SHOP, True),  # listed as the browser does not write it: still that origin
    ("*", SHOP, False),  # '*' lets any page read the answers, not any page reach into a private network
    (f"*, {SHOP}", SHOP, True),
    (f"*, {SHOP}", "https://anyone.example", False),
    (SHOP, "https://evil.example", False),
])
def test_a_private_network_preflight_is_allowed_only_for_an_origin_listed_by_name(make_app, cors_origins, origin,
                                                                                  allowed):
    # Chrome's Private Network Access: a public page calling a bot on a clinic's intranet sends this preflight,
    # and the request goes ahead only with Access-Control-Allow-Private-Network: true. It was never answered.
    client = make_app(cors_origins=cors_origins).test_client()
    r = preflight(client, origin=origin, **{"Access-Control-Request-Private-Network": "true"})
    assert r.status_code == 200
    assert r.headers.get("Access-Control-Allow-Private-Network") == ("true" if allowed else None)
    assert "Access-Control-Request-Private-Network" in r.headers["Vary"]


def test_private_network_access_is_said_only_when_a_preflight_asks(make_app):
    client = make_app(cors_origins=SHOP).test_client()
    assert "Access-Control-Allow-Private-Network" not in preflight(client).headers
    assert "Access-Control-Allow-Private-Network" not in preflight(
        client, **{"Access-Control-Request-Private-Network": "false"}).headers
    r = client.get("/api/health", headers={"Origin": SHOP, "Access-Control-Request-Private-Network": "true"})
    assert r.status_code == 200 and "Access-Control-Allow-Private-Network" not in r.headers  # not a preflight


@pytest.mark.parametrize("cors_origins", [SHOP, "*"])
def test_no_response_allows_credentials(make_app, cors_origins):
    # The API uses no cookies: a page's fetch(..., {credentials: "include"}) must not be let read an answer.
    client = make_app(cors_origins=cors_origins, admin_token=TOKEN).test_client()
    for r in (preflight(client, **{"Access-Control-Request-Headers": "authorization",
                                   "Access-Control-Request-Private-Network": "true"}),
              client.post("/api/ask", json={"question": "peel"}, headers={"Origin": SHOP}),
              client.post("/api/reindex", headers={"Origin": SHOP, "Authorization": f"Bearer {TOKEN}"})):
        assert r.status_code == 200 and "Access-Control-Allow-Credentials" not in r.headers
