"""The chat widget in real Chromium: asking, sources, suggestions, feedback, persistence, keyboard, XSS, CORS."""

from __future__ import annotations

import re
import sqlite3
import time

import pytest
from playwright.sync_api import Page, expect

from _widget import answers, api_answer, ask, open_chat, shadow_focus
from conftest import DISCLAIMER

pytestmark = pytest.mark.browser

PEEL_Q = "How long will my skin peel?"
PEEL_HEADING = "How Long Will My Skin Peel After A Chemical Peel?"
PEEL_URL = "/kb/peel-aftercare#how-long-will-my-skin-peel-after-a-chemical-peel"


def test_ask_shows_the_answer_its_heading_and_a_link(page: Page, servers):
    expected = api_answer(servers.url, PEEL_Q)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(servers.url + "/")
    open_chat(page)
    # The widget's stylesheet is a <link> in the shadow root: styled under the page's strict CSP.
    assert page.get_by_role("button", name="Send").evaluate("el => getComputedStyle(el).width") == "44px"
    expect(page.get_by_role("log", name="Conversation")).to_be_visible()
    reply = ask(page, PEEL_Q)
    expect(reply.locator(".answer")).to_have_text(expected["answer"])
    link = reply.get_by_role("link", name=PEEL_HEADING)
    expect(link).to_have_attribute("href", servers.url + PEEL_URL)
    # "Read more" swaps the concise answer for the whole section.
    more = reply.get_by_role("button", name="Read more")
    expect(more).to_have_attribute("aria-expanded", "false")
    more.click()
    expect(reply.get_by_role("button", name="Show less")).to_have_attribute("aria-expanded", "true")
    expect(reply.locator(".full")).to_contain_text("Deeper peels can flake for up to two weeks.")
    disclaimer = servers.app.config["FAQBOT_SETTINGS"].disclaimer
    expect(page.locator("faqbot-chat .disclaimer")).to_have_text(disclaimer)
    assert not [m for m in console if "Content Security Policy" in m or "Refused" in m], console


def test_lists_in_answers_are_lists(page: Page, servers):
    page.goto(servers.url + "/")
    open_chat(page)
    reply = ask(page, "What should I avoid after a chemical peel?")
    items = reply.locator(".answer li")
    expect(items).to_have_count(3)
    expect(items.nth(2)).to_have_text("Saunas, hot yoga and very hot showers.")
    expect(reply).not_to_contain_text("•")


def test_starter_questions_and_typing_indicator(page: Page, servers, monkeypatch):
    from bot.engine import Served

    real_lookup = Served.lookup

    def slow_lookup(*args, **kwargs):  # every answer, cached or not, takes a while to come
        time.sleep(0.8)
        return real_lookup(*args, **kwargs)

    monkeypatch.setattr(Served, "lookup", slow_lookup)
    page.goto(servers.url + "/")
    open_chat(page)
    starters = page.locator("faqbot-chat .intro .chip")
    expect(starters).to_have_count(4)
    first = starters.first.inner_text()
    starters.first.click()
    expect(page.locator("faqbot-chat .typing")).to_be_visible()
    expect(page.locator("faqbot-chat .typing").get_by_text("The assistant is typing…")).to_be_attached()
    expect(page.locator("faqbot-chat").get_by_role("status").filter(has_text="The assistant is typing…")).to_be_attached()
    expect(answers(page)).to_have_count(1)
    expect(page.locator("faqbot-chat .typing")).to_have_count(0)
    expect(answers(page).last.get_by_role("link", name=first)).to_be_visible()
    expect(page.locator("faqbot-chat .intro")).to_have_count(0)


def test_following_the_source_link_lands_on_the_anchor(page: Page, servers):
    page.goto(servers.url + "/")
    open_chat(page)
    ask(page, PEEL_Q).get_by_role("link", name=PEEL_HEADING).click()
    expect(page).to_have_url(servers.url + PEEL_URL)
    section = page.locator("#how-long-will-my-skin-peel-after-a-chemical-peel")
    expect(section.get_by_role("heading", name=PEEL_HEADING)).to_be_in_viewport()
    # The panel starts closed on the article, so it doesn't cover what the visitor came to read.
    expect(page.get_by_role("button", name="Ask a question")).to_have_attribute("aria-expanded", "false")


