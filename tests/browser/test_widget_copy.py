"""Copying from the conversation in real Chromium (select, Ctrl+C): it reads as a transcript, each speaker's label
("You:", "Assistant:", visually hidden, for screen readers) on its own line, not glued to the text, and without the
widget's controls ("Read more", "Helpful?")."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from _widget import ask, open_chat

pytestmark = pytest.mark.browser

PEEL_Q = "How long will my skin peel?"

# Select the whole conversation, as a drag over it would, and return what the selection (what Ctrl+C copies) holds.
SELECT = """(host) => {
  const selection = window.getSelection();
  selection.removeAllRanges();
  const range = document.createRange();
  range.selectNodeContents(host.shadowRoot.querySelector('.log'));
  selection.addRange(range);
  return selection.toString();
}"""


def test_a_copied_question_and_answer_read_as_a_transcript(page: Page, servers):
    page.goto(servers.url + "/")
    open_chat(page)
    reply = ask(page, PEEL_Q)
    answer = reply.locator(".answer").inner_text().strip()
    copied = page.locator("faqbot-chat").evaluate(SELECT)
    lines = [line for line in copied.splitlines() if line.strip()]
    start = lines.index("You:")
    assert lines[start:start + 4] == ["You:", PEEL_Q, "Assistant:", answer], copied
    # Before: "Read more" and "Helpful?" were copied with the answer, as if they were part of it.
    assert "Read more" not in copied and "Helpful?" not in copied, copied
    assert any(line.startswith("Source: ") for line in lines), copied  # where the answer comes from is kept
    # What Ctrl+C puts on the clipboard is that text.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.keyboard.press("Control+C")
    assert page.evaluate("navigator.clipboard.readText()") == copied
    # A screen reader still hears them.
    expect(reply.get_by_role("button", name="Read more")).to_be_visible()
    expect(reply.get_by_role("group", name="Was this answer helpful?")).to_be_visible()
