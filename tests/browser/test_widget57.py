"""Three defects of a review in real Chromium: Send's focus ring cut by the panel in a very short window, icons that
stayed small as the visitor's text grew, and the label of the chips said twice by a screen reader."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from _widget import ask, open_chat, shadow_focus

pytestmark = pytest.mark.browser

PEEL_Q = "How long will my skin peel?"

# The box the element's focus ring is drawn in (its border box grown by outline-width + outline-offset), and the box of
# each ancestor that cuts what overflows it (overflow not visible; through the shadow root to the page), the window too.
RING_AND_CLIPS = """(el) => {
    const c = getComputedStyle(el), r = el.getBoundingClientRect();
    const out = parseFloat(c.outlineWidth) + parseFloat(c.outlineOffset);
    const ring = { left: r.left - out, top: r.top - out, right: r.right + out, bottom: r.bottom + out };
    const clips = [{ name: 'window', left: 0, top: 0, right: innerWidth, bottom: innerHeight }];
    for (let n = el.parentElement; n; n = n.parentElement || (n.getRootNode().host || null)) {
        const s = getComputedStyle(n);
        if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
        const b = n.getBoundingClientRect();
        clips.push({ name: `${n.tagName.toLowerCase()}.${n.className}`, left: b.left, top: b.top, right: b.right,
                     bottom: b.bottom });
    }
    return { style: c.outlineStyle, out, ring, clips };
}"""


@pytest.mark.parametrize("width, height", [(360, 320), (400, 320), (360, 256)])
@pytest.mark.parametrize("site", ["no disclaimer", "a disclaimer"])
def test_sends_focus_ring_is_whole_in_a_very_short_window(page: Page, servers, width, height, site):
    page.emulate_media(reduced_motion="reduce")  # (the panel's rise, 8px, would move it while measured)
    page.set_viewport_size({"width": width, "height": height})
    # The partner's page gives no disclaimer: the composer is the last thing in the panel.
    page.goto(servers.allowed.url + "/" if site == "no disclaimer" else servers.url + "/")
    open_chat(page)
    expect(page.get_by_role("textbox", name="Your question")).to_be_focused()
    page.keyboard.press("Tab")  # a real keyboard focus: :focus-visible draws the ring
    assert shadow_focus(page) == "button.send", shadow_focus(page)
    measured = page.locator("faqbot-chat .send").evaluate(RING_AND_CLIPS)
    assert measured["style"] == "solid" and measured["out"] == 5, measured
    ring = measured["ring"]
    # Before, with no disclaimer: the ring's bottom 2px past the panel's (overflow: hidden), which cut them.
    cut = [clip for clip in measured["clips"]
           if ring["left"] < clip["left"] or ring["top"] < clip["top"]
           or ring["right"] > clip["right"] or ring["bottom"] > clip["bottom"]]
    assert not cut, (ring, cut)


def larger_text(page: Page, px: int) -> None:
    """The browser's default font size set to `px` (16 unless the visitor changes it), as its settings page does."""
    page.context.new_cdp_session(page).send("Page.setFontSizes", {"fontSizes": {"standard": px, "fixed": 13}})


# Each icon of the widget: the button it is in, its size, and its button's size and text size.
ICONS = """(host) => [...host.shadowRoot.querySelectorAll('svg.icon')].map((svg) => {
    const button = svg.closest('button'), i = svg.getBoundingClientRect(), b = button.getBoundingClientRect();
    return { button: button.className.split(' ')[0], width: i.width, height: i.height, buttonWidth: b.width,
             buttonHeight: b.height, text: parseFloat(getComputedStyle(button).fontSize) };
})"""

# At the default text size (16px), as they were drawn in px before: icons 20px (18px in the thumbs), in 40px header
# buttons, a 44px Send and 34px thumbs.
DEFAULT = {"launcher": (20, None), "icon-button": (20, 40), "send": (20, 44), "thumb": (18, 34)}


