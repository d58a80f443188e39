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
