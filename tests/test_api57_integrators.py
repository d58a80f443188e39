"""What a developer integrating faqbot from their own site sends by mistake, found by exercising a real `faqbot serve`
with curl (session 57): each is a 400 naming what is wrong, or read as the developer meant, never misread.

- GET ?history=["a","b"] (a list JSON.stringify'd into the URL) was read as one earlier question spelled in brackets;
- axios and jQuery write a list parameter as history[]=a&history[]=b, qs and PHP as history[0]=a: both were dropped
  without a word, as parameters the API does not read, and a follow-up was answered without its earlier question;
- a repeated Idempotency-Key header (joined "a, b" by werkzeug's server) was said to be malformed;
- a number or a boolean sent as a JSON string ({"top_k": "3"}, {"helpful": "true"}) was told "'top_k' must be an
  integer from 1 to 10", which "3" looks like to the developer who sent it.
"""

from __future__ import annotations

import pytest

from test_api_params import client, error  # noqa: F401 (client: a fixture)
from _server import serving_small_site, request as http_request

FOLLOW_UP = "how long does it last?"
EARLIER = "redness after microneedling"




# ---- history in the query string ---------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ['["what is a peel?", "redness after microneedling"]', '["redness"]', "[]",
                                   ' [1, 2] '])
def test_a_json_list_as_the_history_query_parameter_is_a_400_saying_how_to_send_it(client, value):
    for method in ("GET", "HEAD"):
        r = client.open("/api/ask", method=method, query_string=[("q", FOLLOW_UP), ("history", value)])
        assert r.status_code == 400, method
    r = client.get("/api/ask", query_string=[("q", FOLLOW_UP), ("history", value)])
    assert error(r, 400) == ("'history' is a JSON list: in the query string send each earlier question as its own "
                             "history= parameter (history=...&history=...), or POST the list in a JSON body")


@pytest.mark.parametrize("value", ["[redness] after microneedling", "[1, 2", '"redness after microneedling"',
                                   "what about [brackets]?"])
def test_a_history_question_with_brackets_that_is_no_json_list_is_read_as_text(client, value):
    r = client.get("/api/ask", query_string=[("q", FOLLOW_UP), ("history", value)])
    assert r.status_code == 200 and r.json["ok"] is True


@pytest.mark.parametrize("names", [["history[]"], ["history[0]"], ["history%5B%5D"]])
def test_history_written_as_axios_jquery_qs_or_php_write_a_list_is_read_as_history(client, names):
    plain = client.get("/api/ask", query_string=[("q", FOLLOW_UP), ("history", EARLIER)]).json
    without = client.get("/api/ask", query_string=[("q", FOLLOW_UP)]).json
    assert plain["section_id"] != without["section_id"]  # the earlier question changes the answer: a real check
    name = names[0]
    r = client.get(f"/api/ask?q=how+long+does+it+last%3F&{name}=redness+after+microneedling")
    assert r.status_code == 200 and r.json["section_id"] == plain["section_id"]


def test_indexed_history_is_read_in_index_order_newest_last(client):
    # qs writes history[0]=...&history[1]=...; PHP's http_build_query too. Out of order in the URL, read by index.
    ordered = client.get("/api/ask", query_string=[("q", FOLLOW_UP), ("history", "what is a peel?"),
                                                   ("history", EARLIER)]).json
    shuffled = client.get("/api/ask", query_string=[("q", FOLLOW_UP), ("history[1]", EARLIER),
                                                    ("history[0]", "what is a peel?")]).json
    assert shuffled["section_id"] == ordered["section_id"] and shuffled["question"] == ordered["question"]


def test_history_in_two_spellings_at_once_is_a_400_naming_both(client):
    r = client.get("/api/ask", query_string=[("q", FOLLOW_UP), ("history", "a"), ("history[]", "b")])
    assert error(r, 400) == ("'history' is given as both history= and history[]=: send every earlier question "
                             "the same way (history=...&history=...)")


def test_a_post_with_bracketed_history_in_its_query_string_is_told_to_send_it_in_the_body(client):
    # as ?history=... already is: the POST would answer without it
    r = client.post("/api/ask?history[]=peel", json={"question": FOLLOW_UP})
    assert error(r, 400) == ("POST /api/ask reads 'history' from the JSON body, not the query string (history[]=): "
                             "send it in the body")


