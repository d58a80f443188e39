"""Dashboard edits meeting hand edits of dashboard.alternates, and each other: through the real app factory on
a copy of knowledge/ in tmp_path (the helpers of test_admin.py), with real files, index and SQLite log."""

from __future__ import annotations

import pytest

from _app import app_maker
from test_admin import REDNESS, SWIM, TOKEN, attach, served_file, sign_in

PINK = "how many days will my face be pink"  # a phrasing for REDNESS
BY_HAND = "will my cheeks still be blotchy next week"  # a phrasing an editor types into the file


@pytest.fixture
def make_app(content_copy, tmp_path):
    return app_maker(content_copy, tmp_path, admin_token=TOKEN)


def undo(client, csrf, edit_id):
    return client.post("/admin/undo", json={"edit_id": edit_id}, headers={"X-CSRF-Token": csrf})


def section_of(client, question):
    return client.post("/api/ask", json={"question": question}).get_json()["section_id"]


def reindex(app):
    app.extensions["faqbot"].reindex()  # as POST /api/reindex or `faqbot build` after a hand edit


# ---- undo and lines added by hand after the block --------------------------------------------------
# In the .alternates format only a [section] line ends a block: a phrasing after blank or comment lines
# still belongs to the section above it.

@pytest.mark.parametrize("added", [f"\n{BY_HAND}\n", f"# added by hand\n{BY_HAND}\n",
                                   f"\n# added by hand\n\n{BY_HAND}\n"])
def test_undo_refuses_when_a_phrasing_was_added_by_hand_after_blank_or_comment_lines(make_app, added):
    app = make_app()
    client = app.test_client()
    csrf = sign_in(client)
    attach(client, csrf, phrasings=[SWIM[0]])
    second = attach(client, csrf, section=REDNESS, phrasings=[PINK]).get_json()["edit"]
    path = served_file(make_app)
    path.write_text(path.read_text() + added)
    reindex(app)
    assert section_of(client, BY_HAND) == REDNESS
    before = path.read_bytes()
    r = undo(client, csrf, second["id"])
    assert r.status_code == 409 and "added by hand under this edit" in r.get_json()["error"]
    assert path.read_bytes() == before
    assert section_of(client, BY_HAND) == REDNESS  # not handed to the block above
    assert client.get("/admin/summary").get_json()["edits"][0]["active"] is True


def test_undo_is_fine_with_notes_then_another_dashboard_block_after_it(make_app):
    app = make_app()
    client = app.test_client()
    csrf = sign_in(client)
    first = attach(client, csrf, phrasings=[SWIM[0]]).get_json()["edit"]
    path = served_file(make_app)
    path.write_text(path.read_text() + "# a note by hand\n\n")
    attach(client, csrf, section=REDNESS, phrasings=[PINK])  # its block opens with '# edit ...', then [...]
    r = undo(client, csrf, first["id"])
    assert r.status_code == 200, r.get_json()
    text = path.read_text()
    assert SWIM[0] not in text and f"[{REDNESS}]\n{PINK}\n" in text and "# a note by hand" in text
    assert section_of(client, PINK) == REDNESS
