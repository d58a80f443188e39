"""What a screen reader hears of the conversation in real Chromium: what is added to (or shown in) a live region of the
widget (aria-live not "off", or a role that implies one), as Chromium would have it announced."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from _widget import WATCH_LIVE_REGIONS, answers, api_answer, ask, ask_and_hold, open_chat

pytestmark = pytest.mark.browser

PEEL_Q = "How long will my skin peel?"
TYPING = "The assistant is typing…"

# Each text added to a live region, in order, in window.said: nodes added, and nodes shown (hidden removed).
LISTEN = """() => {
    window.said = [];
    (""" + WATCH_LIVE_REGIONS + """)(document.querySelector('faqbot-chat').shadowRoot, (text) => window.said.push(text));
}"""


def said(page: Page) -> list[str]:
    return page.evaluate("window.said")


def test_a_screen_reader_hears_that_the_answer_is_coming_then_the_answer_alone(page: Page, servers):
    expected = api_answer(servers.url, PEEL_Q)["answer"]
    page.goto(servers.url + "/")
    open_chat(page)
    page.evaluate(LISTEN)
    held = ask_and_hold(page, PEEL_Q)
    expect(page.locator("faqbot-chat .typing")).to_be_visible()
    page.wait_for_function("window.said.length > 0")
    # Before: "You: How long will my skin peel?" first (the visitor's own words, read back).
    assert said(page) == [TYPING]
    held[0].continue_()
    expect(answers(page)).to_have_count(1)
    page.wait_for_function("window.said.length > 1")
    # Before: the answer, "Read more", "Source:" and its heading, the related chip and "Was this answer helpful?
    # Helpful Not helpful" in one burst.
    assert said(page) == [TYPING, f"Assistant: {expected}"]
    reply = answers(page).last
    reply.get_by_role("button", name="Read more").click()
    expect(reply.locator(".full")).to_be_visible()
    page.wait_for_timeout(300)
    assert said(page) == [TYPING, f"Assistant: {expected}"], "Read more said the whole section"
    # (The answer, its link and its thumbs are still all in the conversation, read by reading on.)
    log = page.get_by_role("log", name="Conversation")
    expect(log).to_have_attribute("aria-live", "off")
    expect(log.get_by_role("link", name="How Long Will My Skin Peel After A Chemical Peel?")).to_be_visible()


def test_an_error_start_over_and_undo_are_each_said_in_one_line(page: Page, servers):
    page.goto(servers.url + "/")
    open_chat(page)
    ask(page, PEEL_Q)
    page.evaluate(LISTEN)
    page.route("**/api/ask", lambda route: route.fulfill(status=503, json={"ok": False, "error": "x", "status": 503}))
    ask(page, "Can I wear makeup?")
    page.wait_for_function("window.said.length > 1")
    assert said(page) == [TYPING, "Assistant: Sorry, I can't reach the answers right now. "
                                  "Please try again in a little while."]
    page.get_by_role("button", name="Start a new conversation").click()
    page.wait_for_function("window.said.length > 2")
    # Before: the greeting, its suggested questions and "Undo", again each time the suggested questions came in.
    assert said(page)[2:] == ["The earlier conversation was cleared."]
    page.get_by_role("button", name="Undo").click()
    page.wait_for_function("window.said.length > 3")
    assert said(page)[3:] == ["The earlier conversation is back."], "Before: the whole conversation, read again"


def test_the_line_said_goes_after_a_while_so_reading_on_does_not_meet_it_twice(page: Page, servers):
    page.clock.install()
    page.goto(servers.url + "/")
    open_chat(page)
    reply = ask(page, PEEL_Q)
    announcer = page.locator("faqbot-chat .announcer")
    expect(announcer).to_have_text("Assistant: " + reply.locator(".answer").inner_text().strip())
    page.clock.fast_forward("00:08")
    expect(announcer).to_have_text("")


def test_a_reply_that_came_while_the_chat_was_closed_is_not_said_to_be_still_coming(page: Page, servers):
    page.goto(servers.url + "/")
    open_chat(page)
    held = ask_and_hold(page, PEEL_Q)
    announcer = page.locator("faqbot-chat .announcer")
    expect(announcer).to_have_text(TYPING)
    page.get_by_role("button", name="Close chat").click()
    held[0].continue_()
    expect(page.get_by_role("button", name="Ask a question (new reply)")).to_be_visible()
    page.get_by_role("button", name="Ask a question (new reply)").click()
    expect(answers(page)).to_have_count(1)
    expect(announcer).to_have_text("")


# What a screen reader hears: LISTEN's live regions, and, as focus lands on an element of the widget, what it reads of it
# (its name, or its text for one with none: the feedback's status), once the task that moved focus is done.
LISTEN_AND_FOCUS = """() => {
    window.said = [];
    const root = document.querySelector('faqbot-chat').shadowRoot;
    (""" + WATCH_LIVE_REGIONS + """)(root, (text) => window.said.push(text));
    root.addEventListener('focusin', ({ target }) => setTimeout(() => {
        const text = (target.getAttribute('aria-label') || target.title || target.textContent).trim();
        if (text) window.said.push(text);
    }));
}"""


@pytest.mark.parametrize("vote", ["keyboard", "click that leaves focus where it was"])
def test_the_thanks_for_a_vote_is_heard_once(page: Page, servers, vote):
    page.goto(servers.url + "/")
    open_chat(page)
    reply = ask(page, PEEL_Q)
    thumb = reply.get_by_role("button", name="Helpful", exact=True)
    if vote == "keyboard":
        thumb.focus()
        page.evaluate(LISTEN_AND_FOCUS)
        page.keyboard.press("Enter")
    else:  # (Safari's click does not focus a button: the thanks can only be said by its live region)
        page.evaluate(LISTEN_AND_FOCUS)
        thumb.dispatch_event("click")
    expect(reply.get_by_role("status")).to_have_text("Thanks for your feedback!")
    page.wait_for_timeout(400)
    # Before: by keyboard, twice: said by its live region as it appeared, and read again as focus landed on it.
    assert said(page).count("Thanks for your feedback!") == 1, said(page)