def test_unanswerable_question_offers_suggestions_that_answer(page: Page, servers):
    page.goto(servers.url + "/")
    open_chat(page)
    reply = ask(page, "What is the capital of France?")
    expect(reply).to_contain_text("Did you mean")
    expect(reply.get_by_role("link")).to_have_count(0)
    chips = reply.locator(".chip").filter(has_text=re.compile(r"\?$"))
    expect(chips.first).to_be_visible()
    heading = chips.first.inner_text()
    chips.first.click()
    expect(answers(page)).to_have_count(2)
    expect(answers(page).last.get_by_role("link", name=heading)).to_be_visible()


def test_thumbs_up_lands_in_the_database(page: Page, servers):
    question = "Can I put makeup on after my peel?"
    page.goto(servers.url + "/")
    open_chat(page)
    reply = ask(page, question)
    expect(reply.get_by_role("link", name="Can I Wear Makeup After A Chemical Peel?")).to_be_visible()
    reply.get_by_role("button", name="Helpful", exact=True).click()
    expect(reply.get_by_role("status")).to_have_text("Thanks for your feedback!")
    expect(reply.get_by_role("button", name="Helpful", exact=True)).to_have_attribute("aria-pressed", "true")
    rows = sqlite3.connect(servers.db).execute(
        "SELECT section_id, helpful FROM faqbot_feedback WHERE question = ?", (question,)).fetchall()
    assert rows == [("peel-aftercare/can-i-wear-makeup-after-a-chemical-peel", 1)]
    # The vote is remembered with the conversation.
    page.reload()
    expect(answers(page).last.get_by_role("button", name="Helpful", exact=True)).to_be_disabled()


def test_a_vote_by_keyboard_keeps_focus_in_the_panel(page: Page, servers):
    page.goto(servers.url + "/")
    open_chat(page)
    reply = ask(page, PEEL_Q)
    for _ in range(20):  # Shift+Tab from the input back to the answer's thumbs
        page.keyboard.press("Shift+Tab")
        if shadow_focus(page) == "button.thumb":
            break
    assert shadow_focus(page) == "button.thumb"
    page.keyboard.press("Enter")
    expect(reply.get_by_role("status")).to_have_text("Thanks for your feedback!")
    expect(reply.get_by_role("button", name="Not helpful")).to_be_disabled()
    # The thumbs are disabled now; focus is on the thanks, not lost to the page, and Tab goes on from there.
    assert shadow_focus(page) == "span.feedback-status", shadow_focus(page)
    page.keyboard.press("Tab")
    assert shadow_focus(page) == "textarea.input", shadow_focus(page)


def test_reload_keeps_the_conversation_and_history_is_sent(page: Page, servers):
    page.goto(servers.url + "/")
    open_chat(page)
    ask(page, PEEL_Q)
    ask(page, "Is tingling normal?")
    page.reload()
    expect(page.get_by_role("dialog", name="Ask a question")).to_be_visible()
    log = page.get_by_role("log", name="Conversation")
    expect(log.locator(".msg.user")).to_have_text(["You: " + PEEL_Q, "You: Is tingling normal?"])
    expect(answers(page)).to_have_count(2)
    expect(answers(page).first.get_by_role("link", name=PEEL_HEADING)).to_be_visible()
    with page.expect_request("**/api/ask") as request:
        ask(page, "and can I wear makeup?")
    assert request.value.post_data_json["history"] == [PEEL_Q, "Is tingling normal?"]
    # "Start over" clears it.
    page.get_by_role("button", name="Start a new conversation").click()
    expect(answers(page)).to_have_count(0)
    page.reload()
    expect(log.locator(".msg.user")).to_have_count(0)


