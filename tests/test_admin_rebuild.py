"""/admin's "Rebuild index" button: after an editor changes files in the content folder, the dashboard rebuilds
and swaps in the new index (as POST /api/reindex does), behind the same session and CSRF token as every other
dashboard change; bad content leaves the index in service and says which file and line. Through the real app
factory on a copy of knowledge/ in tmp_path."""

from __future__ import annotations

import re
import threading

import pytest

from _app import app_maker
from bot import build
from test_admin import TOKEN, sign_in

GIFTS = "# Gift Cards\n\n## Do you sell gift cards?\n\nYes: gift cards for any amount, at the front desk.\n"
QUESTION = "do you sell gift cards"


@pytest.fixture
def make_app(content_copy, tmp_path):
    return app_maker(content_copy, tmp_path, admin_token=TOKEN)


def ask(client, question=QUESTION):
    return client.post("/api/ask", json={"question": question}).get_json()


def health(client):
    return client.get("/api/health").get_json()["index"]


def test_the_dashboard_has_a_rebuild_button_in_a_form_with_the_csrf_token(make_app):
    client = make_app().test_client()
    csrf = sign_in(client)
    page = client.get("/admin").get_data(as_text=True)
    form = re.search(r'<form[^>]*action="/admin/rebuild"[^>]*>(.*?)</form>', page, re.S)
    assert form and 'method="post"' in form.group(0)
    assert f'name="csrf_token" value="{csrf}"' in form.group(1)
    assert re.search(r'<button type="submit"[^>]*>Rebuild index</button>', form.group(1))
    index = health(client)
    assert f"{index['sections']} sections" in page  # what is being served, beside the button


def test_rebuild_from_the_page_serves_the_edited_files_and_says_what_it_built(make_app):
    client = make_app().test_client()
    csrf = sign_in(client)
    before = health(client)
    assert ask(client)["section_id"] != "gift-cards/do-you-sell-gift-cards"
    (make_app.content / "gift-cards.md").write_text(GIFTS, encoding="utf-8")  # an edit by hand, outside faqbot
    r = client.post("/admin/rebuild", data={"csrf_token": csrf, "days": "30"})
    assert r.status_code == 303 and r.headers["Location"].endswith("#status")
    after = health(client)
    assert after["version"] != before["version"] and after["sections"] == before["sections"] + 1
    assert after["documents"] == before["documents"] + 1
    assert ask(client)["section_id"] == "gift-cards/do-you-sell-gift-cards"
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    status = re.search(r'<div id="status"[^>]*>(.*?)</div>', page, re.S).group(1)
    assert "Rebuilt:" in status and f"{after['sections']} sections" in status and \
        f"{after['documents']} documents" in status, status


def test_rebuild_as_json_answers_as_the_api_does(make_app):
    client = make_app().test_client()
    csrf = sign_in(client)
    r = client.post("/admin/rebuild", json={}, headers={"X-CSRF-Token": csrf})
    body = r.get_json()
    assert r.status_code == 200 and body["ok"] is True and body["changed"] is False  # nothing edited
    assert body["index"] == health(client) and isinstance(body["warnings"], list)
    (make_app.content / "gift-cards.md").write_text(GIFTS, encoding="utf-8")
    body = client.post("/admin/rebuild", json={}, headers={"X-CSRF-Token": csrf}).get_json()
    assert body["changed"] is True and body["index"]["version"] == health(client)["version"]


