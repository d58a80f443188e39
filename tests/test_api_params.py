"""The API's parameters as an integrating developer sends them: a parameter given twice, given empty, given where the
method does not read it (a POST's query string, a GET's body) is a 400 naming it, never read as something else.

werkzeug's args.get and json.loads each pick one of two values without a word (?q=a&q=b was answered as "a",
{"top_k": 1, "top_k": 9} as 9), and a POST's ?top_k=5 was ignored.
"""

from __future__ import annotations

import pytest

from _app import built_app
from bot.settings import Settings

Q = "how long does redness last?"


@pytest.fixture
def client(tmp_path, article_index):
    app = built_app(Settings(index_dir=str(article_index), database_url=f"sqlite:///{tmp_path}/db.sqlite3",
                             rate_limit="0"))
    return app.test_client()


def error(r, status: int) -> str:
    assert r.status_code == status and r.mimetype == "application/json", (r.status_code, r.get_data()[:300])
    assert set(r.json) == {"ok", "error", "status"} and r.json["ok"] is False and r.json["status"] == status
    return r.json["error"]


@pytest.mark.parametrize("query,name", [
    ("q=redness&q=peel", "q"), ("question=redness&question=peel", "question"),
    ("q=redness&top_k=2&top_k=9", "top_k"), ("q=redness&explain=true&explain=false", "explain"),
    ("q=redness&%71=peel", "q"),  # the name percent-encoded is the same name
    ("q=redness&top_k=3&top_k=3", "top_k"),  # twice, even the same value: the client builds its URLs wrong
])
def test_a_parameter_given_twice_in_the_query_string_is_a_400_naming_it(client, query, name):
    for method in ("GET", "HEAD"):
        r = client.open("/api/ask?" + query, method=method)
        assert r.status_code == 400, method
    said = error(client.get("/api/ask?" + query), 400)
    assert said == f"'{name}' is given more than once in the query string: send it once"


def test_history_is_the_one_parameter_a_query_string_repeats(client):
    one = client.get("/api/ask", query_string=[("q", "how long does it last?"),
                                               ("history", "redness after microneedling")])
    two = client.get("/api/ask", query_string=[("q", "how long does it last?"), ("history", "what is a peel?"),
                                               ("history", "redness after microneedling")])
    assert one.status_code == two.status_code == 200 and one.json["section_id"] == two.json["section_id"]


def test_q_and_question_together_are_a_400(client):
    r = client.get("/api/ask", query_string={"q": "redness", "question": "peel"})
    assert error(r, 400) == "'q' and 'question' both give the question: send one of them (q=)"
    r = client.get("/api/ask", query_string={"q": "redness", "question": ""})
    assert error(r, 400) == "'q' and 'question' both give the question: send one of them (q=)"


@pytest.mark.parametrize("query", ["q=redness&top_k=", "q=redness&top_k", "q=redness&top_k=%20%20"])
def test_an_empty_top_k_is_a_400_saying_it_is_empty(client, query):
    # It was "'top_k' must be an integer from 1 to 10", as for top_k=abc: the client's URL template left it unfilled.
    for method in ("GET", "HEAD"):
        assert client.open("/api/ask?" + query, method=method).status_code == 400
    said = error(client.get("/api/ask?" + query), 400)
    assert said == "'top_k' is empty: give an integer from 1 to 10, or leave it out"


@pytest.mark.parametrize("query,message", [
    ("q=", "'q' is empty"), ("question=", "'question' is empty"),  # (question= said "'q' is empty")
    ("q=redness&explain=", "'explain' must be true or false"),
])
def test_every_other_single_parameter_given_empty_is_a_400_naming_it(client, query, message):
    assert error(client.get("/api/ask?" + query), 400) == message


def test_an_empty_history_entry_is_dropped_in_the_query_as_in_the_body(client):
    # history is a list of earlier questions: an empty one is no question, dropped in GET as POST drops [""].
    get = client.get("/api/ask", query_string=[("q", Q), ("history", "")])
    post = client.post("/api/ask", json={"question": Q, "history": [""]})
    assert get.status_code == post.status_code == 200 and get.json == post.json == client.get(f"/api/ask?q={Q}").json


def test_head_reads_top_k_from_the_query_string_as_get_does(client):
    # HEAD ?top_k=3 was a 400 ("must be an integer"): only a GET's text was read as the number it spells.
    for top_k in ("3", "3.0", "1e1"):
        assert client.head("/api/ask", query_string={"q": Q, "top_k": top_k}).status_code == 200
    assert client.head("/api/ask", query_string={"q": Q, "top_k": "11"}).status_code == 400


