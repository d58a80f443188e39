"""The ordering that made test_widget_screens' phone-tap test flaky, held in place in real Chromium: Try again's reply
still on its way as the visitor closes the panel (Escape), opens it again (Enter on the launcher) and presses an older
answer's chip (Shift+Tab, Enter). The chip is aria-disabled then and sends nothing: the press is ignored, focus too (it
moved focus to the box, empty, with no word of why). Once the reply is in, the same press sends the chip's question."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from _widget import answers, hold_asks, shadow_focus, wait_held

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 667}
PEEL_Q = "How long will my skin peel?"


def _shift_tab_to_a_chip(page: Page) -> str:
    """Shift+Tab from the box to the nearest chip above it: its question."""
    for _ in range(20):
        page.keyboard.press("Shift+Tab")
        if shadow_focus(page) == "button.chip":
            return page.evaluate("() => document.querySelector('faqbot-chat').shadowRoot.activeElement.textContent")
    pytest.fail(f"no chip before the box by Shift+Tab; focus on {shadow_focus(page)!r}")


@pytest.mark.browser_context_args(viewport=PHONE, has_touch=True, is_mobile=True)
def test_a_chip_pressed_while_try_agains_reply_is_on_its_way_is_ignored_then_sends_once_it_is_in(page: Page, servers):
    page.goto(servers.url + "/")
    page.get_by_role("button", name="Ask a question").tap()
    page.locator("faqbot-chat .intro .chip").first.tap()  # a suggested question: an answer with chips under it
    expect(answers(page)).to_have_count(1)
    expect(answers(page).first.locator(".chip").first).to_be_visible()
    page.route("**/api/ask", lambda route: route.abort(), times=1)
    box = page.get_by_role("textbox", name="Your question")
    box.fill(PEEL_Q)
    box.press("Enter")
    again = answers(page).last.get_by_role("button", name="Try again")
    held = hold_asks(page)
    again.tap()
    wait_held(page, held)  # its reply on its way (the failed one gone): the first answer is the last one shown
    expect(answers(page)).to_have_count(1)
    page.keyboard.press("Escape")
    page.keyboard.press("Enter")  # on the launcher: the panel again, focus in the box
    expect(box).to_be_focused()
    chip = _shift_tab_to_a_chip(page)
    focused = page.locator("faqbot-chat .chip:focus")
    expect(focused).to_have_attribute("aria-disabled", "true")
    page.keyboard.press("Enter")
    # Ignored: nothing sent, focus still on the chip (before: on the box).
    assert shadow_focus(page) == "button.chip", shadow_focus(page)
    expect(page.locator("faqbot-chat .msg.user")).to_have_count(2)
    assert len(held) == 1
    held.release()
    expect(answers(page)).to_have_count(2)
    expect(answers(page).nth(1)).to_contain_text("Peeling usually starts")
    expect(focused).to_have_attribute("aria-disabled", "false")
    page.keyboard.press("Enter")  # the same chip, the reply in: its question goes, and focus to the box
    expect(page.locator("faqbot-chat .msg.user").last).to_contain_text(chip)
    expect(answers(page)).to_have_count(3)
    expect(box).to_be_focused()
