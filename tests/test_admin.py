"""/admin through the real app factory on a copy of knowledge/ in tmp_path: sign-in, session, CSRF, throttle,
attaching a group of questions to a section (the served folder's .alternates file, reindex, undo), dismissals
kept across restarts, bad input refused with nothing changed, and the site owner's demo page."""

from __future__ import annotations

import io
import re
import shutil
import sqlite3
import threading
import time
import urllib.parse
from pathlib import Path

import pytest

from bot.editing import FILE_NAME, EditError, clean_phrasing, write_atomic
from bot.settings import Settings
from bot.store import RETRY_FIRST
from _app import app_maker, built_app
from _server import Load, Server
from _server import TOKEN as SERVER_TOKEN
from bot import artifact, build
from web.charts import daily_chart



KNOWLEDGE = Path(__file__).resolve().parents[1] / "knowledge"
TOKEN = "admin-test-token-7f3a"
AFTERCARE = "microneedling-redness/what-is-the-aftercare-process-for-microneedling"
REDNESS = "microneedling-redness/how-long-does-redness-last-after-a-treatment-session"
SWIM = ["can I go swimming after microneedling", "is swimming ok after microneedling"]
VISITORS = SWIM + ["do you sell gift cards", "can I buy a gift card", "Do you sell GIFT cards!!",
                   "where can I park", "is there parking near the clinic", "what is the capital of france",
                   "how long will I be red", "hello"]


@pytest.fixture
def make_app(content_copy, tmp_path):
    """Apps from the real factory on one content copy, index and SQLite log (a second call = a restart)."""

    return app_maker(content_copy, tmp_path, admin_token=TOKEN)


@pytest.fixture
def app(make_app):
    return make_app()


def visit(client, questions=VISITORS):
    for q in questions:
        assert client.post("/api/ask", json={"question": q}).status_code == 200


def sign_in(client, token=TOKEN) -> str:
    """Sign in as the page does; the CSRF token of the new session."""
    r = client.post("/admin/sign-in", data={"token": token})
    assert r.status_code == 303, r.get_data(as_text=True)
    page = client.get("/admin").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def attach(client, csrf, section=AFTERCARE, phrasings=SWIM):
    return client.post("/admin/alternates", json={"section_id": section, "phrasings": phrasings},
                       headers={"X-CSRF-Token": csrf})


def served_file(make_app) -> Path:
    return make_app.content / FILE_NAME


# ---- access -------------------------------------------------------------------------------------

def test_no_admin_without_a_token(make_app):
    client = make_app(admin_token="").test_client()
    for method, path in [("GET", "/admin"), ("POST", "/admin/sign-in"), ("POST", "/admin/alternates"),
                         ("GET", "/admin/summary")]:
        assert client.open(path, method=method).status_code == 404, path


def test_sign_in_form_is_labelled_and_under_the_strict_csp(app):
    r = app.test_client().get("/admin")
    page = r.get_data(as_text=True)
    assert r.status_code == 200
    assert re.search(r'<label for="token">Admin token</label>\s*<input id="token" name="token" type="password"', page)
    assert re.search(r'<button type="submit">Sign in</button>', page)
    assert "script-src 'self'" in r.headers["Content-Security-Policy"] and "unsafe-inline" not in r.headers[
        "Content-Security-Policy"]
    assert not re.search(r"<script(?![^>]*\bsrc=)", page) and " style=" not in page
    assert r.headers["Cache-Control"] == "no-store"


def test_wrong_tokens_are_refused_then_throttled(app):
    client = app.test_client()
    for _ in range(5):
        r = client.post("/admin/sign-in", data={"token": "guess"})
        assert r.status_code == 403 and "wrong admin token" in r.get_data(as_text=True)
        assert "Set-Cookie" not in r.headers
    r = client.post("/admin/sign-in", data={"token": TOKEN})
    assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1 and "Set-Cookie" not in r.headers
    assert "too many wrong tokens" in r.get_data(as_text=True)
    # Another address is not throttled by this one's guesses.
    other = client.post("/admin/sign-in", data={"token": TOKEN}, environ_base={"REMOTE_ADDR": "198.51.100.9"})
    assert other.status_code == 303


def test_session_cookie_is_httponly_strict_expiring_and_never_the_token(make_app):
    app = make_app(admin_session_minutes=30)
    client = app.test_client()
    r = client.post("/admin/sign-in", json={"token": TOKEN})
    assert r.status_code == 200 and r.get_json()["ok"] is True
    cookie = r.headers["Set-Cookie"]
    for flag in ("HttpOnly", "SameSite=Strict", "Path=/admin", "Max-Age=1800"):
        assert flag in cookie, cookie
    value = cookie.split(";")[0].split("=", 1)[1]
    assert TOKEN not in cookie and len(value) >= 40
    # The database keeps neither the token nor the session id itself.
    dump = "\n".join(sqlite3.connect(make_app.db).iterdump())
    assert TOKEN not in dump and value not in dump


def test_an_expired_session_asks_for_the_token_again(make_app):
    client = make_app().test_client()
    sign_in(client)
    assert "Editor's dashboard" in client.get("/admin").get_data(as_text=True)
    with sqlite3.connect(make_app.db) as conn:
        conn.execute("UPDATE faqbot_admin_sessions SET expires_at = 0")
    page = client.get("/admin").get_data(as_text=True)
    assert 'for="token">Admin token' in page and "Unanswered questions" not in page


def test_a_new_token_ends_every_session(make_app):
    client = make_app().test_client()
    sign_in(client)
    other = make_app(admin_token="the-new-token").test_client()
    other.set_cookie("faqbot_admin", client.get_cookie("faqbot_admin", path="/admin").value, path="/admin")
    assert 'for="token">Admin token' in other.get("/admin").get_data(as_text=True)


def test_sign_out_ends_the_session_on_the_server(app):
    client = app.test_client()
    csrf = sign_in(client)
    cookie = client.get_cookie("faqbot_admin", path="/admin").value
    r = client.post("/admin/sign-out", data={"csrf_token": csrf})
    assert r.status_code == 303 and "faqbot_admin=;" in r.headers["Set-Cookie"]
    client.set_cookie("faqbot_admin", cookie, path="/admin")  # a copy of the old cookie is worth nothing
    assert 'for="token">Admin token' in client.get("/admin").get_data(as_text=True)


def test_a_request_without_the_cookie_does_not_clear_it(app):
    """A link or form from another site arrives without the SameSite=Strict cookie: answering it must not
    sign the editor out (a cleared cookie is cleared in every tab). One that was sent and has ended is cleared."""
    client = app.test_client()
    csrf = sign_in(client)
    cross_site = app.test_client()  # the same browser, as seen on a request the cookie is not sent with
    for r in (cross_site.get("/admin/summary"), cross_site.get("/admin"),
              cross_site.post("/admin/undo", data={"edit_id": "1", "csrf_token": csrf})):
        assert r.status_code in (200, 401) and "Set-Cookie" not in r.headers, (r.request.path, r.headers)
    assert client.get("/admin/summary").status_code == 200  # still signed in
    client.post("/admin/sign-out", data={"csrf_token": csrf})
    ended = app.test_client()
    ended.set_cookie("faqbot_admin", "an-ended-session", path="/admin")
    r = ended.get("/admin/summary")
    assert r.status_code == 401 and "faqbot_admin=;" in r.headers["Set-Cookie"]


