"""The greeting's starter questions in real Chromium: they are the knowledge base's first headings, in turn from each
document (not the most asked), and their label says no more than that."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from _widget import open_chat

pytestmark = pytest.mark.browser


def test_the_starter_questions_are_labelled_as_suggested_not_popular(page: Page, servers):
    page.goto(servers.url + "/")
    open_chat(page)
    intro = page.locator("faqbot-chat .intro")
    # The first heading of each document in turn (kb-small: peel-aftercare, widget-safety), then the next ones.
    expected = ["How Long Will My Skin Peel After A Chemical Peel?", "How Is Markup In Answers Displayed?",
                "Can I Wear Makeup After A Chemical Peel?", "What Should I Avoid After A Chemical Peel?"]
    chips = intro.get_by_role("list", name="Suggested questions:").get_by_role("button")
    expect(chips).to_have_text(expected)
    # Before: "Popular questions:", which they are not (nothing counts what visitors ask to choose them).
    expect(intro.locator(".chips-label")).to_have_text("Suggested questions:")
    expect(intro).not_to_contain_text("Popular")
