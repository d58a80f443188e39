"""The widget in forced colours (Windows high contrast), real Chromium: what shadows and author colours drew
must still show, because forced colours drop them."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from _widget import hold_asks, open_chat

pytestmark = pytest.mark.browser

PEEL_Q = "How long will my skin peel?"
STYLE = """(el) => { const c = getComputedStyle(el);
  return { border: c.borderTopStyle, background: c.backgroundColor, color: c.color }; }"""


def test_in_forced_colours_the_panel_typing_dots_and_vote_still_show(page: Page, servers):
    page.emulate_media(forced_colors="active")
    page.goto(servers.url + "/")
    open_chat(page)
    panel = page.get_by_role("dialog", name="Ask a question")
    # Its edge was only a box-shadow: over the page's own text it had none.
    assert panel.evaluate(STYLE)["border"] == "solid"
    assert page.locator("faqbot-chat .header").evaluate(STYLE)["border"] == "none"  # its bottom edge is the one
    assert page.locator("faqbot-chat .header").evaluate("el => getComputedStyle(el).borderBottomStyle") == "solid"
    held = hold_asks(page)
    box = page.get_by_role("textbox", name="Your question")
    box.fill(PEEL_Q)
    box.press("Enter")
    dot = page.locator("faqbot-chat .typing .dot").first
    expect(dot).to_be_visible()
    bubble = page.locator("faqbot-chat .typing .bubble").evaluate(STYLE)
    # The dots were drawn with a background colour, forced to the bubble's: an empty bubble while waiting.
    assert dot.evaluate(STYLE)["background"] != bubble["background"]
    held.release()
    reply = page.locator("faqbot-chat .kind-answer").last
    expect(reply.get_by_role("link")).to_be_visible()
    reply.get_by_role("button", name="Helpful", exact=True).click()
    expect(reply.get_by_role("status")).to_have_text("Thanks for your feedback!")
    up = reply.get_by_role("button", name="Helpful", exact=True).evaluate(STYLE)
    down = reply.get_by_role("button", name="Not helpful").evaluate(STYLE)
    # The vote showed only in the accent colour, forced to the other thumb's.
    assert (up["background"], up["color"]) != (down["background"], down["color"]), (up, down)
