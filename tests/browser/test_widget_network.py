"""The widget on a bad connection, in real Chromium: offline, a slow answer, a server or proxy error page, and the
network coming back. The visitor is told what happened in words, and can send the same question again."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing

import pytest
from playwright.sync_api import Error, Page, Route, expect

from _widget import (HeldAsks, answers, ask, hold_asks, hold_requests, open_chat, requests_to_ask, stored_messages,
                     wait_held)

pytestmark = pytest.mark.browser

PEEL_Q = "How long will my skin peel?"
PEEL_HEADING = "How Long Will My Skin Peel After A Chemical Peel?"
TINGLE_Q = "Is tingling normal?"


def test_a_question_sent_offline_is_sent_again_with_one_tap_once_back_online(page: Page, servers):
    page.goto(servers.url + "/")
    open_chat(page)
    page.context.set_offline(True)
    sent = requests_to_ask(page)
    failed = ask(page, PEEL_Q)
    expect(failed).to_have_class(re.compile(r"\berror\b"))
    expect(failed).to_contain_text("You seem to be offline")
    failed.get_by_role("button", name="Try again").click()  # still offline: fails at once again, in its place
    expect(answers(page).last).to_contain_text("You seem to be offline")
    expect(page.locator("faqbot-chat .msg.user")).to_have_count(1)
    assert sent == []  # nothing was sent while navigator.onLine was false
    failed = answers(page).last
    expect(failed).not_to_contain_text("back online")
    page.context.set_offline(False)  # the `online` event: said beside Try again; nothing sent without a tap
    expect(failed).to_contain_text("You're back online. Try again")
    expect(page.locator("faqbot-chat .announcer")).to_have_text("You're back online.")  # said
    page.wait_for_timeout(300)
    assert sent == []
    with page.expect_request("**/api/ask") as request:
        failed.get_by_role("button", name="Try again").click()
    assert request.value.post_data_json["question"] == PEEL_Q
    expect(answers(page).last.get_by_role("link", name=PEEL_HEADING)).to_be_visible()
    # The answer took the failed reply's place, Try again went with it; focus is back in the composer.
    expect(answers(page)).to_have_count(1)
    expect(page.locator("faqbot-chat").get_by_role("button", name="Try again")).to_have_count(0)
    expect(page.get_by_role("textbox", name="Your question")).to_be_focused()


def test_a_connection_lost_while_waiting_fails_at_once_and_says_so(page: Page, servers):
    page.goto(servers.url + "/")
    open_chat(page)
    held = hold_asks(page)  # the answer is on its way (a slow server) when the phone loses its connection
    box = page.get_by_role("textbox", name="Your question")
    box.fill(PEEL_Q)
    box.press("Enter")
    wait_held(page, held)
    page.context.set_offline(True)
    # Told within a moment (before: "taking too long" after the 15 s timeout), with Try again.
    failed = answers(page).last
    expect(failed).to_contain_text("Your connection was lost before the answer came.", timeout=3000)
    expect(page.get_by_role("button", name="Send")).to_be_visible()  # no longer waiting: Stop is Send again
    page.context.set_offline(False)
    expect(failed).to_contain_text("You're back online.")
    held.let_through()
    failed.get_by_role("button", name="Try again").click()
    expect(answers(page).last.get_by_role("link", name=PEEL_HEADING)).to_be_visible()
    expect(page.locator("faqbot-chat .msg.user")).to_have_count(1)
    expect(page.get_by_text("back online")).to_have_count(0)


def test_a_network_drop_mid_question_offers_try_again_only_on_the_latest_reply(page: Page, servers):
    page.goto(servers.url + "/")
    open_chat(page)
    page.route("**/api/ask", lambda route: route.abort("internetdisconnected"))
    failed = ask(page, PEEL_Q)
    expect(failed).to_contain_text("can't reach the answers right now")
    expect(failed.get_by_role("button", name="Try again")).to_be_visible()
    page.unroute("**/api/ask")
    ask(page, TINGLE_Q)  # the visitor moves on: Try again under an older question would answer it out of place
    expect(failed.get_by_role("button", name="Try again")).to_have_count(0)
    page.reload()
    expect(answers(page)).to_have_count(2)
    expect(page.locator("faqbot-chat").get_by_role("button", name="Try again")).to_have_count(0)


def test_each_try_again_leaves_the_question_once_with_its_final_reply(page: Page, servers):
    page.goto(servers.url + "/")
    open_chat(page)
    page.route("**/api/ask", lambda route: route.abort("internetdisconnected"))
    ask(page, PEEL_Q)
    sent = []
    page.on("request", lambda r: sent.append(r.headers.get("idempotency-key")) if "/api/ask" in r.url else None)
    answers(page).last.get_by_role("button", name="Try again").click()  # fails again
    expect(answers(page).last.get_by_role("button", name="Try again")).to_be_visible()
    questions = page.locator("faqbot-chat .msg.user")
    expect(questions).to_have_text(["You: " + PEEL_Q])
    expect(answers(page)).to_have_count(1)
    page.unroute("**/api/ask")
    answers(page).last.get_by_role("button", name="Try again").click()  # and goes through
    expect(answers(page).last.get_by_role("link", name=PEEL_HEADING)).to_be_visible()
    # Before: three copies of the question, under the first two an error each.
    expect(questions).to_have_text(["You: " + PEEL_Q])
    expect(answers(page)).to_have_count(1)
    assert [m["role"] for m in stored_messages(page)] == ["user", "bot"]
    assert len(sent) == 2 and len(set(sent)) == 1  # the same Idempotency-Key each time
    page.reload()  # what the conversation keeps for this tab
    expect(questions).to_have_text(["You: " + PEEL_Q])
    expect(answers(page)).to_have_count(1)
    expect(answers(page).last.get_by_role("link", name=PEEL_HEADING)).to_be_visible()


def _type(page: Page, question: str) -> None:
    """Type a question and send it with Enter (the reply may take a failed one's place: no new reply to wait for)."""
    box = page.get_by_role("textbox", name="Your question")
    box.fill(question)
    box.press("Enter")


def test_the_question_typed_again_after_it_failed_takes_its_place_as_try_again_does(page: Page, servers):
    page.goto(servers.url + "/")
    open_chat(page)
    page.route("**/api/ask", lambda route: route.abort("internetdisconnected"))
    ask(page, PEEL_Q)
    keys = []
    page.on("request", lambda r: keys.append(r.headers.get("idempotency-key")) if "/api/ask" in r.url else None)
    with page.expect_request("**/api/ask"):
        _type(page, PEEL_Q)  # typed again rather than Try again: fails again
    expect(page.locator("faqbot-chat .typing")).to_have_count(0)
    questions = page.locator("faqbot-chat .msg.user")
    # Before: the question twice, the error between them.
    expect(questions).to_have_text(["You: " + PEEL_Q])
    expect(answers(page)).to_have_count(1)
    expect(answers(page).last.get_by_role("button", name="Try again")).to_be_visible()
    page.unroute("**/api/ask")
    _type(page, PEEL_Q)  # and goes through
    expect(answers(page).last.get_by_role("link", name=PEEL_HEADING)).to_be_visible()
    expect(questions).to_have_text(["You: " + PEEL_Q])
    expect(answers(page)).to_have_count(1)
    expect(page.get_by_role("textbox", name="Your question")).to_have_value("")  # sent from the composer: it empties
    assert [m["role"] for m in stored_messages(page)] == ["user", "bot"]
    assert len(keys) == 2 and len(set(keys)) == 1  # the failed question's Idempotency-Key each time
    page.reload()  # what the conversation keeps for this tab
    expect(questions).to_have_text(["You: " + PEEL_Q])
    expect(answers(page)).to_have_count(1)
    expect(answers(page).last.get_by_role("link", name=PEEL_HEADING)).to_be_visible()


def _ask_and_hold(page: Page, servers) -> HeldAsks:
    """Open the chat, ask PEEL_Q and hold its /api/ask request (never answered) while the widget waits."""
    page.goto(servers.url + "/")
    open_chat(page)
    held = hold_asks(page)
    box = page.get_by_role("textbox", name="Your question")
    box.fill(PEEL_Q)
    box.press("Enter")
    expect(page.locator("faqbot-chat .typing")).to_be_visible()
    return held


def test_a_question_cut_off_by_a_reload_can_be_tried_again(page: Page, servers):
    held = _ask_and_hold(page, servers)
    page.reload()
    held.let_through()
    expect(answers(page).last).to_contain_text("interrupted before its answer came")
    answers(page).last.get_by_role("button", name="Try again").click()
    expect(answers(page).last.get_by_role("link", name=PEEL_HEADING)).to_be_visible()
    expect(answers(page)).to_have_count(1)


def test_a_slow_answer_times_out_in_words_and_never_lands_under_a_later_question(page: Page, servers):
    page.clock.install()  # the widget's 15 s timeout, without waiting 15 s
    held = _ask_and_hold(page, servers)
    page.clock.fast_forward("00:16")
    slow = answers(page).last
    expect(slow).to_contain_text("taking too long")
    expect(page.locator("faqbot-chat .typing")).to_have_count(0)
    held.let_through()
    reply = ask(page, TINGLE_Q)
    expect(reply).to_contain_text("Tingling")
    held.release()  # the slow answer comes in now, late (the widget may have given up on it already)
    page.wait_for_timeout(500)
    expect(answers(page)).to_have_count(2)
    expect(page.locator("faqbot-chat .msg.user")).to_have_text(["You: " + PEEL_Q, "You: " + TINGLE_Q])
    expect(answers(page).last).to_contain_text("Tingling")


def _logged(servers, question: str) -> int:
    """How many times the question log holds `question` (what the dashboard and `faqbot report` count)."""
    servers.app.extensions["faqbot.log"].flush()
    with closing(sqlite3.connect(servers.db)) as db:
        return db.execute("SELECT COUNT(*) FROM faqbot_questions WHERE question = ?", (question,)).fetchone()[0]


def test_a_question_whose_answer_was_lost_on_the_way_back_is_logged_once_when_tried_again(page: Page, servers):
    question = "How many days will my skin peel for?"
    page.goto(servers.url + "/")
    open_chat(page)

    def reach_the_server_then_drop(route: Route) -> None:
        route.fetch()  # the server answers (and logs the question)...
        route.abort("connectionreset")  # ...and the answer never reaches the phone

    page.route("**/api/ask", reach_the_server_then_drop)
    failed = ask(page, question)
    expect(failed).to_contain_text("can't reach the answers right now")
    page.unroute("**/api/ask")
    with page.expect_request("**/api/ask") as sent:
        failed.get_by_role("button", name="Try again").click()
    expect(answers(page).last.get_by_role("link", name=PEEL_HEADING)).to_be_visible()
    assert _logged(servers, question) == 1
    assert sent.value.headers["idempotency-key"]
    # Typed again right after it failed is the same question too (its answer in the failed reply's place); asked
    # again after its answer came is not.
    page.route("**/api/ask", reach_the_server_then_drop)
    again = "Is tingling normal right after the peel?"
    ask(page, again)
    page.unroute("**/api/ask")
    _type(page, again)
    expect(answers(page).last).to_contain_text("Tingling")
    expect(answers(page)).to_have_count(2)
    expect(ask(page, again)).to_contain_text("Tingling")
    assert _logged(servers, again) == 2


def test_a_question_cut_off_by_a_reload_after_it_reached_the_server_is_logged_once(page: Page, servers):
    question = "How long will my skin peel after the peel on Friday?"
    page.goto(servers.url + "/")
    open_chat(page)
    held = HeldAsks()

    def reach_the_server_then_hang(route: Route) -> None:
        if held.passing:
            route.fallback()
        else:
            route.fetch()
            held.append(route)

    page.route("**/api/ask", reach_the_server_then_hang)
    box = page.get_by_role("textbox", name="Your question")
    box.fill(question)
    box.press("Enter")
    wait_held(page, held)
    page.reload()
    held.let_through()
    expect(answers(page).last).to_contain_text("interrupted before its answer came")
    answers(page).last.get_by_role("button", name="Try again").click()
    expect(answers(page).last.get_by_role("link", name=PEEL_HEADING)).to_be_visible()
    assert _logged(servers, question) == 1


HTML_502 = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>"


@pytest.mark.parametrize("status, body, content_type, says", [
    (429, '{"ok": false, "error": "too many requests", "status": 429}', "application/json", "from your connection just now"),
    (503, '{"ok": false, "error": "not ready", "status": 503}', "application/json", "can't reach the answers"),
    (502, HTML_502, "text/html", "can't reach the answers"),
    (404, "<html><body>Not Found</body></html>", "text/html", "can't reach the answers"),
    (200, "<html><body>Sign in to the café Wi-Fi</body></html>", "text/html", "can't reach the answers"),
], ids=["429-rate-limit", "503-json", "502-proxy-html", "404-wrong-api-address", "200-captive-portal-html"])
def test_an_error_page_reads_as_a_human_message_and_can_be_tried_again(page: Page, servers, status, body,
                                                                       content_type, says):
    page.goto(servers.url + "/")
    open_chat(page)
    page.route("**/api/ask", lambda route: route.fulfill(status=status, body=body, content_type=content_type))
    failed = ask(page, PEEL_Q)
    expect(failed).to_contain_text(says)
    for raw in ("undefined", "HTTP", str(status), "<", "Bad Gateway", "rephrase"):
        expect(failed).not_to_contain_text(raw)
    page.unroute("**/api/ask")
    failed.get_by_role("button", name="Try again").click()
    expect(answers(page).last.get_by_role("link", name=PEEL_HEADING)).to_be_visible()


def test_a_question_the_server_cannot_take_is_not_offered_again_as_it_is(page: Page, servers):
    page.goto(servers.url + "/")
    open_chat(page)
    page.route("**/api/ask", lambda route: route.fulfill(
        status=413, json={"ok": False, "error": "the question is too long", "status": 413}))
    box = page.get_by_role("textbox", name="Your question")
    box.fill(PEEL_Q)
    box.press("Enter")
    # A 413 that names no limit: the question comes back to the box, said too long, and is held back there (before:
    # "Sorry, I couldn't read that question. Please rephrase it." in the conversation, and the box emptied).
    expect(page.locator("faqbot-chat .length-note")).to_have_text(
        f"Your question is {len(PEEL_Q)} characters long: too long for the server to take. Shorten it to send it.")
    expect(box).to_have_value(PEEL_Q)
    expect(answers(page)).to_have_count(0)
    expect(page.locator("faqbot-chat").get_by_role("button", name="Try again")).to_have_count(0)
    sent = requests_to_ask(page)
    box.press("Enter")
    page.wait_for_timeout(300)
    assert sent == []


def test_starter_questions_come_once_the_network_is_back(page: Page, servers):
    page.goto(servers.url + "/")
    page.context.set_offline(True)
    open_chat(page)
    page.wait_for_timeout(300)
    expect(page.locator("faqbot-chat .intro .chip")).to_have_count(0)
    page.get_by_role("button", name="Close chat").click()
    page.context.set_offline(False)
    open_chat(page)
    expect(page.locator("faqbot-chat .intro .chip")).to_have_count(4)


def test_try_again_or_a_chip_keeps_what_the_visitor_was_typing(page: Page, servers):
    page.goto(servers.url + "/")
    open_chat(page)
    box = page.get_by_role("textbox", name="Your question")
    box.fill("Can I wear makeup the next d")  # half-typed when a chip catches the eye
    page.locator("faqbot-chat .intro .chip").first.click()
    expect(answers(page)).to_have_count(1)
    expect(box).to_have_value("Can I wear makeup the next d")
    page.route("**/api/ask", lambda route: route.abort("internetdisconnected"))
    box.fill(PEEL_Q)
    box.press("Enter")
    expect(box).to_have_value("")  # sent from the composer: it empties
    expect(answers(page)).to_have_count(2)
    page.unroute("**/api/ask")
    box.fill("Is tingling")
    answers(page).last.get_by_role("button", name="Try again").click()
    expect(answers(page).last.get_by_role("link", name=PEEL_HEADING)).to_be_visible()
    expect(answers(page)).to_have_count(2)
    expect(box).to_have_value("Is tingling")


def test_a_vote_sent_offline_says_so_and_goes_through_once_back_online(page: Page, servers):
    page.goto(servers.url + "/")
    open_chat(page)
    reply = ask(page, PEEL_Q)
    page.context.set_offline(True)
    up = reply.get_by_role("button", name="Helpful", exact=True)
    up.click()
    expect(reply.get_by_role("status")).to_have_text(
        "You seem to be offline: your feedback wasn't sent. Please try again once you're back online.")
    page.context.set_offline(False)
    up.click()
    expect(reply.get_by_role("status")).to_have_text("Thanks for your feedback!")
    expect(up).to_have_attribute("aria-pressed", "true")


def test_a_vote_whose_connection_drops_on_the_way_says_so_at_once(page: Page, servers):
    page.goto(servers.url + "/")
    open_chat(page)
    reply = ask(page, PEEL_Q)
    held = hold_requests(page, "**/api/feedback")
    reply.get_by_role("button", name="Helpful", exact=True).click()
    wait_held(page, held)
    page.context.set_offline(True)
    # Before: the thumbs stayed marked busy, and the status empty, until the 15 s timeout.
    expect(reply.get_by_role("status")).to_have_text(
        "You seem to be offline: your feedback wasn't sent. Please try again once you're back online.", timeout=3000)
    page.context.set_offline(False)
    held.let_through()
    reply.get_by_role("button", name="Helpful", exact=True).click()
    expect(reply.get_by_role("status")).to_have_text("Thanks for your feedback!")


def _sections_down(page: Page) -> tuple[list, list]:
    """GET /api/sections answers 503 (the server away) until the list returned is set true; its requests counted."""
    seen: list = []
    back: list = []

    def handle(route: Route) -> None:
        seen.append(route.request)
        if back:
            route.continue_()
        else:
            route.fulfill(status=503, json={"ok": False, "error": "down", "status": 503})

    page.route("**/api/sections", handle)
    return seen, back


def test_suggested_questions_come_once_the_server_is_back_with_the_panel_left_open(page: Page, servers):
    page.goto(servers.url + "/")
    seen, back = _sections_down(page)
    open_chat(page)
    expect(page.locator("faqbot-chat .intro")).to_be_visible()
    page.wait_for_timeout(500)
    assert len(seen) == 1
    expect(page.locator("faqbot-chat .intro .chip")).to_have_count(0)
    back.append(True)
    # Before: only at the next opening of the panel (closed and opened again), or a reload.
    expect(page.locator("faqbot-chat .intro .chip")).to_have_count(4, timeout=15000)
    expect(page.get_by_role("dialog", name="Ask a question")).to_be_visible()


def test_suggested_questions_are_asked_for_again_when_a_question_gets_its_answer(page: Page, servers):
    page.goto(servers.url + "/")
    seen, back = _sections_down(page)
    open_chat(page)
    page.wait_for_timeout(300)
    assert len(seen) == 1
    back.append(True)
    with page.expect_request("**/api/sections", timeout=2000):  # at once, not at the next retry
        ask(page, PEEL_Q)
    page.get_by_role("button", name="Start a new conversation").click()
    expect(page.locator("faqbot-chat .intro .chip")).to_have_count(4)


def test_suggested_questions_coming_late_leave_keyboard_focus_where_it_is(page: Page, servers):
    page.goto(servers.url + "/")
    seen, back = _sections_down(page)
    open_chat(page)
    ask(page, PEEL_Q)
    page.get_by_role("button", name="Start a new conversation").click()
    undo = page.get_by_role("button", name="Undo")
    undo.focus()
    back.append(True)
    page.context.set_offline(True)
    page.context.set_offline(False)  # the connection back: asked for at once
    expect(page.locator("faqbot-chat .intro .chip")).to_have_count(4)
    # The greeting is drawn again with them: focus was on its Undo, and fell to the page with the old one.
    expect(undo).to_be_focused()
