"""A slow answer the visitor stops waiting for, in real Chromium: while it is on its way Send is a Stop button
(by mouse, touch or keyboard, and named for a screen reader), and neither a double click (or tap) on Send, Enter
pressed twice in the input nor Enter held on Send stops the question just sent; any other press on Stop stops it at
once. A double click on the
launcher opens the chat (and leaves it open)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from _widget import answers, ask_and_hold, hold_asks, open_chat, shadow_focus, stored_messages, wait_held

pytestmark = pytest.mark.browser

PEEL_Q = "How long will my skin peel?"
PEEL_HEADING = "How Long Will My Skin Peel After A Chemical Peel?"
STOPPED = "You stopped waiting for this answer."
GRACE_MS = 600  # past any double click's time: a click this late is a stop however the browser counts it
PHONE = {"viewport": {"width": 390, "height": 740}, "has_touch": True, "is_mobile": True}


def _send_and_hold(page: Page, servers):
    """Ask PEEL_Q and hold its request (never answered); returns the held routes and the Stop button."""
    page.goto(servers.url + "/")
    open_chat(page)
    held = ask_and_hold(page, PEEL_Q)
    expect(page.locator("faqbot-chat .typing")).to_be_visible()
    return held, page.get_by_role("button", name="Stop waiting for the answer")


def _let_go(held) -> None:
    held.release()  # the held answer comes in now, late (the widget may have dropped the request already)


def test_a_slow_answer_can_be_stopped_and_asked_again(page: Page, servers):
    held, stop = _send_and_hold(page, servers)
    expect(page.get_by_role("button", name="Send")).to_have_count(0)
    page.wait_for_timeout(GRACE_MS)
    stop.click()
    expect(answers(page)).to_have_count(1)
    expect(answers(page).last).to_contain_text(STOPPED)
    expect(page.locator("faqbot-chat .announcer")).to_have_text(f"Assistant: {STOPPED}")  # said
    expect(page.locator("faqbot-chat .typing")).to_have_count(0)
    expect(page.get_by_role("button", name="Send")).to_be_focused()  # the same button: focus stays on it
    held.release()  # the held answer comes in now, late
    page.wait_for_timeout(300)
    expect(answers(page)).to_have_count(1)  # the answer that came late is dropped
    assert [m["role"] for m in stored_messages(page)] == ["user", "error"]
    answers(page).last.get_by_role("button", name="Try again").click()
    expect(answers(page).last.get_by_role("link", name=PEEL_HEADING)).to_be_visible()
    expect(answers(page)).to_have_count(1)  # the answer in the stopped reply's place
    assert [m["role"] for m in stored_messages(page)] == ["user", "bot"]


@pytest.mark.parametrize("key", ["Enter", " "])
def test_the_stop_button_works_from_the_keyboard(page: Page, servers, key):
    held, stop = _send_and_hold(page, servers)
    page.keyboard.press("Tab")  # from the input to the button next to it
    expect(stop).to_be_focused()
    page.wait_for_timeout(GRACE_MS)
    page.keyboard.press(key)
    expect(answers(page).last).to_contain_text(STOPPED)
    assert shadow_focus(page) == "button.send"  # Send again, where the visitor left focus
    _let_go(held)


def test_enter_pressed_again_in_the_input_does_not_stop_the_question(page: Page, servers):
    held, stop = _send_and_hold(page, servers)
    page.wait_for_timeout(GRACE_MS)  # not the grace period: Enter in the input never stops
    box = page.get_by_role("textbox", name="Your question")
    box.press("Enter")
    box.fill("Is tingling normal?")  # the next question, sent too soon
    box.press("Enter")
    page.wait_for_timeout(300)
    expect(stop).to_be_visible()
    expect(answers(page)).to_have_count(0)
    expect(box).to_have_value("Is tingling normal?")
    _let_go(held)
    expect(answers(page).last.get_by_role("link", name=PEEL_HEADING)).to_be_visible()
    assert len(held) == 1


def test_a_double_click_on_send_sends_once_and_does_not_stop(page: Page, servers):
    page.goto(servers.url + "/")
    open_chat(page)
    held = hold_asks(page)
    page.get_by_role("textbox", name="Your question").fill(PEEL_Q)
    page.get_by_role("button", name="Send").dblclick()
    wait_held(page, held)
    page.wait_for_timeout(300)
    expect(page.locator("faqbot-chat .typing")).to_be_visible()
    _let_go(held)
    expect(answers(page)).to_have_count(1)
    expect(answers(page).last.get_by_role("link", name=PEEL_HEADING)).to_be_visible()
    assert len(held) == 1


def test_a_double_click_on_the_launcher_opens_the_chat_and_leaves_it_open(page: Page, servers):
    page.set_viewport_size({"width": 1280, "height": 800})  # the launcher stays under the open panel
    page.goto(servers.url + "/")
    launcher = page.get_by_role("button", name="Ask a question")
    launcher.dblclick()  # its second click closed the panel the first had opened
    expect(page.get_by_role("dialog", name="Ask a question")).to_be_visible()
    expect(launcher).to_have_attribute("aria-expanded", "true")
    launcher.click()  # a single click still closes it
    expect(page.get_by_role("dialog", name="Ask a question")).to_be_hidden()


def _time_the_stop_tap(page: Page) -> None:
    """Note when the typing dots show (the question is on its way) and when the next tap lands after that."""
    page.evaluate("""() => {
        const log = document.querySelector('faqbot-chat').shadowRoot.querySelector('.log');
        new MutationObserver(() => {
            if (log.querySelector('.typing') && !window.__typingAt) window.__typingAt = performance.now();
        }).observe(log, { childList: true });
        document.addEventListener('click', () => {
            if (window.__typingAt && !window.__tapAt) window.__tapAt = performance.now();
        }, true);
    }""")


@pytest.mark.browser_context_args(**PHONE)
@pytest.mark.parametrize("how", ["keyboard", "chip"])
def test_a_tap_on_stop_right_after_sending_stops_when_no_double_tap_sent_it(page: Page, servers, how):
    page.goto(servers.url + "/")
    open_chat(page)
    held = hold_asks(page)
    _time_the_stop_tap(page)
    if how == "keyboard":  # the phone keyboard's send key (Enter): its implicit submission "clicks" Send
        box = page.get_by_role("textbox", name="Your question")
        box.fill(PEEL_Q)
        box.press("Enter")
    else:
        page.locator("faqbot-chat .intro .chip").first.tap()
    stop = page.get_by_role("button", name="Stop waiting for the answer")
    stop.tap()  # at once: before, a tap in Stop's first 500 ms was taken for a double click's second and ignored
    expect(answers(page).last).to_contain_text(STOPPED)
    assert page.evaluate("window.__tapAt - window.__typingAt") < 500  # within the old guard's 500 ms
    wait_held(page, held)
    _let_go(held)


@pytest.mark.browser_context_args(**PHONE)
def test_a_double_tap_on_send_sends_once_and_does_not_stop(page: Page, servers):
    page.goto(servers.url + "/")
    open_chat(page)
    held = hold_asks(page)
    page.get_by_role("textbox", name="Your question").fill(PEEL_Q)
    send = page.get_by_role("button", name="Send")
    send.tap()
    page.locator("faqbot-chat .send").tap()  # the double tap's second, on what is now Stop
    wait_held(page, held)
    page.wait_for_timeout(300)
    expect(page.locator("faqbot-chat .typing")).to_be_visible()
    expect(answers(page)).to_have_count(0)
    _let_go(held)
    expect(answers(page).last.get_by_role("link", name=PEEL_HEADING)).to_be_visible()
    assert len(held) == 1


def test_a_click_on_stop_right_after_a_click_on_send_stops(page: Page, servers):
    page.goto(servers.url + "/")
    open_chat(page)
    held = hold_asks(page)
    _time_the_stop_tap(page)
    page.get_by_role("textbox", name="Your question").fill(PEEL_Q)
    page.get_by_role("button", name="Send").click()
    page.wait_for_timeout(150)  # a second click of its own (the browser counts it as one: detail 1), not a double
    page.get_by_role("button", name="Stop waiting for the answer").click()
    # Before: a click on Stop in the first 500 ms after a click on Send was ignored, and the answer came anyway.
    expect(answers(page).last).to_contain_text(STOPPED)
    assert page.evaluate("window.__tapAt - window.__typingAt") < 500
    wait_held(page, held)
    _let_go(held)
    page.wait_for_timeout(300)
    expect(answers(page)).to_have_count(1)  # the answer that came late is dropped


@pytest.mark.browser_context_args(**PHONE)
def test_a_tap_on_stop_after_a_tap_on_send_stops_once_it_is_no_double_tap(page: Page, servers):
    # The two taps must land less than 500 ms apart to reach the window the old code ignored; on a busy machine
    # Playwright's own latency can push the second one past it, so the scenario is tried again (a fresh page each
    # time) until one does. Every try must stop.
    gaps = []
    for _ in range(3):
        page.goto(servers.url + "/")
        page.evaluate("sessionStorage.clear()")
        page.goto(servers.url + "/")
        open_chat(page)
        held = hold_asks(page)
        page.get_by_role("textbox", name="Your question").fill(PEEL_Q)
        page.evaluate("""() => {
            const host = document.querySelector('faqbot-chat');
            window.__taps = [];
            host.shadowRoot.querySelector('.send').addEventListener('click', (e) => {
                window.__taps.push([e.detail, performance.now()]);
            }, true);
        }""")
        send = page.get_by_role("button", name="Send")
        box = send.bounding_box()  # Stop is the same button, in the same place
        send.tap()
        page.wait_for_timeout(420)  # past Chromium's double-tap time: the browser counts it as a tap of its own
        # a tap at the button's place, one call: a locator's tap waits for its checks first, and on this machine
        # that alone took the second tap past 500 ms in every try (509-518 ms)
        page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        expect(page.get_by_role("button", name="Send")).to_be_visible()  # it was Stop, and stopped
        expect(answers(page).last).to_contain_text(STOPPED)  # Before: ignored (within 500 ms of the tap on Send)
        taps = page.evaluate("window.__taps")
        assert [t[0] for t in taps] == [1, 1], taps
        wait_held(page, held)
        _let_go(held)
        gaps.append(taps[1][1] - taps[0][1])
        if gaps[-1] < 500:
            break
    assert min(gaps) < 500, f"no try tapped Stop within 500 ms of Send: {gaps}"


def test_stop_by_keyboard_right_after_send_by_keyboard_stops_but_a_held_enter_does_not(page: Page, servers):
    page.goto(servers.url + "/")
    open_chat(page)
    held = hold_asks(page)
    page.get_by_role("textbox", name="Your question").fill(PEEL_Q)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Send")).to_be_focused()
    page.keyboard.down("Enter")  # held down: its repeats "click" the button (Stop by then) again and again
    page.keyboard.down("Enter")
    page.keyboard.down("Enter")
    page.keyboard.up("Enter")
    wait_held(page, held)
    page.wait_for_timeout(300)
    expect(page.locator("faqbot-chat .typing")).to_be_visible()  # still on its way
    page.keyboard.press("Space")  # a press of its own, at once: Stop (before: ignored for 500 ms)
    expect(answers(page).last).to_contain_text(STOPPED)
    _let_go(held)