@pytest.mark.parametrize("default, scale", [(16, 1), (24, 1.5), (32, 2)])
def test_the_icons_grow_with_the_visitors_text(page: Page, servers, default, scale):
    larger_text(page, default)
    page.goto(servers.url + "/")
    open_chat(page)
    ask(page, PEEL_Q)  # its thumbs
    icons = page.locator("faqbot-chat").evaluate(ICONS)
    assert sorted({icon["button"] for icon in icons}) == sorted(DEFAULT), icons
    for icon in icons:
        size, button = DEFAULT[icon["button"]]
        # Before: 20px (18px) whatever the text's size, 20px icons beside 30px text.
        # (to a hundredth of a pixel: layout keeps sizes in 1/64 px, and a computed 20em/15 may land a hair off)
        assert (icon["width"], icon["height"]) == pytest.approx((size * scale, size * scale), abs=0.01), icon
        assert icon["text"] == {"thumb": 13}.get(icon["button"], 15) * scale, icon  # the text they go with
        if button:
            # The button grows round it, its padding kept: no icon filling (or overflowing) a fixed 40px button.
            expected = pytest.approx(button + size * (scale - 1), abs=0.01)
            assert icon["buttonWidth"] == expected and icon["buttonHeight"] == expected, icon
    if scale == 1:  # the default rendering as before
        send = page.get_by_role("button", name="Send").bounding_box()
        assert (send["width"], send["height"]) == (44, 44), send


def test_a_pages_own_font_size_still_does_not_reach_the_icons(page: Page, servers):
    """html { font-size: 200% } on the page: the widget's text keeps the visitor's size (see test_widget_font_size), and
    so do its icons."""
    page.goto(servers.allowed.add_page("/big57", """<!doctype html><html lang="en" style="font-size: 200%"><head>
<meta charset="utf-8"><script src="{bot}/static/faqbot-widget.js" defer></script></head><body><p>Host</p>
<faqbot-chat api="{bot}"></faqbot-chat></body></html>"""))
    open_chat(page)
    icons = page.locator("faqbot-chat").evaluate(ICONS)
    assert {(icon["button"], icon["width"]) for icon in icons} == {("launcher", 20), ("icon-button", 20), ("send", 20)}


def _ax_nodes(page: Page) -> list[tuple[str, str, str]]:
    """(role, name, description) of every node of the page's accessibility tree that a screen reader meets."""
    tree = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    value = lambda node, key: (node.get(key) or {}).get("value", "")  # noqa: E731
    return [(value(n, "role"), value(n, "name"), value(n, "description")) for n in tree if not n.get("ignored")]


def _said(page: Page, text: str) -> list[str]:
    """The roles of the accessibility tree's nodes that say `text` (as a name, or as text; not the text's line boxes)."""
    return [role for role, name, _ in _ax_nodes(page) if name == text and role != "InlineTextBox"]


@pytest.mark.parametrize("question, label", [(None, "Suggested questions:"), ("zzzz qqq unknown", "Did you mean:"),
                                             (PEEL_Q, "Related:")])
def test_the_chips_label_is_said_once_as_their_lists_name(page: Page, servers, question, label):
    page.goto(servers.url + "/")
    open_chat(page)
    where = page.locator("faqbot-chat .intro") if question is None else ask(page, question)
    chips = where.get_by_role("list", name=label).get_by_role("button")
    expect(chips.first).to_be_visible()
    expect(where.locator(".chips-label")).to_have_text(label)  # still shown
    # Before: a paragraph (its text) and the list's name, each read: "Suggested questions:", then "list, Suggested
    # questions:, 4 items".
    assert _said(page, label) == ["list"], _said(page, label)
    assert label not in where.aria_snapshot().replace(f'list "{label}"', ""), where.aria_snapshot()
    # Each chip: its text as its name, and no description saying it again.
    texts = chips.all_inner_texts()
    nodes = _ax_nodes(page)
    for text in texts:
        assert [(role, desc) for role, name, desc in nodes if name == text and role == "button"] == [("button", "")]