@pytest.mark.parametrize("accept", [None, "*/*", "text/html,application/xhtml+xml,*/*;q=0.8"])
def test_summary_errors_are_json_whatever_accept_says(app, accept):
    client = app.test_client()
    headers = {"Accept": accept} if accept else {}
    r = client.get("/admin/summary", headers=headers)
    assert r.status_code == 401 and r.mimetype == "application/json"
    assert r.get_json() == {"ok": False, "error": "sign in at /admin first", "status": 401}
    sign_in(client)
    r = client.get("/admin/summary?days=3", headers=headers)
    assert r.status_code == 400 and "period must be one of" in r.get_json()["error"]


# ---- the dashboard --------------------------------------------------------------------------------

def test_a_closest_section_at_no_confidence_shows_no_percentage(app):
    # a question vetoed or refused at 0 still lists the section ranked first for it: "0%" beside it read as
    # "unrelated" to an owner whose right entry it was
    client = app.test_client()
    visit(client)
    sign_in(client)
    page = client.get("/admin?days=7").get_data(as_text=True)
    groups = client.get("/admin/summary?days=7").get_json()["groups"]
    shown = [c for g in groups for c in g["closest"][:3]]
    assert any(round(100 * c["confidence"]) == 0 for c in shown)  # the case this test is about is on the page
    assert '<span class="pct">0%</span>' not in page and " (0%)</option>" not in page
    assert any(round(100 * c["confidence"]) > 0 for c in shown)
    assert re.search(r'<span class="pct">[1-9]\d*%</span>', page)  # the others keep theirs


def test_the_section_picker_tells_apart_two_sections_of_one_heading(tmp_path):
    # Two clinics' pages each with "Parking": the Closest options read "Parking (47%)" and "Parking (34%)", and the
    # editor could not tell which page an "Add as alternate" would go to.
    content = tmp_path / "content"
    content.mkdir()
    for name, where, text in (("downtown", "Downtown", "Free parking behind the building."),
                              ("uptown", "Uptown", "Street parking only, paid on weekdays.")):
        (content / f"{name}.md").write_text(f"# {where} Clinic\n\n## Parking\n\n{text}\n\n"
                                            "## Opening Hours\n\nWe open at nine on weekdays.\n")
    client = app_maker(content, tmp_path, admin_token=TOKEN)().test_client()
    visit(client, ["is parking free for bikes"])
    sign_in(client)
    page = client.get("/admin").get_data(as_text=True)
    closest = re.search(r'<optgroup label="Closest">(.*?)</optgroup>', page, re.S).group(1)
    shown = re.findall(r'<option value="([^"]+)">([^<]+)</option>', closest)
    parking = {value: label for value, label in shown if value.endswith("/parking")}
    assert set(parking) == {"downtown/parking", "uptown/parking"}
    assert re.fullmatch(r"Parking \(Downtown Clinic(, \d+%)?\)", parking["downtown/parking"])
    assert re.fullmatch(r"Parking \(Uptown Clinic(, \d+%)?\)", parking["uptown/parking"])
    group = client.get("/admin/summary").get_json()["groups"][0]
    assert {c["section_id"]: c.get("where") for c in group["closest"]}["uptown/parking"] == "Uptown Clinic"


def test_the_section_picker_names_the_file_when_two_pages_share_title_and_heading(tmp_path):
    # Both pages titled "Clinic": every list read "Parking (Clinic)" twice.
    content = tmp_path / "content"
    content.mkdir()
    for name, text in (("downtown", "Free parking behind the building."), ("uptown", "Street parking only.")):
        (content / f"{name}.md").write_text(f"# Clinic\n\n## Parking\n\n{text}\n\n## Hours\n\nNine to five.\n")
    client = app_maker(content, tmp_path, admin_token=TOKEN)().test_client()
    visit(client, ["is parking free for bikes"])
    sign_in(client)
    page = client.get("/admin").get_data(as_text=True)
    every = re.search(r'<optgroup label="All sections">(.*?)</optgroup>', page, re.S).group(1)
    shown = dict(re.findall(r'<option value="([^"]+)">([^<]+)</option>', every))
    assert shown["downtown/parking"] == "Parking (downtown)" and shown["uptown/parking"] == "Parking (uptown)"
    assert shown["uptown/hours"] == "Hours (uptown)"
    closest = re.search(r'<optgroup label="Closest">(.*?)</optgroup>', page, re.S).group(1)
    assert re.search(r'>Parking \(uptown(, \d+%)?\)</option>', closest)


def test_dashboard_shows_the_chart_groups_and_tables(app):
    client = app.test_client()
    visit(client)
    client.post("/api/feedback", json={"question": "how long will I be red", "section_id": REDNESS, "helpful": True})
    sign_in(client)
    page = client.get("/admin?days=7").get_data(as_text=True)
    assert re.search(r'<svg class="chart"[^>]*role="img"', page)
    assert re.search(r'data-questions="10" data-answered="1"', page)  # today: 10 asked, 1 answered
    assert '<h2 id="unanswered-h">Unanswered questions</h2>' in page
    for heading in ("Sections asked most", "Thumbs per section", "Recent edits"):
        assert heading in page
    data = client.get("/admin/summary?days=7").get_json()
    groups = {g["question"]: g for g in data["groups"]}
    assert groups["do you sell gift cards"]["count"] == 3
    assert [p["question"] for p in groups["do you sell gift cards"]["phrasings"]] == [
        "do you sell gift cards", "can I buy a gift card"]
    swim = next(g for g in data["groups"] if g["question"] in SWIM)
    assert swim["count"] == 2 and AFTERCARE in [c["section_id"] for c in swim["closest"]]
    assert data["groups"][0]["count"] == max(g["count"] for g in data["groups"])  # most asked first
    assert all(g["question"] != "hello" for g in data["groups"])  # small talk is not a gap in the content
    assert data["feedback"][0]["section_id"] == REDNESS and data["feedback"][0]["up"] == 1
    assert client.get("/admin?days=3").status_code == 400


def test_groups_past_those_listed_are_counted_and_said(app, monkeypatch):
    from web import admin_view

    client = app.test_client()
    visit(client)
    sign_in(client)
    listed = client.get("/admin/summary?days=7").get_json()
    assert listed["groups_total"] == len(listed["groups"]) >= 3
    assert "more group" not in client.get("/admin?days=7").get_data(as_text=True)
    monkeypatch.setattr(admin_view, "GROUPS_SHOWN", 2)  # a busy site's 40, on a few questions
    data = client.get("/admin/summary?days=7").get_json()
    assert len(data["groups"]) == 2 and data["groups_total"] == listed["groups_total"]
    left = listed["groups_total"] - 2
    page = " ".join(client.get("/admin?days=7").get_data(as_text=True).split())
    assert f"And {left} more group{'s' if left > 1 else ''}, asked fewer times" in page


