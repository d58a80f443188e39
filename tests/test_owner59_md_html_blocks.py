"""A WordPress page's source pasted into a Markdown file: its '<h2>' headings start sections as '##' ones do, and
the entities of its HTML blocks are the characters they stand for ('5&nbsp;miles' was shown to visitors so)."""

from __future__ import annotations

from pathlib import Path

from bot.ingest import load_knowledge
from tests._files import write

WORDPRESS = """---
title: "FAQ"
---

<!-- wp:heading -->
<h2>Do you deliver?</h2>
<!-- /wp:heading -->

<!-- wp:paragraph -->
<p>Yes, within 5&nbsp;miles of the shop &amp; the station.</p>
<!-- /wp:paragraph -->

<h3 class="faq-q">What are your hours?</h3>
<p>Mon&ndash;Fri 9&ndash;5.</p>
<p>Closed on bank holidays.</p>

<h4>Step one</h4>

## Can I pay by card?

Yes.
"""


def test_html_headings_are_sections_and_entities_are_read(tmp_path: Path):
    write(tmp_path, "faq.md", WORDPRESS)
    kb = load_knowledge(tmp_path)
    assert [(s.id, s.heading, s.body, s.source) for s in kb.sections] == [
        ("faq/do-you-deliver", "Do you deliver?", "Yes, within 5 miles of the shop & the station.", "faq.md:6"),
        ("faq/what-are-your-hours", "What are your hours?", "Mon–Fri 9–5.\nClosed on bank holidays.\n\nStep one",
         "faq.md:13"),
        ("faq/can-i-pay-by-card", "Can I pay by card?", "Yes.", "faq.md:19"),
    ]


def test_an_html_heading_inside_a_list_item_stays_text(tmp_path: Path):
    write(tmp_path, "faq.md", "# FAQ\n\n## Menu\n\n- <h3>Starters</h3>\n\n  Soup &amp; bread.\n")
    kb = load_knowledge(tmp_path)
    assert [(s.heading, s.body) for s in kb.sections] == [("Menu", "Starters\n\nSoup & bread.")]
