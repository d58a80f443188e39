"""A group of unanswered questions with more phrasings than one edit takes (MAX_PHRASINGS): the dashboard's forms,
sent as a browser sends them, add or dismiss the most asked ones, say how many more there are, and the rest come up
next. (The page sent every phrasing, and the server refused more than 50: "at most 50 questions of at most 500
characters", and the group could not be dismissed at all.)"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from werkzeug.datastructures import MultiDict

from _app import app_maker
from web.admin_view import MAX_PHRASINGS

TOKEN = "big-groups-token"
AFTERCARE = "microneedling-redness/what-is-the-aftercare-process-for-microneedling"
# One topic asked 62 ways (a shop's gift cards of every value): more than one edit takes.
ASKED = [f"do you sell gift cards worth {n} euros" for n in range(5, 67)]


class Forms(HTMLParser):
    """The fields each form of a page sends, as a browser sends them: hidden inputs, ticked checkboxes that are not
    disabled, a select's chosen (else first) option; by the form's class."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, str, list[tuple[str, str]]]] = []
        self._select: str | None = None
        self._chosen = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append((a.get("class", ""), a["action"], []))
        elif not self.forms:
            return
        elif tag == "input" and "disabled" not in a and (a.get("type") == "hidden" or (
                a.get("type") == "checkbox" and "checked" in a)):
            self.forms[-1][2].append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select, self._chosen = a["name"], False
        elif tag == "option" and self._select and not self._chosen:
            self.forms[-1][2].append((self._select, a["value"]))
            self._chosen = True

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def forms_of(page: str, kind: str) -> list[tuple[str, list[tuple[str, str]]]]:
    parser = Forms()
    parser.feed(page)
    return [(action, fields) for cls, action, fields in parser.forms if kind in cls.split()]


@pytest.fixture
def client(content_copy, tmp_path):
    client = app_maker(content_copy, tmp_path, admin_token=TOKEN)().test_client()
    for q in ASKED:
        assert client.post("/api/ask", json={"question": q}).get_json()["answered"] is False
    assert client.post("/admin/sign-in", data={"token": TOKEN}).status_code == 303
    return client


def page_of(client) -> str:
    return client.get("/admin?days=7").get_data(as_text=True)


def text_of(page: str) -> str:
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", page).split()))


def test_a_group_of_more_phrasings_than_an_edit_takes_is_dismissed_in_parts(client):
    groups = client.get("/admin/summary?days=7").get_json()["groups"]
    assert [len(g["phrasings"]) for g in groups] == [len(ASKED)]  # one group of them all
    page = page_of(client)
    [(action, fields)] = forms_of(page, "dismiss")
    r = client.post(action, data=MultiDict(fields))
    assert r.status_code == 303, text_of(r.get_data(as_text=True))[:300]
    assert "And 12 more phrasings, asked fewer times: an edit takes at most 50" in text_of(page)
    assert "then dismiss the 12 more the group shows" in text_of(page)
    first = client.get("/admin/summary?days=7").get_json()["edits"][0]
    assert first["action"] == "dismiss" and len(first["phrasings"]) == MAX_PHRASINGS

    # The rest of the group comes up, and is dismissed as the page sends it: then the group is handled.
    page = page_of(client)
    assert "more phrasing" not in text_of(page)
    [(action, fields)] = forms_of(page, "dismiss")
    assert sorted(v for k, v in fields if k == "phrasing") == sorted(set(ASKED) - set(first["phrasings"]))
    assert client.post(action, data=MultiDict(fields)).status_code == 303
    data = client.get("/admin/summary?days=7").get_json()
    assert data["groups"] == [] and data["handled"][0]["handled"]["what"] == "dismissed 12 phrasings"
    assert [len(e["phrasings"]) for e in data["edits"]] == [12, 50]


def test_a_group_of_more_phrasings_than_an_edit_takes_is_added_in_parts(client, content_copy):
    [(action, fields)] = forms_of(page_of(client), "attach")
    fields = [(k, AFTERCARE if k == "section_id" else v) for k, v in fields]
    assert sum(k == "phrasing" for k, _ in fields) == MAX_PHRASINGS
    r = client.post(action, data=MultiDict(fields))
    assert r.status_code == 303, text_of(r.get_data(as_text=True))[:300]
    added = client.get("/admin/summary?days=7").get_json()["edits"][0]["phrasings"]
    assert set(added) == set(sorted(ASKED)[:MAX_PHRASINGS])  # the most asked first: each asked once, so by text
    [(_, fields)] = forms_of(page_of(client), "attach")
    left = [v for k, v in fields if k == "phrasing"]
    assert sorted(left) == sorted(set(ASKED) - set(added)) and len(left) == len(ASKED) - MAX_PHRASINGS
