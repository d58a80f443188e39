"""Which corner the widget sits in (the `position` attribute), in real Chromium: bottom-right by default, bottom-left
for a right-to-left site or one whose own button is bottom-right; the launcher, its dot, its focus ring and the panel
all on that side."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from _widget import ask, hold_asks, open_chat, shadow_focus, wait_held

pytestmark = pytest.mark.browser

PEEL_Q = "How long will my skin peel?"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 667}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_position_left_puts_the_launcher_and_the_panel_in_the_bottom_left_corner(page: Page, servers, viewport):
    page.set_viewport_size(viewport)
    page.goto(servers.allowed.url + "/embed?position=left")
    launcher = page.get_by_role("button", name="Ask a question")
    box = launcher.bounding_box()
    gap = 20 if viewport is DESKTOP else 12  # 8px closer to the corner on a small screen
    # Before: the attribute did nothing, the launcher sat in the bottom-right corner.
    assert box["x"] == gap, box
    assert viewport["height"] - (box["y"] + box["height"]) == gap, box
    open_chat(page)
    panel = page.get_by_role("dialog", name="Ask a question").bounding_box()
    if viewport is DESKTOP:
        assert panel["x"] == box["x"], (panel, box)  # above the launcher, on its side
        assert panel["y"] + panel["height"] < box["y"]
    else:
        assert panel["x"] == 8 and panel["width"] == viewport["width"] - 16  # the screen, as on the right
    expect(ask(page, PEEL_Q).get_by_role("link")).to_be_in_viewport()


def test_in_a_window_320px_short_the_left_corners_panel_fills_it(page: Page, servers):
    page.set_viewport_size({"width": 320, "height": 256})  # a laptop's page zoomed to 400%
    page.goto(servers.allowed.url + "/embed?position=left")
    open_chat(page)
    panel = page.get_by_role("dialog", name="Ask a question").bounding_box()
    assert (panel["x"], panel["width"]) == (0, 320), panel


def test_the_default_corner_is_bottom_right(page: Page, servers):
    page.set_viewport_size(DESKTOP)
    page.goto(servers.allowed.url + "/embed?position=nonsense")
    box = page.get_by_role("button", name="Ask a question").bounding_box()
    assert DESKTOP["width"] - (box["x"] + box["width"]) == 20, box


def _parts(page: Page) -> dict:
    return page.locator("faqbot-chat").evaluate("""(host) => {
        const at = (sel) => host.shadowRoot.querySelector(sel).getBoundingClientRect();
        const x = (r) => ({ left: r.left, right: r.right });
        return { launcher: x(at('.launcher')), icon: x(at('.launcher .icon')), label: x(at('.launcher-label')),
                 badge: x(at('.badge')) };
    }""")


@pytest.mark.parametrize("position", ["right", "left"])
def test_the_launcher_is_mirrored_in_the_left_corner_its_new_reply_dot_on_the_outer_side(page: Page, servers, position):
    page.set_viewport_size(DESKTOP)
    page.goto(servers.allowed.url + f"/embed?position={position}")
    open_chat(page)
    held = hold_asks(page)
    box = page.get_by_role("textbox", name="Your question")
    box.fill(PEEL_Q)
    box.press("Enter")
    wait_held(page, held)
    page.keyboard.press("Escape")
    held.release()
    expect(page.get_by_role("button", name="Ask a question (new reply)")).to_be_visible()
    parts = _parts(page)
    # The dot is on the corner's side of the launcher, its icon on the page's side: a mirror image in the left corner.
    # Before, it was the right corner's launcher moved left: the dot on the side of the page.
    if position == "right":
        assert parts["icon"]["right"] <= parts["label"]["left"] < parts["label"]["right"] <= parts["badge"]["left"]
        assert parts["launcher"]["right"] - parts["badge"]["right"] == 20, parts
    else:
        assert parts["badge"]["right"] <= parts["label"]["left"] < parts["label"]["right"] <= parts["icon"]["left"]
        assert parts["badge"]["left"] - parts["launcher"]["left"] == 20, parts
        assert parts["launcher"]["right"] - parts["icon"]["right"] == 16, parts


def test_the_focus_ring_of_a_launcher_in_the_left_corner_is_whole_on_the_screen(page: Page, servers):
    page.set_viewport_size(PHONE)
    page.goto(servers.allowed.url + "/embed?position=left")
    page.keyboard.press("Tab")
    assert shadow_focus(page) == "button.launcher"
    launcher = page.get_by_role("button", name="Ask a question")
    ring = launcher.evaluate("""(el) => { const c = getComputedStyle(el), r = el.getBoundingClientRect();
        const out = parseFloat(c.outlineWidth) + parseFloat(c.outlineOffset);
        return { style: c.outlineStyle, left: r.left - out, bottom: r.bottom + out }; }""")
    assert ring["style"] == "solid"
    assert launcher.bounding_box()["x"] == 12
    assert ring["left"] >= 0 and ring["bottom"] <= PHONE["height"], ring
