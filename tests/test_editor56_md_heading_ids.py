"""A Markdown heading's attribute list ("## Do you deliver? {#delivery}", as Hugo, Pandoc, kramdown and
Python-Markdown write a heading's anchor): no part of the heading, and its id names the section. It was shown to
visitors as "Do you deliver? {#delivery}" and gave the id 'faq/do-you-deliver-delivery'."""

from __future__ import annotations

import pytest

from bot.ingest import load_knowledge
from bot.model import ContentError

from _files import write


@pytest.mark.parametrize("written, heading, section_id", [
    ("## Do you deliver? {#delivery}", "Do you deliver?", "faq/delivery"),
    ("## Do you deliver? {#delivery .faq}", "Do you deliver?", "faq/delivery"),
    ("## Do you deliver? {: #delivery}", "Do you deliver?", "faq/delivery"),
    ("## Do you deliver? {.faq data-x=\"1\"}", "Do you deliver?", "faq/do-you-deliver"),
    ("### Delivery Area {#Delivery_Area}", "Delivery Area", "faq/delivery-area"),
    # braces that are no attribute list stay text
    ("## Do you print {name} on cakes?", "Do you print {name} on cakes?", "faq/do-you-print-name-on-cakes"),
])
def test_an_attribute_list_is_no_part_of_the_heading(tmp_path, written, heading, section_id):
    write(tmp_path, "faq.md", f"# Bakery FAQ {{#top}}\n\n{written}\n\nWithin 5 miles of the shop.\n")
    kb = load_knowledge(tmp_path)
    (section,) = kb.sections
    assert (section.heading, section.id, kb.documents) == (heading, section_id, (("faq", "Bakery FAQ"),))


def test_a_question_heading_with_an_attribute_list_at_any_depth_starts_a_section(tmp_path):
    write(tmp_path, "faq.md", "# Faq\n\n## Delivery\n\n#### Can I track my order? {#tracking}\n\nYes, by text.\n")
    (section,) = load_knowledge(tmp_path).sections
    assert (section.heading, section.id) == ("Can I track my order?", "faq/tracking")


def test_two_headings_given_one_id_is_an_error_naming_the_line(tmp_path):
    write(tmp_path, "faq.md",
          "# Faq\n\n## Do you deliver? {#delivery}\n\nYes.\n\n## Delivery costs {#delivery}\n\n$5.\n")
    with pytest.raises(ContentError) as e:
        load_knowledge(tmp_path)
    assert (e.value.path, e.value.line) == ("faq.md", 7) and "faq/delivery" in e.value.message
