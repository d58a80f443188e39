"""One bot embedded once per layout of a responsive page, in real Chromium: which copies are one chat (the same bot
under the same name: api, heading, greeting, disclaimer; the corner, style, id and the like may differ), and a copy a
script shows (not a window resize) takes up the conversation as it shows."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from test_widget_host_pages import TWO_LAYOUTS_STYLE, host_page
from test_widget_layouts import DESKTOP, PEEL_Q, PHONE, asks, hold_first_ask, shown

pytestmark = pytest.mark.browser

# The phone layout's copy in the other corner, nearer to it, with an id, a class and a shorter placeholder of its own.
LAYOUT_ATTRIBUTES = """<div class="phone-only"><faqbot-chat api="{bot}/" id="chat-phone" class="chat small" position="left"
  style="--faqbot-offset: 8px" placeholder="Ask…" starters="2" maxlength="300"></faqbot-chat></div>
<div class="desktop-only"><faqbot-chat api="{bot}" id="chat-desktop"></faqbot-chat></div>"""


def test_copies_in_other_corners_with_an_id_each_are_one_chat(page: Page, servers):
    page.set_viewport_size(DESKTOP)
    page.goto(servers.allowed.add_page("/layout-attributes", host_page(TWO_LAYOUTS_STYLE, LAYOUT_ATTRIBUTES)))
    page.get_by_role("button", name="Ask a question").click()
    asks(page, PEEL_Q)
    page.set_viewport_size(PHONE)
    phone = page.locator("#chat-phone")
    # Before: any attribute that differed made the phone's copy a chat of its own, empty and closed.
    expect(phone.get_by_role("dialog", name="Ask a question")).to_be_visible()
    expect(phone.locator(".msg.user")).to_have_text(["You: " + PEEL_Q])
    expect(phone.get_by_role("textbox", name="Your question")).to_have_attribute("placeholder", "Ask…")
    page.keyboard.press("Escape")
    launcher = phone.get_by_role("button", name="Ask a question").bounding_box()
    assert launcher["x"] == 0, launcher  # its own corner: bottom-left, its 8px offset 8px closer on a small screen
    expect(page.get_by_role("button", name="Ask a question")).to_have_count(1)


@pytest.mark.parametrize("attribute", ["heading", "greeting", "disclaimer"])
def test_copies_named_or_saying_something_else_are_two_chats(page: Page, servers, attribute):
    body = f"""<div class="phone-only"><faqbot-chat api="{{bot}}" {attribute}="Booking questions"></faqbot-chat></div>
