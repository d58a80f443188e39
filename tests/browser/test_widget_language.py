"""The widget on a page in another language than its own English words, in real Chromium: a screen reader reads each
text in its language's voice (lang), the widget's own words in English and the site's, the knowledge base's and the
visitor's in the page's language."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from _widget import ask, open_chat

pytestmark = pytest.mark.browser

QUESTION = "Combien de temps ma peau va-t-elle peler ?"
ANSWER = "La peau pèle pendant trois à cinq jours."
FULL = ANSWER + " Ne l'arrachez pas vous-même : laissez-la tomber."
HEADING = "Combien de temps dure la desquamation ?"
FRENCH = {"ok": True, "question": QUESTION, "answered": True, "kind": "answer", "answer": ANSWER,
          "full_answer": FULL, "heading": HEADING, "section_id": "peel/duree", "confidence": 0.9,
          "suggestions": [{"heading": "Puis-je me maquiller ?", "section_id": "peel/maquillage", "confidence": 0.7}],
          "source": {"document": "peel", "title": "Peeling", "url": "/kb/peel#duree"}}
HOST = """<!doctype html><html lang="fr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Clinique</title>
<script src="{bot}/static/faqbot-widget.js" defer></script></head><body><h1>Clinique</h1>
<faqbot-chat api="{bot}" heading="Posez une question" greeting="Bonjour ! Que voulez-vous savoir ?"
  disclaimer="Informations générales, pas un avis médical."></faqbot-chat></body></html>"""
# The language a screen reader reads an element in: the nearest lang, through the shadow root to the page.
LANG = """(e) => {
    for (let n = e; n; n = n.parentNode || n.host) if (n.nodeType === 1 && n.hasAttribute('lang')) return n.lang;
    return '';
}"""


def test_the_widgets_own_words_are_english_and_the_sites_texts_the_pages_language(page: Page, servers):
    page.route("**/api/ask", lambda route: route.fulfill(json=FRENCH))
    page.goto(servers.allowed.add_page("/fr", HOST))
    launcher = page.locator("faqbot-chat .launcher-label")
    assert launcher.evaluate(LANG) == "fr"
    open_chat(page, "Posez une question")
    reply = ask(page, QUESTION)
    widget = page.locator("faqbot-chat")
    # Before: all of them French, the widget's English ("Send", "Read more", "Assistant:") read in a French voice.
    own = [widget.get_by_role("button", name="Send"), widget.get_by_role("button", name="Start a new conversation"),
           reply.get_by_role("button", name="Read more"), reply.locator(".sr-only").first,
           reply.get_by_role("group", name="Was this answer helpful?"), reply.locator(".source-label"),
           reply.locator(".chips-label"), widget.get_by_role("log", name="Conversation")]
    for el in own:
        assert el.evaluate(LANG) == "en", el
    site = [widget.locator(".title"), widget.locator(".disclaimer"), widget.get_by_role("textbox", name="Your question"),
            widget.locator(".msg.user .text"), reply.locator(".answer p"), reply.locator(".full p"),
            reply.get_by_role("link", name=HEADING), reply.get_by_role("button", name="Puis-je me maquiller ?")]
    for el in site:
        assert el.evaluate(LANG) == "fr", el
    # What the announcer says of the reply: "Assistant:" in English, the answer in French.
    announcer = widget.locator(".announcer")
    expect(announcer).to_have_text(f"Assistant: {ANSWER}")
    said = announcer.locator("[lang]")
    expect(said).to_have_text(ANSWER)
    assert said.evaluate(LANG) == "fr" and announcer.evaluate(LANG) == "en"
