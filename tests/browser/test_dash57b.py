"""A change refused on the dashboard (a form error) in real Chromium: the address bar shows the dashboard's address,
not /admin/alternates, so that a reload shows the dashboard rather than sending the form again; focus is on the
error line, which names the group."""

from __future__ import annotations

import re
import urllib.parse
import urllib.request

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

TOKEN = "dash57b-browser-token-9e07"
AFTERCARE = "microneedling-redness/what-is-the-aftercare-process-for-microneedling"
SWIM = ["can I go swimming after microneedling", "is swimming ok after microneedling"]


@pytest.fixture
def site(admin_site):
    """A real server on a copy of knowledge/ with this file's admin token (tests/browser/conftest.py)."""
    return admin_site(TOKEN)[0]


def at_the_dashboard_address(page: Page, site: str) -> None:
    """The address bar comes to show the dashboard's own address (with its period), scrolled to the error line: the
    page's script puts it there once it runs (waited for: the error line shows before)."""
    expect(page).to_have_url(re.compile(rf"^{re.escape(site)}/admin/?\?days=30#error$"))


def test_a_refused_change_leaves_the_dashboard_address_and_a_reload_sends_nothing(site, page: Page):
    for q in SWIM:
        urllib.request.urlopen(site + "/api/ask?" + urllib.parse.urlencode({"q": q}), timeout=10).close()
    page.goto(site + "/admin")
    page.get_by_label("Admin token").fill("not the token")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("wrong admin token")
    at_the_dashboard_address(page, site)  # was /admin/sign-in: a reload sent the token field again
    page.get_by_label("Admin token").fill(TOKEN)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Unanswered questions")).to_be_visible()

    group = page.locator("li.group", has=page.get_by_role("heading", name=f"\u201c{SWIM[0]}\u201d"))
    for box in group.get_by_role("checkbox").all():
        box.uncheck()
    group.get_by_role("combobox", name="Section").select_option(AFTERCARE)
    group.get_by_role("button", name="Add as alternate").click()
    alert = page.get_by_role("alert")
    expect(alert).to_have_text(f"\u201c{SWIM[0]}\u201d: choose at least one phrasing to add")
    expect(alert).to_be_focused()
    at_the_dashboard_address(page, site)  # was /admin/alternates

    sent: list[str] = []
    page.on("request", lambda request: sent.append(f"{request.method} {request.url}"))
    page.reload()
    expect(page.get_by_role("heading", name="Unanswered questions")).to_be_visible()
    expect(page.get_by_role("alert")).to_have_count(0)
    assert [s for s in sent if not s.startswith("GET ")] == []
    assert any(s.startswith(f"GET {site}/admin") and "days=30" in s for s in sent), sent
