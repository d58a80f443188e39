"""The widget on phone-sized screens in real Chromium: the panel that covers the page is modal (focus stays
in it, aria-modal says so), also after a reload or a resize, and a landscape phone leaves room to read; a wide table keeps its words whole."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from _widget import answers, ask, open_chat, shadow_focus

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 667}
PEEL_Q = "How long will my skin peel?"


def test_tab_from_the_page_behind_the_reopened_panel_goes_into_it(page: Page, servers):
    page.set_viewport_size(PHONE)
    page.goto(servers.url + "/")
    open_chat(page)
    ask(page, PEEL_Q)
    page.reload()
    panel = page.get_by_role("dialog", name="Ask a question")
    expect(panel).to_be_visible()
    expect(panel).to_have_attribute("aria-modal", "true")
    # Focus is on the page (the panel came back open by itself): Tab goes into the panel, not to the
    # page's links hidden behind it.
    page.keyboard.press("Tab")
    assert shadow_focus(page) == "button.icon-button", shadow_focus(page)
    page.keyboard.press("Shift+Tab")
    assert shadow_focus(page) != "", "Shift+Tab from the panel's first control left it"
    # A tap on the strip of page around the panel, then Shift+Tab: into the panel too.
    page.mouse.click(2, 300)
    assert shadow_focus(page) == ""
    page.keyboard.press("Shift+Tab")
    assert shadow_focus(page) != "", "Shift+Tab went to the page behind the panel"
    page.mouse.click(2, 300)
    page.keyboard.press("Tab")
    assert shadow_focus(page) == "button.icon-button", shadow_focus(page)


def test_aria_modal_follows_the_panel_across_a_resize(page: Page, servers):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(servers.url + "/")
    open_chat(page)
    panel = page.get_by_role("dialog", name="Ask a question")
    expect(panel).to_have_attribute("aria-modal", "false")
    page.set_viewport_size(PHONE)  # now it covers the page
    expect(panel).to_have_attribute("aria-modal", "true")
    box = panel.bounding_box()
    assert box["width"] > 350 and box["height"] > 640, box
    page.set_viewport_size({"width": 1280, "height": 800})  # a floating box again
    expect(panel).to_have_attribute("aria-modal", "false")


def test_a_reload_mid_conversation_shows_its_latest_reply(page: Page, servers):
    page.emulate_media(reduced_motion="reduce")
    page.set_viewport_size(PHONE)
    page.goto(servers.url + "/")
    open_chat(page)
    for question in (PEEL_Q, "Is tingling normal?", "Can I wear makeup?", "What should I avoid?", "hello"):
        ask(page, question)
    page.reload()
    log = page.get_by_role("log", name="Conversation")
    expect(log).to_be_visible()
    assert log.evaluate("el => el.scrollHeight > el.clientHeight + 200"), "the conversation must overflow for this test"
    expect(answers(page).last).to_be_in_viewport()
    assert log.evaluate("el => el.scrollHeight - el.scrollTop - el.clientHeight") < 2


# The corners of each line of a chip's text that fall outside the chip's rounded border (the border's
# used radius, as CSS scales it down to fit the box), in pixels; a line's box is its glyphs' box.
TEXT_OUTSIDE_BORDER = """(chip) => {
  const box = chip.getBoundingClientRect();
  const r = Math.min(parseFloat(getComputedStyle(chip).borderTopLeftRadius), box.width / 2, box.height / 2);
  const inner = r - parseFloat(getComputedStyle(chip).borderTopWidth);
  const range = document.createRange();
  range.selectNodeContents(chip);
  const out = [];
  for (const line of range.getClientRects()) {
    for (const [x, y] of [[line.left, line.top], [line.right, line.top], [line.left, line.bottom], [line.right, line.bottom]]) {
      // Distance into the corner's square, measured from the nearest corner of the chip.
      const dx = Math.max(0, r - Math.min(x - box.left, box.right - x));
      const dy = Math.max(0, r - Math.min(y - box.top, box.bottom - y));
      const past = Math.hypot(dx, dy) - inner;
      if (dx > 0 && dy > 0 && past > 0) out.push(Math.round(past * 10) / 10);
    }
  }
  return { lines: range.getClientRects().length, out, radius: r, height: box.height };
}"""


def test_a_chip_that_wraps_keeps_its_text_inside_its_border(page: Page, shipped):
    page.set_viewport_size(PHONE)
    page.goto(shipped + "/")
    open_chat(page)
    chips = ask(page, "How Does Microneedling Work?").locator(".chip")
    expect(chips.first).to_be_visible()
    measured = [chip.evaluate(TEXT_OUTSIDE_BORDER) for chip in chips.all()]
    assert any(m["lines"] >= 3 for m in measured), f"a chip must wrap to 3 lines for this test: {measured}"
    assert all(not m["out"] for m in measured), measured


def test_a_landscape_phone_gets_the_panel_that_covers_the_page(page: Page, servers):
    page.set_viewport_size({"width": 667, "height": 375})
    page.goto(servers.url + "/")
    open_chat(page)
    panel = page.get_by_role("dialog", name="Ask a question")
    expect(page.locator("faqbot-chat .disclaimer")).to_be_visible()
    log = page.get_by_role("log", name="Conversation").bounding_box()
    assert log["height"] >= 200, f"the conversation has {log['height']:.0f}px"
    box = panel.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 375 and box["width"] > 600, box
    # It covers the page, so it is modal like the phone's.
    expect(panel).to_have_attribute("aria-modal", "true")
    page.keyboard.press("Tab")
    assert shadow_focus(page) != ""
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(panel).to_have_attribute("aria-modal", "false")


@pytest.mark.parametrize("width, height, least", [(320, 256, 110), (568, 320, 190)])
def test_a_very_short_window_leaves_the_conversation_room_to_read(page: Page, servers, width, height, least):
    """A laptop's page zoomed to 400% (320x256 CSS pixels), a small phone on its side: the panel's frame gives way."""
    page.set_viewport_size({"width": width, "height": height})
    page.goto(servers.url + "/")
    open_chat(page)
    reply = ask(page, PEEL_Q)
    log = page.get_by_role("log", name="Conversation").bounding_box()
    # Before: 73px at 400% (three lines of the answer), 154px at 568x320.
    assert log["height"] >= least, f"the conversation has {log['height']:.0f}px"
    expect(page.locator("faqbot-chat .disclaimer")).to_be_in_viewport()  # still shown whole
    expect(page.get_by_role("textbox", name="Your question")).to_be_in_viewport()
    expect(page.get_by_role("button", name="Close chat")).to_be_in_viewport()
    page.get_by_role("log", name="Conversation").evaluate("(log) => log.scrollTo(0, log.scrollHeight)")
    expect(reply.get_by_role("button", name="Helpful", exact=True)).to_be_in_viewport()


def answer_with_a_table(rows: list) -> dict:
    """An Answer whose concise text is a table (as bot/blocks.py makes of "• Column: value; ..." lines)."""
    return {"ok": True, "question": "prices?", "answered": True, "kind": "answer", "answer": "Our prices.",
            "answer_blocks": [{"kind": "table", "rows": rows}], "full_answer": "Our prices.", "heading": "Prices",
            "section_id": "prices/prices", "confidence": 0.9, "suggestions": [],
            "source": {"document": "prices", "title": "Prices", "url": "/kb/prices#prices"}}


# The lines each word of a cell is drawn on: a word on two lines was split inside it.
SPLIT_WORDS = """(table) => {
  const split = [];
  for (const cell of table.querySelectorAll('th, td')) {
    const text = cell.firstChild;
    for (const m of text.data.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(text, m.index);
      range.setEnd(text, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      if (tops.size > 1) split.push(m[0]);
    }
  }
  return split;
}"""


def test_a_wide_table_on_a_phone_keeps_its_words_whole_and_scrolls(page: Page, servers):
    row = [["Treatment", "Microneedling with radiofrequency"], ["Price", "£250 per session"],
           ["Duration", "60 minutes including numbing"], ["Downtime", "two to three days of redness"]]
    page.route("**/api/ask", lambda route: route.fulfill(json=answer_with_a_table([row, row])))
    page.set_viewport_size({"width": 360, "height": 640})
    page.goto(servers.url + "/")
    open_chat(page)
    reply = ask(page, "prices?")
    table = reply.locator("table")
    expect(table).to_be_visible()
    # Cells broke anywhere, to fit four columns in the bubble: "£25" over "0", "Microneedl" over "ing".
    assert table.evaluate(SPLIT_WORDS) == []
    log = page.get_by_role("log", name="Conversation")
    assert log.evaluate("el => el.scrollWidth <= el.clientWidth"), "the conversation scrolls sideways"
    # The table scrolls in its own box instead, and the keyboard can scroll it: Tab reaches the table...
    scroller = reply.locator(".table-scroll")
    assert scroller.evaluate("el => el.scrollWidth > el.clientWidth"), "this table must be wider than the bubble"
    log.focus()
    page.keyboard.press("Tab")
    expect(table).to_be_focused()
    page.keyboard.press("ArrowRight")  # ...and arrow keys scroll its box
    page.wait_for_function("el => el.scrollLeft > 0", arg=scroller.element_handle())
    # Its ring goes round the box, which shows whole (the table's own would be cut off at the box's edges).
    assert scroller.evaluate("el => getComputedStyle(el).outlineStyle") == "solid"
    # No landmark: before, a region named "Table" was heard as "Table region, table", and listed among landmarks.
    expect(reply.get_by_role("region")).to_have_count(0)
    expect(reply.get_by_role("table")).to_have_count(1)


def test_escape_closes_the_covering_panel_with_focus_on_the_page_behind(page: Page, servers):
    # 200% zoom on a 1280x720 screen: the page is 640x360 CSS pixels, short enough that the panel covers it.
    page.set_viewport_size({"width": 640, "height": 360})
    page.goto(servers.url + "/")
    open_chat(page)
    ask(page, PEEL_Q)
    page.reload()  # the panel comes back open by itself; focus is on the page
    panel = page.get_by_role("dialog", name="Ask a question")
    expect(panel).to_have_attribute("aria-modal", "true")
    assert shadow_focus(page) == ""
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    assert shadow_focus(page) == "button.launcher"


@pytest.mark.parametrize("width, height", [(375, 667), (768, 1024), (820, 1180), (1024, 768), (1024, 1366),
                                           (1440, 900)])
def test_the_question_box_is_16px_at_every_width_so_ios_does_not_zoom_on_focus(page: Page, servers, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(servers.url + "/")
    open_chat(page)
    box = page.get_by_role("textbox", name="Your question")
    # Before: 15px above 480px wide, and iOS Safari zoomed an iPad's page (768-1024px) when the box got focus.
    assert box.evaluate("(el) => parseFloat(getComputedStyle(el).fontSize)") >= 16


TOUCH_PHONE = {"viewport": PHONE, "has_touch": True, "is_mobile": True}


def _box_focused(page: Page) -> bool:
    return shadow_focus(page).startswith("input.")


@pytest.mark.browser_context_args(**TOUCH_PHONE)
def test_a_tap_does_not_raise_the_phones_keyboard_over_what_the_visitor_is_about_to_read(page: Page, servers):
    """Focus moved to the box by script after a tap raises the on-screen keyboard over half the panel: over the
    greeting's suggested questions, the answer on its way, Start over's Undo. A tap leaves it down; keys still go to
    the box, as before."""
    page.goto(servers.url + "/")
    page.get_by_role("button", name="Ask a question").tap()
    panel = page.get_by_role("dialog", name="Ask a question")
    expect(panel).to_be_visible()
    starters = page.locator("faqbot-chat .intro .chip")
    expect(starters.first).to_be_visible()
    # Before: the box, and the keyboard came up over the suggested questions.
    assert shadow_focus(page) == "div.log", shadow_focus(page)  # inside the panel (a screen reader's cursor too)
    starters.first.tap()  # a suggested question: it goes with the greeting
    expect(answers(page)).to_have_count(1)
    assert not _box_focused(page) and shadow_focus(page) != "", shadow_focus(page)
    page.get_by_role("button", name="Start a new conversation").tap()
    undo = page.get_by_role("button", name="Undo")
    expect(undo).to_be_visible()
    assert not _box_focused(page), "the keyboard came up over Undo"
    undo.tap()
    expect(answers(page)).to_have_count(1)
    assert shadow_focus(page) == "div.log", shadow_focus(page)
    page.route("**/api/ask", lambda route: route.abort(), times=1)  # a failed question, then Try again
    box = page.get_by_role("textbox", name="Your question")
    box.fill(PEEL_Q)
    box.press("Enter")
    again = answers(page).last.get_by_role("button", name="Try again")
    again.tap()
    # Its own reply, the second answer: answers(page).last was the first one (the starter's, which says "Peeling usually
    # starts" too) while the reply was still on its way, the failed one gone; under load it still was at the chip's Enter
    # below, when chips are aria-disabled and send nothing (tests/browser/test_widget60_chip_while_busy.py).
    expect(answers(page)).to_have_count(2)
    expect(answers(page).nth(1)).to_contain_text("Peeling usually starts")
    assert shadow_focus(page) == "div.log", shadow_focus(page)
    # By keyboard, as before: the box, to type the next question.
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    page.keyboard.press("Enter")  # on the launcher, where Escape left focus
    expect(box).to_be_focused()
    page.keyboard.press("Shift+Tab")
    for _ in range(20):
        if shadow_focus(page) == "button.chip":
            break
        page.keyboard.press("Shift+Tab")
    else:
        pytest.fail(f"no chip before the box by Shift+Tab; focus on {shadow_focus(page)!r}")
    chip = page.evaluate("() => document.querySelector('faqbot-chat').shadowRoot.activeElement.textContent")
    page.keyboard.press("Enter")
    # Its question first (it went), then its answer (a server slow under CI's load gets longer than the default 5 s).
    expect(page.locator("faqbot-chat .msg.user").last).to_contain_text(chip)
    expect(answers(page)).to_have_count(3, timeout=15_000)
    expect(box).to_be_focused()
