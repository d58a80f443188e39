"""The editor's dashboard in real Chromium, end to end, as a site owner uses it.

A real server (the app factory, werkzeug in a thread on 127.0.0.1) serves a copy of knowledge/ in
tmp_path. Visitors ask a dozen questions through /api/ask (paraphrases of each other, off-topic ones);
the editor signs in by keyboard, sees the chart and the groups, attaches one group to a section, the bot
then answers those questions from it (no restart), the served folder's .alternates file holds them, and
undo takes them out again. Screenshots at desktop and phone widths go to test-artifacts/.
"""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from bot.editing import FILE_NAME

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "browser-admin-token-5c1e"
AFTERCARE = "microneedling-redness/what-is-the-aftercare-process-for-microneedling"
SWIM = ["can I go swimming after microneedling", "is swimming ok after microneedling",
        "can I swim in a pool after microneedling"]
VISITORS = SWIM + ["do you sell gift cards", "can I buy a gift card", "Do you sell GIFT cards?",
                   "where can I park", "is there parking near the clinic",
                   "what is the capital of france", "who won the world cup",
                   "how long will I be red", "what is microneedling"]


@pytest.fixture
def site(admin_site):
    """A real server on a copy of knowledge/ with this file's admin token (tests/browser/conftest.py)."""
    url, content = admin_site(TOKEN)
    return {"url": url, "content": content}


def ask(site, question: str) -> dict:
    url = site["url"] + "/api/ask?" + urllib.parse.urlencode({"q": question})
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.load(r)


def test_sign_in_see_the_chart_attach_a_group_and_undo(page: Page, site, artifacts):
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    before = {q: ask(site, q) for q in VISITORS}
    assert all(before[q]["section_id"] != AFTERCARE for q in SWIM)
    assert sum(a["answered"] for a in before.values()) == 2

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site["url"] + "/admin")
    # Keyboard only: the field by its label, Enter submits the form.
    token = page.get_by_label("Admin token")
    token.focus()
    page.keyboard.type("not-the-token")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("wrong admin token")
    expect(page.get_by_role("alert")).to_be_focused()
    page.get_by_label("Admin token").fill(TOKEN)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1, name="Editor's dashboard")).to_be_visible()
    cookies = page.context.cookies()
    assert TOKEN not in json.dumps(cookies)
    (cookie,) = [c for c in cookies if c["name"] == "faqbot_admin"]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["expires"] > 0
    assert page.evaluate("() => document.cookie") == ""  # not readable from script
    assert page.evaluate("() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage)") == "{}{}"

    # The chart: an SVG with today's bar holding every question asked.
    chart = page.get_by_role("img", name=re.compile("Questions per day"))
    expect(chart).to_be_visible()
    expect(page.locator("svg.chart g.day[data-questions='12'][data-answered='2']")).to_have_count(1)

    # The groups, under their heading; paraphrases together.
    expect(page.get_by_role("heading", level=2, name="Unanswered questions")).to_be_visible()
    groups = page.locator("ol.groups > li.group")
    expect(groups).to_have_count(5)  # swimming, gift cards, parking, and the two off-topic ones
    swim = groups.filter(has=page.get_by_role("heading", name=re.compile("swim")))
    expect(swim).to_have_count(1)
    expect(swim.get_by_role("checkbox")).to_have_count(3)
    gifts = groups.filter(has=page.get_by_role("heading", name=re.compile("gift", re.I)))
    expect(gifts.locator(".meta")).to_contain_text("asked 3 times")
    page.screenshot(path=str(artifacts / "admin-desktop.png"), full_page=True)

    # Attach: pick the section in the combobox (closest first), then the button, by keyboard.
    picker = swim.get_by_role("combobox", name="Section")
    assert AFTERCARE in picker.locator("optgroup[label='Closest'] option").evaluate_all(
        "options => options.map(o => o.value)")
    picker.select_option(AFTERCARE)
    swim.get_by_role("button", name="Add as alternate").focus()
    page.keyboard.press("Enter")
    status = page.get_by_role("status")
    expect(status).to_contain_text("Done: added 3 phrasings to")
    expect(status).to_be_focused()
    handled = page.locator("ul.handled > li.group.done")
    expect(handled).to_have_count(1)
    expect(handled).to_contain_text("Handled")
    expect(handled).to_contain_text("swim")
    expect(groups).to_have_count(4)

    # The bot now answers these questions from that section, without a restart.
    for q in SWIM:
        answer = ask(site, q)
        assert answer["answered"] and answer["section_id"] == AFTERCARE, (q, answer)
    text = (site["content"] / FILE_NAME).read_text()
    assert f"[{AFTERCARE}]\n" + "".join(f"{q}\n" for q in sorted(SWIM)) in text
    assert not (ROOT / "knowledge" / FILE_NAME).exists()  # the served copy, never the repository's folder

    page.set_viewport_size({"width": 375, "height": 812})
    page.reload()
    expect(page.get_by_role("heading", level=2, name="Unanswered questions")).to_be_visible()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways on a phone: {width}px"
    # The chart scrolls sideways to today; its value axis must be in view there, not off-screen.
    shown = page.evaluate("""() => {
        const box = document.querySelector('.chart-box').getBoundingClientRect();
        return [...document.querySelectorAll('svg.chart > text')].filter(t => /^[0-9.]+$/.test(t.textContent))
            .map(t => t.getBoundingClientRect())
            .every(r => r.left >= box.left - 1 && r.right <= box.right + 1);
    }""")
    assert shown, "the chart's value axis is off-screen on a phone"
    page.screenshot(path=str(artifacts / "admin-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})

    # Undo (the button beside the status line): the phrasings leave the file and the index.
    status.get_by_role("button", name="Undo").click()
    expect(status).to_contain_text("Undone: the 3 phrasings added to")
    expect(groups).to_have_count(5)
    assert not (site["content"] / FILE_NAME).exists()  # the edit created it: undone, the folder is as before
    assert ask(site, SWIM[1])["section_id"] == before[SWIM[1]]["section_id"]
    # No CSP violation, no script error; the one failed load is the deliberately wrong token's 403 page.
    assert problems == ["Failed to load resource: the server responded with a status of 403 (FORBIDDEN)"], problems


def test_every_control_is_labelled_and_focus_is_visible(page: Page, site):
    for q in VISITORS[:4]:
        ask(site, q)
    page.goto(site["url"] + "/admin")
    page.get_by_label("Admin token").fill(TOKEN)
    page.get_by_label("Admin token").press("Enter")
    expect(page.get_by_role("heading", level=2, name="Unanswered questions")).to_be_visible()
    unlabelled = page.evaluate("""() => [...document.querySelectorAll('input:not([type=hidden]), select')]
        .filter(el => !el.labels || el.labels.length === 0).map(el => el.outerHTML)""")
    assert unlabelled == []
    headings = page.evaluate("() => [...document.querySelectorAll('h1, h2')].map(h => h.tagName + ' ' + h.textContent.trim())")
    assert headings[0] == "H1 Editor's dashboard" and "H2 Unanswered questions" in headings
    # Tab to the first "Add as alternate" button: it shows a visible focus ring.
    button = page.get_by_role("button", name="Add as alternate").first
    for _ in range(60):
        page.keyboard.press("Tab")
        if button.evaluate("b => b === document.activeElement"):
            break
    else:
        pytest.fail("'Add as alternate' cannot be reached with the Tab key")
    outline = button.evaluate("b => getComputedStyle(b).outlineStyle + ' ' + getComputedStyle(b).outlineWidth")
    assert outline.startswith("solid") and not outline.endswith(" 0px"), outline
