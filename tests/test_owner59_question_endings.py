"""A question line as owners end it, with emoji after the question mark ("Is there wifi? 📶"), '?!', or the icon of
the accordion it was copied from ("Do you deliver? +", "▼"), is a question:
it starts its own section, in a text article and as a bold Markdown question, instead of joining the one above."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.ingest import load_knowledge
from tests._files import write

CAFE_TXT = """Cafe FAQ

Do you have vegan options? 🌱
Yes, lots! Ask for the green menu.

Are dogs allowed?🐶
Yes, on the terrace.

Is there WiFi?!
Yes, it is free.

Can I bring my own cake? 🎂👍🏽
Yes, for a small plating fee.
"""

CAFE_MD = """# Cafe FAQ

**Do you have vegan options? 🌱**
Yes, lots! Ask for the green menu.

**Are dogs allowed?🐶**
Yes, on the terrace.

**Is there WiFi?!**
Yes, it is free.
"""

EXPECTED = {
    "Do you have vegan options? 🌱": "Yes, lots! Ask for the green menu.",
    "Are dogs allowed?🐶": "Yes, on the terrace.",
    "Is there WiFi?!": "Yes, it is free.",
}


@pytest.mark.parametrize("name, text, expected", [
    ("cafe.txt", CAFE_TXT, {**EXPECTED, "Can I bring my own cake? 🎂👍🏽": "Yes, for a small plating fee."}),
    ("cafe.md", CAFE_MD, EXPECTED),
])
def test_each_question_with_emoji_or_bang_after_its_mark_is_its_own_section(tmp_path: Path, name, text, expected):
    write(tmp_path, name, text)
    kb = load_knowledge(tmp_path)
    assert {s.heading: s.body for s in kb.sections} == expected


def test_a_sentence_with_emoji_after_it_stays_text(tmp_path: Path):
    write(tmp_path, "cafe.txt", "Cafe FAQ\n\nDo you deliver?\n\nYes, within 5 miles.\n\nThanks for visiting! 😊\n")
    kb = load_knowledge(tmp_path)
    assert [(s.heading, s.body) for s in kb.sections] == [
        ("Do you deliver?", "Yes, within 5 miles.\n\nThanks for visiting! 😊")]


def test_a_question_copied_with_its_accordion_icon_is_a_section(tmp_path: Path):
    write(tmp_path, "shop.txt", "Shop FAQ\n\nDo you deliver? +\nYes, within 5 miles.\n\n"
                                "Can I return an item? ▼\nYes, within 30 days.\n\nDo you gift wrap? ›\nYes.\n")
    kb = load_knowledge(tmp_path)
    assert [(s.id, s.body) for s in kb.sections] == [
        ("shop/do-you-deliver", "Yes, within 5 miles."),
        ("shop/can-i-return-an-item", "Yes, within 30 days."),
        ("shop/do-you-gift-wrap", "Yes."),
    ]
