"""An earlier reply the visitor scrolls back to in the very frame the conversation's box shrinks (a fling as the keyboard
comes up, the box growing with a long question) stays in sight, in real Chromium (a phone, 390x844). The scroll came
before the resize's observer, and was taken for the browser's own adjustment to the resize: the conversation, at its end
a moment before, jumped back to its end under the visitor's finger."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from test_widget59_log_end import _long_conversation, assert_newest_in_sight

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}}
FRAMES = "new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
LOG = "(document.querySelector('faqbot-chat').shadowRoot.querySelector('.log'))"


@pytest.mark.browser_context_args(**PHONE)
def test_a_scroll_back_in_the_frame_of_a_resize_is_not_undone(page: Page, servers):
    _long_conversation(page, servers)  # at its end, newest reply in sight
    before = page.evaluate(f"[{LOG}.scrollTop, {LOG}.clientHeight]")
    # In one task, so in one frame: the visitor's scroll (300 px back), then the box growing to five lines.
    page.evaluate(f"""() => {{
        {LOG}.scrollTop -= 300;
        const box = document.querySelector('faqbot-chat').shadowRoot.querySelector('textarea');
        box.value = 'one\\ntwo\\nthree\\nfour\\nfive';
        box.dispatchEvent(new Event('input'));
    }}""")
    for _ in range(3):
        page.evaluate(FRAMES)
    top, height = page.evaluate(f"[{LOG}.scrollTop, {LOG}.clientHeight]")
    assert height < before[1] - 50, "the box grew, the conversation's box shrank"
    assert top == before[0] - 300, (before, top)  # where the visitor took it (before: back at the end, 86 px further)
    # And the next resize does not take it back to the end either; at the end again, it stays there.
    page.set_viewport_size({"width": 390, "height": 700})
    page.evaluate(FRAMES)
    assert page.evaluate(f"{LOG}.scrollTop") == top
    page.evaluate(f"{LOG}.scrollTop = {LOG}.scrollHeight")
    page.evaluate(FRAMES)
    page.set_viewport_size({"width": 390, "height": 600})
    assert_newest_in_sight(page)