def test_a_follow_up_is_offered_as_a_phrasing_but_not_ticked(app):
    # Logged without the question before it, "and on sundays?" added to the opening hours would answer
    # "and on sundays?" after any question with them.
    from bot.answer import leans_on_earlier

    assert [leans_on_earlier(q) for q in ("and on sundays?", "what about the neck?", "how long for that?",
                                          "from what age?", "do you sell gift cards", "is it safe?")] == \
        [True, True, True, True, False, False]
    client = app.test_client()
    visit(client, ["and on sundays?", "do you sell gift cards"])
    sign_in(client)
    phrasings = {p["question"]: p for g in client.get("/admin/summary?days=7").get_json()["groups"]
                 for p in g["phrasings"]}
    assert phrasings["and on sundays?"]["follow_up"] and not phrasings["do you sell gift cards"]["follow_up"]
    page = client.get("/admin?days=7").get_data(as_text=True)
    boxes = dict(re.findall(r'<input type="checkbox"[^>]*value="([^"]+)"\s*([^>]*)>', page))
    assert "checked" not in boxes["and on sundays?"] and "checked" in boxes["do you sell gift cards"]
    assert "reads as a follow-up of an" in page


def test_a_confident_answer_given_a_thumbs_down_is_listed_to_be_fixed(app):
    # A confident wrong answer never reached the unanswered list, and the thumbs per section said only that a
    # section got a thumbs down, not for which question: the editor could not give that question its section.
    client = app.test_client()
    question = "how long will I be red"
    answer = client.post("/api/ask", json={"question": question}).get_json()
    sign_in(client)
    assert answer["answered"] and answer["confidence"] >= \
        client.get("/admin/summary?days=7").get_json()["low_confidence_below"]
    client.post("/api/feedback", json={"question": question, "section_id": answer["section_id"], "helpful": True})
    # A thumbs down for the same words answered from another section is not this answer's.
    client.post("/api/feedback", json={"question": question, "section_id": AFTERCARE, "helpful": False})
    assert client.get("/admin/summary?days=7").get_json()["groups"] == []

    r = client.post("/api/feedback", json={"question": "How long will I be red?", "section_id": answer["section_id"],
                                           "helpful": False})
    assert r.status_code == 201
    [group] = client.get("/admin/summary?days=7").get_json()["groups"]
    assert group["question"] == question and group["count"] == 1 and group["answered"] == 1
    assert group["low_confidence"] == 0 and group["thumbs_down"] == 1
    assert group["closest"][0]["section_id"] == answer["section_id"]  # the answer it gave, then the others
    page = " ".join(client.get("/admin?days=7").get_data(as_text=True).split())
    assert "0 unanswered, 0 low-confidence, 1 answered (1 thumbs down);" in page


