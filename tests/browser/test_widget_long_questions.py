"""Long questions in real Chromium, on a bot that takes questions of up to 3,500 characters (FAQBOT_MAX_QUESTION_LENGTH):
the earlier ones a follow-up carries as history never make its request too large for the server; on one that takes
100,000, a question too large for a request (16 KB) stays in the box, said too long, as one over the length limit is."""

from __future__ import annotations

import re
import shutil

import pytest
from playwright.sync_api import Page, Route, expect

from _app import app_maker
from _widget import answers, ask, hold_asks, open_chat, requests_to_ask, wait_held
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


@pytest.fixture()
def huge_questions(tmp_path):
    """A bot that takes questions of up to 16,384 characters (the most the setting allows): only its 16 KB request limit
    holds a long one back (a question of 16,384 characters and the JSON around it are more than 16 KB)."""
    shutil.copytree(KB_SMALL, tmp_path / "content")
    server = _Thread(app_maker(tmp_path / "content", tmp_path, max_question_length=16384)())
    yield server.url
    server.stop()


# The request of a question alone, {"question":"...","history":[],"top_k":3}, less the question: what is left for it.
FITS = BODY_LIMIT - len('{"question":"","history":[],"top_k":3}')


def test_a_question_too_large_for_a_request_stays_in_the_box_said_too_long(page: Page, huge_questions):
    page.goto(huge_questions + "/")  # maxlength="16384", the server's own limit
    open_chat(page)
    box = page.get_by_role("textbox", name="Your question")
    note = page.locator("faqbot-chat .length-note")
    typed = (STORY * 200)[: FITS] + "?"  # (no space at its end, which the count leaves out)
    sent = requests_to_ask(page)
    box.fill(typed)
    # Before: sent, the server's 413, the box emptied and the reply "Sorry, I couldn't read that question. Please
    # rephrase it."
    says = f"Your question is {FITS + 1} characters long: shorten it to {FITS} or fewer to send it."
    expect(note).to_have_text(says)
    box.press("Enter")
    page.wait_for_timeout(300)
    assert sent == []
    expect(box).to_have_value(typed)
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(box).to_have_accessible_description(says)
    expect(page.locator("faqbot-chat .msg.user")).to_have_count(0)
    # One character fewer is sent, and answered.
    box.press("End")
    box.press("Backspace")
    expect(note).to_be_empty()
    with page.expect_response("**/api/ask") as response:
        box.press("Enter")
    assert response.value.status == 200
    assert len(response.value.request.post_data_buffer) == BODY_LIMIT
    expect(answers(page)).to_have_count(1)
    expect(answers(page).last).not_to_have_class(re.compile("error"))


def test_two_byte_letters_are_counted_as_the_request_takes_them(page: Page, huge_questions):
    page.goto(huge_questions + "/")
    open_chat(page)
    box = page.get_by_role("textbox", name="Your question")
    box.fill("é" * 9000)  # 9,000 characters, 18,000 bytes
    expect(page.locator("faqbot-chat .length-note")).to_have_text(
        f"Your question is 9000 characters long: shorten it to {FITS // 2} or fewer to send it.")


PROXY_LIMIT = 8192


def _proxy(route: Route) -> None:
    """A proxy in front of the bot that takes requests of up to 8 KB, and says so as faqbot would."""
    if len(route.request.post_data_buffer or b"") > PROXY_LIMIT:
        route.fulfill(status=413, json={"ok": False, "error": f"request body too large (limit {PROXY_LIMIT} bytes)",
                                        "status": 413})
    else:
        route.continue_()


def test_a_servers_smaller_request_limit_sends_the_question_back_to_the_box(page: Page, huge_questions):
    page.route("**/api/ask", _proxy)
    page.goto(huge_questions + "/")
    open_chat(page)
    box = page.get_by_role("textbox", name="Your question")
    note = page.locator("faqbot-chat .length-note")
    typed = (STORY * 200)[:10000]
    box.fill(typed)
    expect(note).to_be_empty()  # the widget cannot know that limit yet
    with page.expect_response("**/api/ask") as response:
        box.press("Enter")
    assert response.value.status == 413
    fits = PROXY_LIMIT - (BODY_LIMIT - FITS)
    expect(note).to_have_text(f"Your question is 10000 characters long: shorten it to {fits} or fewer to send it.")
    expect(box).to_have_value(typed)
    expect(page.locator("faqbot-chat .msg.user")).to_have_count(0)
    expect(answers(page)).to_have_count(0)
    sent = requests_to_ask(page)
    box.press("Enter")
    page.wait_for_timeout(300)
    assert sent == []  # known now: held back


def test_a_follow_up_refused_for_its_history_is_sent_again_without_it(page: Page, huge_questions):
    page.route("**/api/ask", _proxy)
    page.goto(huge_questions + "/")
    open_chat(page)
    first = (STORY * 100)[:5000] + " How long will my skin peel?"
    expect(ask(page, first)).not_to_have_class(re.compile("error"))
    second = (STORY * 100)[:4000] + " Is tingling normal?"
    statuses: list[int] = []
    page.on("response", lambda r: statuses.append(r.status) if "/api/ask" in r.url else None)
    box = page.get_by_role("textbox", name="Your question")
    box.fill(second)
    box.press("Enter")
    expect(answers(page)).to_have_count(2)
    # Its first request carried the first question as history: over the proxy's 8 KB. Sent again without it, answered.
    assert statuses == [413, 200]
    expect(answers(page).last).not_to_have_class(re.compile("error"))
    expect(page.locator("faqbot-chat .msg.user")).to_have_count(2)
    expect(box).to_have_value("")


def test_a_question_refused_as_too_large_while_another_is_typed_says_so_in_the_conversation(page: Page, huge_questions):
    page.goto(huge_questions + "/")
    open_chat(page)
    held = hold_asks(page)
    box = page.get_by_role("textbox", name="Your question")
    box.fill((STORY * 200)[:10000])
    box.press("Enter")
    wait_held(page, held)
    box.fill("Is tingling normal?")  # typed while the first is on its way
    held[0].fulfill(status=413, json={"ok": False, "error": f"request body too large (limit {PROXY_LIMIT} bytes)",
                                      "status": 413})
    fits = PROXY_LIMIT - (BODY_LIMIT - FITS)
    expect(answers(page).last).to_have_text(
        f"Assistant: Sorry, that question is too long: shorten it to {fits} characters or fewer, then send it again.")
    expect(box).to_have_value("Is tingling normal?")
