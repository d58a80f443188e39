"""An italic question on a line of its own and a list of bold-question items start sections only where a file's
questions are being written (the introduction, untitled text, a run of such questions, or a group heading once
such questions started sections above it): right under a heading that asks nothing, in a file that has not written
its questions so, they are text of that heading's section. They took the section's place, the heading lost with
no warning ("## Myth 1: ..." became "Think the winter sun can't hurt you?")."""

from __future__ import annotations

from pathlib import Path

from bot.ingest import load_knowledge
from tests._files import write


def _read(folder: Path) -> list[tuple[str, str, str]]:
    kb = load_knowledge(folder)
    return [(s.heading, s.body, s.source) for s in kb.sections]


MYTHS = """# Five myths about sunscreen

## Myth 1: you don't need sunscreen in winter

*Think the winter sun can't hurt you?*
Think again. UV rays reflect off snow, so wear SPF 30 all year.

## Myth 2: darker skin doesn't burn

*Is that really true?*
No. Everyone can burn.
"""


def test_italic_rhetorical_questions_under_headings_stay_text_of_them(tmp_path: Path):
    write(tmp_path, "myths.md", MYTHS)
    assert _read(tmp_path) == [
        ("Myth 1: you don't need sunscreen in winter",
         "Think the winter sun can't hurt you?\nThink again. UV rays reflect off snow, so wear SPF 30 all year.",
         "myths.md:3"),
        ("Myth 2: darker skin doesn't burn", "Is that really true?\nNo. Everyone can burn.", "myths.md:8"),
    ]


SHOE = """# Trail Runner 3

## Features of the Trail Runner 3

- **Waterproof?** Yes, with a breathable membrane.
- **Vegan?** No animal products are used.

## Sizing

Runs half a size small.
"""


def test_a_feature_list_of_bold_questions_under_a_heading_stays_its_text(tmp_path: Path):
    write(tmp_path, "shoe.md", SHOE)
    assert _read(tmp_path) == [
        ("Features of the Trail Runner 3",
         "• Waterproof? Yes, with a breathable membrane.\n• Vegan? No animal products are used.", "shoe.md:3"),
        ("Sizing", "Runs half a size small.", "shoe.md:8"),
    ]


def test_a_bold_question_paragraph_under_a_heading_still_starts_a_section(tmp_path: Path):
    # as before this session: '**Q?**' over its answer right under '## Delivery' is a question of the FAQ
    write(tmp_path, "shop.md", "# Shop\n\n## Delivery\n\n**Do you deliver?**\nYes, within 5 miles.\n")
    assert _read(tmp_path) == [("Do you deliver?", "Yes, within 5 miles.", "shop.md:5")]


def test_under_a_group_heading_after_such_questions_they_are_sections(tmp_path: Path):
    write(tmp_path, "shop.md", "# Shop\n\n- **Do you deliver?** Yes.\n- **Do you ship abroad?** No.\n\n"
                               "## Payment\n\n- **Do you take cards?** Yes.\n- **Do you take cash?** Yes.\n")
    assert [h for h, _, _ in _read(tmp_path)] == ["Do you deliver?", "Do you ship abroad?", "Do you take cards?",
                                                 "Do you take cash?"]
