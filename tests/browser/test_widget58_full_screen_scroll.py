"""The page behind the full-screen panel stays put, in real Chromium: the mouse wheel over the strip of page round the
panel (8px) and a finger dragged on the panel's header, on the composer's frame or on that strip (a phone, 390x844,
touch) scrolled it; the conversation still scrolls under the wheel and the finger, and a closed panel leaves the page
its scrolling."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from _widget import ask, open_chat
from test_widget57b import LOG, TALL_PAGE, _center, _wait_log

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
QUESTIONS = ("How long will my skin peel?", "Is tingling normal?", "Can I wear makeup?", "Can I exercise?")


def drag(page: Page, x: float, y: float, dy: float) -> None:
    """A finger put down at (x, y) and moved by dy px (negative: up, to scroll down), in steps, then lifted."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for i in range(1, 11):
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y + dy * i / 10}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


def _long_conversation(page: Page, path: str) -> None:
    page.emulate_media(reduced_motion="reduce")  # (no smooth scrolling to the latest reply while measured)
    page.goto(path)
    open_chat(page)
    for question in QUESTIONS:
        ask(page, question)
    page.wait_for_function(f"{LOG}.scrollHeight > {LOG}.clientHeight + 300")


def test_the_wheel_over_the_strip_round_the_full_screen_panel_leaves_the_page_alone(page: Page, servers):
    page.set_viewport_size({"width": 375, "height": 667})
    _long_conversation(page, servers.allowed.add_page("/tall58-wheel", TALL_PAGE))
    panel = page.locator("faqbot-chat .panel").bounding_box()
    assert panel["x"] >= 8 and panel["y"] >= 8, panel  # the strip is there
    # Left of the panel, above it, right of it, below it: each scrolled the page behind (scrollY 0 -> 600 -> ...).
    for x, y in ((3, 300), (180, 3), (371, 300), (180, 663)):
        page.mouse.move(x, y)
        page.mouse.wheel(0, 600)
    at_end = page.evaluate(f"{LOG}.scrollTop")
    page.mouse.move(*_center(page, "faqbot-chat .log"))
    page.mouse.wheel(0, -200)  # the mark that they were all handled: the conversation scrolls up
    _wait_log(page, "at < top", at_end)
    assert page.evaluate("scrollY") == 0
    page.get_by_role("button", name="Close chat").click()
    page.mouse.move(100, 300)
    page.mouse.wheel(0, 600)  # closed, the page is the wheel's again
    page.wait_for_function("scrollY > 0", timeout=5000)


@pytest.mark.browser_context_args(**PHONE)
def test_a_finger_dragged_on_the_full_screen_panel_leaves_the_page_alone(page: Page, servers):
    _long_conversation(page, servers.allowed.add_page("/tall58-touch", TALL_PAGE))
    composer = page.locator("faqbot-chat .composer").bounding_box()
    # On the header, on the composer's frame (beside the box), on the strip of page left of the panel and below it:
    # each scrolled the page behind (the header by 400px and more).
    for x, y in (_center(page, "faqbot-chat .header .title"), (composer["x"] + 4, composer["y"] + composer["height"] / 2),
                 (3, 400), (195, 840)):
        drag(page, x, y, -300)
    at_end = page.evaluate(f"{LOG}.scrollTop")
    drag(page, *_center(page, "faqbot-chat .log"), 250)  # the mark: the conversation scrolls up under the finger
    _wait_log(page, "at < top - 50", at_end)
    assert page.evaluate("scrollY") == 0
    page.keyboard.press("Escape")  # (a tap on Close chat could land as the conversation still glides: it stops it)
    expect(page.get_by_role("dialog", name="Ask a question")).to_be_hidden()
    drag(page, 195, 400, -300)  # closed, the page is the finger's again
    page.wait_for_function("scrollY > 0", timeout=5000)
