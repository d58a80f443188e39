"""The answer's thumbs on a phone, in real Chromium (390x844, touch): each a finger's target of at least 44x44 CSS px
(they were 34px), side by side without overlapping, the icon its size as before; a tap near a thumb's edge votes."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from _widget import ask, open_chat

pytestmark = pytest.mark.browser

PEEL_Q = "How long will my skin peel?"
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}


@pytest.mark.browser_context_args(**PHONE)
def test_the_thumbs_are_a_fingers_target_on_a_phone(page: Page, servers):
    page.goto(servers.url + "/")
    open_chat(page)
    reply = ask(page, PEEL_Q)
    up = reply.get_by_role("button", name="Helpful", exact=True)
    down = reply.get_by_role("button", name="Not helpful", exact=True)
    expect(up).to_be_visible()
    a, b = up.bounding_box(), down.bounding_box()
    # Before: 34x34.
    for box in (a, b):
        assert box["width"] >= 44 and box["height"] >= 44, box
    assert a["x"] + a["width"] <= b["x"], (a, b)  # side by side, not overlapping
    icon = up.locator("svg").bounding_box()
    assert icon["width"] == pytest.approx(18, abs=0.01), icon  # the icon as it was
    # A tap 20px below the middle of "Helpful": outside the old 34px button, inside the new one.
    page.touchscreen.tap(a["x"] + a["width"] / 2, a["y"] + a["height"] / 2 + 20)
    expect(up).to_have_attribute("aria-pressed", "true")


def test_the_thumbs_stay_small_beside_a_desktops_mouse(page: Page, servers):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(servers.url + "/")
    open_chat(page)
    box = ask(page, PEEL_Q).get_by_role("button", name="Helpful", exact=True).bounding_box()
    assert (box["width"], box["height"]) == (34, 34), box
