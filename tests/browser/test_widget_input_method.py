"""Typing through an input method (Japanese, Chinese, Korean) in real Chromium: the keys that work its candidate window
are its own, not the chat's."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from _widget import open_chat, shadow_focus

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width, height", [(1280, 800), (390, 844)])  # a floating panel, and one covering a phone
def test_escape_that_cancels_a_composition_leaves_the_chat_open(page: Page, servers, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(servers.url + "/")
    open_chat(page)
    box = page.get_by_role("textbox", name="Your question")
    box.focus()
    # What an input method does as the visitor types "nihon": the text underlined, its candidates offered.
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.imeSetComposition", {"text": "にほん", "selectionStart": 3, "selectionEnd": 3})
    page.keyboard.press("Escape")  # (Chromium's keydown says isComposing: the input method's Escape)
    # Before: the chat closed, and the text being composed went with the focus to the launcher.
    expect(page.get_by_role("dialog", name="Ask a question")).to_be_visible()
    assert shadow_focus(page) == "textarea.input"
    cdp.send("Input.insertText", {"text": "日本"})  # a candidate chosen: the composition ends with it in the box
    expect(box).to_have_value("日本")
    # Once nothing is being composed, Escape closes the chat, as ever, and focus goes back to the launcher.
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog", name="Ask a question")).to_be_hidden()
    expect(page.get_by_role("button", name="Ask a question")).to_be_focused()
