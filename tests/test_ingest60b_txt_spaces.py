"""A no-break space pasted into a .txt heading (or its title) is a space, as in a .md heading: the heading kept
U+00A0; its id is the one it had."""

from __future__ import annotations

from pathlib import Path

from bot.ingest import load_knowledge
from tests._files import write


def test_no_break_spaces_in_a_text_heading_are_spaces_and_ids_stay(tmp_path: Path):
    write(tmp_path, "salon.txt", "Our\u00a0Salon\n\nDo\u00a0you take walk\u00a0\u00a0ins?\u00a0\nYes,\u00a0most days.\n\n"
                                 "Pricing:\u00a0\nFrom £20.\n\nCan I park\u00a0 there?\n\nBehind the shop.\n")
    kb = load_knowledge(tmp_path)
    assert kb.documents == (("salon", "Our Salon"),)
    assert [(s.id, s.heading, s.body) for s in kb.sections] == [
        ("salon/do-you-take-walk-ins", "Do you take walk ins?", "Yes,\u00a0most days."),  # the text is as written
        ("salon/pricing", "Pricing", "From £20."),
        ("salon/can-i-park-there", "Can I park there?", "Behind the shop."),
    ]


def test_a_one_line_question_keeps_no_no_break_space(tmp_path: Path):
    write(tmp_path, "faq.txt", "Do you take\u00a0walk-ins? Yes, most days.\n\n"
                               "Do you sell gift\u00a0cards? Yes, at the desk.\n\nCan I bring my\u00a0dog? Yes, on a lead.\n")
    assert [(s.id, s.heading) for s in load_knowledge(tmp_path).sections] == [
        ("faq/do-you-take-walk-ins", "Do you take walk-ins?"),
        ("faq/do-you-sell-gift-cards", "Do you sell gift cards?"),
        ("faq/can-i-bring-my-dog", "Can I bring my dog?"),
    ]
