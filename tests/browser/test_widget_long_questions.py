"""Long questions in real Chromium, on a bot that takes questions of up to 3,500 characters (FAQBOT_MAX_QUESTION_LENGTH):
the earlier ones a follow-up carries as history never make its request too large for the server."""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import Page, expect

from _app import app_maker
from _widget import answers, ask, open_chat
from conftest import KB_SMALL, _Thread

pytestmark = pytest.mark.browser

BODY_LIMIT = 16 * 1024  # web/app.py's MAX_BODY_BYTES
STORY = "I had a chemical peel on my cheeks and forehead at your clinic yesterday afternoon. "


@pytest.fixture()
def long_questions(tmp_path):
    shutil.copytree(KB_SMALL, tmp_path / "content")
    server = _Thread(app_maker(tmp_path / "content", tmp_path, max_question_length=3500)())
    yield server.url
    server.stop()


def test_a_follow_up_after_long_questions_is_answered(page: Page, long_questions):
    page.goto(long_questions + "/")
    open_chat(page)
    questions = [STORY * 40 + ending for ending in ("How long will my skin peel?", "Is tingling normal?",
                                                    "Can I wear makeup?", "When can I exfoliate?",
                                                    "Is redness normal?")]
    assert all(3350 < len(q) <= 3500 for q in questions)
    for question in questions:
        expect(ask(page, question)).not_to_have_class("msg bot error")
    with page.expect_request("**/api/ask") as request:
        reply = ask(page, "How long will my skin peel?")
    # Before: the question and five earlier ones of 3,400 characters were 17 KB: the server's 413, and the widget said
    # "Sorry, I couldn't read that question. Please rephrase it." to a question of six words.
    expect(reply).not_to_contain_text("couldn't read that question")
    expect(reply.get_by_role("link")).to_have_count(1)
    body = request.value.post_data_json
    assert len(request.value.post_data_buffer) <= BODY_LIMIT
    assert body["history"] and body["history"][-1] == questions[-1]  # the newest kept: what a follow-up reads
    expect(answers(page)).to_have_count(6)
