"""Edge cases of the JSON API found in review: never a 500, votes not lost across a reindex."""

from __future__ import annotations

import pytest

from bot.settings import Settings
from _app import built_app


@pytest.fixture
def client(tmp_path, article_index):
    app = built_app(Settings(index_dir=str(article_index), database_url=f"sqlite:///{tmp_path}/db.sqlite3",
                              rate_limit="0"))
    return app.test_client()


@pytest.mark.parametrize("top_k", ["--5", "9" * 5000, "1e3", "", "abc", "-1", "11"])
def test_bad_top_k_in_the_query_string_is_a_400(client, top_k):
    r = client.get("/api/ask", query_string={"q": "redness", "top_k": top_k})
    assert r.status_code == 400 and r.json["ok"] is False and "top_k" in r.json["error"]


@pytest.mark.parametrize("top_k", ["\u0663", "\uff13", "3.5", "3.", ".3", "0.0", "10.1"])
def test_a_top_k_that_spells_no_integer_from_1_to_10_in_ascii_digits_is_a_400(client, top_k):
    # Python's \\d matched Arabic-Indic and fullwidth digits: ?top_k=\u0663 was answered as top_k=3.
    r = client.get("/api/ask", query_string={"q": "redness", "top_k": top_k})
    assert r.json == {"ok": False, "error": "'top_k' must be an integer from 1 to 10", "status": 400}


@pytest.mark.parametrize("text,number", [("3", 3), ("3.0", 3.0), ("03", 3), (" 3 ", 3), ("10.00", 10.0)])
def test_get_and_post_agree_on_top_k(client, text, number):
    # POST {"top_k": 3.0} was answered (JSON Schema's integer), GET ?top_k=3.0 refused.
    get = client.get("/api/ask", query_string={"q": "redness", "top_k": text})
    post = client.post("/api/ask", json={"question": "redness", "top_k": number})
    assert get.status_code == post.status_code == 200 and get.json == post.json


@pytest.mark.parametrize("text,status", [("1e0", 200), ("2E0", 200), ("0.5e1", 200), ("10e-1", 200), ("1e+1", 200),
                                         ("1e3", 400), ("1.5e0", 400), ("1e999", 400), ("1e-400", 400)])
def test_get_and_post_agree_on_top_k_with_an_exponent(client, text, status):
    # POST {"top_k": 1e0} (the JSON number 1) was answered and GET ?top_k=1e0 refused: the query string is read as
    # the JSON number it spells, as "3.0" is.
    get = client.get("/api/ask", query_string={"q": "redness", "top_k": text})
    post = client.post("/api/ask", data='{"question": "redness", "top_k": %s}' % text, content_type="application/json")
    assert get.status_code == post.status_code == status and get.json == post.json, (get.json, post.json)


@pytest.mark.parametrize("field", ["top_k", "unknown"])
def test_a_number_of_thousands_of_digits_is_a_400_that_names_it_not_python_s_advice(client, field):
    # It was "the body is not valid JSON: Exceeds the limit (4300 digits) for integer string conversion ...;
    # use sys.set_int_max_str_digits() to increase the limit": advice for the server's code, to an API client.
    r = client.post("/api/ask", data='{"question": "peel", "%s": %s}' % (field, "9" * 5000),
                    content_type="application/json")
    assert r.json == {"ok": False, "status": 400,
                      "error": "the body holds a number of 5000 digits: no field takes more than 100"}


def test_head_on_ask_claims_no_length_it_does_not_know(client):
    # HEAD /api/ask validates the question but computes no answer: it said "Content-Length: 0", which RFC 9110
    # reads as the length GET's body would have. Other endpoints build their body, so their length is GET's.
    r = client.head("/api/ask?q=peel")
    assert r.status_code == 200 and r.mimetype == "application/json" and "Content-Length" not in r.headers
    health = client.head("/api/health")
    assert health.headers["Content-Length"] == str(len(client.get("/api/health").data))


@pytest.mark.parametrize("body, name", [('{"question": "peel", "top_k": NaN}', "NaN"),
                                        ('{"question": "peel", "note": Infinity}', "Infinity"),
                                        ('{"question": "peel", "history": [-Infinity]}', "-Infinity")])
