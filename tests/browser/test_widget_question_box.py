"""The question box in real Chromium: it grows with a long question to a few lines (no sideways scrolling), Enter
sends, Shift+Enter makes a new line, and it is one line again once the question is sent."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from _widget import answers, open_chat, requests_to_ask

pytestmark = pytest.mark.browser

LONG_Q = ("My skin has been red and a little itchy since my microneedling appointment on Tuesday afternoon, and I "
          "wonder how long the redness usually lasts and whether I can wear makeup to work tomorrow?")


def height(box) -> float:
    return box.evaluate("el => el.getBoundingClientRect().height")


def test_the_box_grows_with_a_long_question_and_shrinks_once_it_is_sent(page: Page, servers):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(servers.url + "/")
    open_chat(page)
    box = page.get_by_role("textbox", name="Your question")
    one_line = height(box)
    assert 40 <= one_line <= 48, one_line
    box.press_sequentially(LONG_Q[:120])
    # Before: a one-line input, the question scrolled sideways as it was typed, its start out of sight.
    assert box.evaluate("el => el.scrollWidth <= el.clientWidth")
    assert height(box) >= one_line + 15, height(box)
    box.fill(LONG_Q * 3)  # more than five lines: it stops growing, and scrolls
    tallest = height(box)
    assert 110 <= tallest <= 140, tallest
    assert box.evaluate("el => el.scrollHeight > el.clientHeight")
    # The box keeps its name, its notes (aria-describedby) and the length check.
    expect(box).to_have_accessible_name("Your question")
    box.fill("x" * 501)
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(box).to_have_accessible_description("Your question is 501 characters long: shorten it to 500 or fewer to "
                                               "send it.")
    box.fill(LONG_Q)
    expect(box).not_to_have_attribute("aria-invalid", "true")
    box.press("Enter")
    expect(answers(page)).to_have_count(1)
    expect(box).to_have_value("")
    assert height(box) == one_line  # one line again
    expect(page.locator("faqbot-chat .msg.user")).to_have_text(["You: " + LONG_Q])


def test_shift_enter_makes_a_new_line_and_enter_sends(page: Page, servers):
    page.goto(servers.url + "/")
    open_chat(page)
    sent = requests_to_ask(page)
    box = page.get_by_role("textbox", name="Your question")
    one_line = height(box)
    box.press_sequentially("How long will my skin peel?")
    box.press("Shift+Enter")
    box.press_sequentially("I had a chemical peel.")
    expect(box).to_have_value("How long will my skin peel?\nI had a chemical peel.")
    assert height(box) > one_line
    page.wait_for_timeout(200)
    assert sent == []  # Shift+Enter sent nothing
    box.press("Enter")
    expect(answers(page)).to_have_count(1)
    assert len(sent) == 1 and "I had a chemical peel." in sent[0].post_data_json["question"]
    # The visitor's line break shows in their bubble.
    user = page.locator("faqbot-chat .msg.user .text")
    assert user.evaluate("el => el.getClientRects().length && el.innerText") == (
        "How long will my skin peel?\nI had a chemical peel.")
    assert height(box) == one_line
