"""`faqbot report` and /admin show the rows an older release stored unmasked masked (session 60).

README: what report and /admin show is masked. Rows an older release stored as typed (a card number, an e-mail
address) stayed as typed until a serve worker's log writer or `faqbot prune --mask` rewrote them, and the new
release's report and dashboard showed them so meanwhile. They are masked when read for display, with the same
function (bot/redact.py), and the row itself is left to the log writer.
"""

from __future__ import annotations

import io
import json
import sqlite3
import time

from _app import app_maker
from bot.redact import mask
from bot.report import report

TOKEN = "upg60-mask-token"
CARD = "4111 1111 1111 1111"
EMAIL = "jane.doe@example.com"
TYPED = [f"can I pay for a gift voucher with my card {CARD}", f"please send the gift voucher to {EMAIL}"]


def stored_by_an_older_release(db, texts) -> None:
    with sqlite3.connect(db) as con:  # as the release before masking wrote them: masked is NULL
        for text in texts:
            for _ in range(2):
                con.execute("INSERT INTO faqbot_questions (asked_at, question, kind, answered, section_id, confidence)"
                            " VALUES (?, ?, 'no_answer', 0, NULL, 0.0)", (time.time(), text))
    con.close()


def test_report_and_dashboard_show_old_unmasked_rows_masked(content_copy, tmp_path):
    make = app_maker(content_copy, tmp_path, admin_token=TOKEN)
    app = make()
    stored_by_an_older_release(make.db, TYPED)
    client = app.test_client()
    assert client.post("/admin/sign-in", data={"token": TOKEN}).status_code == 303
    summary = client.get("/admin/summary?days=7").get_data(as_text=True)
    page = client.get("/admin?days=7").get_data(as_text=True)
    settings = app.config["FAQBOT_SETTINGS"]
    text, as_json = io.StringIO(), io.StringIO()
    assert report(settings, 7, out=text) == 0
    assert report(settings, 7, out=as_json, as_json=True) == 0
    shown = json.loads(as_json.getvalue())["top_unanswered"]
    for where, out in (("summary", summary), ("page", page), ("report", text.getvalue()),
                       ("report --json", as_json.getvalue())):
        assert CARD not in out and "4111" not in out and EMAIL not in out, where
        assert "[card]" in out and "[email]" in out, where
    texts = {g["question"] for g in shown} | {p["question"] for g in shown for p in g["phrasings"]}
    assert {mask(t) for t in TYPED} <= texts
    with sqlite3.connect(make.db) as con:  # shown masked; the rows themselves are the log writer's to rewrite
        assert sorted(r[0] for r in con.execute("SELECT DISTINCT question FROM faqbot_questions")) == sorted(TYPED)
    con.close()
    app.extensions["faqbot"].close()


def test_masking_a_masked_text_changes_nothing():
    for text in TYPED + ["my number is 07700 900123", "call +44 20 7946 0958 or mail a@b.co"]:
        assert mask(mask(text)) == mask(text)


def test_a_group_shown_masked_is_dismissed_as_shown_and_then_handled(content_copy, tmp_path):
    from werkzeug.datastructures import MultiDict

    from test_admin_big_groups import forms_of

    make = app_maker(content_copy, tmp_path, admin_token=TOKEN)
    app = make()
    stored_by_an_older_release(make.db, TYPED)
    client = app.test_client()
    assert client.post("/admin/sign-in", data={"token": TOKEN}).status_code == 303
    forms = forms_of(client.get("/admin?days=7").get_data(as_text=True), "dismiss")
    assert forms
    for action, fields in forms:
        assert all(CARD not in v and EMAIL not in v for _, v in fields)
        assert client.post(action, data=MultiDict(fields)).status_code == 303
    data = client.get("/admin/summary?days=7").get_json()
    assert data["groups"] == []  # the rows as stored are handled by the phrasings as shown
    dismissed = {p for e in data["edits"] for p in e["phrasings"]}
    assert dismissed == {mask(t) for t in TYPED}
    app.extensions["faqbot"].close()