<div class="desktop-only"><faqbot-chat api="{{bot}}"></faqbot-chat></div>"""
    page.set_viewport_size(DESKTOP)
    page.goto(servers.allowed.add_page(f"/two-chats-{attribute}", host_page(TWO_LAYOUTS_STYLE, body)))
    page.get_by_role("button", name="Ask a question").click()
    asks(page, PEEL_Q)
    page.set_viewport_size(PHONE)
    phone = shown(page)
    heading = "Booking questions" if attribute == "heading" else "Ask a question"
    expect(phone.get_by_role("button", name=heading)).to_be_visible()
    expect(phone.get_by_role("dialog")).to_be_hidden()  # a chat of its own: closed, its conversation empty
    expect(phone.locator(".msg.user")).to_have_count(0)
    page.set_viewport_size(DESKTOP)
    expect(shown(page).locator(".msg.user")).to_have_text(["You: " + PEEL_Q])


# Two layouts a script switches (a page's own "compact view" toggle, say): no media query, no window resize.
SCRIPT_LAYOUTS_STYLE = ".off { display: none; }"
SCRIPT_LAYOUTS = """<div id="compact" class="off"><faqbot-chat api="{bot}"></faqbot-chat></div>
<div id="wide"><faqbot-chat api="{bot}"></faqbot-chat></div>"""

# JS: hide the wide layout, then, two frames later (a script's transition, say), show the compact one.
SWITCH = """async () => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    document.getElementById('wide').classList.add('off');
    await frame();
    await frame();
    document.getElementById('compact').classList.remove('off');
}"""


def test_a_copy_a_script_shows_takes_up_the_conversation_as_it_shows(page: Page, servers):
    page.set_viewport_size(DESKTOP)
    page.goto(servers.allowed.add_page("/script-layouts", host_page(SCRIPT_LAYOUTS_STYLE, SCRIPT_LAYOUTS)))
    page.get_by_role("button", name="Ask a question").click()
    wide = page.locator("#wide faqbot-chat")
    box = wide.get_by_role("textbox", name="Your question")
    held = hold_first_ask(page)  # the answer on its way as the layouts switch
    box.fill(PEEL_Q)
    box.press("Enter")
    expect(wide.locator(".typing")).to_be_visible()
    assert held
    page.evaluate(SWITCH)
    compact = page.locator("#compact faqbot-chat")
    # Before: the compact copy stayed asleep (no chat on the page at all) until the window was next resized.
    expect(compact.get_by_role("dialog", name="Ask a question")).to_be_visible()
    expect(compact.locator(".msg.user")).to_have_text(["You: " + PEEL_Q])
    expect(compact.locator(".msg.bot:not(.typing):not(.intro)").get_by_role("link")).to_have_count(1)  # asked again, answered
    expect(page.get_by_role("button", name="Ask a question")).to_have_count(1)
    # Switched back, the wide copy takes it up again.
    page.evaluate("""() => { document.getElementById('compact').classList.add('off');
                             document.getElementById('wide').classList.remove('off'); }""")
    expect(wide.locator(".msg.user")).to_have_text(["You: " + PEEL_Q])
    expect(wide.locator(".msg.bot:not(.typing):not(.intro)").get_by_role("link")).to_have_count(1)
    try:
        held[0].continue_()  # (the wide copy's request, dropped as it went to sleep)
    except Exception:
        pass


def test_a_copy_shown_beside_the_one_in_use_leaves_it_the_chat(page: Page, servers):
    page.set_viewport_size(DESKTOP)
    page.goto(servers.allowed.add_page("/script-layouts", host_page(SCRIPT_LAYOUTS_STYLE, SCRIPT_LAYOUTS)))
    page.get_by_role("button", name="Ask a question").click()
    wide = page.locator("#wide faqbot-chat")
    asks_in(wide, PEEL_Q)
    page.evaluate("() => document.getElementById('compact').classList.remove('off')")  # shown first, ...
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
    # (Observed as it shows, the page's first copy would take the chat: the one in use closed and hid under the visitor.)
    expect(wide.get_by_role("dialog", name="Ask a question")).to_be_visible()
    expect(page.get_by_role("button", name="Ask a question")).to_have_count(1)
    page.evaluate("() => document.getElementById('wide').classList.add('off')")  # ... then the other one hidden
    compact = page.locator("#compact faqbot-chat")
    expect(compact.get_by_role("dialog", name="Ask a question")).to_be_visible()
    expect(compact.locator(".msg.user")).to_have_text(["You: " + PEEL_Q])


def test_a_copy_a_script_adds_in_place_of_the_one_removed_goes_on_with_the_conversation(page: Page, servers):
    page.set_viewport_size(DESKTOP)
    page.goto(servers.allowed.add_page("/script-layouts", host_page(SCRIPT_LAYOUTS_STYLE, SCRIPT_LAYOUTS)))
    page.get_by_role("button", name="Ask a question").click()
    asks_in(page.locator("#wide faqbot-chat"), PEEL_Q)
    page.evaluate("""() => { document.querySelector('#wide faqbot-chat').remove();
        const chat = document.createElement('faqbot-chat');
        chat.setAttribute('api', document.querySelector('#compact faqbot-chat').getAttribute('api'));
        document.getElementById('wide').append(chat); }""")
    chat = page.locator("#wide faqbot-chat")
    expect(chat.get_by_role("dialog", name="Ask a question")).to_be_visible()
    expect(chat.locator(".msg.user")).to_have_text(["You: " + PEEL_Q])
    expect(page.get_by_role("button", name="Ask a question")).to_have_count(1)


def asks_in(widget, question: str) -> None:
    """Ask `question` in `widget` (its chat open) and wait for its reply."""
    before = widget.locator(".msg.bot:not(.typing):not(.intro)").count()
    box = widget.get_by_role("textbox", name="Your question")
    box.fill(question)
    box.press("Enter")
    expect(widget.locator(".msg.bot:not(.typing):not(.intro)")).to_have_count(before + 1)