def test_attach_answers_the_question_from_that_section_and_undo_takes_it_back(make_app):
    app = make_app()
    client = app.test_client()
    visit(client, SWIM)
    before = client.post("/api/ask", json={"question": SWIM[1]}).get_json()
    assert before["section_id"] != AFTERCARE
    repo_files = sorted(p.name for p in KNOWLEDGE.iterdir())
    csrf = sign_in(client)

    r = attach(client, csrf)
    assert r.status_code == 200, r.get_data(as_text=True)
    edit = r.get_json()["edit"]
    assert edit["action"] == "alternate" and edit["phrasings"] == SWIM and edit["who"].startswith("session ")
    text = served_file(make_app).read_text()
    assert f"[{AFTERCARE}]\n{SWIM[0]}\n{SWIM[1]}\n" in text
    assert sorted(p.name for p in KNOWLEDGE.iterdir()) == repo_files  # the repository's folder is untouched
    after = client.post("/api/ask", json={"question": SWIM[1]}).get_json()
    assert after["answered"] and after["section_id"] == AFTERCARE
    data = client.get("/admin/summary").get_json()
    assert all(g["question"] not in SWIM for g in data["groups"])
    assert any(g["question"] in SWIM and g["handled"]["id"] == edit["id"] for g in data["handled"])

    r = client.post("/admin/undo", json={"edit_id": edit["id"]}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200, r.get_data(as_text=True)
    assert not served_file(make_app).exists()  # as before the edit, which created it
    assert client.post("/api/ask", json={"question": SWIM[1]}).get_json()["section_id"] == before["section_id"]
    assert client.post("/admin/undo", json={"edit_id": edit["id"]}, headers={"X-CSRF-Token": csrf}).status_code == 409


def test_the_form_flow_redirects_to_a_status_line(app):
    client = app.test_client()
    visit(client, SWIM)
    csrf = sign_in(client)
    r = client.post("/admin/alternates", data={"csrf_token": csrf, "section_id": AFTERCARE, "phrasing": SWIM,
                                                "days": "7"})
    assert r.status_code == 303 and re.search(r"/admin/?\?days=7&done=\d+#status$", r.headers["Location"])
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert re.search(r'role="status" aria-live="polite"', page)
    assert "Done: added 2 phrasings to" in page and ">Undo</button>" in page
    bad = client.post("/admin/alternates", data={"csrf_token": csrf, "section_id": "nope/nothing", "phrasing": "x"})
    assert bad.status_code == 400 and re.search(r'role="alert"[^>]*>unknown section', bad.get_data(as_text=True))


@pytest.mark.parametrize("change, status, message", [
    ({"section_id": "nope/no-such-section"}, 400, "unknown section"),
    ({"section_id": ""}, 400, "choose a section"),
    ({"phrasings": [""]}, 400, "must not be empty"),
    ({"phrasings": ["   "]}, 400, "must not be empty"),
    ({"phrasings": []}, 400, "at least one phrasing"),
    ({"phrasings": ["two\nlines"]}, 400, "line break"),
    ({"phrasings": ["carriage\rreturn"]}, 400, "line break"),
    ({"phrasings": ["a | b"]}, 400, "'|'"),
    ({"phrasings": ["[microneedling-redness/conclusion]"]}, 400, "must not start with '['"),
    ({"phrasings": ["# a comment"]}, 400, "must not start with '#'"),
    ({"phrasings": [7]}, 400, "must be text"),
    # JSON can carry half of a UTF-16 pair ("\ud800"), which no UTF-8 file can hold: it was a 500 (HTML) on writing
    ({"phrasings": ["can I swim \ud800 after"]}, 400, "a phrasing must not contain a lone surrogate ('\\ud800')"),
    ({"phrasings": ["x" * 501]}, 400, "at most 500"),
    ({"section_id": AFTERCARE, "phrasings": [SWIM[0]]}, 409, "already alternates"),  # added by the first edit
    ({"phrasings": [SWIM[0]]}, 409, "already a phrasing of"),  # ... to another section
    # the section's own heading but for punctuation and case adds nothing; another section's is that section's
    ({"section_id": AFTERCARE, "phrasings": ["what is the aftercare process for Microneedling"]}, 409,
     "is the section's heading, \u201cWhat Is The Aftercare Process For Microneedling?\u201d, punctuation and case"),
    ({"phrasings": ["What is the aftercare process for microneedling!"]}, 409, "already a phrasing of \u201cWhat Is"),
    ({"section_id": AFTERCARE, "phrasings": ["Can I go swimming after microneedling?"]}, 409, "already alternates"),
    ({"csrf": "stale"}, 403, "stale"),
    ({"csrf": ""}, 403, "missing or stale"),
    ({"origin": "https://evil.example"}, 403, "this site's own dashboard"),
    ({"signed_out": True}, 401, "sign in again"),
])
def test_bad_input_is_a_clear_4xx_and_changes_nothing(make_app, change, status, message):
    app = make_app()
    client = app.test_client()
    csrf = sign_in(client)
    assert attach(client, csrf, phrasings=[SWIM[0]]).status_code == 200  # so that the file exists already
    if change.get("csrf") == "stale":  # a token from an earlier session of the same editor
        client.post("/admin/sign-out", data={"csrf_token": csrf})
        fresh = sign_in(client)
        assert fresh != csrf
    before = served_file(make_app).read_bytes()
    version = client.get("/api/health").get_json()["index"]["version"]
    edits = len(client.get("/admin/summary").get_json()["edits"])
    if change.get("signed_out"):
        client.delete_cookie("faqbot_admin", path="/admin")
    body = {"section_id": change.get("section_id", REDNESS), "phrasings": change.get("phrasings", ["fresh phrasing"])}
    headers = {"X-CSRF-Token": change.get("csrf", csrf) if change.get("csrf") != "stale" else csrf}
    if "origin" in change:
        headers["Origin"] = change["origin"]
    r = client.post("/admin/alternates", json=body, headers=headers)
    assert r.status_code == status, r.get_data(as_text=True)
    error = r.get_json()
    assert error["ok"] is False and error["status"] == status and message in error["error"]
    assert served_file(make_app).read_bytes() == before
    assert client.get("/api/health").get_json()["index"]["version"] == version
    if not change.get("signed_out"):
        assert len(client.get("/admin/summary").get_json()["edits"]) == edits


def test_undo_and_dismiss_refuse_bad_input(app):
    client = app.test_client()
    csrf = sign_in(client)
    h = {"X-CSRF-Token": csrf}
    assert client.post("/admin/undo", json={"edit_id": "x"}, headers=h).status_code == 400
    assert client.post("/admin/undo", json={"edit_id": 999}, headers=h).status_code == 404
    assert client.post("/admin/undo", json={"edit_id": 1}, headers={"X-CSRF-Token": "bad"}).status_code == 403
    assert client.post("/admin/dismiss", json={"phrasings": []}, headers=h).status_code == 400
    assert client.post("/admin/dismiss", json={"phrasings": ["  "]}, headers=h).status_code == 400
    assert client.post("/admin/dismiss", json={"phrasings": ["off topic"]}).status_code == 403
    assert client.get("/admin/summary").get_json()["edits"] == []


def test_text_no_page_sends_never_breaks_the_dashboard(make_app):
    # JSON can carry a NUL and half of a UTF-16 pair ("\ud800"), which no page sends: a dismissal holding one was
    # stored as sent, and from then on /admin was a 500 for every editor; a sign-in token holding one was a 500.
    app = make_app()
    client = app.test_client()
    csrf = sign_in(client)
    r = client.post("/admin/dismiss", json={"phrasings": ["\ud800 off topic", "a\x00b"]},
                    headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200 and r.get_json()["edit"]["phrasings"] == ["? off topic", "a b"]  # as the log keeps
    assert client.get("/admin").status_code == 200
    # One an earlier release stored as sent is read as the log reads questions: the page still opens.
    with sqlite3.connect(make_app.db) as db:
        db.execute("INSERT INTO faqbot_edits (made_at, who, action, section_id, phrasings) VALUES (?, ?, ?, ?, ?)",
                   (time.time(), "earlier", "dismiss", None, '["\\ud800 stored before", "b\\u0000c"]'))
    page = client.get("/admin")
    assert page.status_code == 200 and "? stored before" in page.get_data(as_text=True)
    r = app.test_client().post("/admin/sign-in", json={"token": "\ud800"})
    assert r.status_code == 403 and r.get_json()["error"] == "wrong admin token"


def test_a_json_request_to_the_dashboard_gets_its_http_errors_as_json(app):
    # A script's PATCH with a JSON body, or a GET asking for JSON, got werkzeug's HTML error page.
    client = app.test_client()
    r = client.patch("/admin/alternates", json={"phrasings": ["x"]})
    assert r.status_code == 405 and r.headers["Allow"] == "OPTIONS, POST"
    assert r.get_json() == {"ok": False, "error": "method PATCH not allowed on /admin/alternates; use POST", "status": 405}
    r = client.get("/admin/nope", headers={"Accept": "application/json"})
    assert r.get_json() == {"ok": False, "error": "not found: /admin/nope", "status": 404}
    assert client.get("/admin/nope").mimetype == "text/html"  # a browser's page stays a page


@pytest.mark.parametrize("path", ["/admin/sign-in", "/admin/alternates", "/admin/dismiss", "/admin/undo"])
def test_a_body_nested_too_deeply_is_a_400_not_a_500(app, path):
    # "[[[[..." deeper than json's recursion limit raised RecursionError, which get_json(silent=True) lets through:
    # a 500 with a traceback in the log (found by bench/fuzz_http.py against a real server).
    client = app.test_client()
    csrf = sign_in(client)
    r = client.post(path, data="[" * 10000, content_type="application/json", headers={"X-CSRF-Token": csrf})
    assert r.status_code == 400, r.get_data(as_text=True)[:300]
    assert r.get_json() == {"ok": False, "error": "the body is nested too deeply", "status": 400}


LONG_GROUP = [(f"visitor {i} asks whether swimming after microneedling is fine " + "and what else to avoid " * 19).strip()
              for i in range(50)]  # 50 phrasings of ~500 characters: as many, and as long, as an edit may have


def test_a_group_as_large_as_an_edit_may_be_is_taken_whole(make_app):
    # 50 phrasings of ~500 characters (the endpoints' own limits) are 25 KB: over the app's 16 KB, so /admin answered
    # werkzeug's bare "413 Request Entity Too Large" page, as a form and as JSON alike.
    app = make_app()
    client = app.test_client()
    csrf = sign_in(client)
    assert all(len(p) <= 500 for p in LONG_GROUP) and len("&phrasing=".join(LONG_GROUP)) > 16 * 1024
    r = client.post("/admin/alternates", data={"phrasing": LONG_GROUP, "section_id": AFTERCARE, "csrf_token": csrf})
    assert r.status_code == 303, r.get_data(as_text=True)[:300]
    written = served_file(make_app).read_text(encoding="utf-8")
    assert all(p in written for p in LONG_GROUP)
    greek = [f"\u03b5\u03c1\u03ce\u03c4\u03b7\u03c3\u03b7 {i} " + "\u03bb" * 480 for i in range(50)]  # 2 UTF-8 bytes each
    r = client.post("/admin/dismiss", json={"phrasings": greek}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200 and r.get_json()["edit"]["phrasings"] == greek


def test_a_form_that_is_not_utf8_is_a_400_naming_it_and_nothing_is_added(make_app):
    # werkzeug keeps an escape that is not UTF-8 as it is: a Latin-1 form's "caf%E9 cr%E8me" was added to the content
    # folder as that text; a raw Latin-1 byte lost the whole form (a 403 saying the security token was missing).
    app = make_app()
    client = app.test_client()
    csrf = sign_in(client)
    form = "application/x-www-form-urlencoded"
    r = client.post("/admin/alternates", content_type=form + "; charset=iso-8859-1",
                    data=f"csrf_token={csrf}&section_id={AFTERCARE}&phrasing=caf%E9+cr%E8me+after+microneedling")
    assert r.status_code == 400 and "phrasing&#39; is not UTF-8" in r.get_data(as_text=True)  # (the page's status line)
    assert not served_file(make_app).exists()
    r = client.post("/admin/dismiss", content_type=form, data=f"csrf_token={csrf}&phrasing=caf\xe9".encode("latin-1"),
                    headers={"Accept": "application/json"})
    assert r.get_json() == {"ok": False, "status": 400,
                            "error": "the form is not UTF-8 (byte 0xe9 at offset 88): send it in UTF-8, as a page does"}
    assert client.get("/admin/summary").get_json()["edits"] == []
    r = client.post("/admin/dismiss", content_type=form, data=f"csrf_token={csrf}&phrasing=caf%C3%A9+cr\u00e8me".encode(),
                    headers={"Accept": "application/json"})  # UTF-8, escaped or not
    assert r.status_code == 200 and r.get_json()["edit"]["phrasings"] == ["caf\u00e9 cr\u00e8me"]


@pytest.mark.parametrize("count, status", [(40, 200), (700, 413)])
def test_a_chunked_form_is_read_whole_or_refused_never_cut(app, count, status):
    # A body with no Content-Length (Transfer-Encoding: chunked) past 16 KB was read as its first 16 KB, as if it had
    # ended there: a dismissal of 40 questions recorded 33, the last cut to "question number 32 xx" (and an edit
    # added a phrasing cut short to the content folder).
    client = app.test_client()
    csrf = sign_in(client)
    phrasings = [f"question number {i} " + "x" * 480 for i in range(count)]
    body = urllib.parse.urlencode([("csrf_token", csrf)] + [("phrasing", p) for p in phrasings]).encode()
    r = client.post("/admin/dismiss", input_stream=io.BytesIO(body), content_type="application/x-www-form-urlencoded",
                    headers={"Transfer-Encoding": "chunked", "Accept": "application/json"},
                    environ_overrides={"wsgi.input_terminated": True})  # as gunicorn passes a chunked body on
    assert r.status_code == status, r.get_data(as_text=True)[:300]
    if status == 200:
        assert r.get_json()["edit"]["phrasings"] == phrasings
    else:
        assert r.get_json()["error"].startswith("request body too large (limit ")
        assert client.get("/admin/summary").get_json()["edits"] == []


# '²' and '٣' are digits to str.isdigit() that int() refuses; 5,000 digits are more than int() reads.
ODD_NUMBERS = ["%C2%B2", "%D9%A3", "9" * 5000, "-1", "1.0", "+3", ""]


@pytest.mark.parametrize("odd", ODD_NUMBERS)
def test_a_number_that_is_not_plain_digits_is_refused_or_ignored_never_a_500(app, odd):
    client = app.test_client()
    for word in ("done", "undone"):  # signed out: the sign-in form, the status line ignored
        r = client.get(f"/admin?{word}={odd}")
        assert r.status_code == 200 and 'name="token"' in r.get_data(as_text=True)
    csrf = sign_in(client)
    for word in ("done", "undone"):
        r = client.get(f"/admin?{word}={odd}")
        assert r.status_code == 200 and 'name="csrf_token"' in r.get_data(as_text=True)
    if odd:  # (an empty ?days= is the default period)
        r = client.get(f"/admin?days={odd}")
        assert r.status_code == 400 and "period must be one of" in r.get_data(as_text=True)
        r = client.get(f"/admin/summary?days={odd}", headers={"Accept": "application/json"})
        assert r.status_code == 400 and "period must be one of" in r.get_json()["error"]
    raw = urllib.parse.unquote(odd)
    r = client.post("/admin/undo", json={"edit_id": raw}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 400 and "'edit_id', a number" in r.get_json()["error"]
    r = client.post("/admin/undo", data={"edit_id": raw, "csrf_token": csrf})
    assert r.status_code == 400 and "&#39;edit_id&#39;, a number" in r.get_data(as_text=True)


def test_a_dismissal_is_kept_across_a_restart_and_can_be_undone(make_app):
    client = make_app().test_client()
    visit(client, ["what is the capital of france"])
    csrf = sign_in(client)
    r = client.post("/admin/dismiss", json={"phrasings": ["what is the capital of france"]},
                    headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200 and r.get_json()["edit"]["action"] == "dismiss"
    restarted = make_app().test_client()
    restarted.set_cookie("faqbot_admin", client.get_cookie("faqbot_admin", path="/admin").value, path="/admin")
    data = restarted.get("/admin/summary").get_json()
    assert data["groups"] == [] and data["handled"][0]["question"] == "what is the capital of france"
    r = restarted.post("/admin/undo", json={"edit_id": r.get_json()["edit"]["id"]}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200
    assert [g["question"] for g in restarted.get("/admin/summary").get_json()["groups"]] == [
        "what is the capital of france"]
    assert not served_file(make_app).exists()  # a dismissal never touches the content


def test_a_dismissal_keeps_the_questions_masked_and_handles_rows_masked_since(make_app):
    # The log keeps "call me on [phone] ..."; a page shown before older rows were masked sends the text as typed.
    # The edit log keeps it masked too, and the masked group counts as handled (it stayed open: the texts differed).
    client = make_app().test_client()
    typed = "can you call me on 07700 900123 about my cat"
    visit(client, [typed])
    csrf = sign_in(client)
    assert [g["question"] for g in client.get("/admin/summary").get_json()["groups"]] == [
        "can you call me on [phone] about my cat"]
    r = client.post("/admin/dismiss", json={"phrasings": [typed]}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200
    assert "07700" not in repr(r.get_json()) and "900123" not in repr(r.get_json())
    data = client.get("/admin/summary").get_json()
    assert data["groups"] == [] and data["handled"][0]["question"] == "can you call me on [phone] about my cat"
    assert "900123" not in repr(data)


def test_a_content_folder_that_does_not_build_keeps_the_file_and_the_old_index(make_app):
    app = make_app()
    client = app.test_client()
    csrf = sign_in(client)
    (make_app.content / "broken.alternates").write_text("[no-such/section]\nwhatever\n")
    version = client.get("/api/health").get_json()["index"]["version"]
    r = attach(client, csrf)
    assert r.status_code == 422 and "broken.alternates" in r.get_json()["error"]
    assert not served_file(make_app).exists()
    assert client.get("/api/health").get_json()["index"]["version"] == version


LATIN1_NOTE = "# caf\xe9 notes, saved by hand in Latin-1\n".encode("latin-1")


def test_an_alternates_file_saved_in_latin1_is_a_422_naming_it_not_a_500(make_app):
    """The dashboard's file edited by hand in another encoding: "Add as alternate" and undo say which file to
    save as UTF-8 (as a reindex does), and change nothing."""
    client = make_app().test_client()
    csrf = sign_in(client)
    edit = attach(client, csrf).get_json()["edit"]
    path = served_file(make_app)
    path.write_bytes(LATIN1_NOTE + path.read_bytes())
    before = path.read_bytes()
    version = client.get("/api/health").get_json()["index"]["version"]
    r = attach(client, csrf, section=REDNESS, phrasings=["how many days will my face be pink"])
    # the line `faqbot build` gives (bot/ingest/files.py): the byte, the word it is in, what to do
    said = (f"{FILE_NAME}:1: not UTF-8 text (byte 0xe9, in 'café' if it is Windows-1252 or Latin-1); save the file "
            "as UTF-8")
    assert r.status_code == 422 and said in r.get_json()["error"]
    r = client.post("/admin/undo", json={"edit_id": edit["id"]}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 422 and said in r.get_json()["error"]
    assert path.read_bytes() == before
    assert client.get("/api/health").get_json()["index"]["version"] == version
    assert client.get("/admin/summary").get_json()["edits"][0]["active"] is True


@pytest.mark.parametrize("data", [LATIN1_NOTE, b"[x]\nis it \x81 pink\n", b"[x]\nis it\0pink\n"],
                         ids=["latin-1", "not-cp1252", "nul"])
def test_editing_a_file_that_is_not_utf8_raises_the_content_error_a_build_gives(tmp_path, data):
    from bot.editing import add_alternates, remove_alternates
    from bot.ingest.files import ContentFile, read_text
    from bot.model import ContentError

    path = tmp_path / FILE_NAME
    path.write_bytes(data)
    with pytest.raises(ContentError) as built:  # what `faqbot build` says of it
        read_text(ContentFile(FILE_NAME, str(path), ".alternates", path.stat()))
    assert "save the file as UTF-8" in str(built.value) or "binary file" in str(built.value)
    reindexed = []
    for edit in (lambda: add_alternates(tmp_path, REDNESS, ["is it pink"], "t1", "me", tmp_path / "lock",
                                        lambda: reindexed.append(1)),
                 lambda: remove_alternates(tmp_path, "t1", REDNESS, ["is it pink"], tmp_path / "lock",
                                           lambda: reindexed.append(1))):
        with pytest.raises(ContentError) as e:
            edit()
        assert str(e.value) == str(built.value)
    assert path.read_bytes() == data and not reindexed


def test_editing_a_utf16_file_the_build_reads_says_the_dashboard_writes_utf8(tmp_path):
    # The build reads UTF-16 with a byte-order mark (Notepad's "Unicode"); the dashboard adds UTF-8 bytes to the
    # file as it is, which would leave it half one, half the other: it says so, and writes nothing.
    from bot.editing import add_alternates
    from bot.ingest.files import ContentFile, read_text
    from bot.model import ContentError

    path = tmp_path / FILE_NAME
    data = "[x]\r\nis it pink\r\n".encode("utf-16")
    path.write_bytes(data)
    assert read_text(ContentFile(FILE_NAME, str(path), ".alternates", path.stat())) == "[x]\nis it pink\n"
    with pytest.raises(ContentError) as e:
        add_alternates(tmp_path, REDNESS, ["is it pink"], "t1", "me", tmp_path / "lock", lambda: None)
    assert str(e.value) == (f"{FILE_NAME}: UTF-16 text (it has a UTF-16 byte-order mark): the dashboard adds "
                            "phrasings to UTF-8 files only; save the file as UTF-8")
    assert path.read_bytes() == data


def test_undo_refuses_a_block_changed_by_hand(make_app):
    client = make_app().test_client()
    csrf = sign_in(client)
    edit = attach(client, csrf).get_json()["edit"]
    path = served_file(make_app)
    path.write_text(path.read_text().replace(SWIM[1], "is swimming fine after microneedling"))
    before = path.read_bytes()
    r = client.post("/admin/undo", json={"edit_id": edit["id"]}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 409 and "changed by hand" in r.get_json()["error"]
    n, marker = next((n, ln) for n, ln in enumerate(path.read_text().split("\n"), 1) if ln.startswith("# edit "))
    assert f"{FILE_NAME} ('{marker.split(',')[0]}', line {n}) was changed by hand" in r.get_json()["error"]
    assert path.read_bytes() == before
    assert client.get("/admin/summary").get_json()["edits"][0]["active"] is True


def test_two_edits_then_undoing_the_first_leaves_the_second(make_app):
    client = make_app().test_client()
    csrf = sign_in(client)
    first = attach(client, csrf, phrasings=[SWIM[0]]).get_json()["edit"]
    attach(client, csrf, section=REDNESS, phrasings=["how many days will my face be pink"])
    assert client.post("/admin/undo", json={"edit_id": first["id"]}, headers={"X-CSRF-Token": csrf}).status_code == 200
    text = served_file(make_app).read_text()
    assert SWIM[0] not in text and f"[{REDNESS}]\nhow many days will my face be pink\n" in text
    answer = client.post("/api/ask", json={"question": "how many days will my face be pink"}).get_json()
    assert answer["section_id"] == REDNESS


# ---- the edit log failing mid-way: the content and the log never disagree silently ------------------
# Real failures of the real SQLite file: a trigger refusing a write (as a full disk or a failing volume
# would), a table a read cannot find, another connection holding the write lock.

REFUSE = "CREATE TRIGGER refuse BEFORE {} ON faqbot_edits BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END"


def refuse(db: Path, statement: str) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute(REFUSE.format(statement))


def heal(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TRIGGER IF EXISTS refuse")
    time.sleep(RETRY_FIRST + 0.1)  # the store tries the database again after a failure's pause


def test_an_edit_the_log_cannot_record_is_taken_back(make_app):
    app = make_app()
    client = app.test_client()
    csrf = sign_in(client)
    before = client.post("/api/ask", json={"question": SWIM[1]}).get_json()["section_id"]
    refuse(make_app.db, "INSERT")
    r = attach(client, csrf)
    assert r.status_code == 503 and "not added: the edit log is unavailable" in r.get_json()["error"]
    assert not served_file(make_app).exists()  # as before
    assert client.post("/api/ask", json={"question": SWIM[1]}).get_json()["section_id"] == before


def test_an_edit_neither_recorded_nor_taken_back_says_what_stays_where(make_app, caplog):
    app = make_app()
    client = app.test_client()
    csrf = sign_in(client)
    path = served_file(make_app)
    index = make_app.db.parent / "index"
    served = artifact.current_version(index)
    writer = sqlite3.connect(make_app.db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another process writing: the edit log's INSERT waits for it
    answers = []
    request = threading.Thread(target=lambda: answers.append(attach(client, csrf)))
    request.start()
    deadline = time.monotonic() + 60
    # until the block is written and the reindex that follows it has published (on a busy machine a hand edit
    # made while it still builds fails that build, and the edit is taken back: no file left to read)
    while not (path.exists() and SWIM[1] in path.read_text() and artifact.current_version(index) != served) \
            and time.monotonic() < deadline:
        time.sleep(0.02)
    # Meanwhile the new block is changed by hand, and the database refuses the INSERT when its turn comes.
    path.write_text(path.read_text().replace(SWIM[1], "is swimming fine after microneedling"))
    writer.execute(REFUSE.format("INSERT"))
    writer.execute("COMMIT")
    writer.close()
    request.join(60)
    r = answers[0]
    error = r.get_json()["error"]
    tag = re.search(r"^# edit (\w+), ", path.read_text(), re.M).group(1)
    assert r.status_code == 503 and "added, but not recorded" in error
    assert f"remove the block \u201c# edit {tag}\u201d from {FILE_NAME} by hand" in error
    assert f"dashboard edit {tag} not recorded" in caplog.text
    with sqlite3.connect(make_app.db) as conn:
        assert conn.execute("SELECT count(*) FROM faqbot_edits").fetchone()[0] == 0


def test_an_undo_the_log_cannot_read_is_a_503_and_changes_nothing(make_app):
    app = make_app()
    client = app.test_client()
    csrf = sign_in(client)
    edit = attach(client, csrf).get_json()["edit"]
    before = served_file(make_app).read_bytes()
    with sqlite3.connect(make_app.db) as conn:
        conn.execute("ALTER TABLE faqbot_edits RENAME TO faqbot_edits_elsewhere")
    r = client.post("/admin/undo", json={"edit_id": edit["id"]}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 503 and "not undone: the edit log is unavailable" in r.get_json()["error"]
    assert served_file(make_app).read_bytes() == before
    # After the store's pause it makes its tables again, as it does for a database recreated empty under a running
    # server (bot/store.py): the log no longer holds the edit, so there is nothing to undo, and still nothing changes.
    time.sleep(RETRY_FIRST + 0.1)
    r = client.post("/admin/undo", data={"edit_id": edit["id"], "csrf_token": csrf})  # the form: a page
    assert r.status_code == 404 and f"no edit {edit['id']}" in r.get_data(as_text=True)
    assert served_file(make_app).read_bytes() == before


def test_an_undo_the_log_cannot_mark_puts_the_block_back(make_app):
    app = make_app()
    client = app.test_client()
    csrf = sign_in(client)
    edit = attach(client, csrf).get_json()["edit"]
    with sqlite3.connect(make_app.db) as conn:
        tag = conn.execute("SELECT tag FROM faqbot_edits WHERE id = ?", (edit["id"],)).fetchone()[0]
    refuse(make_app.db, "UPDATE")
    r = client.post("/admin/undo", json={"edit_id": edit["id"]}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 503 and "not undone: the edit log is unavailable" in r.get_json()["error"]
    # As the log still says: the phrasings are in the file, under the edit's own tag, and answered from there.
    assert re.search(rf"^# edit {tag}, .*\n\[{re.escape(AFTERCARE)}\]\n{SWIM[0]}\n{SWIM[1]}\n",
                     served_file(make_app).read_text(), re.M)
    assert client.post("/api/ask", json={"question": SWIM[1]}).get_json()["section_id"] == AFTERCARE
    with sqlite3.connect(make_app.db) as conn:
        assert conn.execute("SELECT undone_at FROM faqbot_edits").fetchall() == [(None,)]
    heal(make_app.db)
    r = client.post("/admin/undo", json={"edit_id": edit["id"]}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200 and not served_file(make_app).exists()


def test_an_edit_and_its_undo_rebuild_off_the_event_loop(tmp_path):
    # As POST /api/reindex (test_serving.py): on `faqbot serve`'s only worker, other requests are answered
    # while "Add as alternate" and its undo rebuild the index (of a larger FAQ: a rebuild of a second or so).
    content = tmp_path / "content"
    shutil.copytree(KNOWLEDGE, content)
    rows = [f"How does gadget {i} handle setting {i * 7}?,Gadget {i} handles setting {i * 7} in mode {i % 13}."
            for i in range(800)]
    (content / "gadgets.csv").write_text("question,answer\n" + "\n".join(rows) + "\n", encoding="utf-8")
    build.build(content, tmp_path / "index")
    live = ("GET", "/api/live", None)
    with Server(tmp_path, workers=1) as server, Load(server.port, lambda n: live, threads=2, seconds=90) as load:
        signed = server.post("/admin/sign-in", {"token": SERVER_TOKEN})
        assert signed.status == 200, signed.body
        headers = {"Cookie": signed.headers["set-cookie"].split(";")[0], "X-CSRF-Token": signed.body["csrf_token"]}
        windows = []
        for path, body in [("/admin/alternates", {"section_id": AFTERCARE, "phrasings": SWIM}), ("/admin/undo", None)]:
            time.sleep(0.3)
            body = body or {"edit_id": windows[0][2].body["edit"]["id"]}
            started = time.monotonic()
            r = server.post(path, body, headers=headers, timeout=60)
            windows.append((started, time.monotonic(), r))
            assert r.status == 200, (r.status, r.body)
        time.sleep(0.3)
        results = load.stop()
    assert all(x.ok for x in results), {(x.status, x.error) for x in results if not x.ok}
    for started, finished, r in windows:
        during = [x for x in results if started <= x.t0 and x.t1 <= finished]
        assert during, f"nothing was answered during the {finished - started:.2f}s of {r.path}"
        assert max(x.seconds for x in during) < finished - started
    print(f"\nadmin edit and undo on one worker: {', '.join(f'{f - s:.2f}s' for s, f, _ in windows)}, "
          f"{len(results)} /api/live answered meanwhile and around")


# ---- pieces -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, fragment", [
    ("", "empty"), ("a\u2028b", "line break"), ("a|b", "'|'"), ("a\x00b", "control"), ("[x]", "'['"), (None, "text")])
def test_clean_phrasing_refuses(text, fragment):
    with pytest.raises(EditError, match=re.escape(fragment)):
        clean_phrasing(text)


def test_clean_phrasing_collapses_spaces():
    assert clean_phrasing("  can I   swim\ttoday? ") == "can I swim today?"


def test_write_atomic_replaces_the_file_and_leaves_no_temp_files(tmp_path):
    path = tmp_path / "x.alternates"
    path.write_text("old\n")
    path.chmod(0o640)
    write_atomic(path, b"new\n")
    assert path.read_text() == "new\n" and path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["x.alternates"]


def test_chart_has_a_bar_per_day_and_a_text_alternative():
    trend = [{"day": "2025-01-01", "questions": 4, "answered": 3, "unanswered": 1},
             {"day": "2025-01-02", "questions": 0, "answered": 0, "unanswered": 0},
             {"day": "2025-01-03", "questions": 2, "answered": 0, "unanswered": 2}]
    svg = str(daily_chart(trend))
    assert svg.count('<g class="day"') == 3 and svg.count("<rect") == 3 + 2  # 3 bar parts, 2 legend keys
    assert "<desc" in svg and "6 questions over 3 days, 50% answered" in svg


# ---- the demo page is the site owner's -----------------------------------------------------------

def test_demo_page_takes_title_intro_and_disclaimer_from_settings(make_app):
    page = make_app(site_title="Northwind Bikes", site_intro="Ask about repairs and rentals.",
                    disclaimer="Not legal advice.", greeting="Hi! Ask about your bike.").test_client().get("/") \
        .get_data(as_text=True)
    assert "<title>Northwind Bikes</title>" in page and "<h1>Northwind Bikes</h1>" in page
    assert "Ask about repairs and rentals." in page and 'disclaimer="Not legal advice."' in page
    assert 'greeting="Hi! Ask about your bike."' in page
    assert "Lumen" not in page and "clinic" not in page.lower().replace("microneedling", "")
    assert "How Long Does Redness Last After Microneedling?" in page  # the article list comes from the index


def test_demo_page_defaults_to_the_clinic_text(app):
    page = app.test_client().get("/").get_data(as_text=True)
    assert "Lumen Skin Clinic" in page and "Questions about your treatment?" in page
    assert Settings().disclaimer in page and f'greeting="{Settings().greeting}"' in page


@pytest.mark.services
def test_sign_in_attach_and_undo_on_postgresql(make_app, postgres_url):
    """The same loop with the log (sessions, edits) in PostgreSQL."""
    client = make_app(database_url=postgres_url).test_client()
    visit(client, SWIM)
    csrf = sign_in(client)
    edit = attach(client, csrf).get_json()["edit"]
    assert client.post("/api/ask", json={"question": SWIM[0]}).get_json()["section_id"] == AFTERCARE
    data = client.get("/admin/summary").get_json()
    assert data["handled"][0]["handled"]["id"] == edit["id"] and data["questions"] == 3
    assert client.post("/admin/undo", json={"edit_id": edit["id"]}, headers={"X-CSRF-Token": csrf}).status_code == 200
    assert not served_file(make_app).exists()  # as before the edit, which created it


def test_the_dashboard_lists_the_builds_content_warnings(make_app):
    # the editor who works from /admin never sees `faqbot build`'s output: a phrasing a hand-written file gives
    # to another section as well as the dashboard's went unnoticed there
    (make_app.content / "extra.alternates").write_text(f"[{AFTERCARE}]\nhow long will I be red\n\n[{REDNESS}]\n",
                                                       encoding="utf-8")
    (make_app.content / FILE_NAME).write_text(f"[{REDNESS}]\nHow long will I be red?\n", encoding="utf-8")
    client = make_app().test_client()
    sign_in(client)
    warnings = client.get("/admin/summary").get_json()["content_warnings"]
    assert warnings == [
        "extra.alternates:4: [microneedling-redness/how-long-does-redness-last-after-a-treatment-session] has no "
        "phrasings under it: write them on the lines below it, one a line, or delete it",
        "extra.alternates:2: 'how long will I be red' is a phrasing of \"What Is The Aftercare Process For "
        f"Microneedling?\" ({AFTERCARE}), and {FILE_NAME}:2 gives it to \"How Long Does Redness Last After A "
        f"Treatment Session?\" ({REDNESS}) too: a question asked so may get either answer; keep it under one of them"]
    page = client.get("/admin").get_data(as_text=True)
    assert '<h2 id="warnings-h">Content warnings</h2>' in page
    assert f"{FILE_NAME}:2 gives it to" in page and "README" not in page.split("warnings-h")[1].split("</section>")[0]


def test_the_dashboard_names_the_files_it_did_not_read(make_app):
    # An editor who saved the FAQ as faq.docx or faq.markdown saw nothing on the dashboard (the build skipped them
    # with a line only `faqbot build` printed), and wondered why the bot did not know its questions.
    (make_app.content / "faq.docx").write_bytes(b"PK\x03\x04 a Word file")
    (make_app.content / "faq.markdown").write_text("# FAQ\n\n## Do you sell gift cards?\n\nYes.\n", encoding="utf-8")
    (make_app.content / ".notes.md").write_text("# hidden\n", encoding="utf-8")  # hidden, backup, README: no slip
    (make_app.content / "faq.md~").write_text("# backup\n", encoding="utf-8")
    client = make_app().test_client()
    sign_in(client)
    data = client.get("/admin/summary").get_json()
    assert data["files_not_read"] == ["faq.docx", "faq.markdown"]
    assert data["content_warnings"] == []
    panel = client.get("/admin").get_data(as_text=True).split('id="warnings-h"')[1].split("</section>")[0]
    assert "Files not read" in panel and "faq.docx, faq.markdown" in panel and ".txt, .md, .csv, .tsv" in panel
    assert "README" not in panel and "notes" not in panel and "faq.md~" not in panel


def test_no_content_warnings_no_panel(app):
    client = app.test_client()
    sign_in(client)
    data = client.get("/admin/summary").get_json()
    assert data["content_warnings"] == [] and data["files_not_read"] == []  # the shipped README is no slip
    assert "warnings-h" not in client.get("/admin").get_data(as_text=True)


def test_the_dashboard_shows_what_the_build_skipped_as_a_link(make_app):
    # `faqbot build` printed "skipped faq.txt: symlink to ..." and "skipped again/: symlink loop ...", but the
    # dashboard hid every warning starting "skipped ": the editor never learnt a link they made was not read.
    (make_app.content / "faq.txt").symlink_to("microneedling-redness.txt")
    (make_app.content / "again").symlink_to(".")
    (make_app.content / ".notes.md").write_text("# hidden\n", encoding="utf-8")  # hidden, backup, README: no slip
    client = make_app().test_client()
    sign_in(client)
    warnings = client.get("/admin/summary").get_json()["content_warnings"]
    assert [w.split(":")[0] for w in warnings] == ["skipped again/", "skipped faq.txt"]
    assert "symlink to microneedling-redness.txt, which is read" in warnings[1]
    panel = client.get("/admin").get_data(as_text=True).split('id="warnings-h"')[1].split("</section>")[0]
    assert "skipped faq.txt: symlink to" in panel and "skipped again/:" in panel
    assert "README" not in panel and "notes" not in panel
