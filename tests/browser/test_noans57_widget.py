"""FAQBOT_NO_ANSWER_CONTACT on the demo page, in real Chromium: the widget shows the API's no-answer text, so a
visitor who gets no answer reads the site's line on how to reach a person; an answer does not carry it."""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import Page, expect

from _app import app_maker
from _widget import ask, open_chat
from bot.answer import no_answer_text
from conftest import KB_SMALL, _Thread

pytestmark = pytest.mark.browser

CONTACT = "Call us on 020 7946 0000 or email hello@clinic.example."


@pytest.fixture()
def with_contact(tmp_path):
    shutil.copytree(KB_SMALL, tmp_path / "content")
    server = _Thread(app_maker(tmp_path / "content", tmp_path, no_answer_contact=CONTACT)())
    yield server.url
    server.stop()


def test_the_demo_page_shows_the_contact_line_under_no_answer_only(page: Page, with_contact):
    page.goto(with_contact + "/")
    open_chat(page)
    refused = ask(page, "xyzzy")
    expect(refused).to_have_class("msg bot kind-no_answer")
    expect(refused.locator(".answer")).to_have_text(no_answer_text(True, CONTACT))
    answered = ask(page, "how long will my skin peel?")
    expect(answered).to_have_class("msg bot kind-answer")
    expect(answered.locator(".answer")).not_to_contain_text("020 7946")
