"""The phone's on-screen keyboard, in real Chromium: the question box stays in sight above it.

A phone's keyboard (Chrome on Android since 108, Safari on iOS) shrinks the visual viewport only: the layout viewport,
which a position: fixed panel is laid out in, keeps its height, so the panel's bottom (the composer, the box the visitor
is typing in) lay under the keyboard. Chromium has no way to raise an on-screen keyboard from a test (CDP's
Emulation.setVisibleSize changes nothing; a smaller window shrinks both viewports at once), so the keyboard is the one
thing played here: window.visualViewport reports the smaller height (and, as iOS scrolls it, an offset) and fires its
resize event, as the browser does. A real pinch zoom (CDP's Emulation.setPageScaleFactor, as a pinch sets it) is left alone.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from _widget import ask, open_chat

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
TABLET = {"viewport": {"width": 768, "height": 1024}, "has_touch": True, "is_mobile": True}


def keyboard(page: Page, height: int, offset_top: int = 0) -> None:
    """The on-screen keyboard `height` px tall comes up (0: goes down), the visual viewport scrolled `offset_top` px
    into the layout viewport (iOS does, to bring the focused box into view)."""
    page.evaluate("""([height, offsetTop]) => {
        const vv = window.visualViewport;
        delete vv.height;
        delete vv.offsetTop;
        if (height) {
            const full = vv.height;
            Object.defineProperty(vv, 'height', { configurable: true, get: () => full - height });
            Object.defineProperty(vv, 'offsetTop', { configurable: true, get: () => offsetTop });
        }
        vv.dispatchEvent(new Event('resize'));
        vv.dispatchEvent(new Event('scroll'));
    }""", [height, offset_top])


def box(page: Page, selector: str) -> dict:
    """The element's box in client coordinates (the layout viewport's, as the visual viewport's offsets are)."""
    return page.locator(f"faqbot-chat {selector}").evaluate(
        "(el) => { const r = el.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; }")


def visible_area(page: Page) -> tuple[float, float]:
    """The top and bottom of what shows of the layout viewport (client coordinates)."""
    return tuple(page.evaluate("[visualViewport.offsetTop, visualViewport.offsetTop + visualViewport.height]"))


def assert_inside(page: Page, selector: str) -> None:
    top, bottom = visible_area(page)
    b = box(page, selector)
    assert b["y"] >= top - 0.5 and b["y"] + b["height"] <= bottom + 0.5, (selector, b, top, bottom)


@pytest.mark.browser_context_args(**PHONE)
def test_the_question_box_stays_above_the_phones_keyboard(page: Page, servers):
    page.emulate_media(reduced_motion="reduce")
    page.goto(servers.allowed.url + "/")
    open_chat(page)
    for question in ("How long will my skin peel?", "Is tingling normal?", "Can I wear makeup?"):
        reply = ask(page, question)
    page.get_by_role("textbox", name="Your question").focus()
    full = box(page, ".panel")
    keyboard(page, 336)  # a phone's keyboard: 844 -> 508 px in sight
    for selector in (".composer", ".header", ".panel"):
        assert_inside(page, selector)
    # The panel still takes what shows of the screen, and the newest reply is in sight above the box.
    assert box(page, ".panel")["height"] >= 508 - 16 - 1
    log = box(page, ".log")
    last = reply.evaluate("(el) => { const r = el.getBoundingClientRect(); return { y: r.y, height: r.height }; }")
    assert last["y"] + last["height"] > log["y"] and last["y"] < log["y"] + log["height"], (last, log)
    assert page.evaluate("""() => { const log = document.querySelector('faqbot-chat').shadowRoot.querySelector('.log');
                                    return log.scrollTop + log.clientHeight >= log.scrollHeight - 2; }""")
    # iOS scrolls the visual viewport into the layout one: the panel follows it.
    keyboard(page, 336, 200)
    for selector in (".composer", ".header"):
        assert_inside(page, selector)
    keyboard(page, 0)  # the keyboard goes down: the panel takes the whole screen again
    assert box(page, ".panel") == full


