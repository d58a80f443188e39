"""The widget's small buttons on a phone, in real Chromium (390x844, touch): each a finger's target of at least 44x44 CSS
px, the icon or text its size as before: the answer's thumbs (they were 34px; a tap near a thumb's edge votes), the
header's "Start over" and "Close chat" (40px, side by side: a tap near Close chat's edge closes), and "Read more" and
"Try again" (26px tall), the chips (32px on one line). A desktop's stay as they were."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from _widget import ask, open_chat

pytestmark = pytest.mark.browser

PEEL_Q = "How long will my skin peel?"
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
FINGER = 44 - 0.01  # px, to a hundredth (layout keeps sizes in 1/64 px; the panel's rise can leave a hair less)


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
        assert box["width"] >= FINGER and box["height"] >= FINGER, box
    assert a["x"] + a["width"] <= b["x"], (a, b)  # side by side, not overlapping
    icon = up.locator("svg").bounding_box()
    assert icon["width"] == pytest.approx(18, abs=0.01), icon  # the icon as it was
    # A tap 20px below the middle of "Helpful": outside the old 34px button, inside the new one.
    page.touchscreen.tap(a["x"] + a["width"] / 2, a["y"] + a["height"] / 2 + 20)
    expect(up).to_have_attribute("aria-pressed", "true")


@pytest.mark.browser_context_args(**PHONE)
def test_the_headers_buttons_and_the_text_buttons_are_a_fingers_target_on_a_phone(page: Page, servers):
    page.goto(servers.url + "/")
    page.get_by_role("button", name="Ask a question").tap()
    start_over = page.get_by_role("button", name="Start a new conversation")
    close = page.get_by_role("button", name="Close chat")
    a, b = start_over.bounding_box(), close.bounding_box()
    for box in (a, b):  # Before: 40x40.
        assert box["width"] >= FINGER and box["height"] >= FINGER, box
    assert a["x"] + a["width"] <= b["x"], (a, b)
    more = ask(page, PEEL_Q).get_by_role("button", name="Read more")
    box = more.bounding_box()
    assert box["height"] >= FINGER, box  # Before: 26px tall.
    page.context.set_offline(True)  # the next question fails at once, with "Try again"
    retry = ask(page, "Is tingling normal?").get_by_role("button", name="Try again")
    box = retry.bounding_box()
    assert box["height"] >= FINGER and box["width"] >= FINGER, box  # Before: 26px tall.
    page.context.set_offline(False)
    # A tap 21px below the middle of Close chat: outside the old 40px button, inside the new one.
    b = close.bounding_box()
    page.touchscreen.tap(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2 + 21)
    expect(page.get_by_role("dialog", name="Ask a question")).to_be_hidden()


@pytest.mark.browser_context_args(**PHONE)
def test_start_overs_undo_is_a_fingers_target_on_a_phone(page: Page, servers):
    page.goto(servers.url + "/")
    page.get_by_role("button", name="Ask a question").tap()
    ask(page, PEEL_Q)
    page.get_by_role("button", name="Start a new conversation").tap()
    undo = page.get_by_role("button", name="Undo")
    expect(undo).to_be_visible()
    box = undo.bounding_box()
    assert box["width"] >= FINGER and box["height"] >= FINGER, box  # Before: 44x22, a word in the greeting's line
    undo.tap()
    expect(page.locator("faqbot-chat").get_by_text(PEEL_Q)).to_be_visible()  # the conversation is back


@pytest.mark.browser_context_args(**PHONE)
def test_every_chip_is_a_fingers_target_on_a_phone(page: Page, servers):
    page.goto(servers.url + "/")
    page.get_by_role("button", name="Ask a question").tap()
    starters = page.locator("faqbot-chat .intro .chip")
    expect(starters.first).to_be_visible()
    boxes = [chip.bounding_box() for chip in starters.all()]
    boxes += [chip.bounding_box() for chip in ask(page, "zzzz qqq unknown").locator(".chip").all()]  # "Did you mean"
    assert len(boxes) >= 5, boxes
    for box in boxes:  # Before: 32px for a chip on one line ("How Is Markup In Answers Displayed?").
        assert box["height"] >= FINGER, box


def test_the_small_buttons_stay_as_they_were_beside_a_desktops_mouse(page: Page, servers):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(servers.url + "/")
    open_chat(page)
    reply = ask(page, PEEL_Q)
    box = reply.get_by_role("button", name="Helpful", exact=True).bounding_box()
    assert (box["width"], box["height"]) == pytest.approx((34, 34), abs=0.01), box
    box = page.get_by_role("button", name="Close chat").bounding_box()
    assert (box["width"], box["height"]) == pytest.approx((40, 40), abs=0.01), box
    assert reply.get_by_role("button", name="Read more").bounding_box()["height"] < 30