def test_icon_buttons_tooltips_are_in_their_names(page: Page, servers):
    # A voice-control user says what the tooltip shows ("click Start over"); the button's accessible name must
    # hold those words (WCAG 2.5.3, label in name): "Start over" on a button named "Start a new conversation" did not
    page.goto(servers.url + "/")
    open_chat(page)
    buttons = page.locator("faqbot-chat .icon-button, faqbot-chat .send")
    expect(buttons).to_have_count(3)
    for i in range(buttons.count()):
        b = buttons.nth(i)
        title = b.get_attribute("title")
        assert title
        expect(page.locator("faqbot-chat").get_by_role("button", name=title, exact=True)).to_have_count(1)


def _described(page: Page) -> list[tuple[str, str, str]]:
    """(role, name, description) of every node in the page's accessibility tree that has a description."""
    tree = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    value = lambda node, key: (node.get(key) or {}).get("value", "")  # noqa: E731
    return [(value(n, "role"), value(n, "name"), value(n, "description")) for n in tree if value(n, "description")]


def test_no_control_says_its_name_twice(page: Page, servers):
    """A button named by aria-label with a title too got the title as its description: a screen reader read
    "Helpful, button, Helpful" and "Close chat, button, Close"."""
    page.goto(servers.url + "/")
    open_chat(page)
    reply = ask(page, PEEL_Q)
    reply.get_by_role("button", name="Helpful", exact=True).focus()
    box = page.get_by_role("textbox", name="Your question")
    box.fill("is it sore?")
    page.route("**/api/ask", lambda route: None)  # held: Send is Stop meanwhile
    box.press("Enter")
    expect(page.locator("faqbot-chat").get_by_role("button", name="Stop waiting for the answer")).to_be_visible()
    described = _described(page)
    twice = [(role, name, said) for role, name, said in described
             if said.strip().lower() in name.lower() or name.strip().lower() in said.lower()]
    assert twice == [], twice
    assert ("dialog", "Ask a question", DISCLAIMER) in described  # (what a description is for)


