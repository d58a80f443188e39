"""A Markdown FAQ that sets each question in bold with its answer after it on the same line ("**Do you deliver?** Yes,
within 5 miles.", as WordPress and Squarespace pages write them) is a section per question: the whole page was one
introduction. Bold words that open a sentence and ask nothing stay text."""

from __future__ import annotations

from pathlib import Path

from bot.ingest import load_knowledge
from tests._files import write

SHOP = """# Shop FAQ

**Do you deliver?** Yes, within 5 miles.

**Can I return an item?** Yes, within 30 days.
Keep the receipt.

**Note:** returns of sale items are store credit only.

**Do you price match?**
No, sorry.
"""


def test_a_bold_question_with_its_answer_after_it_is_a_section(tmp_path: Path):
    write(tmp_path, "shop.md", SHOP)
    kb = load_knowledge(tmp_path)
    assert [(s.id, s.heading, s.body, s.source) for s in kb.sections] == [
        ("shop/do-you-deliver", "Do you deliver?", "Yes, within 5 miles.", "shop.md:3"),
        ("shop/can-i-return-an-item", "Can I return an item?",
         "Yes, within 30 days.\nKeep the receipt.\n\nNote: returns of sale items are store credit only.", "shop.md:5"),
        ("shop/do-you-price-match", "Do you price match?", "No, sorry.", "shop.md:10"),
    ]
