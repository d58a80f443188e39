"""A site's own heading (the `heading` attribute: the launcher's label and the panel's title) in real Chromium: a long
one stays on the screen of a phone and leaves the conversation room, shortened to fit for the eye, whole for a screen
reader."""

from __future__ import annotations

import urllib.parse

import pytest
from playwright.sync_api import Page, expect

from _widget import ask, open_chat

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
    title = page.get_by_role("heading", name=LONG)  # named in full
    expect(title).to_be_visible()
    assert title.evaluate("el => el.scrollWidth <= el.clientWidth"), "the title must wrap, not overflow"
    assert title.bounding_box()["height"] <= 2 * 24, "at most two lines"


def test_a_long_heading_leaves_the_conversation_room_at_400_percent(page: Page, servers):
    page.set_viewport_size({"width": 320, "height": 256})  # a laptop's page zoomed to 400%
    page.goto(servers.allowed.url + "/embed?" + urllib.parse.urlencode({"heading": LONG}))
    open_chat(page, LONG)
    ask(page, "How long will my skin peel?")
    # Before: the title wrapped to five lines, 120px of the 256, and left the conversation 82px (three lines).
    log = page.get_by_role("log", name="Conversation").bounding_box()
    assert log["height"] >= 110, f"the conversation has {log['height']:.0f}px"
    title = page.get_by_role("heading", name=LONG)
    assert title.evaluate("el => el.scrollHeight > el.clientHeight"), "the title must be shortened to fit"


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
