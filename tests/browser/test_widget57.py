"""Defects of a review in real Chromium: Send's focus ring cut by the panel in a very short window."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from _widget import open_chat, shadow_focus

pytestmark = pytest.mark.browser

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
