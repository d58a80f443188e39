"""An editor's content as visitors see it in real Chromium: on the article page and in the widget, the lines
the editor kept apart (opening hours, an address, numbered steps) stay apart."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from _widget import ask, open_chat
from conftest import _Thread
from bot.settings import Settings
from _app import built_app

pytestmark = pytest.mark.browser

SALON = """Visiting The Salon

Can I book online?

Yes, at https://booking.example.co.uk/appointments/newclientconsultationandstyleassessment?from=faq any time.

When are you open?

Monday to Friday 9am to 5pm.
Saturday 10am to 2pm.
Closed on Sundays.

Where is the salon?

12 High Street
Smalltown
AB1 2CD

How Do I Book An Appointment

1. Call us on 01234 567890.
2. Choose your stylist.
3. Pay a deposit of ten pounds.
"""


@pytest.fixture(scope="module")
def salon(tmp_path_factory):
    base = tmp_path_factory.mktemp("salon")
    (base / "content").mkdir()
    (base / "content" / "visiting.txt").write_text(SALON, encoding="utf-8")
    settings = Settings(content_dir=str(base / "content"), index_dir=str(base / "instance" / "index"),
                        database_url=f"sqlite:///{base}/instance/faqbot.sqlite3", rate_limit="0")
    bot = _Thread(built_app(settings))
    yield bot.url
    bot.stop()


@pytest.mark.parametrize("anchor, lines", [
    ("when-are-you-open", ["Monday to Friday 9am to 5pm.", "Saturday 10am to 2pm.", "Closed on Sundays."]),
    ("where-is-the-salon", ["12 High Street", "Smalltown", "AB1 2CD"]),
    ("how-do-i-book-an-appointment",
     ["1. Call us on 01234 567890.", "2. Choose your stylist.", "3. Pay a deposit of ten pounds."]),
])
def test_the_article_page_keeps_the_editors_lines_apart(page: Page, salon, anchor, lines):
    page.goto(f"{salon}/kb/visiting#{anchor}")
    text = page.locator(f"#{anchor} p").inner_text()  # as rendered: a line break shows as "\n"
    assert text.split("\n") == lines


def test_a_long_web_address_in_an_article_does_not_widen_a_phones_page(page: Page, salon):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{salon}/kb/visiting#can-i-book-online")
    expect(page.locator("#can-i-book-online p")).to_contain_text("newclientconsultation")
    # Before: the page was 732px wide, scrolled sideways, and the line ran off the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_the_widget_keeps_the_editors_lines_apart(page: Page, salon):
    page.goto(salon + "/")
    open_chat(page)
    # the steps are the whole answer (a numbered step brings the others: bot/concise.py), one per line
    reply = ask(page, "How do I book an appointment?")
    answer = reply.locator(".answer p")
    expect(answer).to_have_count(1)
    assert answer.inner_text().split("\n") == [
        "1. Call us on 01234 567890.", "2. Choose your stylist.", "3. Pay a deposit of ten pounds."]
    expect(reply.get_by_role("button", name="Read more")).to_have_count(0)  # nothing more to read


def test_a_right_to_left_table_cell_starts_on_the_right(page: Page, tmp_path):
    # The article page gives each cell dir="auto"; the stylesheet's "text-align: left" still pushed a Hebrew
    # cell's text to the left edge, where a reader of Hebrew does not start
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "prices.md").write_text(
        "# Prices\n\n## How much is it?\n\n| service | price |\n|---|---|\n| תספורת | 80 |\n"
        "| Haircut, wash, beard trim and styling | 80 |\n", encoding="utf-8")
    settings = Settings(content_dir=str(tmp_path / "content"), index_dir=str(tmp_path / "index"),
                        database_url=f"sqlite:///{tmp_path}/faqbot.sqlite3", rate_limit="0")
    bot = _Thread(built_app(settings))
    try:
        page.set_viewport_size({"width": 900, "height": 600})
        page.goto(f"{bot.url}/kb/prices")
        hebrew, latin = page.locator("td", has_text="תספורת"), page.locator("td", has_text="Haircut")
        for cell in (hebrew, latin):
            expect(cell).to_have_attribute("dir", "auto")
        assert hebrew.evaluate("e => getComputedStyle(e).textAlign") in ("start", "right")
        assert hebrew.evaluate("e => getComputedStyle(e).direction") == "rtl"
        # the words sit against the cell's right edge: the text's box ends where the cell's content ends
        box = hebrew.evaluate("e => { const r = document.createRange(); r.selectNodeContents(e);"
                              " const t = r.getBoundingClientRect(), c = e.getBoundingClientRect();"
                              " return [c.right - t.right, t.left - c.left]; }")
        assert box[0] < 12 < box[1], box
        # and a Latin cell still starts on the left: the short one in the price column
        box = page.locator("td", has_text="80").last.evaluate(
            "e => { const r = document.createRange(); r.selectNodeContents(e);"
            " const t = r.getBoundingClientRect(), c = e.getBoundingClientRect();"
            " return [c.right - t.right, t.left - c.left]; }")
        assert box[1] < 12 < box[0], box
    finally:
        bot.stop()


def test_a_wide_table_in_an_article_scrolls_in_its_own_box_on_a_phone(page: Page, tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "prices.md").write_text(
        "# Prices\n\n## How much is it?\n\n| treatment | price | duration | downtime |\n|---|---|---|---|\n"
        "| Microneedling with radiofrequency | £250 per session | 60 minutes including numbing | two to three days |\n",
        encoding="utf-8")
    settings = Settings(content_dir=str(tmp_path / "content"), index_dir=str(tmp_path / "index"),
                        database_url=f"sqlite:///{tmp_path}/faqbot.sqlite3", rate_limit="0")
    bot = _Thread(built_app(settings))
    try:
        page.set_viewport_size({"width": 320, "height": 640})
        page.goto(f"{bot.url}/kb/prices")
        # Before: the whole page was 436px wide and scrolled sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        table = page.get_by_role("table")
        box = page.locator(".table-scroll")
        assert box.evaluate("el => el.scrollWidth > el.clientWidth"), "this table must be wider than the phone"
        page.get_by_role("heading", name="How much is it?").click()
        page.keyboard.press("Tab")  # Tab reaches the table...
        expect(table).to_be_focused()
        page.keyboard.press("ArrowRight")  # ...and arrow keys scroll its box
        page.wait_for_function("el => el.scrollLeft > 0", arg=box.element_handle())
        # Its ring goes round the box, which shows whole (the table's own would be cut off at the box's edges).
        assert box.evaluate("el => getComputedStyle(el).outlineStyle") == "solid"
        # Before: a group named "Scrollable table" round it, heard as "Scrollable table, grouping, table" (every table
        # of the page under that one name).
        expect(page.locator("article").get_by_role("group")).to_have_count(0)
    finally:
        bot.stop()
