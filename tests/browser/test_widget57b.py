"""Four defects of a visitor's walk through the widget, in real Chromium: a rate limit's words that blamed the visitor
(the limit counts an address, often shared), a half-typed question lost on a reload or another page, Start over's
Undo lost on a reload, and the mouse wheel over the full-screen panel scrolling the page behind it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from _widget import answers, ask, limit_spent, open_chat, rate_limited_server

pytestmark = pytest.mark.browser

limited = pytest.fixture(rate_limited_server, name="limited")  # a server whose third question gets a 429

PEEL_Q = "How long will my skin peel?"
TINGLE_Q = "Is tingling normal?"
NEUTRAL = "Too many questions were asked from your connection just now."


def _hold_note(page: Page):
    return page.locator("faqbot-chat .hold-note")


def test_a_rate_limit_says_it_without_blaming_the_visitor(page: Page, limited):
    limit_spent(page, limited, PEEL_Q, TINGLE_Q)
    limit = ask(page, "Can I wear makeup?")
    # Before: "You're asking very quickly." (the limit is per address: a clinic's Wi-Fi, a mobile carrier).
    expect(limit).to_contain_text(NEUTRAL)
    expect(limit).to_contain_text(re.compile(r"You can try again in (59|60) minutes\."))
    expect(limit).not_to_contain_text("quickly")
    box = page.get_by_role("textbox", name="Your question")
    box.fill("Can I exercise?")
    box.press("Enter")  # held back: the wait runs
    # Before: "Not sent: you can ask again in 59 minutes."
    expect(_hold_note(page)).to_have_text(
        re.compile(r"^Not sent: questions from your connection can be sent again in (59|60) minutes\.$"))
    page.get_by_role("button", name="Start a new conversation").click()
    # Before: "You're asking very quickly: you can ask again in 59 minutes."
    expect(_hold_note(page)).to_have_text(re.compile(
        r"^Too many questions were asked from your connection just now: you can ask again in (59|60) minutes\.$"))


def test_a_half_typed_question_is_kept_across_a_reload_and_another_page(page: Page, servers):
    page.goto(servers.url + "/")
    open_chat(page)
    box = page.get_by_role("textbox", name="Your question")
    box.press_sequentially("How long will my")  # typed, not sent
    page.reload()
    expect(box).to_have_value("How long will my")  # before: empty
    page.goto(servers.url + "/?another-page")  # another page of the site
    expect(box).to_have_value("How long will my")
    box.press_sequentially(" skin peel?")
    box.press("Enter")
    expect(answers(page)).to_have_count(1)
    page.reload()
    expect(answers(page)).to_have_count(1)  # the conversation back...
    expect(box).to_have_value("")  # ...and the question it sent is no draft


def test_a_draft_kept_is_at_most_the_longest_question_sent(page: Page, servers):
    page.goto(servers.url + "/")
    open_chat(page)
    box = page.get_by_role("textbox", name="Your question")
    longest = int(page.locator("faqbot-chat").get_attribute("maxlength") or 500)
    box.fill("a" * (longest + 300))
    page.reload()
    expect(box).to_have_value("a" * longest)


def test_start_overs_undo_outlasts_a_reload_until_a_question_is_asked(page: Page, servers):
    page.goto(servers.url + "/")
    open_chat(page)
    ask(page, PEEL_Q)
    page.get_by_role("button", name="Start a new conversation").click()
    expect(answers(page)).to_have_count(0)
    page.reload()  # the panel reopens (it was open), the new conversation's greeting with its Undo
    undo = page.get_by_role("button", name="Undo")
    expect(undo).to_be_visible()  # before: gone, and the earlier conversation with it
    page.goto(servers.url + "/?another-page")
    undo.click()
    expect(answers(page)).to_have_count(1)
    expect(page.locator("faqbot-chat .msg.user")).to_have_text([f"You: {PEEL_Q}"])
    page.reload()  # used: no Undo again
    expect(answers(page)).to_have_count(1)
    expect(undo).to_have_count(0)
    # Started over again, then a question asked: the earlier conversation is gone for good, after a reload too.
    page.get_by_role("button", name="Start a new conversation").click()
    expect(undo).to_be_visible()
    ask(page, TINGLE_Q)
    page.reload()
    expect(page.locator("faqbot-chat .msg.user")).to_have_text([f"You: {TINGLE_Q}"])
    expect(undo).to_have_count(0)


TALL_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<script src="{bot}/static/faqbot-widget.js" defer></script></head>
<body><h1>Partner clinic</h1><div style="height: 5000px">A long page.</div>
<faqbot-chat api="{bot}"></faqbot-chat></body></html>"""


