"""A vote (thumbs up or down) refused by the rate limit (429) in real Chromium: the answer says how long to wait, counting
down; the thumbs hold votes back until then (every answer's: the server counts the visitor), then take them again."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import Page, expect

from _app import app_maker
from _widget import answers, ask, open_chat
from conftest import KB_SMALL, _Thread

pytestmark = pytest.mark.browser

PEEL_Q = "How long will my skin peel?"
MAKEUP_Q = "Can I put makeup on after my peel?"
LIMITED = "Your feedback wasn't sent: too many votes came from your connection just now."


@pytest.fixture()
def limited(tmp_path):
    """A real server with FAQBOT_RATE_LIMIT=3/minute; returns (its URL, its SQLite log)."""
    shutil.copytree(KB_SMALL, tmp_path / "content")
    make = app_maker(tmp_path / "content", tmp_path, rate_limit="3/minute")
    server = _Thread(make())
    yield server.url, make.db
    server.stop()


def _spend_votes(url: str) -> None:
    """The votes of the other visitors on the same Wi-Fi (the same address): the minute's 3, and a 4th refused."""
    body = json.dumps({"question": "is it sore?", "section_id": None, "helpful": True}).encode()
    codes = []
    for _ in range(4):
        request = urllib.request.Request(url + "/api/feedback", data=body, headers={"Content-Type": "application/json"})
        try:
            codes.append(urllib.request.urlopen(request).status)
        except urllib.error.HTTPError as e:
            codes.append(e.code)
    assert codes == [201, 201, 201, 429], codes


def _votes_sent(page: Page) -> list:
    sent: list = []
    page.on("request", lambda r: sent.append(r) if "/api/feedback" in r.url else None)
    return sent


def test_a_vote_refused_by_the_rate_limit_says_the_wait_and_can_be_given_after_it(page: Page, limited):
    url, db = limited
    page.clock.install()  # the limiter's minute without waiting it: the widget's clock runs on at will
    page.goto(url + "/")
    open_chat(page)
    ask(page, PEEL_Q)
    ask(page, MAKEUP_Q)
    first, second = answers(page).first, answers(page).last
    _spend_votes(url)
    status = first.get_by_role("status")
    page.evaluate("""() => {
        window.said = 0;  // additions to the status's live region: each one is announced
        const status = document.querySelector('faqbot-chat').shadowRoot.querySelector('.feedback-status');
        new MutationObserver((rs) => rs.forEach((r) => { window.said += r.addedNodes.length; }))
            .observe(status, { childList: true });
    }""")
    up = first.get_by_role("button", name="Helpful", exact=True)
    up.click()
    # Before: "Sorry, your feedback couldn't be sent. Please try again in a little while." (how long is a while?)
    says = re.compile(rf"^{re.escape(LIMITED)} You can vote again in (\d\d) seconds\.$")
    expect(status).to_have_text(says)
    assert 50 <= int(says.match(status.text_content()).group(1)) <= 60
    expect(up).to_be_disabled()  # aria-disabled: read as unavailable...
    expect(up).to_be_focused()  # ...and focus stays on it
    expect(first.get_by_role("button", name="Not helpful")).to_be_disabled()
    sent = _votes_sent(page)
    up.dispatch_event("click")  # a tap all the same: not sent, it could only be refused
    second.get_by_role("button", name="Not helpful").click(force=True)  # nor another answer's vote
    expect(second.get_by_role("status")).to_have_text(says)
    page.clock.fast_forward("00:20")
    expect(status).to_have_text(re.compile(rf"^{re.escape(LIMITED)} You can vote again in [34]\d seconds\.$"))
    assert sent == []
    assert page.evaluate("window.said") == 2, "said once (2 nodes added), then counted down in place"
    page.clock.fast_forward("01:00")  # the wait is over: the thumbs take votes again, and it is said
    expect(status).to_have_text("You can vote again now.")
    expect(up).to_be_enabled()
    # (The server's own minute has really passed by now only if the test was slow: let it take this vote.)
    page.route("**/api/feedback", lambda route: route.fulfill(status=201, json={"ok": True}))
    with page.expect_request("**/api/feedback") as request:
        up.click()
    assert request.value.post_data_json == {"question": PEEL_Q, "section_id": request.value.post_data_json["section_id"],
                                            "helpful": True}
    expect(status).to_have_text("Thanks for your feedback!")
    assert sqlite3.connect(db).execute("SELECT COUNT(*) FROM faqbot_feedback").fetchone() == (3,)


def test_a_vote_refused_without_retry_after_says_to_wait_a_moment(page: Page, servers):
    page.goto(servers.url + "/")
    open_chat(page)
    reply = ask(page, PEEL_Q)
    page.route("**/api/feedback", lambda route: route.fulfill(
        status=429, json={"ok": False, "error": "too many requests", "status": 429}))
    up = reply.get_by_role("button", name="Helpful", exact=True)
    up.click()
    expect(reply.get_by_role("status")).to_have_text(f"{LIMITED} Please wait a moment and try again.")
    expect(up).to_be_enabled()  # no wait known: the visitor may try again at once


def test_a_vote_that_goes_through_says_thanks_though_another_was_refused_meanwhile(page: Page, servers):
    page.goto(servers.url + "/")
    open_chat(page)
    ask(page, PEEL_Q)
    ask(page, MAKEUP_Q)
    first, second = answers(page).first, answers(page).last
    held = []

    def route(r):
        if not held:
            held.append(r)  # the first vote: on its way
        else:
            r.fulfill(status=429, headers={"Retry-After": "30"},
                      json={"ok": False, "error": "too many requests", "status": 429})

    page.route("**/api/feedback", route)
    first.get_by_role("button", name="Helpful", exact=True).click()
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(50)
    second.get_by_role("button", name="Helpful", exact=True).click()
    expect(second.get_by_role("status")).to_contain_text("You can vote again in")
    held[0].fulfill(status=201, json={"ok": True})
    expect(first.get_by_role("status")).to_have_text("Thanks for your feedback!")
    page.wait_for_timeout(300)
    expect(first.get_by_role("status")).to_have_text("Thanks for your feedback!")


def test_a_votes_wait_outlasts_a_reload(page: Page, servers):
    page.goto(servers.url + "/")
    open_chat(page)
    ask(page, PEEL_Q)
    page.route("**/api/feedback", lambda route: route.fulfill(
        status=429, headers={"Retry-After": "60"}, json={"ok": False, "error": "too many requests", "status": 429}))
    answers(page).first.get_by_role("button", name="Helpful", exact=True).click()
    says = re.compile(rf"^{re.escape(LIMITED)} You can vote again in (5\d|60) seconds\.$")
    expect(answers(page).first.get_by_role("status")).to_have_text(says)
    page.reload()
    reply = answers(page).first
    # Before: the thumbs took a vote again at once after the reload, and the server refused it.
    expect(reply.get_by_role("status")).to_have_text(says)
    up = reply.get_by_role("button", name="Helpful", exact=True)
    expect(up).to_be_disabled()  # aria-disabled
    sent = _votes_sent(page)
    up.dispatch_event("click")
    reply.get_by_role("button", name="Not helpful").dispatch_event("click")
    page.wait_for_timeout(300)
    assert sent == []
    expect(reply.get_by_role("status")).to_have_text(says)
