"""A visitor who zoomed in (a pinch) can move the zoomed-in view over the full-screen panel, in real Chromium (a phone,
390x844, touch; the pinch is CDP's Emulation.setPageScaleFactor, the scale a pinch sets). A finger dragged on the
panel's header moved nothing: the widget held every one-finger drag there (so that the page behind would not scroll),
and the visitor, zoomed in on the conversation, could not bring "Close chat" into view by dragging."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from _widget import ask, open_chat
from test_widget57b import TALL_PAGE
from test_widget58_full_screen_scroll import drag

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}


def zoom(page: Page, scale: float) -> None:
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setPageScaleFactor", {"pageScaleFactor": scale})
    cdp.detach()
    page.wait_for_function(f"Math.abs(visualViewport.scale - {scale}) < 0.01")


@pytest.mark.browser_context_args(**PHONE)
def test_a_finger_on_the_header_moves_the_zoomed_in_view(page: Page, servers):
    page.emulate_media(reduced_motion="reduce")
    page.goto(servers.allowed.add_page("/tall59-zoom", TALL_PAGE))
    open_chat(page)
    ask(page, "How long will my skin peel?")
    # At the page's own scale, a drag on the header is held: the page behind stays put.
    drag(page, 100, 30, -300)
    page.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    assert page.evaluate("[scrollY, visualViewport.offsetTop]") == [0, 0]
    zoom(page, 2)
    # The view shows the panel's top-left quarter: the header's title under the finger (30 px down the screen, 15 in
    # the page), dragged up 200 px: the view moves down the panel by 100 px.
    assert page.evaluate("document.querySelector('faqbot-chat').shadowRoot.elementFromPoint(50, 15).closest('.header')")
    drag(page, 100, 30, -200)
    page.wait_for_function("visualViewport.offsetTop > 50", timeout=5000)
