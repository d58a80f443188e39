"""The visitor's own text size in real Chromium: a browser set to larger text (Settings > Appearance > Font size) shows
the widget's text larger too, as it does the page's; a page's own CSS still does not reach it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from _widget import ask, open_chat

pytestmark = pytest.mark.browser

SIZE = "el => parseFloat(getComputedStyle(el).fontSize)"


def larger_text(page: Page, px: int) -> None:
    """The browser's default font size set to `px` (16 unless the visitor changes it), as its settings page does."""
    page.context.new_cdp_session(page).send("Page.setFontSizes", {"fontSizes": {"standard": px, "fixed": 13}})


@pytest.mark.parametrize("default, scale", [(16, 1), (24, 1.5), (32, 2)])
def test_the_widgets_text_follows_the_browsers_text_size(page: Page, servers, default, scale):
    larger_text(page, default)
    page.goto(servers.url + "/")
    assert page.locator("body").evaluate(SIZE) == default  # the page's text follows it
    launcher = page.get_by_role("button", name="Ask a question")
    assert launcher.evaluate(SIZE) == 15 * scale
    open_chat(page)
    reply = ask(page, "How long will my skin peel?")
    # Before: 15px, 16px, 14px and 12px whatever the visitor's setting: text they had asked to read larger stayed small.
    assert reply.locator(".answer p").first.evaluate(SIZE) == 15 * scale
    assert page.get_by_role("heading", name="Ask a question").evaluate(SIZE) == 16 * scale
    assert page.get_by_role("textbox", name="Your question").evaluate(SIZE) == 16 * scale
    assert reply.locator(".chip").first.evaluate(SIZE) == 14 * scale
    assert page.locator("faqbot-chat .disclaimer").evaluate(SIZE) == 12 * scale
    expect(page.get_by_role("textbox", name="Your question")).to_be_in_viewport()
    # The panel sits above the launcher, which grew with the text, and inside the window.
    panel = page.get_by_role("dialog", name="Ask a question").bounding_box()
    button = launcher.bounding_box()
    assert panel["y"] >= 0 and panel["y"] + panel["height"] <= button["y"] - 8, (panel, button)


def test_a_pages_font_size_still_does_not_reach_the_widget(page: Page, servers):
    page.goto(servers.allowed.add_page("/big", """<!doctype html><html lang="en"><head><meta charset="utf-8">
<style>html { font-size: 62.5%; } faqbot-chat, faqbot-chat * { font-size: 30px !important; }</style>
<script src="{bot}/static/faqbot-widget.js" defer></script></head><body><p>Host</p>
<faqbot-chat api="{bot}"></faqbot-chat></body></html>"""))
    assert page.get_by_role("button", name="Ask a question").evaluate(SIZE) == 15
