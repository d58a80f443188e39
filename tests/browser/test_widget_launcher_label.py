"""A site's own launcher label (the `heading` attribute) in real Chromium: a long one stays on the screen of a phone,
shortened to fit for the eye, whole for a screen reader."""

from __future__ import annotations

import urllib.parse

import pytest
from playwright.sync_api import Page, expect

from _widget import open_chat

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 667}
LONG = "Questions about your treatment or aftercare? Ask our clinic's friendly assistant here"


def test_a_long_launcher_label_stays_on_a_phones_screen(page: Page, servers):
    page.set_viewport_size(PHONE)
    page.goto(servers.allowed.url + "/embed?" + urllib.parse.urlencode({"heading": LONG}))
    launcher = page.get_by_role("button", name=LONG)  # its name is the whole label
    expect(launcher).to_be_visible()
    box = launcher.bounding_box()
    # Before: one line as wide as its text, 600px and more, from x = -250 or so: its start off the screen.
    assert box["x"] >= 8 and box["x"] + box["width"] <= PHONE["width"] - 8, box
    assert box["height"] == 48, box  # one line: the panel and the page keep their places
    label = launcher.locator(".launcher-label")
    assert label.evaluate("el => el.scrollWidth > el.clientWidth"), "the label must be shortened to fit"
    assert label.evaluate("el => getComputedStyle(el).textOverflow") == "ellipsis"
    open_chat(page, LONG)
    # The panel's title says it whole.
    title = page.get_by_role("heading", name=LONG)
    expect(title).to_be_visible()
    assert title.evaluate("el => el.scrollWidth <= el.clientWidth"), "the title must wrap, not overflow"


def test_a_long_launcher_label_is_kept_to_the_panels_width_on_a_desktop(page: Page, servers):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(servers.allowed.url + "/embed?" + urllib.parse.urlencode({"heading": LONG * 2}))
    box = page.get_by_role("button", name=LONG * 2).bounding_box()
    assert box["width"] <= 380 and box["x"] + box["width"] <= 1280 - 20, box


def test_a_short_launcher_label_is_not_shortened(page: Page, servers):
    page.set_viewport_size(PHONE)
    page.goto(servers.allowed.url + "/")
    label = page.get_by_role("button", name="Ask a question").locator(".launcher-label")
    assert label.evaluate("el => el.scrollWidth <= el.clientWidth")
