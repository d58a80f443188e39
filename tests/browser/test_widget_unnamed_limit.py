"""A server (or a proxy in front of it) that answers 413 to a request too large without naming its limit, in real
Chromium: the question refused comes back to the box, said too long, and is held back; a shorter one is still sent, and
the note under the box only ever says what the widget knows."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, Route, expect

from _widget import answers, open_chat, requests_to_ask

pytestmark = pytest.mark.browser

LIMIT = 150  # bytes of request body the proxy takes; it does not say so
LONG_Q = "How long will my skin peel after the chemical peel I had at your clinic on Tuesday, and is it normal " \
         "for it to itch and sting a little while it peels?"  # its request is over LIMIT
SHORT_Q = "How long will my skin peel?"


def _proxy(route: Route) -> None:
    """A proxy that takes requests of up to LIMIT bytes and answers a larger one with a 413 naming no limit."""
    if len(route.request.post_data_buffer or b"") > LIMIT:
        route.fulfill(status=413, json={"ok": False, "error": "Payload Too Large", "status": 413})
    else:
        route.continue_()


def size(question: str, history: list[str]) -> int:
    return len(json.dumps({"question": question, "history": history, "top_k": 3}, separators=(",", ":")).encode())


def test_after_an_unnamed_413_a_shorter_question_is_sent_and_the_notes_are_true(page: Page, servers):
    assert size(LONG_Q, []) > LIMIT >= size(SHORT_Q, [])
    page.route("**/api/ask", _proxy)
    page.goto(servers.url + "/")
    open_chat(page)
    box = page.get_by_role("textbox", name="Your question")
    note = page.locator("faqbot-chat .length-note")
    box.fill(LONG_Q)
    box.press("Enter")
    # Back in the box, said too long, with no number the server did not give.
    expect(note).to_have_text(f"Your question is {len(LONG_Q)} characters long: too long for the server to take. "
                              "Shorten it to send it.")
    expect(box).to_have_value(LONG_Q)
    expect(answers(page)).to_have_count(0)
    sent = requests_to_ask(page)
    box.press("Enter")
    page.wait_for_timeout(300)
    assert sent == []  # held back: the server refused it as it is
    # One character shorter than the one refused: the widget does not know it too long, so it says nothing, sends it.
    box.fill(LONG_Q[:-1])
    expect(note).to_be_empty()
    box.fill(SHORT_Q)
    box.press("Enter")
    expect(answers(page)).to_have_count(1)
    expect(answers(page).last).not_to_have_class("msg bot error")
    expect(answers(page).last.get_by_role("link")).to_have_count(1)
    assert len(sent) == 1 and sent[0].post_data_json["question"] == SHORT_Q
    expect(note).to_be_empty()


MEDIUM_Q = "Is it normal for my skin to tingle and sting a little after a chemical peel? I had it done on Tuesday."


def test_after_an_unnamed_413_for_a_follow_up_its_history_goes_first(page: Page, servers):
    assert size(MEDIUM_Q, [SHORT_Q]) > LIMIT >= size(MEDIUM_Q, [])
    page.route("**/api/ask", _proxy)
    page.goto(servers.url + "/")
    open_chat(page)
    box = page.get_by_role("textbox", name="Your question")
    box.fill(SHORT_Q)
    box.press("Enter")
    expect(answers(page)).to_have_count(1)
    statuses: list[int] = []
    page.on("response", lambda r: statuses.append(r.status) if "/api/ask" in r.url else None)
    box.fill(MEDIUM_Q)
    box.press("Enter")
    expect(answers(page)).to_have_count(2)
    # Refused with the first question as history; sent again without it and answered, not said too long.
    assert statuses == [413, 200]
    expect(answers(page).last).not_to_have_class("msg bot error")
    expect(page.locator("faqbot-chat .length-note")).to_be_empty()
    # A question too large alone: refused once, back in the box, said too long (with no number: none was given).
    box.fill(LONG_Q)
    box.press("Enter")
    expect(page.locator("faqbot-chat .length-note")).to_have_text(
        f"Your question is {len(LONG_Q)} characters long: too long for the server to take. Shorten it to send it.")
    expect(box).to_have_value(LONG_Q)
    # And a short one after it still goes, answered.
    box.fill(SHORT_Q)
    box.press("Enter")
    expect(answers(page)).to_have_count(3)
    expect(answers(page).last).not_to_have_class("msg bot error")
