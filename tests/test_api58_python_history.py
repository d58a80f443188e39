"""GET /api/ask from Python's urllib (session 58): urllib.parse.urlencode({"q": ..., "history": [...]}) without
doseq=True writes the list as its Python repr, history=['a', 'b'], which was read as one earlier question spelled in
brackets and quotes (answered, as if the conversation were one question); a JSON list there is a 400 already.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from test_api_params import client, error  # noqa: F401 (client: a fixture)

FOLLOW_UP = "how long does it last?"
EARLIER = ["what is a peel?", "redness after microneedling"]
SAID = ("'history' is a Python list written as text (urlencode without doseq=True): in the query string send each "
        "earlier question as its own history= parameter (urlencode(..., doseq=True)), or POST the list in a JSON body")


@pytest.mark.parametrize("history", [EARLIER, EARLIER[-1:], ("it's red", "is that \"normal\"?"), ["a"] * 5])
def test_a_list_urlencoded_without_doseq_is_a_400_saying_how_to_send_it(client, history):
    query = urlencode({"q": FOLLOW_UP, "history": history})
    for method in ("GET", "HEAD"):
        assert client.open("/api/ask?" + query, method=method).status_code == 400, method
    assert error(client.get("/api/ask?" + query), 400) == SAID


def test_the_same_list_urlencoded_with_doseq_is_read_as_the_conversation(client):
    r = client.get("/api/ask?" + urlencode({"q": FOLLOW_UP, "history": EARLIER}, doseq=True))
    posted = client.post("/api/ask", json={"question": FOLLOW_UP, "history": EARLIER})
    assert r.status_code == 200 and r.json == posted.json


@pytest.mark.parametrize("value", ["[redness] after microneedling", "['unclosed", "[x for x in 'ab']",
                                   "['a', 1]", "[__import__('os')]", "[" * 300 + "'a'" + "]" * 300, "(it's red)", "what about ['this']?"])
def test_a_history_question_with_brackets_that_is_no_list_of_strings_is_read_as_text(client, value):
    r = client.get("/api/ask", query_string=[("q", FOLLOW_UP), ("history", value)])
    assert r.status_code == 200 and r.json["ok"] is True, r.json