def _center(page: Page, selector: str) -> tuple[float, float]:
    box = page.locator(selector).bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


LOG = "document.querySelector('faqbot-chat').shadowRoot.querySelector('.log')"


def _log_top(page: Page) -> float:
    return page.evaluate(f"{LOG}.scrollTop")


def _wait_log(page: Page, condition: str, top: float) -> None:
    """Wait until the conversation's scrollTop meets `condition` (JS, of `top` and `top`'s value) (5 s at most)."""
    page.wait_for_function(f"(top) => {{ const at = {LOG}.scrollTop; return {condition}; }}", arg=top, timeout=5000)


def test_the_wheel_over_the_full_screen_panel_leaves_the_page_behind_alone(page: Page, servers):
    page.set_viewport_size({"width": 375, "height": 667})  # a phone: the panel covers the page (modal)
    page.emulate_media(reduced_motion="reduce")  # (no smooth scrolling to the latest reply while measured)
    page.goto(servers.allowed.add_page("/tall57b", TALL_PAGE))
    open_chat(page)
    for question in (PEEL_Q, TINGLE_Q, "Can I wear makeup?", "Can I exercise?"):
        ask(page, question)
    page.wait_for_function(f"{LOG}.scrollHeight > {LOG}.clientHeight + 300")
    at_end = _log_top(page)
    # Over the header, then the composer: the page behind scrolled (scrollY 0 -> 600 -> 1200).
    for over in ("faqbot-chat .header .title", "faqbot-chat .composer .input"):
        page.mouse.move(*_center(page, over))
        page.mouse.wheel(0, 600)
    # Over the conversation, which can scroll up: it does (and only it).
    page.mouse.move(*_center(page, "faqbot-chat .log"))
    page.mouse.wheel(0, -200)
    _wait_log(page, "at < top", at_end)
    assert page.evaluate("scrollY") == 0  # (the wheels before it were handled before it)
    # The conversation at its top, the wheel goes on up, then down past its end: the page stays.
    page.evaluate(f"{LOG}.scrollTop = 0")
    page.mouse.wheel(0, -600)
    page.mouse.wheel(0, 5000)
    bottom = page.evaluate(f"{LOG}.scrollHeight - {LOG}.clientHeight")
    _wait_log(page, "at > top - 2", bottom)
    page.mouse.wheel(0, 600)  # at its end now
    page.mouse.move(*_center(page, "faqbot-chat .header .title"))
    page.mouse.wheel(0, 600)
    page.mouse.move(*_center(page, "faqbot-chat .log"))
    page.mouse.wheel(0, -100)  # the mark that they were all handled: the conversation scrolls up again
    _wait_log(page, "at < top - 50", bottom)
    assert page.evaluate("scrollY") == 0
    # Closed, the page is the wheel's again.
    page.get_by_role("button", name="Close chat").click()
    page.mouse.move(100, 300)
    page.mouse.wheel(0, 600)
    page.wait_for_function("scrollY > 0", timeout=5000)


def test_the_wheel_over_a_floating_panel_is_left_to_the_browser(page: Page, servers):
    page.set_viewport_size({"width": 1200, "height": 800})  # a desktop: the panel floats over a corner (not modal)
    page.goto(servers.allowed.add_page("/tall57b-desktop", TALL_PAGE))
    open_chat(page)
    page.mouse.move(*_center(page, "faqbot-chat .header .title"))
    page.mouse.wheel(0, 600)
    page.wait_for_function("scrollY > 0", timeout=5000)