def test_nan_and_infinity_are_not_json(client, body, name):
    # Python's json reads them: a NaN top_k was "must be an integer", one in a field nothing reads was answered.
    r = client.post("/api/ask", data=body, content_type="application/json")
    assert r.json == {"ok": False, "status": 400, "error": f"the body is not valid JSON: {name} is not a JSON value "
                                                           "(RFC 8259 has no NaN or Infinity)"}


@pytest.mark.parametrize("value,shown", [("true", True), ("1", True), ("TRUE", True), ("false", False), ("0", False)])
def test_explain_in_the_query_string(client, value, shown):
    r = client.get("/api/ask", query_string={"q": "how long does redness last?", "explain": value})
    assert r.status_code == 200 and ("explain" in r.json) is shown


@pytest.mark.parametrize("value", ["yes", "", "2", "on"])
def test_an_explain_that_is_not_true_or_false_is_a_400_as_a_bad_top_k_is(client, value):
    # It was read as false without a word: a client sending explain=yes never learned why no explain came back.
    r = client.get("/api/ask", query_string={"q": "how long does redness last?", "explain": value})
    assert r.status_code == 400 and r.json == {"ok": False, "error": "'explain' must be true or false", "status": 400}


def test_the_openapi_document_names_every_query_parameter_get_ask_reads(client):
    params = {p["name"]: p for p in client.get("/openapi.json").json["paths"]["/api/ask"]["get"]["parameters"]}
    assert {"q", "top_k", "history", "explain"} <= set(params)
    assert params["explain"]["schema"]["type"] == "boolean"
    body = client.get("/openapi.json").json["components"]["schemas"]["AskRequest"]["properties"]["top_k"]
    integer = next(s for s in body.get("anyOf", body.get("oneOf", [body])) if s.get("type") == "integer")
    assert {k: params["top_k"]["schema"][k] for k in ("minimum", "maximum", "default")} == \
        {k: integer[k] for k in ("minimum", "maximum", "default")} == {"minimum": 1, "maximum": 10, "default": 3}


def test_feedback_for_a_section_no_longer_served_is_stored(client):
    r = client.post("/api/feedback", json={"question": "old question", "section_id": "old-doc/renamed",
                                          "helpful": True})
    assert r.status_code == 201


def test_demo_page_passes_the_question_length_limit_to_the_widget(tmp_path, article_index):
    app = built_app(Settings(index_dir=str(article_index), database_url=f"sqlite:///{tmp_path}/db.sqlite3",
                              max_question_length=321))
    html = app.test_client().get("/").get_data(as_text=True)
    assert 'maxlength="321"' in html


def test_article_page_lists_every_section_with_its_anchor(client, article_bot):
    html = client.get("/kb/microneedling-redness").get_data(as_text=True)
    for s in article_bot.sections():
        assert f'id="{s.anchor}"' in html


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8080", "[2001:db8::1]:80"])
def test_redirects_are_relative_whatever_the_host_header(client, host):
    r = client.get("/kb?from=test", headers={"Host": host})
    assert r.status_code == 308 and r.headers["Location"] == "/kb/?from=test"


@pytest.mark.parametrize("method, path, location", [("GET", "/api//health", "/api/health"),
                                                    ("POST", "/api//ask?x=1", "/api/ask?x=1"),
                                                    ("GET", "/api/sections//", None)])
def test_a_redirect_under_api_is_json_naming_the_address(client, method, path, location):
    # werkzeug merges double slashes with a 308 whose body was an HTML page: a JSON client read HTML.
    r = client.open(path, method=method)
    if location is None:  # no redirect there: a JSON 404 as before
        assert r.status_code == 404 and r.mimetype == "application/json"
        return
    assert r.status_code == 308 and r.headers["Location"] == location
    assert r.mimetype == "application/json"
    assert r.json == {"ok": False, "error": f"moved permanently: use {location}", "status": 308}


def test_a_redirect_outside_api_stays_html(client):
    r = client.get("/kb")
    assert r.status_code == 308 and r.mimetype == "text/html"


