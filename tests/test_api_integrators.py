"""What a developer integrating the API from their own site trips over: each error says what to send instead, and a
503 that can be retried says when (Retry-After), as a 429 does.

Found by exercising a real `faqbot serve` with curl and Python (session 55); checked here through the real factory.
"""

from __future__ import annotations

import pytest

from _app import small_kb_maker


@pytest.fixture
def make_app(tmp_path):
    return small_kb_maker(tmp_path)


@pytest.fixture
def client(make_app):
    return make_app().test_client()


def error(response, status: int) -> str:
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    body = response.get_json()
    assert set(body) == {"ok", "error", "status"} and body["ok"] is False and body["status"] == status
    return body["error"]


def test_an_empty_json_body_is_named_empty(client):
    # It was "the body is not valid JSON: Expecting value: line 1 column 1 (char 0)".
    for path in ("/api/ask", "/api/feedback"):
        r = client.post(path, data=b"", content_type="application/json")
        assert error(r, 400) == "the body is empty: send a JSON object"
        r = client.post(path, data=b" \r\n", content_type="application/json")
        assert error(r, 400) == "the body is empty: send a JSON object"


def test_q_in_a_post_body_is_told_the_body_names_it_question(client):
    # GET's name for it: "'question' is required" alone left the developer to guess which name the body wants.
    r = client.post("/api/ask", json={"q": "how long will my skin peel"})
    assert error(r, 400) == "'question' is required: the JSON body names it 'question' (q= is GET's query parameter)"
    assert error(client.post("/api/ask", json={}), 400) == "'question' is required"


def test_a_get_with_a_json_body_is_told_to_use_the_query_string_or_post(client):
    r = client.get("/api/ask", json={"question": "how long will my skin peel"})
    assert error(r, 400) == ("'q' is required: GET /api/ask reads the question from the query string (?q=...); "
                             "send a JSON body with POST")
    assert error(client.get("/api/ask"), 400) == "'q' is required"


def test_an_ask_too_large_for_its_history_says_only_the_last_questions_are_read(client):
    # A whole conversation sent as history: "request body too large" read as if the question were too long.
    r = client.post("/api/ask", json={"question": "and how long?", "history": ["how long will my skin peel"] * 1000})
    assert error(r, 413) == ("request body too large (limit 16384 bytes): a question is at most 500 characters, and "
                             "of 'history' only the last 5 questions are read: send no more")
    r = client.post("/api/feedback", json={"question": "x" * 20_000, "section_id": None, "helpful": True})
    assert error(r, 413) == "request body too large (limit 16384 bytes)"


def test_a_503_for_the_log_database_says_when_to_retry_with_the_rate_limit_on(make_app, tmp_path):
    # The rate limiter's hook dropped every Retry-After but a 429's; the 503s had none to drop.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the database folder should be")
    client = make_app(database_url=f"sqlite:///{blocker}/faqbot.sqlite3", rate_limit="100/minute").test_client()
    r = client.post("/api/feedback", json={"question": "q", "section_id": None, "helpful": True})
    assert "try again later" in error(r, 503) and r.headers["Retry-After"] == "5"
    assert "X-RateLimit-Limit" in r.headers  # (the limit did apply to it)
    r = client.get("/api/ready")
    assert "database" in error(r, 503) and r.headers["Retry-After"] == "5"
    # and a client generated from the OpenAPI document knows the header
    doc = client.get("/openapi.json").get_json()
    for path, method in (("/api/feedback", "post"), ("/api/ready", "get")):
        assert "Retry-After" in doc["paths"][path][method]["responses"]["503"]["headers"]
    # a success keeps none
    assert "Retry-After" not in client.get("/api/ask?q=peel").headers
