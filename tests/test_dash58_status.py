"""The dashboard's status line after a change, when the page is loaded again later: through the real app factory on a
copy of knowledge/ in tmp_path (the helpers of test_admin.py)."""

from __future__ import annotations

import re

import pytest

from _app import app_maker
from test_admin import AFTERCARE, SWIM, TOKEN, sign_in
from test_admin_edits import undo


@pytest.fixture
def make_app(content_copy, tmp_path):
    return app_maker(content_copy, tmp_path, admin_token=TOKEN)


def status_text(page: str) -> str:
    return " ".join(re.search(r'<span id="status-text">(.*?)</span>', page, re.S).group(1).split())


@pytest.mark.parametrize("change", ["add", "dismiss"])
def test_the_page_of_a_change_reloaded_after_it_was_undone_says_so(make_app, change):
    client = make_app().test_client()
    csrf = sign_in(client)
    if change == "add":
        r = client.post("/admin/alternates", data={"csrf_token": csrf, "section_id": AFTERCARE, "phrasing": SWIM})
    else:
        r = client.post("/admin/dismiss", data={"csrf_token": csrf, "phrasing": SWIM})
    done_page = r.headers["Location"]
    edit_id = int(re.search(r"done=(\d+)", done_page).group(1))
    assert status_text(client.get(done_page).get_data(as_text=True)).startswith("Done: ")
    assert undo(client, csrf, edit_id).status_code == 200  # from another tab
    page = client.get(done_page).get_data(as_text=True)  # the first tab reloaded, or Back to it
    said = status_text(page)
    assert said.startswith("Since undone (session ") and " UTC): " in said
    assert "Done" not in said and "The bot now answers these questions" not in said
    assert not re.search(r'<div id="status".*?name="edit_id".*?</div>', page, re.S)  # no Undo of an undone edit


def test_an_undone_address_made_by_hand_for_an_edit_in_place_does_not_say_undone(make_app):
    client = make_app().test_client()
    csrf = sign_in(client)
    r = client.post("/admin/alternates", data={"csrf_token": csrf, "section_id": AFTERCARE, "phrasing": SWIM})
    edit_id = int(re.search(r"done=(\d+)", r.headers["Location"]).group(1))
    said = status_text(client.get(f"/admin?undone={edit_id}").get_data(as_text=True))
    assert said.startswith("Done: ") and "Undone" not in said  # was "Undone: the 3 phrasings ... are removed"


@pytest.mark.parametrize("days", ["abc", "12", ""])
def test_a_change_with_a_tampered_period_lands_on_the_dashboard_not_a_400(make_app, days):
    client = make_app().test_client()
    csrf = sign_in(client)
    r = client.post("/admin/alternates", data={"csrf_token": csrf, "section_id": AFTERCARE, "phrasing": SWIM,
                                               "days": days})
    assert r.status_code == 303 and "days=30" in r.headers["Location"]  # was days=abc: the made change's page a 400
    assert client.get(r.headers["Location"]).status_code == 200
    r = client.post("/admin/rebuild", data={"csrf_token": csrf, "days": days})
    assert r.status_code == 303 and "days=30" in r.headers["Location"]


def test_a_change_keeps_the_period_it_was_made_from(make_app):
    client = make_app().test_client()
    csrf = sign_in(client)
    r = client.post("/admin/dismiss", data={"csrf_token": csrf, "phrasing": SWIM, "days": "90"})
    assert r.status_code == 303 and "days=90" in r.headers["Location"]
