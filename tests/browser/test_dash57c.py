"""An editor's review of /admin (session 57, dash57c), in real Chromium: from the top of the dashboard it took 158
presses of Tab to reach the first Undo under "Recent edits"; "Go to" links at the top now lead to each panel, whose
panel takes focus (named by its heading, so a screen reader says where the link led) and the next Tab goes on from there. And the
"Closest sections" links open the article in a new tab, leaving the editor's ticks and choices where they were."""

from __future__ import annotations

import urllib.parse
import urllib.request

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

TOKEN = "dash57c-browser-token-51f3"
SWIM = ["can I go swimming after microneedling", "is swimming ok after microneedling"]
OTHERS = ["can I wear makeup after microneedling", "does microneedling hurt", "can I drink alcohol after it",
          "how much is a microneedling session", "do you open on sundays", "can I pay by card"]


@pytest.fixture
def site(admin_site):
    """A real server on a copy of knowledge/ with this file's admin token (tests/browser/conftest.py)."""
    return admin_site(TOKEN)[0]


def signed_in(page: Page, site: str) -> None:
    for q in SWIM + OTHERS:
        urllib.request.urlopen(site + "/api/ask?" + urllib.parse.urlencode({"q": q}), timeout=10).close()
    page.goto(site + "/admin")
    page.get_by_label("Admin token").fill(TOKEN)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Unanswered questions")).to_be_visible()


def focused(page: Page) -> str:
    """The focused element as a screen reader would name it, roughly: its tag, id and text."""
    return page.evaluate("() => { const e = document.activeElement; "
                         "return `${e.tagName} ${e.id} ${(e.textContent || '').trim().slice(0, 40)}`; }")


def panel_focused(page: Page, name: str) -> None:
    """The focus is on the panel (a <section>) this heading names: a screen reader says "name, region"."""
    panel = page.locator("section.panel:focus")
    expect(panel).to_have_count(1)
    expect(panel).to_have_role("region")
    expect(panel).to_have_accessible_name(name)


def tabs_to(page: Page, wanted, most: int) -> int:
    """Press Tab until `wanted(focused)` holds; how many presses it took (at most `most`)."""
    for n in range(1, most + 1):
        page.keyboard.press("Tab")
        if wanted(focused(page)):
            return n
    raise AssertionError(f"not reached in {most} presses of Tab; focus is on {focused(page)!r}")


def test_go_to_links_reach_recent_edits_undo_in_a_few_presses(site, page: Page):
    signed_in(page, site)
    group = page.locator("li.group", has=page.get_by_role("heading", name=f"\u201c{SWIM[0]}\u201d"))
    group.get_by_role("button", name="Dismiss").click()
    expect(page.get_by_role("status")).to_contain_text("Done: dismissed")
    page.goto(site + "/admin")  # a fresh load, focus at the top
    expect(page.get_by_role("heading", name="Recent edits")).to_be_visible()

    nav = page.get_by_role("navigation", name="Dashboard sections")
    expect(nav.get_by_role("link")).to_have_text(["Unanswered questions", "Content folder", "Recent edits"])
    presses = tabs_to(page, lambda f: f == "A  Recent edits", 12)
    page.keyboard.press("Enter")
    panel_focused(page, "Recent edits")
    presses += 1 + tabs_to(page, lambda f: f.startswith("BUTTON") and f.endswith("Undo"), 3)
    assert presses <= 12, presses  # was 158
    undo = page.locator("#recent-edits button", has_text="Undo").first
    expect(undo).to_be_focused()

    # The others lead to their headings too, focused.
    for name in ("Unanswered questions", "Content folder"):
        nav.get_by_role("link", name=name).click()
        panel_focused(page, name)


def test_go_to_links_are_visible(site, page: Page):
    signed_in(page, site)
    links = page.get_by_role("navigation", name="Dashboard sections").get_by_role("link")
    expect(links).to_have_count(3)
    for link in links.all():
        expect(link).to_be_visible()
        assert link.bounding_box()["width"] > 0


def test_a_closest_section_opens_in_a_new_tab_and_the_choices_stay(site, page: Page):
    signed_in(page, site)
    group = page.locator("li.group", has=page.get_by_role("heading", name=f"\u201c{SWIM[0]}\u201d"))
    boxes = group.get_by_role("checkbox")
    boxes.first.uncheck()
    picker = group.get_by_role("combobox", name="Section")
    chosen = picker.locator("option").nth(2).get_attribute("value")
    picker.select_option(chosen)
    link = group.locator("p.closest a").first
    label = link.evaluate("a => a.firstChild.textContent")  # the section's label, before the words said only
    expect(link).to_have_accessible_name(f"{label} (opens in a new tab)")
    said = link.get_by_text("(opens in a new tab)").bounding_box()
    assert said["width"] <= 1 and said["height"] <= 1  # said, not shown
    address = page.url
    with page.context.expect_page() as opened:
        link.click()
    article = opened.value
    article.wait_for_load_state()
    assert "/kb/" in article.url
    assert article.evaluate("() => window.opener") is None  # rel=noopener: the article cannot steer the dashboard
    # the dashboard, untouched: same address, the editor's tick and choice as they were
    assert page.url == address
    expect(boxes.first).not_to_be_checked()
    expect(picker).to_have_value(chosen)
