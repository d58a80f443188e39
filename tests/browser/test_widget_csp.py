"""The widget on a third-party page with a strict Content-Security-Policy (no inline script or style, Trusted Types), in
real Chromium: it needs only the bot's origin in script-src, style-src and connect-src."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from _widget import answers, ask, open_chat

pytestmark = pytest.mark.browser

PEEL_Q = "How long will my skin peel?"
PEEL_HEADING = "How Long Will My Skin Peel After A Chemical Peel?"


def csp_page(policy: str) -> str:
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<title>Strict clinic</title><script src="{{bot}}/static/faqbot-widget.js" defer></script></head>
<body><h1>Strict clinic</h1><faqbot-chat api="{{bot}}"></faqbot-chat></body></html>"""


# What the README says a site needs: the bot's origin in script-src, style-src and connect-src; nothing inline.
STRICT = ("default-src 'none'; script-src 'self' {bot}; style-src 'self' {bot}; connect-src 'self' {bot}; "
          "img-src 'self'; base-uri 'none'; require-trusted-types-for 'script'; trusted-types 'none'")


def test_the_widget_works_under_the_strict_policy_the_readme_gives(page: Page, servers):
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(servers.allowed.add_page("/csp", csp_page(STRICT)))
    open_chat(page)
    expect(page.get_by_role("button", name="Send")).to_have_css("width", "44px")  # styled
    reply = ask(page, PEEL_Q)
    expect(reply.get_by_role("link", name=PEEL_HEADING)).to_be_visible()
    reply.get_by_role("button", name="Read more").click()
    reply.get_by_role("button", name="Helpful", exact=True).click()
    expect(reply.get_by_text("Thanks for your feedback!")).to_be_visible()
    page.reload()  # the conversation restored from sessionStorage
    expect(answers(page)).to_have_count(1)
    assert not [m for m in console if re.search(r"Content.Security.Policy|Refused|TrustedHTML|Trusted Type", m)], console


def test_a_policy_that_leaves_the_bot_out_of_style_src_leaves_the_widget_out_and_the_console_says_why(page: Page,
                                                                                                      servers):
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(servers.allowed.add_page("/csp-no-style", csp_page(STRICT.replace("style-src 'self' {bot}",
                                                                                "style-src 'self'"))))
    page.wait_for_timeout(2500)
    # Not shown unstyled in the page (the stylesheet is refused): hidden, and the console names the stylesheet.
    expect(page.get_by_role("button", name="Ask a question")).to_be_hidden()
    said = [m for m in console if m.startswith("faqbot-chat:")]
    assert said and "/static/faqbot-widget.css" in said[0] and "Content-Security-Policy" in said[0], console
