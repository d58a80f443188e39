"""A plain-text FAQ that writes each question and its answer on one line ("Do you take walk-ins? Yes, most days
before 3pm.") is a section per question when the whole file is written so: it was one introduction. Only then: in
an article such a line is a sentence of its prose, and one such line among questions over their answers stays text
of the answer above it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.ingest import load_knowledge
from tests._files import write

SALON = """Salon FAQ

Frequently Asked Questions

Do you take walk-ins? Yes, most days before 3pm.

Do you sell gift cards? Yes, at the front desk.
Can I bring my dog? Only guide dogs, sorry.


Call us on 0123 456 789 for anything else.
"""


def test_questions_with_their_answers_on_their_lines_are_sections_in_a_file_written_so(tmp_path: Path):
    write(tmp_path, "salon.txt", SALON)
    assert [(s.id, s.heading, s.body, s.source) for s in load_knowledge(tmp_path).sections] == [
        ("salon/do-you-take-walk-ins", "Do you take walk-ins?", "Yes, most days before 3pm.", "salon.txt:5"),
        ("salon/do-you-sell-gift-cards", "Do you sell gift cards?", "Yes, at the front desk.", "salon.txt:7"),
        ("salon/can-i-bring-my-dog", "Can I bring my dog?", "Only guide dogs, sorry.", "salon.txt:8"),
        ("salon/conclusion", "Salon FAQ", "Call us on 0123 456 789 for anything else.", "salon.txt:11"),
    ]


def test_a_file_of_such_lines_alone_has_no_title_line(tmp_path: Path):
    write(tmp_path, "gym.txt", "Do you have showers? Yes, hot ones.\nCan I freeze my membership? Yes, for 3 months.\n"
                               "Is there parking? Free, behind the building.\n")
    kb = load_knowledge(tmp_path)
    assert kb.documents == (("gym", "Gym"),)
    assert [(s.heading, s.body) for s in kb.sections] == [
        ("Do you have showers?", "Yes, hot ones."), ("Can I freeze my membership?", "Yes, for 3 months."),
        ("Is there parking?", "Free, behind the building."),
    ]


@pytest.mark.parametrize("text", [
    # an article's prose: questions that open paragraphs, with more prose after them
    "Microneedling Explained\n\nWhat does it feel like? Most people describe a light scratching.\n\n"
    "How long does it take? About an hour.\n\nWhy does it work? Tiny wounds make the skin repair itself.\n\n"
    "Book a consultation to learn more.\n\nResults build over several sessions.\n",
    # rhetorical questions with no question word, and one-word ones
    "Our Shop\n\nTired of dry skin? Our cream helps.\n\nLooking for a gift? We wrap for free.\n\n"
    "Need advice? Call us any day.\n",
    "Why Choose Us\n\nWhy? Because we care.\n\nHow? With trained staff.\n\nWhat else? Free coffee.\n",
    # two such lines only
    "Salon FAQ\n\nDo you take walk-ins? Yes, most days.\n\nDo you sell gift cards? Yes, at the desk.\n",
    # prose between them
    "Salon FAQ\n\nDo you take walk-ins? Yes, most days.\n\nWe are busy on Saturdays.\n\n"
    "Do you sell gift cards? Yes.\n\nCan I bring my dog? Only guide dogs.\n",
])
def test_such_lines_in_prose_stay_text(tmp_path: Path, text: str):
    write(tmp_path, "article.txt", text)
    assert [s.id for s in load_knowledge(tmp_path).sections] == ["article/introduction"]


def test_such_lines_among_questions_of_another_shape_stay_text_of_the_answer_above(tmp_path: Path):
    write(tmp_path, "salon.txt", "Salon FAQ\n\nDo you take walk-ins?\nYes, most days.\n\n"
                                 "Do you sell gift cards? Yes, at the desk.\n\nCan I bring my dog? Only guide dogs.\n\n"
                                 "How do I book? Online.\n")
    assert [(s.heading, s.body) for s in load_knowledge(tmp_path).sections] == [
        ("Do you take walk-ins?", "Yes, most days.\n\nDo you sell gift cards? Yes, at the desk.\n\n"
                                  "Can I bring my dog? Only guide dogs.\n\nHow do I book? Online."),
    ]