@pytest.mark.parametrize("query, name", [("q=caf%E9", "q"), ("question=%FF", "question"), ("q=%ED%A0%80", "q"),
                                         ("q=redness&history=caf%E9", "history"), ("q=redness&top_k=%B2", "top_k")])
def test_a_query_parameter_that_is_not_utf8_is_a_400_naming_it(client, query, name):
    # werkzeug kept the bytes as their escapes: q=caf%E9 (Latin-1) was answered as the question "caf%E9".
    r = client.get("/api/ask?" + query)
    assert r.status_code == 400 and r.json == {
        "ok": False, "error": f"'{name}' is not UTF-8: percent-encode the text's UTF-8 bytes", "status": 400}


@pytest.mark.parametrize("query, question", [("q=caf%C3%A9", "café"), ("q=100%25E9", "100%E9"),
                                             ("q=redness&utm=%E9", "redness")])
def test_utf8_and_literal_percent_signs_in_the_query_are_still_answered(client, query, question):
    r = client.get("/api/ask?" + query)
    assert r.status_code == 200 and r.json["question"] == question


@pytest.mark.parametrize("coding", ["gzip", "br", "deflate, gzip"])
def test_a_compressed_body_is_a_415_naming_the_coding(client, coding):
    import gzip

    # A gzip'd body read as JSON was "not valid JSON: can't decode byte 0x8b"; one marked br but sent plain was answered.
    for path in ("/api/ask", "/api/feedback"):
        r = client.post(path, data=gzip.compress(b'{"question": "redness", "helpful": true}'),
                        headers={"Content-Type": "application/json", "Content-Encoding": coding})
        assert r.status_code == 415 and r.headers["Accept-Encoding"] == "identity"
        assert r.json == {"ok": False, "error": f"Content-Encoding {coding} is not supported: send the JSON body "
                                                "uncompressed", "status": 415}


def test_an_identity_content_encoding_is_the_plain_body(client):
    r = client.post("/api/ask", data='{"question": "redness"}',
                    headers={"Content-Type": "application/json", "Content-Encoding": "identity"})
    assert r.status_code == 200


def test_the_headers_an_answer_carries_are_in_the_openapi_document(tmp_path, article_index):
    # An integrator reading /openapi.json learned of none of them (rate limit left, the version that answered).
    app = built_app(Settings(index_dir=str(article_index), database_url=f"sqlite:///{tmp_path}/db.sqlite3",
                              rate_limit="100/minute"))
    client = app.test_client()
    doc = client.get("/openapi.json").json
    for path, method, status, r in (
            ("/api/ask", "post", "200", client.post("/api/ask", json={"question": "redness"})),
            ("/api/ask", "get", "200", client.get("/api/ask?q=redness")),
            ("/api/feedback", "post", "201", client.post("/api/feedback", json={"question": "redness",
                                                                             "section_id": None, "helpful": True}))):
        assert r.status_code == int(status)
        documented = doc["paths"][path][method]["responses"][status]["headers"]
        ours = {h for h in r.headers.keys() if h.startswith(("Faqbot-", "X-RateLimit-"))}
        assert ours == set(documented) == {"Faqbot-Index-Version", "Faqbot-Worker", "X-RateLimit-Limit",
                                           "X-RateLimit-Remaining", "X-RateLimit-Reset"}


@pytest.mark.parametrize("method, path, hint", [("GET", "/api/health/", " (no trailing slash: /api/health)"),
                                                ("POST", "/api/ask//", " (no trailing slash: /api/ask)"),
                                                ("GET", "/api/feedback/", " (no trailing slash: /api/feedback)"),
                                                ("GET", "/openapi.json/", " (no trailing slash: /openapi.json)"),
                                                ("GET", "/api/", ""), ("GET", "/api/nope/", "")])
def test_a_404_for_a_trailing_slash_names_the_path_without_it(client, method, path, hint):
    # "/api/ask/" was a bare "not found: /api/ask/", for a route one character away.
    r = client.open(path, method=method)
    assert r.status_code == 404 and r.json["error"] == f"not found: {path}{hint}"


