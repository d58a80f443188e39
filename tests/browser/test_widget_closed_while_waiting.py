"""The visitor closes the chat while an answer is on its way, in real Chromium: the reply is announced, the launcher
says a reply came, and reopening shows the reply from its start, as if the panel had stayed open."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from _widget import answers, ask, hold_asks, open_chat, wait_held

pytestmark = pytest.mark.browser

PEEL_Q = "How long will my skin peel?"
AVOID_Q = "What should I avoid after a chemical peel?"  # a reply taller than the log of a phone on its side

# Where the latest reply starts inside the conversation's scrolling box (negative: its start is scrolled away).
LATEST_TOP = """() => {
  const root = document.querySelector('faqbot-chat').shadowRoot;
  const replies = root.querySelectorAll('.msg.bot');
  const log = root.querySelector('.log').getBoundingClientRect();
  const box = replies[replies.length - 1].getBoundingClientRect();
  return { top: box.top - log.top, height: box.height, visible: log.height };
}"""


def test_a_reply_that_comes_while_the_chat_is_closed_is_announced_and_shown_from_its_start(page: Page, servers):
    page.set_viewport_size({"width": 667, "height": 375})  # a phone on its side: a short conversation box
    page.goto(servers.url + "/")
    open_chat(page)
    ask(page, PEEL_Q)
    held = hold_asks(page)
    box = page.get_by_role("textbox", name="Your question")
    box.fill(AVOID_Q)
    box.press("Enter")
    wait_held(page, held)
    page.keyboard.press("Escape")  # closed while waiting
    launcher = page.get_by_role("button", name="Ask a question")
    expect(launcher).to_be_focused()
    expect(page.get_by_role("button", name="Ask a question (new reply)")).to_have_count(0)
    held.release()
    expect(page.get_by_role("button", name="Ask a question (new reply)")).to_be_visible()
    expect(page.locator("faqbot-chat").get_by_role("status").filter(has_text="The assistant has replied")).to_have_text(
        "The assistant has replied: open the chat to read it.")
    launcher.click()
    expect(answers(page)).to_have_count(2)
    where = page.evaluate(LATEST_TOP)
    assert where["height"] > where["visible"]  # taller than the box: which end shows matters
    assert 0 <= where["top"] <= 16, where  # its start, where the answer's first words are
    expect(page.get_by_role("button", name="Ask a question (new reply)")).to_have_count(0)
    expect(page.locator("faqbot-chat").get_by_role("status").filter(has_text="The assistant has replied")).to_have_count(0)
    expect(box).to_be_focused()
