"""Two bots on one page, both in the default bottom-right corner, in real Chromium: their launchers stack, both in
sight and clickable, and one's open panel covers neither launcher."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from _widget import ask, open_chat
from test_widget_host_pages import host_page

pytestmark = pytest.mark.browser

PEEL_Q = "How long will my skin peel?"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 667}


def two_bots(servers, other: str) -> str:
    """A page with the default widget and a second bot's (another server's URL, or another name) after it."""
    second = servers.url.replace("127.0.0.1", "localhost") if other == "server" else "{bot}"
    body = f"""<faqbot-chat api="{{bot}}"></faqbot-chat>
<faqbot-chat api="{second}" heading="Booking questions"></faqbot-chat>"""
    return servers.allowed.add_page(f"/two-bots-{other}", host_page(body=body))


def apart(a: dict, b: dict) -> bool:
    return (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
            or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])


@pytest.mark.parametrize("other", ["server", "name"])
def test_two_bots_in_one_corner_stack_and_neither_panel_covers_a_launcher(page: Page, servers, other):
    page.set_viewport_size(DESKTOP)
    page.goto(two_bots(servers, other))
    first = page.get_by_role("button", name="Ask a question")
    second = page.get_by_role("button", name="Booking questions")
    a, b = first.bounding_box(), second.bounding_box()
    # Before: both 20px from the corner, the second's launcher over the first's, which could not be clicked.
    assert apart(a, b), (a, b)
    assert DESKTOP["height"] - (a["y"] + a["height"]) == 20, a  # the first one where it always was
    assert b["y"] + b["height"] + 12 == a["y"], (a, b)  # the second 12px above it
    open_chat(page)
    panel = page.get_by_role("dialog", name="Ask a question").bounding_box()
    assert apart(panel, a) and apart(panel, b), (panel, a, b)
    second.click()  # (Playwright's click checks that the launcher itself takes it)
    expect(page.get_by_role("dialog", name="Booking questions")).to_be_visible()
    # The other panel in the corner closed: the two lay one over the other.
    expect(page.get_by_role("dialog", name="Ask a question")).to_be_hidden()
    panel = page.get_by_role("dialog", name="Booking questions").bounding_box()
    assert apart(panel, a) and apart(panel, b), (panel, a, b)
    expect(ask(page, PEEL_Q).get_by_role("link")).to_be_in_viewport()
    first.click()
    expect(page.get_by_role("dialog", name="Ask a question")).to_be_visible()
    expect(page.get_by_role("dialog", name="Booking questions")).to_be_hidden()


def test_on_a_phone_the_open_panel_is_over_the_other_bots_launcher(page: Page, servers):
    page.set_viewport_size(PHONE)
    page.goto(two_bots(servers, "name"))
    first = page.get_by_role("button", name="Ask a question")
    second = page.get_by_role("button", name="Booking questions")
    a, b = first.bounding_box(), second.bounding_box()
    assert apart(a, b), (a, b)
    assert PHONE["height"] - (a["y"] + a["height"]) == 12, a
    open_chat(page)  # the panel covers the screen
    # Before: the second widget, later on the page, drew its launcher over the first one's open panel.
    on_top = page.evaluate("([x, y]) => document.elementFromPoint(x, y).getAttribute('heading')",
                           [b["x"] + b["width"] / 2, b["y"] + b["height"] / 2])
    assert on_top is None, on_top
    page.keyboard.press("Escape")
    second.click()
    expect(page.get_by_role("dialog", name="Booking questions")).to_be_visible()


def test_they_stack_under_the_strict_policy_the_readme_gives(page: Page, servers):
    # The stack is set from a stylesheet the widget makes (no inline style): nothing for a page's CSP to refuse.
    from test_widget_csp import STRICT, csp_page

    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    body = csp_page(STRICT).replace("</faqbot-chat>", '</faqbot-chat><faqbot-chat api="{bot}" heading="Booking">'
                                                      "</faqbot-chat>")
    page.goto(servers.allowed.add_page("/csp-two-bots", body))
    a = page.get_by_role("button", name="Ask a question").bounding_box()
    b = page.get_by_role("button", name="Booking").bounding_box()
    assert apart(a, b), (a, b)
    assert not [m for m in console if "Content Security Policy" in m or "Refused" in m], console
