"""An FAQ pasted into a Markdown file as "Q:" and "A:" lines (as many FAQ pages and documents write it) is a section
per question, as in a text article: each question was text of the section above it (or the whole file one
introduction), answered under another heading."""

from __future__ import annotations

from pathlib import Path

from bot.ingest import load_knowledge
from tests._files import write

STUDIO = """# Studio FAQ

Welcome! Here are the questions we hear most.

Q: Do you offer trial classes?
A: Yes, your first class is free.

**Q:** What should I bring?
**A:** A water bottle and a towel.
Mats are provided.

Q: Can I freeze my membership?

A: Yes, for up to 3 months per year.

You need to tell us a week ahead.

Q1. Is there parking?
A1. Street parking only.
Q2. Do you have showers?
A2. Yes, two of them.

**Q: Can I bring a friend?**
A: Yes, for $10.
"""


def test_each_labelled_question_is_a_section_with_its_whole_answer(tmp_path: Path):
    write(tmp_path, "studio.md", STUDIO)
    kb = load_knowledge(tmp_path)
    assert [(s.id, s.heading, s.body, s.source) for s in kb.sections] == [
        ("studio/introduction", "Studio FAQ", "Welcome! Here are the questions we hear most.", "studio.md:1"),
        ("studio/do-you-offer-trial-classes", "Do you offer trial classes?", "Yes, your first class is free.",
         "studio.md:5"),
        ("studio/what-should-i-bring", "What should I bring?", "A water bottle and a towel.\nMats are provided.",
         "studio.md:8"),
        ("studio/can-i-freeze-my-membership", "Can I freeze my membership?",
         "Yes, for up to 3 months per year.\n\nYou need to tell us a week ahead.", "studio.md:12"),
        ("studio/is-there-parking", "Is there parking?", "Street parking only.", "studio.md:18"),
        ("studio/do-you-have-showers", "Do you have showers?", "Yes, two of them.", "studio.md:20"),
        ("studio/can-i-bring-a-friend", "Can I bring a friend?", "Yes, for $10.", "studio.md:23"),
    ]


def test_text_above_the_first_question_in_its_paragraph_stays_with_the_section_above(tmp_path: Path):
    write(tmp_path, "faq.md", "# FAQ\n\n## Booking\n\nBook online.\nQ: Can I book by phone?\nA: Yes, call us.\n")
    kb = load_knowledge(tmp_path)
    assert [(s.heading, s.body) for s in kb.sections] == [
        ("Booking", "Book online."), ("Can I book by phone?", "Yes, call us.")]


def test_a_line_starting_q_that_is_no_question_stays_text(tmp_path: Path):
    write(tmp_path, "faq.md", "# FAQ\n\n## Grades\n\nQ: means queued for review.\nWe mark it within a day.\n")
    kb = load_knowledge(tmp_path)
    assert [(s.heading, s.body) for s in kb.sections] == [
        ("Grades", "Q: means queued for review.\nWe mark it within a day.")]