def test_keyboard_only_session(page: Page, servers):
    page.goto(servers.url + "/")
    for _ in range(40):  # Tab through the page until the launcher has focus
        page.keyboard.press("Tab")
        if shadow_focus(page) == "button.launcher":
            break
    assert shadow_focus(page) == "button.launcher"
    launcher = page.get_by_role("button", name="Ask a question")
    assert launcher.evaluate("el => getComputedStyle(el).outlineStyle") == "solid"  # visible focus
    page.keyboard.press("Enter")
    assert shadow_focus(page) == "textarea.input"
    page.keyboard.type(PEEL_Q)
    page.keyboard.press("Enter")
    expect(answers(page)).to_have_count(1)
    for _ in range(20):  # Shift+Tab from the input back into the conversation, to "Read more"
        page.keyboard.press("Shift+Tab")
        if shadow_focus(page) == "button.link-button more":
            break
    assert shadow_focus(page) == "button.link-button more"
    page.keyboard.press("Enter")
    expect(answers(page).last.get_by_role("button", name="Show less")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog", name="Ask a question")).to_be_hidden()
    assert shadow_focus(page) == "button.launcher"
    expect(launcher).to_have_attribute("aria-expanded", "false")


@pytest.mark.parametrize("where", ["bot", "partner"])
def test_markup_in_content_is_shown_as_text_and_never_runs(page: Page, servers, where):
    url = servers.url + "/" if where == "bot" else servers.allowed.url + "/"  # the partner page has no CSP
    page.goto(url)
    open_chat(page)
    reply = ask(page, "How is markup in answers displayed?")
    expect(reply.locator(".answer")).to_contain_text("<img src=x onerror=window.__xss=1>")
    expect(page.locator("faqbot-chat img")).to_have_count(0)
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.__xss") is None
    page.goto(servers.url + "/kb/widget-safety")
    expect(page.locator("article").get_by_text("<img src=x onerror=window.__xss=1>")).to_be_visible()
    assert page.evaluate("() => window.__xss") is None and page.locator("article img").count() == 0


def test_embedded_on_an_allowed_origin(page: Page, servers):
    page.goto(servers.allowed.url + "/")
    open_chat(page)
    expect(page.locator("faqbot-chat .intro .chip")).to_have_count(4)  # /api/sections across origins
    reply = ask(page, PEEL_Q)
    expect(reply.get_by_role("link", name=PEEL_HEADING)).to_have_attribute("href", servers.url + PEEL_URL)
    reply.get_by_role("button", name="Helpful", exact=True).click()
    expect(reply.get_by_role("status")).to_have_text("Thanks for your feedback!")


def test_embedded_on_a_refused_origin_fails_politely(page: Page, servers):
    page.goto(servers.refused.url + "/")
    open_chat(page)
    reply = ask(page, PEEL_Q)
    expect(reply).to_have_class(re.compile(r"\berror\b"))
    expect(reply).to_contain_text("can't reach the answers right now")
    expect(reply).not_to_contain_text("clinic")  # the widget's own texts fit any site
    expect(page.locator("faqbot-chat .kind-answer")).to_have_count(0)
    expect(page.locator("faqbot-chat .intro .chip")).to_have_count(0)
    # The error is kept with its question: after a reload the question still has its reply.
    page.reload()
    expect(page.locator("faqbot-chat .msg.user")).to_have_text(["You: " + PEEL_Q])
    expect(answers(page)).to_have_count(1)
    expect(answers(page).last).to_contain_text("can't reach the answers right now")


def test_reduced_motion_and_narrow_screens(page: Page, servers):
    page.emulate_media(reduced_motion="reduce")
    page.set_viewport_size({"width": 360, "height": 640})
    page.goto(servers.url + "/")
    open_chat(page)
    panel = page.get_by_role("dialog", name="Ask a question")
    assert panel.evaluate("el => getComputedStyle(el).animationName") == "none"
    box = panel.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360 and box["y"] + box["height"] <= 640
    reply = ask(page, PEEL_Q)
    expect(reply.get_by_role("link", name=PEEL_HEADING)).to_be_in_viewport()
    expect(page.get_by_role("button", name="Send")).to_be_in_viewport()
    page.keyboard.press("Escape")
    expect(page.get_by_role("button", name="Ask a question")).to_be_in_viewport()


CONTRAST = """(pairs) => {
  const lum = (c) => {
    const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map((v) => {
      v = v / 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const root = document.querySelector('faqbot-chat').shadowRoot;
  return pairs.map(([fgSel, bgSel]) => {
    const fg = getComputedStyle(root.querySelector(fgSel)).color;
    const bg = getComputedStyle(root.querySelector(bgSel)).backgroundColor;
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    return [fgSel, (a + 0.05) / (b + 0.05)];
  });
}"""


def test_text_contrast_meets_wcag_aa(page: Page, servers):
    page.goto(servers.url + "/")
    open_chat(page)
    ask(page, PEEL_Q)
    pairs = [(".launcher", ".launcher"), (".title", ".header"), (".user .bubble span:last-child", ".user .bubble"),
             (".kind-answer .answer", ".kind-answer .bubble"), (".source-link", ".kind-answer .bubble"),
             (".source-label", ".kind-answer .bubble"), (".feedback", ".kind-answer .bubble"),
             (".link-button", ".kind-answer .bubble"), (".disclaimer", ".panel"), (".input", ".input")]
    for selector, ratio in page.evaluate(CONTRAST, pairs):
        assert ratio >= 4.5, f"{selector}: contrast {ratio:.2f} < 4.5"


@pytest.mark.parametrize("name, viewport", [("desktop", {"width": 1280, "height": 800}),
                                            ("phone", {"width": 375, "height": 812})])
def test_screenshots(page: Page, servers, artifacts, name, viewport):
    page.set_viewport_size(viewport)
    page.goto(servers.url + "/")
    open_chat(page)
    reply = ask(page, PEEL_Q)
    expect(reply.get_by_role("link", name=PEEL_HEADING)).to_be_visible()
    page.wait_for_timeout(400)  # let the scroll and the panel's entrance settle
    path = artifacts / f"widget-{name}.png"
    page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000


def test_the_second_question_of_a_message_is_offered_under_the_answer(page: Page, servers):
    page.goto(servers.url + "/")
    open_chat(page)
    reply = ask(page, "How long will my skin peel? Can I wear makeup after my peel?")
    expect(reply.get_by_role("link", name="Can I Wear Makeup After A Chemical Peel?")).to_be_visible()
    expect(reply).to_contain_text("Related:")
    related = reply.locator(".chip")
    expect(related.first).to_have_text(PEEL_HEADING)
    expect(related).to_have_count(1)  # runners-up below the widget's bar are not offered
    # Kept with the conversation (sessionStorage), confidence included.
    page.reload()
    related = answers(page).last.locator(".chip")
    expect(related.first).to_have_text(PEEL_HEADING)
    related.first.click()
    expect(answers(page).last.get_by_role("link", name=PEEL_HEADING)).to_be_visible()


def test_an_answer_without_a_close_runner_up_offers_nothing_more(page: Page, servers):
    page.goto(servers.url + "/")
    open_chat(page)
    reply = ask(page, "What should I avoid after a peel?")
    expect(reply.get_by_role("link", name="What Should I Avoid After A Chemical Peel?")).to_be_visible()
    expect(reply.locator(".chip")).to_have_count(0)
    expect(reply).not_to_contain_text("Related:")


def test_help_offers_a_few_topics_to_start_with(page: Page, servers):
    page.goto(servers.url + "/")
    open_chat(page)
    reply = ask(page, "help")
    expect(reply).to_contain_text("Topics:")
    topics = reply.locator(".chip")
    expect(topics.first).to_be_visible()
    heading = topics.first.inner_text()
    topics.first.click()
    expect(answers(page).last.get_by_role("link", name=heading)).to_be_visible()


TINGLE_HEADING = "Is Tingling Normal After A Chemical Peel?"


def test_a_source_link_on_its_own_article_closes_the_chat_and_shows_the_section(page: Page, servers):
    page.set_viewport_size({"width": 375, "height": 667})  # the panel covers the page
    page.goto(servers.url + "/kb/peel-aftercare")
    open_chat(page)
    ask(page, "Is tingling normal?").get_by_role("link", name=TINGLE_HEADING).click()
    expect(page).to_have_url(re.compile(r"/kb/peel-aftercare#is-tingling-normal-after-a-chemical-peel$"))
    # Before: the page scrolled behind the panel, which stayed open over the section (and was saved as closed).
    expect(page.get_by_role("dialog", name="Ask a question")).to_be_hidden()
    expect(page.get_by_role("button", name="Ask a question")).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("heading", name=TINGLE_HEADING)).to_be_in_viewport()