@pytest.mark.parametrize("charset", ["", "; charset=iso-8859-1"])
def test_a_body_that_is_not_utf8_is_a_400_saying_so(client, charset):
    # It read "the body is not valid JSON: 'utf-8' codec can't decode byte 0xe9 in position 16: invalid
    # continuation byte", for a Latin-1 body its client had labelled as such.
    r = client.post("/api/ask", data='{"question": "café"}'.encode("latin-1"),
                    headers={"Content-Type": "application/json" + charset})
    assert r.status_code == 400 and r.json["error"] == (
        "the body is not UTF-8 (byte 0xe9 at offset 17): send JSON in UTF-8, whatever charset Content-Type names")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le"])
def test_a_body_in_utf16_or_utf32_is_a_400_saying_so(client, encoding):
    # json.loads detects UTF-16 and UTF-32 in bytes, so such a body was answered (200), though JSON sent between
    # systems is UTF-8 and the README says another encoding is a 400.
    r = client.post("/api/ask", data='{"question": "peel"}'.encode(encoding), content_type="application/json")
    assert r.status_code == 400 and r.json["error"].startswith("the body is not UTF-8"), r.json


def test_a_charset_parameter_does_not_stop_a_utf8_body(client):
    r = client.post("/api/ask", data='{"question": "café"}'.encode(), content_type="application/json; charset=utf-8")
    assert r.status_code == 200 and r.json["question"] == "café"


@pytest.mark.parametrize("path", ["/api/ask", "/api/feedback", "/api/reindex"])
def test_a_transfer_coding_the_api_cannot_read_is_a_501_the_openapi_document_lists(tmp_path, article_index, path):
    # The 501 (gzip, br, ... before chunked) was answered but not in /openapi.json: a client generated from the
    # document had no word for it (found by bench/fuzz_http.py).
    app = built_app(Settings(index_dir=str(article_index), database_url=f"sqlite:///{tmp_path}/db.sqlite3",
                              rate_limit="0", admin_token="t"))
    client = app.test_client()
    r = client.post(path, data=b'{"question": "redness"}', content_type="application/json",
                    headers={"Transfer-Encoding": "gzip, chunked", "Authorization": "Bearer t"})
    assert r.status_code == 501 and "gzip" in r.json["error"]
    documented = client.get("/openapi.json").json["paths"][path]["post"]["responses"]
    assert documented["501"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}


@pytest.mark.parametrize("cors_origins", ["", "https://clinic.example"])
@pytest.mark.parametrize("origin", ["http://[::1", "https://[x", "http://a]b"])
def test_an_origin_header_that_is_no_url_is_refused_cors_not_a_500(tmp_path, article_index, cors_origins, origin):
    # urlsplit raised "Invalid IPv6 URL" while the refused origin was looked at for the log: any client sending such an
    # Origin got a 500 from every endpoint under /api/ (found by bench/fuzz_http.py).
    app = built_app(Settings(index_dir=str(article_index), database_url=f"sqlite:///{tmp_path}/db.sqlite3",
                              rate_limit="0", cors_origins=cors_origins))
    client = app.test_client()
    for r in (client.get("/api/health", headers={"Origin": origin}),
              client.post("/api/ask", json={"question": "redness"}, headers={"Origin": origin}),
              client.options("/api/ask", headers={"Origin": origin, "Access-Control-Request-Method": "POST"})):
        assert r.status_code == 200, r.get_data(as_text=True)[:300]
        assert "Access-Control-Allow-Origin" not in r.headers


@pytest.mark.parametrize("host", ["x" * 64, "a." + "b" * 70 + ".example:8000"])
def test_a_host_header_that_is_no_host_name_is_a_400_saying_so(client, host):
    # werkzeug refuses a name IDNA cannot write (a label over 63 characters) with a BadHost, answered as the bare
    # "bad request": the one line now names the header at fault.
    r = client.get("/api/health", headers={"Host": host})
    assert r.json == {"ok": False, "error": "the Host header is not a host name this server can read", "status": 400}
