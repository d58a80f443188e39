"""Markdown FAQs that write each question less plainly than a heading: a bold question as a list item ("- **Do you take
walk-ins?** Yes, ...", or its answer on the lines under it) and an italic question on a line of its own ("*Do you
deliver?*" over its answer, in a file that writes its questions so). Each was read as text, the whole FAQ one
section. Bold lead-ins inside an answer, a list of questions with no answers, one italic question in an article and
italic words that ask nothing stay text."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.ingest import load_knowledge
from tests._files import write


def _sections(folder: Path) -> list[tuple[str, str, str, str]]:
    return [(s.id, s.heading, s.body, s.source) for s in load_knowledge(folder).sections]


SALON = """# Salon

- **Do you take walk-ins?** Yes, most days before 3pm.
- **Do you sell gift cards?** Yes, at the desk.

## Booking

* **Do you take deposits?**
  Yes, 10 pounds.
* **Can I cancel?**
  Up to a day before.
  - Later than that costs the deposit.
"""


def test_a_bold_question_as_a_list_item_is_a_section(tmp_path: Path):
    write(tmp_path, "salon.md", SALON)
    assert _sections(tmp_path) == [
        ("salon/do-you-take-walk-ins", "Do you take walk-ins?", "Yes, most days before 3pm.", "salon.md:3"),
        ("salon/do-you-sell-gift-cards", "Do you sell gift cards?", "Yes, at the desk.", "salon.md:4"),
        ("salon/do-you-take-deposits", "Do you take deposits?", "Yes, 10 pounds.", "salon.md:8"),
        ("salon/can-i-cancel", "Can I cancel?", "Up to a day before.\n• Later than that costs the deposit.",
         "salon.md:10"),
    ]


@pytest.mark.parametrize("text, body", [
    # in a question's answer, bold questions in a list are lead-ins of it, as in a paragraph
    ("# Shop\n\n## How long does delivery take?\n\nTwo days.\n\n- **In a hurry?** Pay for express.\n"
     "- **Abroad?** Allow a week.\n", "Two days.\n\n• In a hurry? Pay for express.\n• Abroad? Allow a week."),
    # a list of questions without answers: what the page covers
    ("# Help\n\n## Topics\n\n- **Do you deliver?**\n- **Do you take cards?**\n",
     "• Do you deliver?\n• Do you take cards?"),
    # one item that is no question: the list is a list
    ("# Shop\n\n## About Us\n\n- **Do you deliver?** Yes.\n- Free parking behind the shop.\n",
     "• Do you deliver? Yes.\n• Free parking behind the shop."),
    # a nested list, a list in a quote: text of their section
    ("# Shop\n\n## Hours\n\n- Weekends\n  - **Open Sundays?** No.\n  - **Open Saturdays?** Yes.\n",
     "• Weekends\n• Open Sundays? No.\n• Open Saturdays? Yes."),
    ("# Shop\n\n## Hours\n\n> - **Open Sundays?** No.\n> - **Open Saturdays?** Yes.\n",
     "• Open Sundays? No.\n• Open Saturdays? Yes."),
])
def test_bold_questions_in_other_lists_stay_text(tmp_path: Path, text: str, body: str):
    write(tmp_path, "shop.md", text)
    assert [s[2] for s in _sections(tmp_path)] == [body]


BAKERY = """# Bakery FAQ

*Do you deliver?*
Yes, within 5 miles.

_Do you bake wedding cakes?_

Yes, order two weeks ahead.

## Ordering

*Can I order online?*
Yes, on our website.
"""


def test_italic_questions_on_lines_of_their_own_are_sections_in_a_file_that_writes_them_so(tmp_path: Path):
    write(tmp_path, "bakery.md", BAKERY)
    assert _sections(tmp_path) == [
        ("bakery/do-you-deliver", "Do you deliver?", "Yes, within 5 miles.", "bakery.md:3"),
        ("bakery/do-you-bake-wedding-cakes", "Do you bake wedding cakes?", "Yes, order two weeks ahead.",
         "bakery.md:6"),
        ("bakery/can-i-order-online", "Can I order online?", "Yes, on our website.", "bakery.md:12"),
    ]


@pytest.mark.parametrize("text, body", [
    # one italic question in an article: emphasis, not a heading
    ("# Skin\n\n## Dry Skin\n\n*Why does it feel tight?*\nWashing strips its oils.\n\nUse a gentle cleanser.\n",
     "Why does it feel tight?\nWashing strips its oils.\n\nUse a gentle cleanser."),
    # italic questions in a question's answer: text of that answer
    ("# Skin\n\n## What should I do after a peel?\n\n*Can I wear makeup?*\nWait a day.\n\n*Can I swim?*\n"
     "Wait two days.\n", "Can I wear makeup?\nWait a day.\n\nCan I swim?\nWait two days."),
    # italic words that ask nothing, and an italic question with more text on its line
    ("# Studio\n\n## Prices\n\n*Last updated May 2024*\n\n*Prices include VAT*\n\n*Do you deliver?* Yes.\n\n"
     "*Do you ship?* No.\n", "Last updated May 2024\n\nPrices include VAT\n\nDo you deliver? Yes.\n\nDo you ship? No."),
])
def test_other_italic_lines_stay_text(tmp_path: Path, text: str, body: str):
    write(tmp_path, "skin.md", text)
    assert [s[2] for s in _sections(tmp_path)] == [body]
