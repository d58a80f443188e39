"""Undo of a dashboard edit while another content file is broken by hand: through the real app factory on a copy of
knowledge/ in tmp_path, with real files, index and SQLite log (the helpers of test_admin.py)."""

from __future__ import annotations

import re

import pytest

from _app import app_maker
from bot.editing import FILE_NAME
from test_admin import AFTERCARE, SWIM, TOKEN, attach, served_file, sign_in
from test_admin_edits import section_of, undo

GOOD_CSV = "question,answer\nDo you sell gift cards?,Yes: at the front desk and on our website.\n"
BROKEN_CSV = 'question,answer\nDo you sell gift cards?,"Yes: at the front desk\n'  # a quote never closed, line 2


@pytest.fixture
def make_app(content_copy, tmp_path):
    (content_copy / "faq.csv").write_text(GOOD_CSV)
    return app_maker(content_copy, tmp_path, admin_token=TOKEN)


def test_undo_is_made_while_another_file_is_broken_and_the_index_follows_once_it_is_fixed(make_app):
    app = make_app()
    client = app.test_client()
    csrf = sign_in(client)
    answered_before = section_of(client, SWIM[0])
    edit = attach(client, csrf).get_json()["edit"]
    assert section_of(client, SWIM[0]) == AFTERCARE != answered_before
    (make_app.content / "faq.csv").write_text(BROKEN_CSV)
    version = client.get("/api/health").get_json()["index"]["version"]

    r = undo(client, csrf, edit["id"])
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    # said, naming the broken file and line, and what it means for the bot
    assert "faq.csv:2" in body["not_rebuilt"] and "until that is fixed and the index rebuilt" in body["not_rebuilt"]
    assert body["edit"]["active"] is False
    assert not served_file(make_app).exists()  # the file the edit created is gone, as after any undo
    summary = client.get("/admin/summary").get_json()
    assert summary["content_error"].startswith("faq.csv:2:")  # the broken file stays reported...
    assert client.get("/api/health").get_json()["index"]["version"] == version  # ...and is not served
    assert section_of(client, "do you sell gift cards") is not None  # faq.csv as it last built still answers

    # fixed: the next rebuild builds the folder as it is, without the undone phrasings
    (make_app.content / "faq.csv").write_text(GOOD_CSV)
    r = client.post("/admin/rebuild", json={}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200 and r.get_json()["changed"] is True
    assert section_of(client, SWIM[0]) == answered_before


def test_the_status_line_after_such_an_undo_says_the_index_still_has_the_phrasings(make_app):
    app = make_app()
    client = app.test_client()
    csrf = sign_in(client)
    edit = attach(client, csrf, phrasings=[SWIM[0]]).get_json()["edit"]
    (make_app.content / "faq.csv").write_text(BROKEN_CSV)
    r = client.post("/admin/undo", data={"edit_id": edit["id"], "csrf_token": csrf})
    assert r.status_code == 303
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    status = re.search(r'<span id="status-text">(.*?)</span>', page, re.S).group(1)
    assert "Undone: the phrasing added to" in status
    assert f"is removed from {FILE_NAME}, but the index was not rebuilt" in status
    assert "faq.csv:2:" in status and "the bot answers from it until that is fixed" in status
    # the notice of the broken file no longer says that an undo is refused until it is fixed
    notice = " ".join(re.search(r'<p id="content-error"[^>]*>(.*?)</p>', page, re.S).group(1).split())
    assert "undoing an edit is refused" not in notice and "Undo takes an edit out of its file" in notice


def test_an_undo_the_edited_file_itself_keeps_from_building_says_which_file_and_what_to_do(make_app):
    app = make_app()
    client = app.test_client()
    csrf = sign_in(client)
    edit = attach(client, csrf).get_json()["edit"]
    path = served_file(make_app)
    before = path.read_bytes() + "caf\xe9\n".encode("latin-1")  # saved by hand in Latin-1: not UTF-8
    path.write_bytes(before)
    r = undo(client, csrf, edit["id"])
    error = r.get_json()["error"]
    assert r.status_code == 422
    assert error.startswith(f"not undone: {FILE_NAME} does not build ({FILE_NAME}")
    assert error.endswith("; fix that, then press Undo again")
    assert path.read_bytes() == before
    assert client.get("/admin/summary").get_json()["edits"][0]["active"] is True


def test_that_status_line_is_shown_as_a_warning_not_as_a_success(make_app):
    client = make_app().test_client()
    csrf = sign_in(client)
    edit = attach(client, csrf, phrasings=[SWIM[0]]).get_json()["edit"]
    (make_app.content / "faq.csv").write_text(BROKEN_CSV)
    r = client.post("/admin/undo", data={"edit_id": edit["id"], "csrf_token": csrf})
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert re.search(r'<div id="status" class="status error"', page)  # was "status ok": green, for a warning
    (make_app.content / "faq.csv").write_text(GOOD_CSV)
    assert client.post("/admin/rebuild", json={}, headers={"X-CSRF-Token": csrf}).status_code == 200
    page = client.get(r.headers["Location"]).get_data(as_text=True)  # the index follows: a plain success again
    assert re.search(r'<div id="status" class="status ok"', page)


def test_an_add_refused_for_another_broken_file_names_it_and_says_what_to_do(make_app):
    client = make_app().test_client()
    csrf = sign_in(client)
    (make_app.content / "faq.csv").write_text(BROKEN_CSV)
    r = attach(client, csrf)
    error = r.get_json()["error"]
    assert r.status_code == 422 and error.startswith("not added: the content folder does not build (faq.csv:2")
    assert error.endswith("; fix that file, then press Add as alternate again")
    assert not served_file(make_app).exists()
