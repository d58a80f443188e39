"""Stop does not send what the visitor typed while waiting (the click's default action, a submit once the button is Send
again) nor say anything about the box."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from _widget import answers, requests_to_ask
from test_widget_stop import GRACE_MS, STOPPED, _send_and_hold

pytestmark = pytest.mark.browser

NEXT_Q = "Is tingling normal?"


@pytest.mark.parametrize("typed", [NEXT_Q, ""], ids=["typed", "empty"])
def test_stop_sends_nothing_and_keeps_what_was_typed(page: Page, servers, typed):
    held, stop = _send_and_hold(page, servers)
    box = page.get_by_role("textbox", name="Your question")
    box.fill(typed)  # the next question, typed while the answer is on its way
    sent = requests_to_ask(page)
    page.wait_for_timeout(GRACE_MS)
    stop.click()
    expect(answers(page).last).to_contain_text(STOPPED)
    page.wait_for_timeout(300)
    # Before: the click went on to submit the form once Stop was Send again: the typed question was sent at once.
    assert sent == []
    expect(page.locator("faqbot-chat .msg.user")).to_have_count(1)
    expect(box).to_have_value(typed)
    expect(page.locator("faqbot-chat .length-note")).to_be_empty()
    expect(page.get_by_role("button", name="Send")).to_be_focused()
