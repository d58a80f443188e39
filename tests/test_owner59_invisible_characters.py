"""Invisible characters that come with text pasted from a web page or a Google Doc (a zero-width space, a word joiner,
a soft hyphen) are no text: a line holding only one is a blank line, a question ending in one is a question, and a
table row of nothing else is a blank row. The whole text FAQ was one introduction, a bold question text of the
section above, and a row an invisible section."""

from __future__ import annotations

from pathlib import Path

from bot.ingest import load_knowledge
from tests._files import write

ZWSP, JOINER, SHY = "\u200b", "\u2060", "\u00ad"


def test_a_pasted_text_faq_with_zero_width_spaces_is_a_section_per_question(tmp_path: Path):
    write(tmp_path, "salon.txt", f"Salon FAQ\n\nDo you take walk-ins?{ZWSP}\nYes, when a chair is free.\n{ZWSP}\n"
                                 f"Can I bring my dog?{JOINER}\nOnly small dogs.\n{ZWSP}\nDo you sell micro{SHY}"
                                 f"needling kits?\nNo.\n")
    kb = load_knowledge(tmp_path)
    assert [(s.id, s.heading, s.body) for s in kb.sections] == [
        ("salon/do-you-take-walk-ins", "Do you take walk-ins?", "Yes, when a chair is free."),
        ("salon/can-i-bring-my-dog", "Can I bring my dog?", "Only small dogs."),
        ("salon/do-you-sell-microneedling-kits", "Do you sell microneedling kits?", "No."),
    ]


def test_a_bold_markdown_question_ending_in_one_is_a_section(tmp_path: Path):
    write(tmp_path, "salon.md",
          f"# Salon FAQ\n\n**Do you take walk-ins?**\nYes.\n{ZWSP}\n**Is there wifi?{ZWSP}**\nNo.\n")
    kb = load_knowledge(tmp_path)
    assert [(s.heading, s.body) for s in kb.sections] == [("Do you take walk-ins?", "Yes."), ("Is there wifi?", "No.")]


def test_a_table_row_of_invisible_cells_is_blank_and_an_invisible_answer_is_empty(tmp_path: Path):
    write(tmp_path, "faq.csv", f"question,answer\nDo you deliver?,Yes\n{ZWSP},{ZWSP}\nIs it free?,{ZWSP}\n")
    kb = load_knowledge(tmp_path)
    assert [(s.heading, s.body) for s in kb.sections] == [("Do you deliver?", "Yes")]
    assert 'faq.csv:4: question "Is it free?" has an empty answer; it is not a section' in kb.warnings
