"""A sheet exported from Notion or Airtable keeps its rich text as Markdown: '**Yes**' in a cell. Its bold marks are
no text, as in a pasted text article ('**How do I pay?**'); they were shown to visitors as written."""

from __future__ import annotations

from pathlib import Path

from bot.ingest import load_knowledge
from tests._files import write


def test_bold_marks_in_cells_are_dropped(tmp_path: Path):
    write(tmp_path, "faq.csv", 'Question,Answer,Tags\n**Do you deliver?**,"**Yes**, within **5 miles**.\n\n'
                               '- Free over $50\n- $5 otherwise",Shipping\nIs 2**3 8?,"Yes, 2**3 is 8.",Maths\n')
    kb = load_knowledge(tmp_path)
    assert [(s.id, s.heading, s.body) for s in kb.sections] == [
        ("faq/do-you-deliver", "Do you deliver?", "Yes, within 5 miles.\n\n• Free over $50\n• $5 otherwise"),
        ("faq/is-2-3-8", "Is 2**3 8?", "Yes, 2**3 is 8."),
    ]
