"""What the widget's browser tests share: finding replies, opening the chat, asking, where focus is."""

from __future__ import annotations

import json
import urllib.request

from playwright.sync_api import Page, expect


def api_answer(base_url: str, question: str, top_k: int = 3) -> dict:
    """The server's Answer to `question` as the widget asks for it (POST /api/ask, top_k 3)."""
    body = json.dumps({"question": question, "top_k": top_k}).encode()
    request = urllib.request.Request(base_url + "/api/ask", data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as r:
        return json.load(r)


def answers(page: Page):
    """The assistant's replies (answers, no-answers and errors; not the greeting or the typing dots)."""
    return page.locator("faqbot-chat .msg.bot:not(.typing):not(.intro)")


def open_chat(page: Page, name: str = "Ask a question") -> None:
    page.get_by_role("button", name=name).click()
    expect(page.get_by_role("dialog", name=name)).to_be_visible()


def ask(page: Page, question: str):
    """Type a question, send it with Enter, and return the reply it gets."""
    before = answers(page).count()
    box = page.get_by_role("textbox", name="Your question")
    box.fill(question)
    box.press("Enter")
    expect(answers(page)).to_have_count(before + 1)
    return answers(page).last


def shadow_focus(page: Page) -> str:
    """What has keyboard focus inside the widget: 'tag.class' or '' when focus is elsewhere."""
    return page.evaluate("""() => {
        const host = document.querySelector('faqbot-chat');
        const el = document.activeElement === host ? host.shadowRoot.activeElement : null;
        return el ? `${el.tagName.toLowerCase()}.${el.className}` : '';
    }""")
