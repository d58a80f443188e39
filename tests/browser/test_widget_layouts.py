"""One bot embedded twice for a responsive page's two layouts (a copy in a phone-only container, one in a desktop-only
one, each hidden by the page's media queries), in real Chromium: the copies keep one conversation, so a window resized
(or a phone turned) across the breakpoint goes on with it, an answer on its way too."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Route, expect

from _widget import answers, open_chat, requests_to_ask, wait_held
from test_widget_host_pages import TWO_LAYOUTS, TWO_LAYOUTS_STYLE, host_page

pytestmark = pytest.mark.browser

PEEL_Q = "How long will my skin peel?"
TINGLE_Q = "Is tingling normal?"
DESKTOP = {"width": 1280, "height": 720}
PHONE = {"width": 375, "height": 667}


def shown(page: Page):
    """The widget the page's layout shows now."""
    return page.locator(".phone-only faqbot-chat" if page.viewport_size["width"] < 700 else ".desktop-only faqbot-chat")


def hold_first_ask(page: Page) -> list[Route]:
    """Hold the first POST /api/ask (the answer on its way); let the later ones go on to the server."""
    held: list[Route] = []
    page.route("**/api/ask", lambda route: route.continue_() if held else held.append(route))
    return held


def asks(page: Page, question: str) -> None:
    """Ask `question` in the widget shown and wait for its reply (not the typing dots: counted as a reply, the test
    went on with the answer still on its way, about one run in ten, and the next question was not sent)."""
    widget = shown(page)
    before = widget.locator(".msg.bot:not(.typing):not(.intro)").count()
    box = widget.get_by_role("textbox", name="Your question")
    box.fill(question)
    box.press("Enter")
    expect(widget.locator(".msg.bot:not(.typing):not(.intro)")).to_have_count(before + 1)


def test_resizing_across_the_breakpoint_keeps_the_conversation(page: Page, servers):
    page.set_viewport_size(DESKTOP)
    page.goto(servers.allowed.add_page("/layouts", host_page(TWO_LAYOUTS_STYLE, TWO_LAYOUTS)))
    open_chat(page)
    asks(page, PEEL_Q)
    page.set_viewport_size(PHONE)
    phone = shown(page)
    # Before: the phone layout's copy had a conversation of its own, empty, and closed.
    expect(phone.get_by_role("dialog", name="Ask a question")).to_be_visible()
    expect(phone.locator(".msg.user")).to_have_text(["You: " + PEEL_Q])
    expect(phone.locator(".msg.bot:not(.typing):not(.intro)")).to_have_count(1)
    asks(page, TINGLE_Q)
    page.set_viewport_size(DESKTOP)
    desktop = shown(page)
    expect(desktop.locator(".msg.user")).to_have_text(["You: " + PEEL_Q, "You: " + TINGLE_Q])
    expect(desktop.locator(".msg.bot:not(.typing):not(.intro)")).to_have_count(2)
    expect(page.get_by_role("button", name="Ask a question")).to_have_count(1)  # one chat in sight, as before
    page.reload()
    expect(shown(page).locator(".msg.user")).to_have_text(["You: " + PEEL_Q, "You: " + TINGLE_Q])
    # The conversation of a page of the site with the widget once, as it was.
    page.goto(servers.allowed.add_page("/once", host_page()))
    expect(page.locator("faqbot-chat .msg.user")).to_have_text(["You: " + PEEL_Q, "You: " + TINGLE_Q])


def _asked_and_held(page: Page, servers):
    """The two-layout page at desktop size, its chat open and a question asked whose answer is held on its way:
    (the held request, the question box of the copy shown)."""
    page.set_viewport_size(DESKTOP)
    page.goto(servers.allowed.add_page("/layouts", host_page(TWO_LAYOUTS_STYLE, TWO_LAYOUTS)))
    open_chat(page)
    held = hold_first_ask(page)
    box = shown(page).get_by_role("textbox", name="Your question")
    box.fill(PEEL_Q)
    box.press("Enter")
    wait_held(page, held)
    return held, box


def test_an_answer_on_its_way_and_what_is_typed_follow_the_layout(page: Page, servers):
    held, box = _asked_and_held(page, servers)
    first_key = held[0].request.headers["idempotency-key"]
    box.fill("And can I")  # the next question, half typed
    again = requests_to_ask(page)
    page.set_viewport_size(PHONE)  # the phone turned, say
    phone = shown(page)
    expect(phone.locator(".msg.bot:not(.typing):not(.intro)")).to_have_count(1)
    expect(phone.locator(".msg.bot:not(.typing):not(.intro)").get_by_role("link")).to_have_count(1)  # the answer, not an error
    # The phone layout's copy asked again, with the same Idempotency-Key: the question log counts it once.
    assert [r.headers["idempotency-key"] for r in again] == [first_key]
    expect(phone.locator(".msg.user")).to_have_text(["You: " + PEEL_Q])
    expect(phone.get_by_role("textbox", name="Your question")).to_have_value("And can I")
    # Focus, in the box when the layout changed, is in the box shown now (it was left on the page).
    expect(phone.get_by_role("textbox", name="Your question")).to_be_focused()
    try:
        held[0].continue_()  # (the desktop copy's request, dropped: its answer is not shown twice)
    except Exception:
        pass
    page.wait_for_timeout(300)
    expect(answers(page)).to_have_count(1)


def test_an_answer_on_its_way_with_the_chat_closed_comes_to_the_copy_shown_as_a_new_reply(page: Page, servers):
    held, box = _asked_and_held(page, servers)
    page.keyboard.press("Escape")  # closed while it waits
    page.set_viewport_size(PHONE)
    phone = shown(page)
    expect(phone.get_by_role("button", name="Ask a question (new reply)")).to_be_visible()
    expect(phone.get_by_role("dialog")).to_be_hidden()
    phone.get_by_role("button", name="Ask a question (new reply)").click()
    expect(phone.locator(".msg.bot:not(.typing):not(.intro)").get_by_role("link")).to_have_count(1)
    expect(phone.locator(".msg.user")).to_have_text(["You: " + PEEL_Q])
    try:
        held[0].continue_()
    except Exception:
        pass