@pytest.mark.browser_context_args(**TABLET)
def test_the_floating_panel_on_a_tablet_rises_above_its_keyboard(page: Page, servers):
    page.emulate_media(reduced_motion="reduce")  # (the panel's rise, measured as it runs)
    page.goto(servers.allowed.url + "/")
    open_chat(page)
    full = box(page, ".panel")
    keyboard(page, 420)  # 1024 -> 604 px in sight: the panel (600 px tall, its bottom 84 px up) went under it
    for selector in (".composer", ".header"):
        assert_inside(page, selector)
    keyboard(page, 0)
    assert box(page, ".panel") == full


@pytest.mark.browser_context_args(**PHONE)
def test_a_pinch_zoom_is_not_taken_for_a_keyboard(page: Page, servers):
    page.emulate_media(reduced_motion="reduce")
    page.goto(servers.allowed.url + "/")
    open_chat(page)
    full = box(page, ".panel")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setPageScaleFactor", {"pageScaleFactor": 2})
    page.wait_for_function("visualViewport.scale > 1.5")
    # Zoomed in to read, the visitor pans over the panel as laid out: it is not squeezed into the zoomed-in view.
    page.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")  # (handlers ran)
    assert box(page, ".panel") == full
    cdp.send("Emulation.setPageScaleFactor", {"pageScaleFactor": 1})
    cdp.detach()
    expect(page.get_by_role("textbox", name="Your question")).to_be_visible()


LANDSCAPE = {"viewport": {"width": 844, "height": 390}, "has_touch": True, "is_mobile": True}


@pytest.mark.browser_context_args(**LANDSCAPE)
def test_a_phone_on_its_side_with_its_keyboard_up_is_laid_out_as_the_short_window_it_is(page: Page, servers):
    """What shows above the keyboard of a phone on its side (210 of 390 px) gets the very short window's layout (see
    test_widget_screens.py): the header, composer and disclaimer gave it the room of a 390 px tall one, and the
    conversation had 41 px (two lines) left, where a window 210 px tall leaves it 88."""
    page.emulate_media(reduced_motion="reduce")
    page.goto(servers.allowed.url + "/embed?disclaimer=General+information+only,+not+medical+advice.")
    open_chat(page)
    ask(page, "How long will my skin peel?")
    page.get_by_role("textbox", name="Your question").focus()
    tall = box(page, ".log")["height"]
    keyboard(page, 180)
    for selector in (".composer", ".header", ".disclaimer"):
        assert_inside(page, selector)
    page.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    with_keyboard = box(page, ".log")["height"]
    keyboard(page, 0)
    assert box(page, ".log")["height"] == tall
    # The same room as in a window as short as what showed.
    page.set_viewport_size({"width": 844, "height": 210})
    short = box(page, ".log")["height"]
    assert with_keyboard >= short - 1, (with_keyboard, short)


@pytest.mark.browser_context_args(viewport={"width": 375, "height": 667}, has_touch=True, is_mobile=True)
def test_a_long_question_above_the_keyboard_grows_the_box_as_in_a_window_that_short(page: Page, servers):
    """Above a small phone's keyboard (407 of 667 px show) the box grows to three lines, then scrolls, as in a window
    407 px tall: it grew to five, over the conversation's room."""
    page.emulate_media(reduced_motion="reduce")
    page.goto(servers.allowed.url + "/")
    open_chat(page)
    box_ = page.get_by_role("textbox", name="Your question")
    box_.fill("\n".join(["a line of the question"] * 6))
    keyboard(page, 260)
    page.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    with_keyboard = box(page, ".input")["height"]
    keyboard(page, 0)
    page.set_viewport_size({"width": 375, "height": 407})
    page.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    assert with_keyboard == box(page, ".input")["height"]