# ---- Idempotency-Key ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("headers", [
    [("Idempotency-Key", "q-1"), ("Idempotency-Key", "q-2")],
    [("Idempotency-Key", "q-1"), ("Idempotency-Key", "q-1")],
    [("Idempotency-Key", '"q-1"'), ("Idempotency-Key", '"q-2"')],
])
def test_a_repeated_idempotency_key_header_is_a_400_saying_it_is_repeated(client, headers):
    r = client.post("/api/ask", json={"question": EARLIER}, headers=headers)
    assert error(r, 400) == ("'Idempotency-Key' is given more than once (2 values, comma-separated): send one "
                             "key with each request")


def test_two_keys_joined_without_a_space_as_gunicorn_joins_them_are_a_400_too(client):
    # `faqbot serve` hands the header sent twice over as "q-1,q-2": a valid key until a comma was refused in one
    r = client.post("/api/ask", json={"question": EARLIER}, headers={"Idempotency-Key": "q-1,q-2"})
    assert error(r, 400).startswith("'Idempotency-Key' is given more than once (2 values"), r.get_json()


def test_a_malformed_idempotency_key_is_still_said_to_be_malformed(client):
    for key in ("a b, c", "a b", "q 1,q-2", ", x y"):
        r = client.post("/api/ask", json={"question": EARLIER}, headers={"Idempotency-Key": key})
        assert error(r, 400).startswith("'Idempotency-Key' must be 1 to 200 visible ASCII characters"), key


# ---- numbers and booleans sent as strings ------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["3", "ten", ""])
def test_top_k_as_a_json_string_is_told_to_be_a_number(client, value):
    r = client.post("/api/ask", json={"question": EARLIER, "top_k": value})
    assert error(r, 400) == "'top_k' must be an integer from 1 to 10: a JSON number, not a string"


@pytest.mark.parametrize("path,body,name", [
    ("/api/ask", {"question": EARLIER, "explain": "true"}, "explain"),
    ("/api/feedback", {"question": EARLIER, "section_id": None, "helpful": "false"}, "helpful"),
])
def test_a_boolean_as_a_json_string_is_told_to_be_a_json_boolean(client, path, body, name):
    assert error(client.post(path, json=body), 400) == f"'{name}' must be true or false: a JSON boolean, not a string"


def test_a_boolean_as_a_number_is_told_to_be_a_json_boolean(client):
    r = client.post("/api/feedback", json={"question": EARLIER, "section_id": None, "helpful": 1})
    assert error(r, 400) == "'helpful' must be true or false: a JSON boolean, not a number"


def test_the_query_string_messages_are_unchanged(client):
    # a GET's values are all text: "not a string" would be no help there
    assert error(client.get("/api/ask?q=redness&top_k=abc"), 400) == "'top_k' must be an integer from 1 to 10"
    assert error(client.get("/api/ask?q=redness&explain=yes"), 400) == "'explain' must be true or false"


# ---- a real server -----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from serving_small_site(tmp_path_factory, "api57", workers=1)


def test_a_real_server_refuses_a_json_history_and_reads_bracketed_history(server):
    status, body = _get(server.port, "/api/ask?q=how+much+is+it%3F&history=%5B%22a%22%5D")
    assert status == 400 and body["error"].startswith("'history' is a JSON list"), body
    status, body = _get(server.port, "/api/ask?q=hello&history%5B%5D=a&history%5B%5D=b")
    assert status == 200 and body["ok"] is True, body


def _get(port: int, path: str) -> tuple[int, dict]:
    r = http_request(port, "GET", path)
    assert r.error is None, r.error
    return r.status, r.body


def test_history_in_indexed_and_plain_spellings_is_a_400_naming_the_names_given(client):
    r = client.get("/api/ask", query_string=[("q", FOLLOW_UP), ("history[2]", "a"), ("history", "b")])
    assert error(r, 400) == ("'history' is given as both history[2]= and history=: send every earlier question "
                             "the same way (history=...&history=...)")
