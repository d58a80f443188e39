"""In real Chromium: a group of unanswered questions with more phrasings than one edit takes (62, the limit 50) is
dismissed with its "Dismiss" button, in two clicks, as the page says (it was refused: "at most 50 questions")."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from test_admin_browser import TOKEN, ask, site  # noqa: F401 (site: the fixture)

pytestmark = pytest.mark.browser

ASKED = [f"do you sell gift cards worth {n} euros" for n in range(5, 67)]


def test_a_group_of_62_phrasings_is_dismissed_in_two_clicks(page: Page, site):  # noqa: F811
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    for q in ASKED:
        assert not ask(site, q)["answered"]
    page.goto(site["url"] + "/admin")
    page.get_by_label("Admin token").fill(TOKEN)
    page.get_by_role("button", name="Sign in").click()
    groups = page.locator("ol.groups > li.group")
    expect(groups).to_have_count(1)
    expect(groups.get_by_role("checkbox")).to_have_count(50)
    expect(groups).to_contain_text("And 12 more phrasings, asked fewer times")

    groups.get_by_role("button", name="Dismiss").click()
    status = page.get_by_role("status")
    expect(status).to_contain_text("dismissed 50 phrasings")
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(groups).to_have_count(1)  # the 12 left, ticked, and the 50 dismissed shown as handled
    expect(groups.locator("input[type=checkbox]:not([disabled])")).to_have_count(12)
    expect(groups).not_to_contain_text("more phrasing")

    groups.get_by_role("button", name="Dismiss").click()
    expect(page.get_by_role("status")).to_contain_text("dismissed 12 phrasings")
    expect(groups).to_have_count(0)
    expect(page.locator("ul.handled > li.group.done")).to_contain_text(re.compile("dismissed 12 phrasings"))
    assert problems == []
