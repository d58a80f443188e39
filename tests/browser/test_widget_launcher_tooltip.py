"""A launcher label cut with an ellipsis, or a panel title cut at two lines (a site's long `heading`), in real Chromium:
the pointer's tooltip shows it in full, and only when it is cut."""

from __future__ import annotations

import re
import urllib.parse

import pytest
from playwright.sync_api import Page, expect

from _widget import open_chat

pytestmark = pytest.mark.browser

LONG = "Questions about your treatment or aftercare? Ask our clinic's friendly assistant here"
SHORT = "Ask us"

# The tooltip the browser would show with the pointer over the launcher's middle (its label): the nearest title up from
# there.
TOOLTIP = """(host) => {
    const r = host.shadowRoot.querySelector('.launcher').getBoundingClientRect();
    let el = host.shadowRoot.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    for (; el && el !== host.shadowRoot; el = el.parentNode) if (el.title) return el.title;
    return null;
}"""


def _described(page: Page) -> list[tuple[str, str, str]]:
    tree = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    value = lambda node, key: (node.get(key) or {}).get("value", "")  # noqa: E731
    return [(value(n, "role"), value(n, "name"), value(n, "description")) for n in tree]


def test_a_cut_launcher_label_has_its_whole_text_as_a_tooltip(page: Page, servers):
    page.set_viewport_size({"width": 375, "height": 667})
    page.goto(servers.allowed.url + "/embed?" + urllib.parse.urlencode({"heading": LONG}))
    launcher = page.get_by_role("button", name=LONG)
    assert launcher.locator(".launcher-label").evaluate("el => el.scrollWidth > el.clientWidth")  # cut
    # Before: no tooltip: a sighted mouse user had no way to read the label's end.
    assert page.locator("faqbot-chat").evaluate(TOOLTIP) == LONG
    # Not said twice by a screen reader: its name is the label, and the tooltip no description beside it.
    assert [d for d in _described(page) if d[0] == "button" and d[1] == LONG] == [("button", LONG, "")]
    # With a new reply's dot too (its name then ends "(new reply)").
    page.locator("faqbot-chat").evaluate("h => { h.shadowRoot.querySelector('.badge').hidden = false; }")
    page.wait_for_timeout(100)
    named = f"{LONG} (new reply)"
    assert page.locator("faqbot-chat").evaluate(TOOLTIP) == LONG
    assert [d for d in _described(page) if d[0] == "button" and d[1] == named] == [("button", named, "")]


def test_a_label_cut_after_a_change_gets_the_tooltip_and_one_shown_whole_loses_it(page: Page, servers):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(servers.allowed.url + "/embed?" + urllib.parse.urlencode({"heading": SHORT}))
    host = page.locator("faqbot-chat")
    page.get_by_role("button", name=SHORT).wait_for()
    assert host.evaluate(TOOLTIP) is None  # shown whole: no tooltip
    host.evaluate("(el, text) => el.setAttribute('heading', text)", LONG * 2)
    page.wait_for_timeout(100)
    assert host.evaluate(TOOLTIP) == LONG * 2
    host.evaluate("(el, text) => el.setAttribute('heading', text)", SHORT)
    page.wait_for_timeout(100)
    assert host.evaluate(TOOLTIP) is None
    open_chat(page, SHORT)


def test_a_panel_title_cut_at_two_lines_has_its_whole_text_as_a_tooltip(page: Page, servers):
    page.set_viewport_size({"width": 375, "height": 667})
    page.goto(servers.allowed.url + "/embed?" + urllib.parse.urlencode({"heading": LONG * 2}))
    open_chat(page, LONG * 2)
    title = page.get_by_role("heading", name=LONG * 2)
    assert title.evaluate("el => el.scrollHeight > el.clientHeight")  # cut at two lines
    # Before: no tooltip, as on the launcher.
    assert title.get_attribute("title") == LONG * 2
    assert [d for d in _described(page) if d[0] == "heading" and d[1] == LONG * 2] == [("heading", LONG * 2, "")]
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("button", name="Close chat").click()
    page.locator("faqbot-chat").evaluate("(el) => el.setAttribute('heading', 'Ask us')")
    open_chat(page, "Ask us")
    expect(page.get_by_role("heading", name="Ask us")).not_to_have_attribute("title", re.compile("."))