@pytest.mark.parametrize("raw,name", [
    ('{"question": "peel", "question": "redness"}', "question"),
    ('{"question": "redness", "top_k": 1, "top_k": 9}', "top_k"),
    ('{"question": "redness", "explain": true, "explain": false}', "explain"),
    ('{"question": "redness", "history": [], "history": ["peel"]}', "history"),
])
def test_a_field_given_twice_in_the_body_is_a_400_naming_it(client, raw, name):
    r = client.post("/api/ask", data=raw, content_type="application/json")
    assert error(r, 400) == f"'{name}' is given more than once in the body: send it once"


def test_a_feedback_field_given_twice_is_a_400_and_a_field_nothing_reads_may_repeat(client):
    raw = '{"question": "peel", "section_id": null, "helpful": true, "helpful": false}'
    r = client.post("/api/feedback", data=raw, content_type="application/json")
    assert error(r, 400) == "'helpful' is given more than once in the body: send it once"
    raw = '{"question": "peel", "section_id": null, "helpful": true, "x": 1, "x": 2, "meta": {"a": 1, "a": 2}}'
    assert client.post("/api/feedback", data=raw, content_type="application/json").status_code == 201
    raw = '{"question": "redness", "x": 1, "x": 2}'
    assert client.post("/api/ask", data=raw, content_type="application/json").status_code == 200


@pytest.mark.parametrize("path,query,body,field", [
    ("/api/ask", "top_k=5", {"question": Q}, "top_k"),
    ("/api/ask", "explain=true", {"question": Q}, "explain"),
    ("/api/ask", "history=peel", {"question": Q}, "history"),
    ("/api/ask", "q=redness", {"question": Q}, "question"),  # GET's name for it: the body's is named
    ("/api/ask", "q=redness", {}, "question"),
    ("/api/feedback", "helpful=true", {"question": Q, "section_id": None, "helpful": False}, "helpful"),
])
def test_a_post_with_a_body_field_in_its_query_string_is_a_400_naming_it(client, path, query, body, field):
    # POST /api/ask?top_k=5 was answered with the default 3 suggestions: the query string was never read.
    name = query.partition("=")[0]
    r = client.post(f"{path}?{query}", json=body)
    assert error(r, 400) == (f"POST {path} reads '{field}' from the JSON body, not the query string ({name}=): "
                             "send it in the body")


def test_a_post_may_carry_a_query_string_of_other_names(client):
    # (a cache buster, a tracking parameter a CMS adds): not the API's, so not read, as unknown body fields are not
    r = client.post("/api/ask?_=1712345678&utm_source=site", json={"question": Q})
    assert r.status_code == 200 and r.json == client.post("/api/ask", json={"question": Q}).json


def test_a_get_with_a_body_beside_its_question_is_a_400(client):
    # GET /api/ask?q=... with {"top_k": 5} as a body was answered with 3 suggestions: the body was never read.
    r = client.get("/api/ask", query_string={"q": Q}, json={"top_k": 5})
    assert error(r, 400) == ("GET /api/ask reads only the query string, not a body: send the parameters there, or a "
                             "JSON body with POST")
    assert client.get("/api/ask", query_string={"q": Q}, data=b"").status_code == 200


def test_a_get_with_the_question_under_another_name_is_told_the_name_it_reads(client):
    r = client.get("/api/ask", query_string={"query": Q})
    assert error(r, 400) == "'q' is required (GET /api/ask does not read 'query'): send the question as ?q=..."
    r = client.get("/api/ask", query_string=[("Q", Q), ("top-k", "2")])
    assert error(r, 400) == "'q' is required (GET /api/ask does not read 'Q', 'top-k'): send the question as ?q=..."
    r = client.get("/api/ask?qu%0Aestion=peel&" + "x" * 50 + "=1")  # one line, each name at most 40 characters
    assert error(r, 400) == (f"'q' is required (GET /api/ask does not read 'qu?estion', '{'x' * 40}'): send the "
                             "question as ?q=...")


def test_explain_null_in_the_body_is_the_default_as_top_k_and_history_null_are(client):
    # {"explain": null} was "'explain' must be true or false" while {"top_k": null, "history": null} meant the defaults.
    r = client.post("/api/ask", json={"question": Q, "top_k": None, "history": None, "explain": None})
    assert r.status_code == 200 and "explain" not in r.json
    assert r.json == client.post("/api/ask", json={"question": Q}).json
    schema = client.get("/openapi.json").json["components"]["schemas"]["AskRequest"]["properties"]["explain"]
    assert {"type": "null"} in schema["anyOf"]