def test_a_source_link_opened_in_a_new_tab_leaves_the_chat_open(page: Page, servers):
    page.goto(servers.url + "/")
    open_chat(page)
    link = ask(page, PEEL_Q).get_by_role("link", name=PEEL_HEADING)
    with page.context.expect_page() as tab:
        link.click(modifiers=["Control"])
    tab.value.close()
    page.reload()
    # Before: saved as closed, so the chat the visitor was still using came back closed.
    expect(page.get_by_role("dialog", name="Ask a question")).to_be_visible()


@pytest.mark.parametrize("url", ["/\\evil.example/kb/peel", "/\t/evil.example/kb/peel", "//evil.example/kb/peel"],
                         ids=["backslash", "tab", "two-slashes"])
def test_a_source_link_never_leads_off_the_bots_site(page: Page, servers, url):
    answer = api_answer(servers.url, PEEL_Q)
    answer["source"]["url"] = url
    page.route("**/api/ask", lambda route: route.fulfill(json=answer))
    page.goto(servers.url + "/")
    open_chat(page)
    reply = ask(page, PEEL_Q)
    expect(reply.locator(".answer")).to_have_text(answer["answer"])
    # Before: "/\evil.example/..." and "/<tab>/evil.example/..." passed the check for "//" and the browser's URL parser
    # read them as //evil.example: the link led to another site.
    expect(reply.get_by_role("link")).to_have_count(0)
