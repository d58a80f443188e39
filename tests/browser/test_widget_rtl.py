"""The widget with a knowledge base (or a visitor) writing right to left, in real Chromium: a Hebrew answer, question,
suggested question and typed text each read and start on the right, as the article pages already have them (dir="auto");
English text beside them still reads left to right."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from _widget import ask, open_chat

pytestmark = pytest.mark.browser

QUESTION = "כמה זמן העור מתקלף?"
HEADING = "כמה זמן העור מתקלף אחרי פילינג?"
ANSWER = "העור מתקלף במשך שלושה עד חמישה ימים. אל תקלפו אותו בעצמכם!"
ITEMS = ["קרם לחות פעמיים ביום.", "SPF 50 כל בוקר."]

HEBREW = {"ok": True, "question": QUESTION, "answered": True, "kind": "answer", "answer": ANSWER,
          "answer_blocks": [{"kind": "p", "text": ANSWER}, {"kind": "ul", "items": ITEMS}],
          "full_answer": ANSWER, "heading": HEADING, "section_id": "peel/how-long", "confidence": 0.9,
          "suggestions": [{"heading": "מה מותר לעשות אחרי פילינג?", "section_id": "peel/after", "confidence": 0.7}],
          "source": {"document": "peel", "title": "פילינג", "url": "/kb/peel#how-long"}}

HOST = """<!doctype html><html lang="he" dir="rtl"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>מרפאה</title>
<script src="{bot}/static/faqbot-widget.js" defer></script></head><body><h1>מרפאה</h1>
<faqbot-chat api="{bot}" heading="שאלו שאלה" greeting="שלום! מה תרצו לדעת?"></faqbot-chat></body></html>"""
DIRECTION = "(e) => getComputedStyle(e).direction"


@pytest.mark.parametrize("viewport", [{"width": 375, "height": 667}, {"width": 1280, "height": 800}],
                         ids=["phone", "desktop"])
def test_right_to_left_text_reads_and_starts_on_the_right(page: Page, servers, viewport):
    page.set_viewport_size(viewport)
    page.route("**/api/ask", lambda route: route.fulfill(json=HEBREW))
    page.goto(servers.allowed.add_page("/hebrew", HOST))
    open_chat(page, "שאלו שאלה")
    # The site's own heading and greeting, in Hebrew, read right to left too.
    for el in (page.locator("faqbot-chat .title"), page.locator("faqbot-chat .intro p").first):
        assert el.evaluate(DIRECTION) == "rtl", el
    box = page.get_by_role("textbox", name="Your question")
    box.fill(QUESTION)
    # Before: the question mark stood at the left end ("?כמה..."): the box, the bubbles, all left to right.
    assert box.evaluate(DIRECTION) == "rtl"
    reply = ask(page, QUESTION)
    asked = page.locator("faqbot-chat .msg.user .bubble [dir]").last
    expect(asked).to_have_text(QUESTION)
    paragraph = reply.locator(".answer p").first
    items = reply.locator(".answer li")
    chip = reply.get_by_role("button", name="מה מותר לעשות אחרי פילינג?")
    link = reply.get_by_role("link", name=HEADING)
    for el in (asked, paragraph, items.first, chip, link):
        assert el.evaluate(DIRECTION) == "rtl", el
    # Its lines start on the right of the bubble, as Hebrew is read.
    for el in (paragraph, chip):
        assert el.evaluate("e => getComputedStyle(e).textAlign") in ("start", "right"), el
    # Its list's bullets are on the right, inside the bubble: the list's padding is on that side.
    ul = reply.locator(".answer ul")
    assert ul.evaluate("e => parseFloat(getComputedStyle(e).paddingRight)") >= 16
    # English stays left to right: "Source:", and English typed in the box.
    assert reply.locator(".source-label").evaluate(DIRECTION) == "ltr"
    box.fill("How long?")
    assert box.evaluate(DIRECTION) == "ltr"


def test_a_hebrew_launcher_label_reads_right_to_left_and_is_cut_at_its_end(page: Page, servers):
    long = "שאלות על הטיפול או על ההחלמה? שאלו את העוזר של המרפאה כאן, בכל שעה"
    page.set_viewport_size({"width": 375, "height": 667})
    page.goto(servers.allowed.add_page("/hebrew-long", HOST.replace("שאלו שאלה", long)))
    label = page.get_by_role("button", name=long).locator(".launcher-label")
    # Before: left to right, in a launcher whose own words are English: a short label's question mark stood at its
    # right end, and a long one lost its start (the right end, in Hebrew) to the ellipsis.
    assert label.evaluate(DIRECTION) == "rtl"
    assert label.evaluate("e => e.scrollWidth > e.clientWidth")  # cut: at its end, on the left, in Hebrew
