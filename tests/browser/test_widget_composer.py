"""The question box in real Chromium, as a visitor fills it: a question pasted longer than the server takes is kept
whole, said to be too long (once, then counted in place) and not sent until it is short enough."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from _widget import answers, open_chat, requests_to_ask

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 375, "height": 667}, "has_touch": True, "is_mobile": True}
# Each line the announcer says (spans added to it) counted in window.said: "Type your question first." with focus
# already in the box (a note that comes as focus lands on the box is read as its description instead).
SAID = """() => {
    window.said = 0;
    const said = document.querySelector('faqbot-chat').shadowRoot.querySelector('.announcer');
    new MutationObserver((rs) => rs.forEach((r) => r.addedNodes.forEach((n) => {
        if (n.textContent.trim() === 'Type your question first.') window.said += 1;
    }))).observe(said, { childList: true });
}"""
STORY = "I had a chemical peel on my cheeks and forehead at your clinic yesterday afternoon. " * 6
QUESTION = "How long will my skin peel?"


@pytest.mark.browser_context_args(**PHONE)
def test_a_question_pasted_too_long_is_kept_whole_and_said_to_be_too_long(page: Page, servers):
    page.goto(servers.url + "/")
    open_chat(page)
    box = page.get_by_role("textbox", name="Your question")
    note = page.locator("faqbot-chat .length-note")
    box.focus()
    pasted = STORY + QUESTION  # the question itself at the end, as people write
    assert len(pasted) > 500
    page.keyboard.insert_text(pasted)
    # Before: the input cut it at 500 characters without a word, the question at its end went, and what was left
    # got "Sorry, I don't have an answer to that."
    expect(box).to_have_value(pasted)
    says = re.compile(rf"^Your question is {len(pasted)} characters long: shorten it to 500 or fewer to send it\.$")
    expect(note).to_have_text(says)
    expect(page.locator("faqbot-chat .announcer")).to_have_text(says)  # said as it appeared (focus in the box)
    expect(box).to_have_accessible_description(says)
    expect(box).to_have_attribute("aria-invalid", "true")
    sent = requests_to_ask(page)
    box.press("Enter")
    page.get_by_role("button", name="Send").click()
    page.wait_for_timeout(300)
    assert sent == []
    expect(box).to_have_value(pasted)  # kept, to be shortened
    expect(box).to_be_focused()
    expect(answers(page)).to_have_count(0)
    box.press("End")
    box.press("Backspace")  # one character shorter: counted in place
    expect(note).to_have_text(re.compile(rf"^Your question is {len(pasted) - 1} characters long"))
    box.fill(QUESTION)  # short enough: the note goes, and it is sent
    expect(note).to_be_empty()
    expect(box).not_to_have_attribute("aria-invalid", "true")
    with page.expect_request("**/api/ask") as request:
        box.press("Enter")
    assert request.value.post_data_json["question"] == QUESTION
    expect(answers(page)).to_have_count(1)


def test_the_length_is_counted_as_the_server_counts_it(page: Page, servers):
    page.goto(servers.allowed.url + "/embed?maxlength=20")
    open_chat(page)
    box = page.get_by_role("textbox", name="Your question")
    note = page.locator("faqbot-chat .length-note")
    box.fill("  " + "🙂" * 20 + "  ")  # 20 characters for the server (spaces around dropped), 40 UTF-16 units
    expect(note).to_be_empty()
    box.fill("🙂" * 21)
    expect(note).to_have_text("Your question is 21 characters long: shorten it to 20 or fewer to send it.")


def test_a_page_allowing_longer_questions_than_the_server_gets_the_servers_limit_said(page: Page, servers):
    # The site passes maxlength="2000"; the server takes 500 (FAQBOT_MAX_QUESTION_LENGTH): its 400 names the limit.
    page.goto(servers.allowed.url + "/embed?maxlength=2000")
    open_chat(page)
    box = page.get_by_role("textbox", name="Your question")
    note = page.locator("faqbot-chat .length-note")
    typed = STORY * 2 + QUESTION
    assert 500 < len(typed) <= 2000
    box.fill(typed)
    expect(note).to_be_empty()  # the page's limit: the widget cannot know the server's yet
    with page.expect_response("**/api/ask") as response:
        box.press("Enter")
    assert response.value.status == 400
    # Before: the box emptied, and the reply was "Sorry, I couldn't read that question. Please rephrase it.", the
    # question typed gone but for its copy in the conversation.
    says = f"Your question is {len(typed)} characters long: shorten it to 500 or fewer to send it."
    expect(note).to_have_text(says)
    expect(box).to_have_value(typed)
    expect(box).to_be_focused()
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(box).to_have_accessible_description(says)
    expect(answers(page)).to_have_count(0)  # not sent, as a question the widget knew too long is not
    expect(page.locator("faqbot-chat .msg.user")).to_have_count(0)
    # Now known: a question too long is not sent again, and one shortened is.
    sent = requests_to_ask(page)
    box.press("Enter")
    page.wait_for_timeout(300)
    assert sent == []
    box.fill(QUESTION)
    expect(note).to_be_empty()
    box.press("Enter")
    expect(answers(page)).to_have_count(1)
    expect(answers(page).last).not_to_have_class(re.compile("error"))


@pytest.mark.parametrize("context", [{}, PHONE], ids=["desktop", "phone"])
def test_send_with_the_box_empty_says_to_type_a_question_first(browser, servers, context):
    page = browser.new_context(**context).new_page()
    page.goto(servers.url + "/")
    open_chat(page)
    box = page.get_by_role("textbox", name="Your question")
    send = page.get_by_role("button", name="Send")
    note = page.locator("faqbot-chat .length-note")
    page.evaluate(SAID)
    sent = requests_to_ask(page)
    if context:
        send.tap()
    else:
        send.click()
    # Before: nothing happened and nothing was said; a screen reader user heard silence.
    expect(note).to_have_text("Type your question first.")
    expect(box).to_have_accessible_description("Type your question first.")  # read as focus lands on the box
    expect(box).to_be_focused()
    box.fill("   ")
    # Only spaces, by Enter: said again (by the announcer: focus is in the box already), so a second press is not met
    # by silence.
    box.press("Enter")
    page.wait_for_function("window.said === 1")
    expect(note).to_have_text("Type your question first.")
    page.wait_for_timeout(300)
    assert sent == []
    expect(answers(page)).to_have_count(0)
    expect(page.get_by_role("alertdialog")).to_have_count(0)
    page.locator("faqbot-chat .intro .chip").first.click()  # a suggested question instead: the note goes
    expect(answers(page)).to_have_count(1)
    expect(note).to_be_empty()
    send.click()
    expect(note).to_have_text("Type your question first.")
    box.fill(QUESTION)  # typing: the note goes
    expect(note).to_be_empty()
    with page.expect_request("**/api/ask"):
        box.press("Enter")
    expect(answers(page)).to_have_count(2)
    page.context.close()


def test_enter_held_says_nothing_of_an_empty_box_but_once(page: Page, servers):
    page.goto(servers.url + "/")
    launcher = page.get_by_role("button", name="Ask a question")
    launcher.focus()
    note = page.locator("faqbot-chat .length-note")
    for _ in range(3):  # held on the launcher: it opens the chat, and the repeats go on into the box
        page.keyboard.down("Enter")
    page.keyboard.up("Enter")
    expect(page.get_by_role("dialog", name="Ask a question")).to_be_visible()
    page.wait_for_timeout(300)
    expect(note).to_be_empty()  # no press of Send
    page.evaluate(SAID)
    for _ in range(5):  # held in the empty box: said once, not at each repeat
        page.keyboard.down("Enter")
    page.keyboard.up("Enter")
    expect(note).to_have_text("Type your question first.")
    page.wait_for_timeout(300)
    assert page.evaluate("window.said") == 1
