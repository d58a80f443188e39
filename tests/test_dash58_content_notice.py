"""The dashboard's "content folder does not build" notice names the errors a build finds only when it fits the index
(content that parses, but no heading has a word faqbot can match, or no word but stop words), in the build's words:
through the real app factory on a content folder in tmp_path."""

from __future__ import annotations

import pytest

from _app import app_maker
from test_admin import TOKEN, sign_in

GOOD = "# Clinic\n\n## Where can I park?\n\nBehind the clinic, free for two hours.\n"
# each parses (load_knowledge reads it), and the build refuses it when fitting
FIT_ERRORS = {
    "emoji headings": ("# Clinic\n\n## \U0001F697\U0001F17F\n\nBehind the clinic, free for two hours.\n",
                       "a.md:3: no heading has a word faqbot can match"),
    "stop words only": ("# The\n\n## The\n\nA the.\n", "a.md: no indexable words"),
}


@pytest.fixture
def make_app(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").write_text(GOOD)
    return app_maker(content, tmp_path, admin_token=TOKEN)


@pytest.mark.parametrize("case", FIT_ERRORS)
def test_an_error_only_fitting_finds_is_in_the_notice_as_the_rebuild_says_it(make_app, case):
    text, said = FIT_ERRORS[case]
    client = make_app().test_client()
    csrf = sign_in(client)
    assert client.get("/admin/summary").get_json()["content_error"] is None
    (make_app.content / "a.md").write_text(text)
    notice = client.get("/admin/summary").get_json()["content_error"]
    assert notice is not None and notice.startswith(said)
    page = client.get("/admin").get_data(as_text=True)
    assert "The content folder does not build: " + said in page
    r = client.post("/admin/rebuild", json={}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 422 and notice in r.get_json()["error"]  # the same words as the build's refusal
    (make_app.content / "a.md").write_text(GOOD + "\n## Is there a lift?\n\nYes, by the front door.\n")
    assert client.get("/admin/summary").get_json()["content_error"] is None  # fixed: no notice


def test_content_that_fits_only_as_a_whole_has_no_notice(make_app):
    # the first section's heading has stop words only: the one fitted first fails, the whole content fits
    client = make_app().test_client()
    sign_in(client)
    (make_app.content / "a.md").write_text("# Clinic\n\n## The\n\nA the.\n\n## Where can I park?\n\nBehind it.\n")
    assert client.get("/admin/summary").get_json()["content_error"] is None
    csrf = sign_in(client)
    assert client.post("/admin/rebuild", json={}, headers={"X-CSRF-Token": csrf}).status_code == 200
