"""A page printed (or saved as PDF) in real Chromium: the widget, fixed over the page, is left out of the print."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from _widget import ask, open_chat

pytestmark = pytest.mark.browser


def test_a_printed_article_leaves_the_widget_out(page: Page, servers):
    page.goto(servers.url + "/kb/peel-aftercare")
    open_chat(page)
    ask(page, "How long will my skin peel?")
    panel = page.get_by_role("dialog", name="Ask a question")
    page.emulate_media(media="print")
    # Before: the open panel was printed over the article's text, and the launcher on every printed page.
    expect(panel).to_be_hidden()
    expect(page.get_by_role("button", name="Ask a question")).to_be_hidden()
    page.emulate_media(media="screen")
    expect(panel).to_be_visible()  # on screen, as it was
