"""The widget's conversation in real Chromium: which chips it offers, where a reply scrolls to, a reply that
comes after "Start over", what it does while an answer is on its way, and a question that failed."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from _widget import answers, api_answer, ask, hold_asks, open_chat, stored_messages, wait_held

pytestmark = pytest.mark.browser

PEEL_Q = "How long will my skin peel?"
TINGLE_Q = "Is tingling normal?"
TINGLE_HEADING = "Is Tingling Normal After A Chemical Peel?"

# Where an element is inside the conversation's scrolling box, in pixels from the box's top.
IN_LOG = """(el) => {
  const log = el.closest('.log').getBoundingClientRect();
  const box = el.getBoundingClientRect();
  return { top: box.top - log.top, height: box.height, visible: log.height };
}"""


def test_no_related_chip_has_the_answers_own_heading(page: Page, shipped):
    # The shipped article's introduction and conclusion share its title as their heading; a chip asks
    # its heading, so that chip would only bring the same answer back.
    question = "how long does redness last?"
    served = api_answer(shipped, question)
    assert served["heading"] in [s["heading"] for s in served["suggestions"]], "the case this test is for"
    page.goto(shipped + "/")
    open_chat(page)
    reply = ask(page, question)
    expect(reply.locator(".source-link")).to_have_text(served["heading"])
    chips = reply.locator(".chip")
    expect(chips).to_have_count(2)
    assert served["heading"] not in chips.all_inner_texts()
    # Each chip that is offered leads somewhere new.
    heading = chips.first.inner_text()
    chips.first.click()
    expect(answers(page)).to_have_count(2)
    expect(answers(page).last.locator(".source-link")).to_have_text(heading)


def test_a_long_reply_and_its_full_text_start_in_view(page: Page, servers):
    page.emulate_media(reduced_motion="reduce")  # scrolls at once, so positions can be read right away
    page.set_viewport_size({"width": 360, "height": 420})
    page.goto(servers.url + "/")
    open_chat(page)
    ask(page, TINGLE_Q)
    reply = ask(page, PEEL_Q)
    where = reply.evaluate(IN_LOG)
    assert where["height"] > where["visible"], f"the reply must be taller than the log for this test: {where}"
    assert 0 <= where["top"] < where["visible"] / 2, f"the reply's start is out of view: {where}"
    reply.get_by_role("button", name="Read more").click()
    full = reply.locator(".full")
    expect(full).to_be_visible()
    where = full.evaluate(IN_LOG)
    assert 0 <= where["top"] < where["visible"] / 2, f"the full text's start is out of view: {where}"


def test_a_short_reply_is_scrolled_into_view_whole(page: Page, servers):
    page.emulate_media(reduced_motion="reduce")
    page.set_viewport_size({"width": 360, "height": 640})
    page.goto(servers.url + "/")
    open_chat(page)
    for question in (PEEL_Q, TINGLE_Q, PEEL_Q):
        reply = ask(page, question)
    reply = ask(page, "hello")
    where = reply.evaluate(IN_LOG)
    assert 0 <= where["top"] and where["top"] + where["height"] <= where["visible"], where


def test_start_over_drops_the_reply_still_on_its_way(page: Page, servers):
    held = hold_asks(page)
    page.goto(servers.url + "/")
    open_chat(page)
    box = page.get_by_role("textbox", name="Your question")
    box.fill(PEEL_Q)
    box.press("Enter")
    wait_held(page, held)
    page.get_by_role("button", name="Start a new conversation").click()
    held.release()  # the old question goes on to the real server now, late; its answer must not land in the new chat
    reply = ask(page, TINGLE_Q)
    expect(reply.get_by_role("link", name=TINGLE_HEADING)).to_be_visible()
    page.wait_for_timeout(300)
    expect(page.locator("faqbot-chat .msg.user")).to_have_text(["You: " + TINGLE_Q])
    expect(answers(page)).to_have_count(1)
    assert [(m["role"], m.get("question") or m.get("text")) for m in stored_messages(page)] == [
        ("user", TINGLE_Q), ("bot", TINGLE_Q)]


def test_while_an_answer_is_on_its_way_chips_show_busy_and_enter_sends_nothing(page: Page, servers):
    page.goto(servers.url + "/")
    open_chat(page)
    chip = ask(page, "What is the capital of France?").locator(".chip").first
    send = page.get_by_role("button", name="Send")
    expect(send).not_to_have_attribute("aria-disabled", "true")
    held = hold_asks(page)
    box = page.get_by_role("textbox", name="Your question")
    box.fill(PEEL_Q)
    box.press("Enter")
    wait_held(page, held)
    expect(send).to_have_count(0)  # Send is the Stop button while the answer is on its way
    expect(page.get_by_role("button", name="Stop waiting for the answer")).not_to_have_attribute("aria-disabled", "true")
    expect(chip).to_have_attribute("aria-disabled", "true")
    expect(chip).to_have_css("opacity", "0.6")
    # Another question or a chip now is not sent, and the typed text is kept for later.
    box.fill(TINGLE_Q)
    box.press("Enter")
    chip.click(force=True)
    expect(box).to_have_value(TINGLE_Q)
    page.wait_for_timeout(200)
    assert len(held) == 1
    held.release()
    expect(answers(page)).to_have_count(2)
    expect(send).not_to_have_attribute("aria-disabled", "true")
    expect(chip).to_have_attribute("aria-disabled", "false")
    box.press("Enter")
    expect(answers(page)).to_have_count(3)
    expect(answers(page).last.get_by_role("link", name=TINGLE_HEADING)).to_be_visible()


def test_a_failed_question_keeps_its_error_and_is_left_out_of_history(page: Page, servers):
    page.goto(servers.url + "/")
    open_chat(page)
    ask(page, PEEL_Q)
    page.route("**/api/ask", lambda route: route.abort())  # the network fails for this one question
    failed = ask(page, "Can I wear makeup?")
    expect(failed).to_have_class(re.compile(r"\berror\b"))
    page.unroute("**/api/ask")
    page.reload()
    expect(page.locator("faqbot-chat .msg.user")).to_have_text(["You: " + PEEL_Q, "You: Can I wear makeup?"])
    expect(answers(page)).to_have_count(2)
    expect(answers(page).last).to_have_class(re.compile(r"\berror\b"))
    expect(answers(page).last).to_contain_text("can't reach the answers right now")
    with page.expect_request("**/api/ask") as request:
        ask(page, TINGLE_Q)
    assert request.value.post_data_json["history"] == [PEEL_Q]


def test_a_question_cut_off_by_a_reload_gets_an_error_and_is_left_out_of_history(page: Page, servers):
    page.goto(servers.url + "/")
    open_chat(page)
    ask(page, PEEL_Q)
    held = hold_asks(page)
    box = page.get_by_role("textbox", name="Your question")
    box.fill("Can I wear makeup?")
    box.press("Enter")
    wait_held(page, held)
    page.reload()  # while the answer is on its way: it never comes
    # only now: a held request let go before the reload could still be answered before the page went (CI, once)
    held.release()
    expect(page.locator("faqbot-chat .msg.user")).to_have_text(["You: " + PEEL_Q, "You: Can I wear makeup?"])
    expect(answers(page)).to_have_count(2)
    expect(answers(page).last).to_have_class(re.compile(r"\berror\b"))
    expect(answers(page).last).to_contain_text("interrupted before its answer came")
    expect(page.locator("faqbot-chat .typing")).to_have_count(0)
    page.reload()  # kept like the other errors, and only once
    expect(answers(page)).to_have_count(2)
    expect(answers(page).last).to_contain_text("interrupted before its answer came")
    with page.expect_request("**/api/ask") as request:
        ask(page, TINGLE_Q)
    assert request.value.post_data_json["history"] == [PEEL_Q]
    assert [m["role"] for m in stored_messages(page)] == ["user", "bot", "user", "error", "user", "bot"]


@pytest.mark.browser_context_args(viewport={"width": 375, "height": 667}, has_touch=True, is_mobile=True)
def test_start_over_tapped_by_mistake_can_be_undone(page: Page, servers):
    page.goto(servers.url + "/")
    open_chat(page)
    ask(page, PEEL_Q)
    ask(page, TINGLE_Q)
    # On a phone "Start a new conversation" sits beside "Close chat": a tap a few pixels off wiped the conversation.
    page.get_by_role("button", name="Start a new conversation").tap()
    expect(answers(page)).to_have_count(0)
    intro = page.locator("faqbot-chat .intro")
    expect(intro).to_contain_text("The earlier conversation was cleared. Undo")
    box = page.get_by_role("textbox", name="Your question")
    expect(box).not_to_be_focused()  # a tap: the phone's keyboard stays down, not over Undo (test_widget_screens.py)
    box.focus()
    box.press("Shift+Tab")  # the nearest control above the box, for a keyboard
    undo = intro.get_by_role("button", name="Undo")
    expect(undo).to_be_focused()
    undo.press("Enter")
    expect(answers(page)).to_have_count(2)
    expect(answers(page).last.get_by_role("link", name=TINGLE_HEADING)).to_be_visible()
    expect(intro).to_have_count(0)
    expect(box).to_be_focused()
    assert [m["role"] for m in stored_messages(page)] == ["user", "bot", "user", "bot"]
    with page.expect_request("**/api/ask") as request:  # the history sent goes on from the conversation brought back
        ask(page, "is it normal?")
    assert request.value.post_data_json["history"] == [PEEL_Q, TINGLE_Q]
    page.get_by_role("button", name="Start a new conversation").tap()
    ask(page, PEEL_Q)  # a new question: the earlier conversation is gone for good
    expect(page.locator("faqbot-chat").get_by_role("button", name="Undo")).to_have_count(0)
    assert [m["role"] for m in stored_messages(page)] == ["user", "bot"]


def test_undo_after_start_over_with_an_answer_on_its_way_says_it_was_interrupted(page: Page, servers):
    page.goto(servers.url + "/")
    open_chat(page)
    ask(page, PEEL_Q)
    held = hold_asks(page)
    box = page.get_by_role("textbox", name="Your question")
    box.fill(TINGLE_Q)
    box.press("Enter")
    wait_held(page, held)
    page.get_by_role("button", name="Start a new conversation").click()
    page.locator("faqbot-chat .intro").get_by_role("button", name="Undo").click()
    expect(answers(page)).to_have_count(2)  # its answer was dropped with the conversation: it can be asked again
    expect(answers(page).last).to_contain_text("interrupted before its answer came")
    held.release()
    answers(page).last.get_by_role("button", name="Try again").click()
    expect(answers(page).last.get_by_role("link", name=TINGLE_HEADING)).to_be_visible()
    expect(answers(page)).to_have_count(2)
