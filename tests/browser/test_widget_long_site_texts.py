"""A site's own texts (the `disclaimer` and `placeholder` attributes) in real Chromium, at a phone's size and a laptop's
at 200%: a long one shows whole inside the panel, not cut at its edge."""

from __future__ import annotations

import urllib.parse

import pytest
from playwright.sync_api import Page, expect

from _widget import open_chat

pytestmark = pytest.mark.browser

SIZES = [(390, 844), (640, 400)]  # a phone; a 1280x800 laptop's page zoomed to 200%
# An address with no hyphen or slash near its end: no place to break the line but inside a word.
DISCLAIMER = ("General information only, not medical advice: see "
              "https://clinic.example/legal/medicalinformationdisclaimerandtermsofuseforallourtreatmentsandaftercare2026.html for our terms.")
# The text's own box (a Range's), against the panel's: an element's box stays inside however far its text runs out.
TEXT_BOX = """(el) => { const r = document.createRange(); r.selectNodeContents(el); const text = r.getBoundingClientRect();
  const panel = el.closest('.panel').getBoundingClientRect();
  return { left: text.left, right: text.right, panelLeft: panel.left, panelRight: panel.right }; }"""


@pytest.mark.parametrize("width, height", SIZES)
def test_a_long_word_in_the_disclaimer_wraps_inside_the_panel(page: Page, servers, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(servers.allowed.url + "/embed?" + urllib.parse.urlencode({"disclaimer": DISCLAIMER}))
    open_chat(page)
    disclaimer = page.locator("faqbot-chat .disclaimer")
    expect(disclaimer).to_have_text(DISCLAIMER)
    box = disclaimer.evaluate(TEXT_BOX)
    # Before: the address ran on past the panel's right edge (its overflow hidden), "...disclaimeran" and no more.
    assert box["panelLeft"] <= box["left"] and box["right"] <= box["panelRight"], box


PLACEHOLDER = "Ask about our treatments, prices, aftercare, gift vouchers or booking an appointment"
ROWS = "(el) => ({ scroll: el.scrollHeight, client: el.clientHeight })"


@pytest.mark.parametrize("width, height", SIZES)
def test_a_long_placeholder_shows_whole_in_the_empty_box(page: Page, servers, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(servers.allowed.url + "/embed?" + urllib.parse.urlencode({"placeholder": PLACEHOLDER}))
    open_chat(page)
    box = page.get_by_role("textbox", name="Your question")
    expect(box).to_have_attribute("placeholder", PLACEHOLDER)
    empty = box.evaluate(ROWS)
    # Before: the box one line high, the placeholder cut after "Ask about our treatments, prices," (its lines wrap).
    assert empty["scroll"] <= empty["client"], empty
    # Typed in, the box is as tall as the question again: one line.
    box.fill("Hi")
    typed = box.evaluate(ROWS)
    assert typed["scroll"] <= typed["client"] < empty["client"], (typed, empty)
    # Emptied, the placeholder shows whole again.
    box.fill("")
    assert box.evaluate(ROWS) == empty
