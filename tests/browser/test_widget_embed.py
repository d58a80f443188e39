"""The widget embedded on another site in real Chromium: its attributes do what the README says, its own
texts fit any site, and on a phone the open panel keeps keyboard focus inside it."""

from __future__ import annotations

import urllib.parse

import pytest
from playwright.sync_api import Page, expect

from _widget import open_chat, shadow_focus

pytestmark = pytest.mark.browser


def embed(servers, **attrs) -> str:
    """The allowed partner site's page with the element carrying these attributes."""
    return servers.allowed.url + "/embed?" + urllib.parse.urlencode(attrs)


def test_heading_names_the_launcher_and_the_panel(page: Page, servers):
    page.goto(embed(servers, heading="Chat with Acme Bank"))
    launcher = page.get_by_role("button", name="Chat with Acme Bank")
    expect(launcher).to_be_visible()
    expect(page.get_by_role("button", name="Ask a question")).to_have_count(0)
    open_chat(page, "Chat with Acme Bank")
    expect(page.locator("faqbot-chat .title")).to_have_text("Chat with Acme Bank")


def test_without_attributes_the_texts_are_neutral(page: Page, servers):
    page.goto(servers.allowed.url + "/")
    open_chat(page)
    expect(page.locator("faqbot-chat .disclaimer")).to_be_hidden()  # no disclaimer unless the site gives one
    greeting = page.locator("faqbot-chat .intro p").first
    expect(greeting).to_have_text("Hi! What would you like to know? Ask me a question.")


@pytest.mark.parametrize("value, shown", [("", None), ("  ", None), ("Not financial advice.", "Not financial advice.")])
def test_disclaimer_attribute(page: Page, servers, value, shown):
    page.goto(embed(servers, disclaimer=value))
    open_chat(page)
    disclaimer = page.locator("faqbot-chat .disclaimer")
    dialog = page.get_by_role("dialog", name="Ask a question")
    if shown is None:
        expect(disclaimer).to_be_hidden()
        expect(dialog).to_have_accessible_description("")
    else:
        expect(disclaimer).to_have_text(shown)
        expect(disclaimer).to_be_visible()
        # Said as focus enters the chat. Before: under the box, after the last control, so a screen reader going by
        # Tab never reached it.
        expect(dialog).to_have_accessible_description(shown)


def test_greeting_attribute(page: Page, servers):
    page.goto(embed(servers, greeting="Hello! Ask me about your account and cards."))
    open_chat(page)
    expect(page.locator("faqbot-chat .intro p").first).to_have_text("Hello! Ask me about your account and cards.")


def test_on_a_phone_tab_stays_inside_the_open_panel(page: Page, servers):
    page.set_viewport_size({"width": 375, "height": 667})
    page.goto(servers.url + "/")
    open_chat(page)
    expect(page.get_by_role("dialog", name="Ask a question")).to_have_attribute("aria-modal", "true")
    send = page.get_by_role("button", name="Send")
    send.focus()
    page.keyboard.press("Tab")  # past the last control: back to the first, the header's "Start over"
    assert shadow_focus(page) == "button.icon-button"
    expect(page.get_by_role("button", name="Start a new conversation")).to_be_focused()
    for key in ["Tab"] * 12 + ["Shift+Tab"] * 12:
        page.keyboard.press(key)
        assert shadow_focus(page), f"{key} took focus out of the panel that covers the page"
    page.get_by_role("button", name="Start a new conversation").focus()
    page.keyboard.press("Shift+Tab")
    expect(send).to_be_focused()


def test_on_a_desktop_the_panel_is_not_modal(page: Page, servers):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(servers.url + "/")
    open_chat(page)
    expect(page.get_by_role("dialog", name="Ask a question")).to_have_attribute("aria-modal", "false")


def test_on_a_phone_the_input_is_16px_so_ios_does_not_zoom(page: Page, servers):
    page.set_viewport_size({"width": 375, "height": 667})
    page.goto(servers.url + "/")
    open_chat(page)
    box = page.get_by_role("textbox", name="Your question")
    expect(box).to_have_css("font-size", "16px")
    send = page.get_by_role("button", name="Send")
    assert box.bounding_box()["x"] + box.bounding_box()["width"] <= send.bounding_box()["x"]
    assert send.bounding_box()["x"] + send.bounding_box()["width"] <= 375


@pytest.mark.parametrize("style, hover", [
    ("", "rgb(10, 88, 88)"),  # the default teal's own darker shade
    ("--faqbot-accent: #c0392b", "rgb(154, 46, 34)"),  # the site's red, darkened: it was the default teal
    ("--faqbot-accent: #c0392b; --faqbot-accent-hover: #112233", "rgb(17, 34, 51)"),
])
def test_the_hover_shade_follows_the_sites_accent(page: Page, servers, style, hover):
    page.goto(embed(servers, style=style))
    launcher = page.get_by_role("button", name="Ask a question")
    launcher.hover()
    as_rgb = """el => { const c = document.createElement('canvas').getContext('2d');
                       c.fillStyle = getComputedStyle(el).backgroundColor; c.fillRect(0, 0, 1, 1);
                       const [r, g, b] = c.getImageData(0, 0, 1, 1).data; return `rgb(${r}, ${g}, ${b})`; }"""
    expect(launcher).to_have_css("transform", "matrix(1, 0, 0, 1, 0, -1)")  # hovered, its transition over
    assert launcher.evaluate(as_rgb) == hover
    open_chat(page)
    send = page.get_by_role("button", name="Send")
    send.hover()  # no transition on Send
    assert send.evaluate(as_rgb) == hover
