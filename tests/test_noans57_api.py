"""FAQBOT_NO_ANSWER_CONTACT through the real app factory: every no-answer reply of /api/ask (POST and GET, and so the
widget and the demo page, which show the API's `answer` text) ends with the site's line on how to reach a person;
answers and small talk do not; the Answer keeps its shape; the answer cache and the question log are not confused
by it, and a changed setting shows after a restart."""

from __future__ import annotations

import sqlite3

import pytest

from _app import small_kb_maker
from bot.answer import NO_ANSWER, NO_ANSWER_NO_SUGGESTIONS, UNREAD_NO_WORDS, no_answer_text

CONTACT = "Call us on 020 7946 0000 or email hello@clinic.example."
OTHER = "Ring the front desk on 020 7946 0999."
NOTHING_MATCHES = "xyzzy"  # no answer, with a suggestion
NOTHING_CLOSE = "qqqq"  # no answer, without suggestions (no section shares a word or letters with it)
NO_WORDS = "?"  # no word faqbot reads: its own reply, with the first topics
ANSWERED = "how long will my skin peel?"
SMALL_TALK = "hello"
ANSWER_KEYS = {"ok", "question", "answered", "kind", "answer", "full_answer", "heading", "section_id", "confidence",
               "source", "suggestions", "answer_blocks", "full_answer_blocks"}


@pytest.fixture
def make_app(tmp_path):
    return small_kb_maker(tmp_path)


def ask(client, question: str) -> dict:
    r = client.post("/api/ask", json={"question": question})
    assert r.status_code == 200, r.get_data(as_text=True)
    return r.get_json()


def test_every_no_answer_reply_ends_with_the_contact_line_and_keeps_the_answer_shape(make_app):
    client = make_app(no_answer_contact=CONTACT).test_client()
    with_topics = ask(client, NOTHING_MATCHES)
    assert with_topics["kind"] == "no_answer" and with_topics["suggestions"]
    assert with_topics["answer"] == no_answer_text(True, CONTACT)
    without_topics = ask(client, NOTHING_CLOSE)
    assert without_topics["kind"] == "no_answer" and without_topics["suggestions"] == []
    assert without_topics["answer"] == no_answer_text(False, CONTACT)
    no_words = ask(client, NO_WORDS)
    assert no_words["kind"] == "no_answer" and len(no_words["suggestions"]) == 3
    assert no_words["answer"] == no_answer_text(True, CONTACT, UNREAD_NO_WORDS) == \
        f"{UNREAD_NO_WORDS} {CONTACT} Maybe one of these topics helps?"
    got = client.get("/api/ask", query_string={"q": NOTHING_MATCHES})
    assert got.status_code == 200 and got.get_json()["answer"] == no_answer_text(True, CONTACT)
    # The Answer of CONTRACT.md, no field more or less; what no-answer leaves empty stays empty
    for d in (with_topics, without_topics, no_words):
        assert set(d) == ANSWER_KEYS
        assert d["answered"] is False and d["heading"] is None and d["section_id"] is None and d["source"] is None
        assert d["full_answer"] is None and d["answer_blocks"] is None


def test_answers_and_small_talk_do_not_get_the_contact_line(make_app):
    client = make_app(no_answer_contact=CONTACT).test_client()
    answered, talk = ask(client, ANSWERED), ask(client, SMALL_TALK)
    assert answered["kind"] == "answer" and talk["kind"] == "smalltalk"
    for d in (answered, talk):
        assert CONTACT not in d["answer"] and "020 7946" not in (d["full_answer"] or "")


def test_asking_for_a_person_no_entry_answers_gets_the_contact_line(make_app):
    # "can I speak to a human?" was told "The site's contact details are the way to reach one." and not given them
    client = make_app(no_answer_contact=CONTACT).test_client()
    for question in ("can I speak to a human?", "can someone call me back?"):
        d = ask(client, question)
        assert d["kind"] == "smalltalk" and d["answer"].endswith(f" {CONTACT}"), d
    assert CONTACT not in ask(make_app().test_client(), "can I speak to a human?")["answer"]


def test_the_contact_line_comes_before_the_line_that_points_to_the_topics():
    assert no_answer_text(True, CONTACT) == f"Sorry, I don't have an answer to that. {CONTACT} Maybe one of these " \
                                            "topics helps?"
    assert no_answer_text(False, CONTACT) == f"Sorry, I don't have an answer to that. {CONTACT}"
    assert (no_answer_text(True), no_answer_text(False)) == (NO_ANSWER, NO_ANSWER_NO_SUGGESTIONS)


def test_without_the_setting_the_no_answer_reply_is_as_before(make_app):
    client = make_app().test_client()
    assert ask(client, NOTHING_MATCHES)["answer"] == NO_ANSWER
    assert ask(client, NOTHING_CLOSE)["answer"] == NO_ANSWER_NO_SUGGESTIONS


def test_a_cached_answer_keeps_the_line_and_a_restart_with_another_line_shows_the_new_one(make_app):
    app = make_app(no_answer_contact=CONTACT)
    client = app.test_client()
    first, again = ask(client, NOTHING_MATCHES), ask(client, NOTHING_MATCHES)  # the second from the answer cache
    assert app.extensions["faqbot"].current().cache_info().hits >= 1
    assert first["answer"] == again["answer"] == no_answer_text(True, CONTACT)
    app.extensions["faqbot.log"].flush()
    # A restart (the same index folder and database) with the line changed, then with it removed
    changed = make_app(no_answer_contact=OTHER)
    assert ask(changed.test_client(), NOTHING_MATCHES)["answer"] == no_answer_text(True, OTHER)
    changed.extensions["faqbot.log"].flush()
    removed = make_app()
    assert ask(removed.test_client(), NOTHING_MATCHES)["answer"] == NO_ANSWER
    removed.extensions["faqbot.log"].flush()
    # The question log records what was asked and that it went unanswered, whatever the reply said
    rows = sqlite3.connect(make_app.db).execute(
        "SELECT question, kind, answered FROM faqbot_questions ORDER BY id").fetchall()
    assert rows == [(NOTHING_MATCHES, "no_answer", 0)] * 4

