"""Back to a page of the site that Chromium's back/forward cache kept (as a visitor's Chrome does; Playwright turns the
cache off by default): the widget shows, and goes on with, the conversation as it is now, not as the page left it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from _widget import answers, ask, open_chat, stored_messages
from conftest import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser

PEEL_Q = "How long will my skin peel?"
MAKEUP_Q = "Can I wear makeup?"
TINGLE_Q = "Is tingling normal?"


@pytest.fixture()
def cached_page(browser_type):
    """A page of a Chromium with its back/forward cache on."""
    browser = browser_type.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                  ignore_default_args=["--disable-back-forward-cache"])
    yield browser.new_page()
    browser.close()


def test_back_to_a_cached_page_goes_on_with_the_conversation_held_on_the_other_page(cached_page, servers):
    page = cached_page
    page.goto(servers.url + "/")
    open_chat(page)
    page.evaluate("window.left = true")
    ask(page, PEEL_Q).locator(".source-link").click()  # to the answer's article...
    page.wait_for_url("**/kb/**")
    open_chat(page)
    ask(page, MAKEUP_Q)  # ...where the visitor asks on
    page.go_back(wait_until="commit")  # (a page from the cache fires no load event)
    page.wait_for_function("document.readyState === 'complete'")
    assert page.evaluate("window.left === true"), "the page came back from the server, not from the cache"
    # Before: the page showed the conversation as it had left it, without MAKEUP_Q and its answer...
    expect(page.locator("faqbot-chat .msg.user .text")).to_have_text([PEEL_Q, MAKEUP_Q])
    expect(page.get_by_role("dialog", name="Ask a question")).to_be_visible()  # open, as the visitor left the chat
    ask(page, TINGLE_Q)
    # ...and its next question saved that over the conversation: MAKEUP_Q was gone from it for good.
    assert [m["text"] for m in stored_messages(page) if m["role"] == "user"] == [PEEL_Q, MAKEUP_Q, TINGLE_Q]
    expect(answers(page)).to_have_count(3)
