"""A phone with a notch and a home indicator, on a page that draws edge to edge (viewport-fit=cover), in real Chromium
(the insets set by CDP's Emulation.setSafeAreaInsetsOverride, as an iPhone reports them): the launcher and the open
panel's controls stay inside the safe area. They sat 8-12px from the screen's edges, under the notch on a phone turned
on its side (47px) and over the home indicator."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from _widget import ask, open_chat

pytestmark = pytest.mark.browser

COVER_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<title>Edge to edge</title><script src="{bot}/static/faqbot-widget.js" defer></script>
</head><body><h1>Partner clinic</h1><faqbot-chat api="{bot}" disclaimer="General information only."></faqbot-chat>
</body></html>"""

# (width, height), safe-area insets: an iPhone upright, and on its side (the notch on the left).
PHONES = [
    ((390, 844), {"top": 47, "left": 0, "bottom": 34, "right": 0}),
    ((844, 390), {"top": 0, "left": 47, "bottom": 21, "right": 47}),
]


def assert_in_safe_area(page: Page, selector: str, size: tuple[int, int], insets: dict) -> None:
    b = page.locator(f"faqbot-chat {selector}").first.evaluate(
        "(el) => { const r = el.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; }")
    width, height = size
    assert (b["x"] >= insets["left"] and b["x"] + b["width"] <= width - insets["right"]
            and b["y"] >= insets["top"] and b["y"] + b["height"] <= height - insets["bottom"]), (selector, b, insets)


@pytest.mark.parametrize("size, insets", PHONES, ids=["upright", "on-its-side"])
@pytest.mark.parametrize("position", ["right", "left"])
def test_the_widget_stays_clear_of_the_notch_and_the_home_indicator(page: Page, servers, size, insets, position):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.emulate_media(reduced_motion="reduce")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setSafeAreaInsetsOverride", {"insets": insets})
    body = COVER_PAGE if position == "right" else COVER_PAGE.replace("<faqbot-chat ", '<faqbot-chat position="left" ')
    page.goto(servers.allowed.add_page(f"/cover59-{position}", body))
    expect(page.get_by_role("button", name="Ask a question")).to_be_visible()
    assert_in_safe_area(page, ".launcher", size, insets)
    open_chat(page)
    ask(page, "How long will my skin peel?")
    for selector in (".title", ".icon-button", ".log", ".input", ".send", ".disclaimer", ".chip"):
        assert_in_safe_area(page, selector, size, insets)
    page.get_by_role("button", name="Close chat").click()
    assert_in_safe_area(page, ".launcher", size, insets)
