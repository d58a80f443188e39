"""The composer's notes ("Type your question first.", a rate limit's "Not sent: …") in real Chromium, as a screen reader
hears them: once, whether focus moves to the box with the note (its description says it) or stays where it is (the
announcer says it)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from _widget import WATCH_LIVE_REGIONS, answers, ask, ask_and_hold, limit_spent, open_chat, rate_limited_server

pytestmark = pytest.mark.browser

limited = pytest.fixture(rate_limited_server, name="limited")  # a server whose third question gets a 429

EMPTY = "Type your question first."
NOT_YET = "Not sent yet: wait for the answer on its way, then send it."
PEEL_Q = "How long will my skin peel?"
TINGLE_Q = "Is tingling normal?"

# What a screen reader hears, in window.heard: each text added to (or shown in) a live region of the widget, as in
# test_widget_screen_reader.py, and, as focus lands on an element of the widget, its description (aria-describedby),
# read once the task that moved focus is done.
HEAR = """() => {
    window.heard = [];
    if (window.hearing) return;  // (listening already: heard afresh from now on)
    window.hearing = true;
    const root = document.querySelector('faqbot-chat').shadowRoot;
    (""" + WATCH_LIVE_REGIONS + """)(root, (text) => window.heard.push(text));
    root.addEventListener('focusin', ({ target }) => setTimeout(() => {
        const ids = (target.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
        const text = ids.map((id) => root.getElementById(id)).filter((n) => n && !n.hidden)
            .map((n) => n.textContent.trim()).filter(Boolean).join(' ');
        if (text) window.heard.push(text);
    }));
}"""


def heard(page: Page, pattern: str) -> int:
    """How many times what a screen reader heard (since HEAR) contains `pattern` (a regular expression)."""
    page.wait_for_timeout(400)
    return sum(1 for text in page.evaluate("window.heard") if re.search(pattern, text))


def test_send_with_the_box_empty_is_heard_once_from_send_and_from_the_box(page: Page, servers):
    page.goto(servers.url + "/")
    open_chat(page)
    box = page.get_by_role("textbox", name="Your question")
    page.evaluate(HEAR)
    box.press("Tab")
    expect(page.get_by_role("button", name="Send")).to_be_focused()
    page.keyboard.press("Space")
    expect(box).to_be_focused()
    expect(box).to_have_accessible_description(EMPTY)  # read with the box as focus lands on it...
    # Before: ...and said again as it appeared in its live region, twice in all.
    assert heard(page, re.escape(EMPTY)) == 1
    page.evaluate(HEAR)
    box.press("Enter")  # focus is in the box already: its description is not read again, the note is said
    assert heard(page, re.escape(EMPTY)) == 1


def test_a_question_held_back_by_a_rate_limit_is_heard_once(page: Page, limited):
    limit_spent(page, limited, PEEL_Q, TINGLE_Q)
    ask(page, PEEL_Q)  # the limiter's 429: its reply says the wait
    answers(page).first.get_by_role("button", name="Caring For Your Skin After A Chemical Peel").focus()
    page.evaluate(HEAR)
    page.keyboard.press("Enter")  # a chip by keyboard: focus goes to the box, and the note says it was not sent
    box = page.get_by_role("textbox", name="Your question")
    expect(box).to_be_focused()
    expect(box).to_have_accessible_description(
        re.compile(r"^Not sent: questions from your connection can be sent again in (59|60) minutes\.$"))
    # Before: read with the box, and said as it appeared: twice.
    assert heard(page, "^Not sent") == 1
    # Start over: the new conversation's composer says the wait at once, as focus goes to the box.
    page.evaluate(HEAR)
    page.get_by_role("button", name="Start a new conversation").focus()
    page.keyboard.press("Enter")
    expect(box).to_be_focused()
    expect(box).to_have_accessible_description(
        re.compile(r"^Too many questions were asked from your connection just now: you can ask again in"))
    assert heard(page, "^Too many questions were asked from your connection just now: you can ask") == 1
    # Send with focus on it: focus stays, the note is said.
    page.get_by_role("button", name="Undo").click()
    box.fill(TINGLE_Q)
    page.get_by_role("button", name="Send").focus()
    page.evaluate(HEAR)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Send")).to_be_focused()
    assert heard(page, "^Not sent: questions from your connection can be sent again in") == 1


def test_a_question_sent_while_an_answer_is_on_its_way_is_said_to_be_not_sent_yet(page: Page, servers):
    page.goto(servers.url + "/")
    open_chat(page)
    held = ask_and_hold(page, PEEL_Q)  # a slow server: the answer is on its way
    box = page.get_by_role("textbox", name="Your question")
    page.evaluate(HEAR)
    box.press("Enter")  # a second Enter, the box emptied by the first: nothing to say
    box.fill(TINGLE_Q)
    box.press("Enter")
    expect(box).to_have_value(TINGLE_Q)  # kept, to be sent once the answer has come
    expect(box).to_have_accessible_description(NOT_YET)
    # Before: nothing at all, seen or heard: the question sat in the box, unsent, while the visitor waited for its answer.
    assert heard(page, "^Not sent yet") == 1
    held.release()
    expect(answers(page)).to_have_count(1)
    expect(box).to_have_accessible_description("")  # gone with the wait
    box.press("Enter")
    expect(answers(page)).to_have_count(2)
    expect(answers(page).last).to_contain_text("tingl")
