"""The conversation's newest message stays in sight as the conversation's box shrinks, in real Chromium: a phone turned
on its side (390x844 to 844x390), the question box growing with a long question, the on-screen keyboard coming up.
The box kept its scroll offset from the top: at the end of the conversation before, it showed an older reply after (the
newest one, 370px down, below a 249px tall box when the phone was turned)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from _widget import answers, ask, open_chat
from test_widget59_keyboard import PHONE, keyboard

pytestmark = pytest.mark.browser

QUESTIONS = ("How long will my skin peel?", "Is tingling normal?", "Can I wear makeup?", "Can I exercise?")

# Where the conversation's newest message is, against the conversation's box (the part of it that shows).
NEWEST = """() => {
    const log = document.querySelector('faqbot-chat').shadowRoot.querySelector('.log');
    const box = log.getBoundingClientRect();
    const last = log.lastElementChild.getBoundingClientRect();
    return { top: last.top - box.top, bottom: last.bottom - box.top, height: log.clientHeight };
}"""


def assert_newest_in_sight(page: Page) -> None:
    # (After the resize's observers have run: the next frame.)
    page.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    at = page.evaluate(NEWEST)
    assert at["bottom"] <= at["height"] + 1 and at["bottom"] > 0, at


def _long_conversation(page: Page, servers) -> None:
    page.emulate_media(reduced_motion="reduce")  # (no smooth scrolling while measured)
    page.goto(servers.allowed.url + "/")
    open_chat(page)
    for question in QUESTIONS:
        ask(page, question)
    assert_newest_in_sight(page)


@pytest.mark.browser_context_args(**PHONE)
def test_turning_the_phone_keeps_the_conversation_and_its_newest_reply_in_sight(page: Page, servers):
    _long_conversation(page, servers)
    page.get_by_role("textbox", name="Your question").fill("half typed")
    for width, height in ((844, 390), (390, 844), (844, 390)):
        page.set_viewport_size({"width": width, "height": height})
        expect(answers(page)).to_have_count(len(QUESTIONS))
        expect(page.get_by_role("dialog", name="Ask a question")).to_have_attribute("aria-modal", "true")
        expect(page.get_by_role("textbox", name="Your question")).to_have_value("half typed")
        assert_newest_in_sight(page)
        # Nothing sticks out sideways: the page scrolls no more than it did.
        assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.browser_context_args(**PHONE)
def test_a_long_question_growing_the_box_keeps_the_newest_reply_in_sight(page: Page, servers):
    _long_conversation(page, servers)
    box = page.get_by_role("textbox", name="Your question")
    box.focus()
    for line in ("one", "two", "three", "four"):
        page.keyboard.type(line)
        page.keyboard.press("Shift+Enter")
    page.keyboard.type("five")
    assert box.evaluate("(el) => el.clientHeight > 100"), "the box grew"
    assert_newest_in_sight(page)


@pytest.mark.browser_context_args(**PHONE)
def test_the_keyboard_coming_up_keeps_the_newest_reply_in_sight(page: Page, servers):
    _long_conversation(page, servers)
    page.get_by_role("textbox", name="Your question").focus()
    keyboard(page, 336)
    assert_newest_in_sight(page)


@pytest.mark.browser_context_args(**PHONE)
def test_an_earlier_reply_being_read_is_not_pulled_away_by_a_resize(page: Page, servers):
    _long_conversation(page, servers)
    page.locator("faqbot-chat .log").evaluate("(log) => { log.scrollTop = 0; }")
    # (Its scroll event seen, as it is before the visitor turns the phone: not in the frame of the resize itself.)
    page.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    page.set_viewport_size({"width": 844, "height": 390})
    page.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    assert page.locator("faqbot-chat .log").evaluate("(log) => log.scrollTop") == 0
