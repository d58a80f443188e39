"""Stop tapped as the answer lands, in real Chromium: once the server's reply has begun to come in, the answer shows
(before, it was thrown away and the visitor read "You stopped waiting for this answer."); Stop still stops a question
whose reply has not come."""

from __future__ import annotations

import threading

import pytest
from playwright.sync_api import Page, expect

from _widget import answers, ask_and_hold, open_chat, stored_messages
from conftest import _Thread

pytestmark = pytest.mark.browser

PEEL_Q = "How long will my skin peel?"
PEEL_HEADING = "How Long Will My Skin Peel After A Chemical Peel?"
STOPPED = "You stopped waiting for this answer."
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}


class HalfAnswers:
    """WSGI middleware over the real app: each POST /api/ask's reply goes out as its headers and the first half of its
    body, then waits for `go` before the rest (a slow network, as the answer comes in)."""

    def __init__(self, app) -> None:
        self.app = app
        self.halfway = threading.Event()
        self.go = threading.Event()

    def __call__(self, environ, start_response):
        body_iter = self.app(environ, start_response)
        if environ["PATH_INFO"] != "/api/ask" or environ["REQUEST_METHOD"] != "POST":
            return body_iter
        body = b"".join(body_iter)
        if hasattr(body_iter, "close"):
            body_iter.close()

        def chunks():
            yield body[: len(body) // 2]
            self.halfway.set()
            self.go.wait(20)
            yield body[len(body) // 2:]

        return chunks()


@pytest.fixture()
def half(servers):
    middleware = HalfAnswers(servers.app)
    server = _Thread(middleware)
    yield server.url, middleware
    middleware.go.set()
    server.stop()


# Set on the page as the widget's request to /api/ask gets its response (status and headers): the answer is coming in.
NOTE_ARRIVAL = """() => {
    const fetch0 = window.fetch;
    window.fetch = (...args) => fetch0(...args).then((r) => {
        if (String(args[0]).includes('/api/ask')) window.__answerIn = true;
        return r;
    });
}"""


@pytest.mark.browser_context_args(**PHONE)
def test_stop_tapped_as_the_answer_comes_in_leaves_the_answer(page: Page, half):
    url, middleware = half
    page.add_init_script(f"({NOTE_ARRIVAL})()")
    page.goto(url + "/")
    open_chat(page)
    box = page.get_by_role("textbox", name="Your question")
    box.fill(PEEL_Q)
    box.press("Enter")
    assert middleware.halfway.wait(10), "the answer never started to come"
    page.wait_for_function("window.__answerIn === true")
    stop = page.get_by_role("button", name="Stop waiting for the answer")
    stop.tap()  # as the answer lands
    middleware.go.set()  # the rest of it
    reply = answers(page).last
    # Before: "You stopped waiting for this answer." and the answer, come, was lost.
    expect(reply.get_by_role("link", name=PEEL_HEADING)).to_be_visible()
    expect(reply).not_to_contain_text(STOPPED)
    expect(answers(page)).to_have_count(1)
    expect(page.get_by_role("button", name="Send")).to_be_visible()
    assert [m["role"] for m in stored_messages(page)] == ["user", "bot"]


@pytest.mark.browser_context_args(**PHONE)
def test_stop_tapped_before_the_answer_comes_still_stops(page: Page, half):
    url, middleware = half
    page.goto(url + "/")
    open_chat(page)
    held = ask_and_hold(page, PEEL_Q)  # held before it reaches the server: no reply has begun
    expect(page.locator("faqbot-chat .typing")).to_be_visible()
    page.wait_for_timeout(600)  # past any double tap's time
    page.get_by_role("button", name="Stop waiting for the answer").tap()
    expect(answers(page).last).to_contain_text(STOPPED)
    assert [m["role"] for m in stored_messages(page)] == ["user", "error"]
    held.release()
