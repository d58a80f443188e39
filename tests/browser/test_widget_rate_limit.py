"""A rate limit (429) in real Chromium: the reply says how long to wait, once, counting down; until the wait is
over, Try again, Send and the chips hold questions back (kept in the box), across a reload and a new conversation."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from _widget import answers, ask, limit_spent, open_chat, rate_limited_server, requests_to_ask

pytestmark = pytest.mark.browser

limited = pytest.fixture(rate_limited_server, name="limited")  # a server whose third question gets a 429

PEEL_Q = "How long will my skin peel?"
TINGLE_Q = "Is tingling normal?"


@pytest.mark.parametrize("retry_after, says", [("42", "You can try again in 42 seconds."),
                                               ("600", "You can try again in 10 minutes."),
                                               (None, "Please wait a moment and try again.")])
def test_a_rate_limit_says_how_long_to_wait(page: Page, servers, retry_after, says):
    page.goto(servers.url + "/")
    open_chat(page)
    headers = {"Retry-After": retry_after} if retry_after else {}
    page.route("**/api/ask", lambda route: route.fulfill(
        status=429, headers=headers, json={"ok": False, "error": "too many requests", "status": 429}))
    expect(ask(page, PEEL_Q)).to_contain_text(says)


def _added_to_log(page: Page) -> None:
    """Record each reply the widget's announcer says (its live region's additions: see test_widget_screen_reader.py)
    in window.added."""
    page.evaluate("""() => {
        window.added = [];
        const said = document.querySelector('faqbot-chat').shadowRoot.querySelector('.announcer');
        new MutationObserver((records) => records.forEach((r) => r.addedNodes.forEach((n) => {
            if (n.textContent.startsWith('Assistant:')) window.added.push(n.textContent);
        }))).observe(said, { childList: true });
    }""")


def test_the_servers_rate_limit_says_its_wait_once_counting_down(page: Page, limited):
    limit_spent(page, limited, PEEL_Q, TINGLE_Q)
    _added_to_log(page)
    limit = ask(page, PEEL_Q)
    # Before: "Please wait about 60 minutes and try again." over "You can try again in 60 minutes.", one counting down.
    says = (r"Assistant: Too many questions were asked from your connection just now\.\s*"
            r"You can try again in (59|60) minutes\. Try again")
    expect(limit).to_have_text(re.compile(says))
    # What a screen reader heard: the reply with its wait, said once.
    added = page.evaluate("window.added")
    said = (r"Assistant: Too many questions were asked from your connection just now\. "
            r"You can try again in (59|60) minutes\.")
    assert len(added) == 1 and re.fullmatch(said, added[0]), added
    page.clock.fast_forward("30:00")  # the wait it shows counts down
    expect(limit).to_have_text(re.compile(r"Assistant: Too many questions were asked from your connection just now\.\s*"
                                          r"You can try again in (29|30) "
                                          r"minutes\. Try again"))


def test_try_again_after_the_servers_rate_limit_waits_out_its_retry_after(page: Page, limited):
    page.clock.install()  # the limiter's wait (an hour) without waiting it: the widget's clock runs on at will
    page.goto(limited + "/")
    open_chat(page)
    ask(page, PEEL_Q)
    ask(page, TINGLE_Q)
    limit = ask(page, PEEL_Q)
    expect(limit).to_contain_text("Too many questions were asked from your connection just now.")
    again = limit.get_by_role("button", name="Try again")
    # Before: enabled at once, and a tap could only get another 429.
    expect(again).to_be_disabled()  # aria-disabled: dimmed, read as unavailable...
    again.focus()
    expect(again).to_be_focused()  # ...and still focusable
    expect(limit).to_contain_text(re.compile(r"You can try again in (59|60) minutes\. Try again"))
    sent = requests_to_ask(page)
    again.dispatch_event("click")  # a tap all the same
    page.wait_for_timeout(300)
    assert sent == []
    page.reload()  # the wait is kept with the conversation
    limit = answers(page).last
    again = limit.get_by_role("button", name="Try again")
    expect(again).to_be_disabled()
    page.clock.fast_forward("58:00")
    expect(limit).to_contain_text(re.compile(r"You can try again in (1|2) minutes?\. Try again"))
    page.clock.fast_forward("01:30")
    expect(limit).to_contain_text(re.compile(r"You can try again in \d\d? seconds\. Try again"))
    expect(again).to_be_disabled()
    page.clock.fast_forward("01:00")
    expect(again).to_be_enabled()
    expect(page.get_by_role("log", name="Conversation")).to_contain_text("You can try again now. Try again")
    expect(page.locator("faqbot-chat .announcer")).to_have_text("You can try again now.")  # said
    with page.expect_request("**/api/ask") as request:
        again.click()
    # (The server's own hour has not passed: its new 429 takes the old one's place, counting down again.)
    assert request.value.post_data_json["question"] == PEEL_Q
    expect(answers(page)).to_have_count(3)
    expect(answers(page).last.get_by_role("button", name="Try again")).to_be_disabled()


def test_a_question_sent_during_the_rate_limits_wait_is_held_back_and_kept(page: Page, limited):
    page.clock.install()  # the limiter's hour without waiting it, as above
    page.goto(limited + "/")
    open_chat(page)
    ask(page, PEEL_Q)
    ask(page, TINGLE_Q)
    ask(page, PEEL_Q)  # the limiter's 429
    box = page.get_by_role("textbox", name="Your question")
    send = page.get_by_role("button", name="Send")
    note = page.locator("faqbot-chat .hold-note")
    expect(send).to_be_disabled()  # aria-disabled, as Try again: dimmed, read as unavailable...
    send.focus()
    expect(send).to_be_focused()  # ...and still focusable
    expect(note).to_be_empty()
    sent = requests_to_ask(page)
    page.evaluate("""() => {
        window.said = 0;  // the note's lines the announcer says (focus stays in the box: its description is not read)
        const said = document.querySelector('faqbot-chat').shadowRoot.querySelector('.announcer');
        new MutationObserver((rs) => rs.forEach((r) => r.addedNodes.forEach((n) => {
            if (n.textContent.includes('Not sent')) window.said += 1;
        }))).observe(said, { childList: true });
    }""")
    box.fill(TINGLE_Q)
    box.press("Enter")  # Before: sent, and the server's new 429 replaced the reply, counting down from 60 again
    says = re.compile(r"^Not sent: questions from your connection can be sent again in (59|60) minutes\.$")
    expect(note).to_have_text(says)
    expect(box).to_have_accessible_description(says)
    expect(box).to_have_value(TINGLE_Q)  # kept
    send.click(force=True)  # Send, a related chip: held back too, and the note is not said again
    answers(page).first.get_by_role("button", name="Caring For Your Skin After A Chemical Peel").click(force=True)
    box.press("Enter")
    page.wait_for_timeout(300)
    assert sent == []
    assert page.evaluate("window.said") == 1
    expect(page.locator("faqbot-chat .msg.user")).to_have_count(3)
    expect(answers(page)).to_have_count(3)
    expect(box).to_have_value(TINGLE_Q)
    page.clock.fast_forward("30:00")
    expect(note).to_have_text(  # counted down
        re.compile(r"^Not sent: questions from your connection can be sent again in (29|30) minutes\.$"))
    page.reload()  # the wait is kept with the conversation
    expect(send).to_be_disabled()
    page.clock.fast_forward("31:00")  # the wait is over: sending works again
    expect(send).to_be_enabled()
    expect(page.get_by_role("log", name="Conversation")).to_contain_text("You can try again now. Try again")
    box.fill(TINGLE_Q)
    with page.expect_request("**/api/ask") as request:
        box.press("Enter")
    assert request.value.post_data_json["question"] == TINGLE_Q
    expect(page.locator("faqbot-chat .msg.user")).to_have_count(4)


def test_the_rate_limits_wait_outlasts_start_over_and_is_said_again(page: Page, limited):
    page.clock.install()  # the limiter's hour without waiting it, as above
    page.goto(limited + "/")
    open_chat(page)
    ask(page, PEEL_Q)
    ask(page, TINGLE_Q)
    ask(page, PEEL_Q)  # the limiter's 429
    page.get_by_role("button", name="Start a new conversation").click()
    box = page.get_by_role("textbox", name="Your question")
    send = page.get_by_role("button", name="Send")
    note = page.locator("faqbot-chat .hold-note")
    expect(answers(page)).to_have_count(0)  # a fresh conversation...
    # ...where the wait is said again (Before: gone, and the next question got another 429).
    says = re.compile(r"^Too many questions were asked from your connection just now: "
                      r"you can ask again in (59|60) minutes\.$")
    expect(note).to_have_text(says)
    expect(box).to_have_accessible_description(says)
    expect(box).to_be_focused()
    expect(send).to_be_disabled()
    starter = page.locator("faqbot-chat .intro .chip").first
    expect(starter).to_be_disabled()
    sent = requests_to_ask(page)
    box.fill(TINGLE_Q)
    box.press("Enter")
    starter.click(force=True)
    page.wait_for_timeout(300)
    assert sent == []
    expect(box).to_have_value(TINGLE_Q)  # kept
    expect(answers(page)).to_have_count(0)
    page.reload()  # the wait is kept with the (empty) conversation
    expect(note).to_have_text(says)
    expect(send).to_be_disabled()
    page.clock.fast_forward("01:01:00")  # the wait is over: sending works again, and the note goes
    expect(send).to_be_enabled()
    expect(note).to_be_empty()
    expect(page.locator("faqbot-chat .intro .chip").first).to_be_enabled()
    box.fill(TINGLE_Q)
    with page.expect_request("**/api/ask") as request:
        box.press("Enter")
    assert request.value.post_data_json["question"] == TINGLE_Q
