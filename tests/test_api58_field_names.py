"""Field names an integrating developer spells their own way (session 58, exercising a real `faqbot serve`): unknown
names are ignored, so {"sectionId": "..."} stored a vote for no section and {"topK": 5} was answered with 3
suggestions, without a word; {"query": "..."} was told only "'question' is required". Each is now a 400 that names
the name sent and the one the API reads.
"""

from __future__ import annotations

import pytest

from test_api_params import client, error  # noqa: F401 (client: a fixture)
from _server import serving_small_site, request as http_request

Q = "how long does redness last?"


@pytest.mark.parametrize("name", ["topK", "top-k", "topk", "Top_K", "TOP_K"])
def test_top_k_spelled_another_way_in_the_body_is_a_400_naming_top_k(client, name):
    r = client.post("/api/ask", json={"question": Q, name: 5})
    assert error(r, 400) == f"POST /api/ask does not read '{name}' in the JSON body: the name is 'top_k'"


@pytest.mark.parametrize("body,name,meant", [
    ({"question": Q, "helpful": False, "sectionId": "microneedling-redness/introduction"}, "sectionId", "section_id"),
    ({"question": Q, "helpful": False, "section-id": "microneedling-redness/introduction"}, "section-id",
     "section_id"),
    ({"question": Q, "Helpful": True}, "Helpful", "helpful"),
])
def test_feedback_fields_spelled_another_way_are_a_400_not_a_vote_for_no_section(client, body, name, meant):
    r = client.post("/api/feedback", json=body)
    assert error(r, 400) == f"POST /api/feedback does not read '{name}' in the JSON body: the name is '{meant}'"


def test_the_question_capitalized_is_told_its_name(client):
    r = client.post("/api/ask", json={"Question": Q})
    assert error(r, 400) == "POST /api/ask does not read 'Question' in the JSON body: the name is 'question'"


@pytest.mark.parametrize("query,name,meant", [("topK=5", "topK", "top_k"), ("top-k=5", "top-k", "top_k"),
                                              ("History=redness", "History", "history"),
                                              ("Explain=true", "Explain", "explain")])
def test_get_parameters_spelled_another_way_are_a_400_naming_the_parameter(client, query, name, meant):
    for method in ("GET", "HEAD"):
        assert client.open(f"/api/ask?q=peel&{query}", method=method).status_code == 400, method
    r = client.get(f"/api/ask?q=peel&{query}")
    assert error(r, 400) == f"GET /api/ask does not read '{name}' in the query string: the name is '{meant}'"


def test_a_post_with_top_k_spelled_another_way_in_its_query_string_is_told_to_send_top_k_in_the_body(client):
    r = client.post("/api/ask?topK=5", json={"question": Q})
    assert error(r, 400) == ("POST /api/ask reads 'top_k' from the JSON body, not the query string (topK=): "
                             "send it in the body")


@pytest.mark.parametrize("path,body,said", [
    ("/api/ask", {"query": Q}, "'query'"),
    ("/api/ask", {"message": Q, "top_k": 3, "text": Q}, "'message', 'text'"),
    ("/api/feedback", {"text": Q, "helpful": True}, "'text'"),
])
def test_a_body_without_its_question_names_the_fields_it_has_instead(client, path, body, said):
    r = client.post(path, json=body)
    assert error(r, 400) == f"'question' is required (POST {path} does not read {said} in the JSON body)"


def test_what_was_read_before_is_read_as_before(client):
    # the names the API reads, unknown names that spell none of them (a cache buster), history[]= in a query
    assert client.post("/api/ask", json={"question": Q, "top_k": 2, "trace_id": "x"}).status_code == 200
    assert client.get("/api/ask?q=peel&_=123&t=1&history[]=redness").status_code == 200
    assert client.post("/api/feedback", json={"question": Q, "section_id": None, "helpful": True,
                                              "page": "/"}).status_code == 201
    assert error(client.post("/api/ask", json={}), 400) == "'question' is required"
    assert error(client.post("/api/ask", json={"q": Q}), 400) == (
        "'question' is required: the JSON body names it 'question' (q= is GET's query parameter)")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from serving_small_site(tmp_path_factory, "api58", workers=1)


def test_a_real_server_refuses_a_feedback_section_id_spelled_in_camel_case(server):
    r = http_request(server.port, "POST", "/api/feedback", {"question": Q, "helpful": False, "sectionId": "a/b"})
    assert r.error is None and r.status == 400, (r.status, r.body)
    assert r.body == {"ok": False, "status": 400,
                      "error": "POST /api/feedback does not read 'sectionId' in the JSON body: the name is 'section_id'"}