@pytest.mark.parametrize("json", [True, False], ids=["json", "form"])
def test_bad_content_is_one_line_naming_the_file_and_the_index_in_service_stays(make_app, json):
    client = make_app().test_client()
    csrf = sign_in(client)
    before = health(client)
    answer = ask(client, "how long does redness last")
    (make_app.content / "gift-cards.md").write_text("# Gift Cards\n\n## Do you sell gift cards?\n\n```\nYes.\n\n"
                                                     "## Hours?\n\nNine to five.\n", encoding="utf-8")
    if json:
        r = client.post("/admin/rebuild", json={}, headers={"X-CSRF-Token": csrf})
        error = r.get_json()["error"]
        assert r.get_json()["status"] == 422
    else:
        r = client.post("/admin/rebuild", data={"csrf_token": csrf})
        error = re.search(r'<p id="error"[^>]*>(.*?)</p>', r.get_data(as_text=True), re.S).group(1)
        error = error.replace("&#39;", "'").replace("&#34;", '"').replace("&quot;", '"')
    assert r.status_code == 422
    assert "\n" not in error and "Traceback" not in error
    assert error.startswith("not rebuilt: gift-cards.md:5: the code block opened here"), error
    assert f"{before['sections']} sections" in error and "still" in error, error
    assert health(client) == before
    assert ask(client, "how long does redness last") == answer


@pytest.mark.parametrize("how", ["signed out", "no CSRF token", "wrong CSRF token", "another site"])
def test_rebuild_needs_the_session_and_its_csrf_token(make_app, how):
    client = make_app().test_client()
    csrf = sign_in(client)
    (make_app.content / "gift-cards.md").write_text(GIFTS, encoding="utf-8")
    before = health(client)
    headers = {"X-CSRF-Token": csrf}
    if how == "signed out":
        client.post("/admin/sign-out", json={}, headers=headers)
    elif how == "no CSRF token":
        headers = {}
    elif how == "wrong CSRF token":
        headers = {"X-CSRF-Token": csrf[:-2] + "xx"}
    else:
        headers["Origin"] = "https://evil.example"
    r = client.post("/admin/rebuild", json={}, headers=headers)
    assert r.status_code == (401 if how == "signed out" else 403) and r.get_json()["ok"] is False
    assert health(client) == before  # nothing rebuilt


def test_no_rebuild_without_an_admin_token(make_app):
    assert make_app(admin_token="").test_client().post("/admin/rebuild").status_code == 404


def test_questions_are_answered_from_the_old_index_while_the_rebuild_runs(make_app, monkeypatch):
    app = make_app()
    client = app.test_client()
    csrf = sign_in(client)
    (make_app.content / "gift-cards.md").write_text(GIFTS, encoding="utf-8")
    started, go_on = threading.Event(), threading.Event()
    real_build = build.build

    def slow_build(*args, **kwargs):
        started.set()
        assert go_on.wait(60)
        return real_build(*args, **kwargs)

    monkeypatch.setattr(build, "build", slow_build)
    answers = {}
    worker = threading.Thread(target=lambda: answers.setdefault(
        "rebuild", client.post("/admin/rebuild", json={}, headers={"X-CSRF-Token": csrf})))
    worker.start()
    assert started.wait(60)
    other = app.test_client()
    during = ask(other, "how long does redness last")
    assert during["answered"] and ask(other)["section_id"] != "gift-cards/do-you-sell-gift-cards"
    go_on.set()
    worker.join(60)
    assert answers["rebuild"].status_code == 200, answers["rebuild"].get_json()
    assert ask(other)["section_id"] == "gift-cards/do-you-sell-gift-cards"


def test_the_page_after_a_rebuild_on_another_worker_says_what_that_worker_published(make_app):
    # Two workers: the rebuild's redirect may land on the other one, which had not loaded the new version yet.
    apps = [make_app(reload_interval=3600), make_app(reload_interval=3600)]  # no reload on its own meanwhile
    clients = [app.test_client() for app in apps]
    csrf = sign_in(clients[0])
    clients[1].set_cookie("faqbot_admin", clients[0].get_cookie("faqbot_admin", path="/admin").value, path="/admin")
    before = health(clients[1])
    (make_app.content / "gift-cards.md").write_text(GIFTS, encoding="utf-8")
    r = clients[0].post("/admin/rebuild", data={"csrf_token": csrf})
    page = clients[1].get(r.headers["Location"]).get_data(as_text=True)
    status = re.search(r'<div id="status"[^>]*>(.*?)</div>', page, re.S).group(1)
    assert f"{before['sections'] + 1} sections" in status, status
