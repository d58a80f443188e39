"""A Markdown FAQ table ('| Question | Answer |'): one section per row, read as a .csv FAQ table is."""

from __future__ import annotations

import pytest

from bot.ingest import load_knowledge
from bot.model import ContentError
from _files import write

FAQ = ("# Clinic\n\nWelcome.\n\n## FAQ\n\n| Question | Answer |\n|---|---|\n| Do you take cards? | Yes, all major "
       "cards. |\n| Where do I park? | Behind the building. |\n\n## Prices\n\n| Item | Price |\n|---|---|\n"
       "| Facial | 80 |\n")


def test_a_markdown_faq_table_is_one_section_per_row(tmp_path):
    # It was one section "FAQ" whose text was "• Question: Do you take cards?; Answer: Yes, ..." bullets.
    write(tmp_path, "clinic.md", FAQ)
    kb = load_knowledge(tmp_path)
    assert [(s.heading, s.body, s.source) for s in kb.sections] == [
        ("Clinic", "Welcome.", "clinic.md:1"),
        ("Do you take cards?", "Yes, all major cards.", "clinic.md:9"),
        ("Where do I park?", "Behind the building.", "clinic.md:10"),
        ("Prices", "• Item: Facial; Price: 80", "clinic.md:12"),  # a price list stays its section's text
    ]
    assert kb.sections[1].id == "clinic/do-you-take-cards"
    assert not [w for w in kb.warnings if "FAQ" in w]  # '## FAQ' over the table is a group heading, no slip


def test_a_markdown_faq_table_takes_the_csv_columns(tmp_path):
    write(tmp_path, "faq.md", "# FAQ\n\n| id | Q | A | Alternates |\n|---|---|---|---|\n"
                              "| cards | Do you take *cards*? | Yes. | pay by card\\|visa |\n")
    (s,) = load_knowledge(tmp_path).sections
    assert (s.id, s.heading, s.body, s.alternates) == ("faq/cards", "Do you take cards?", "Yes.",
                                                       ("pay by card", "visa"))


@pytest.mark.parametrize("rows, message", [
    ("| Do you ship? | Yes. |\n| do you ship? | No. |\n",
     "faq.md:6: duplicate question 'do you ship?' (first at line 5)"),
    ("|  | Yes. |\n", "faq.md:5: empty question"),
])
def test_a_markdown_faq_tables_bad_rows_name_the_line(tmp_path, rows, message):
    write(tmp_path, "faq.md", "# FAQ\n\n| Question | Answer |\n|---|---|\n" + rows)
    with pytest.raises(ContentError) as e:
        load_knowledge(tmp_path)
    assert str(e.value).startswith(message)


def test_a_blank_row_is_none_and_text_after_the_table_is_untitled_text_of_the_article(tmp_path):
    # The closing paragraph was joined to the last row's answer: "Parking?" was answered "Behind. Free after 6pm.
    # Still have questions? Call us.", and a question about calling got the parking section. It is a section of
    # its own under the title, as a text article's closing text after a double gap: 'conclusion' at the end.
    write(tmp_path, "faq.md", "# FAQ\n\n| Question | Answer |\n|---|---|\n|  |  |\n| Parking? | Behind. |\n\n"
                              "Still have questions?\nCall us on 555-0100.\n")
    kb = load_knowledge(tmp_path)
    assert [(s.id, s.heading, s.body, s.source) for s in kb.sections] == [
        ("faq/parking", "Parking?", "Behind.", "faq.md:6"),
        ("faq/conclusion", "FAQ", "Still have questions?\nCall us on 555-0100.", "faq.md:8"),
    ]


def test_text_between_a_table_and_the_next_heading_is_a_part_of_its_own(tmp_path):
    write(tmp_path, "faq.md", "# Clinic\n\n| Q | A |\n|---|---|\n| Wifi? | Yes, free. |\n\nAsk at the desk.\n\n"
                              "## Parking\n\nBehind the shop.\n")
    kb = load_knowledge(tmp_path)
    assert [(s.id, s.body, s.source) for s in kb.sections] == [
        ("faq/wifi", "Yes, free.", "faq.md:5"),
        ("faq/part-1", "Ask at the desk.", "faq.md:7"),
        ("faq/parking", "Behind the shop.", "faq.md:9"),
    ]
    write(tmp_path, "faq.md", "# Clinic\n\n| Q | A |\n|---|---|\n| Wifi? | Yes. |\n\n\n#### Good to know\n\nCall us.\n")
    assert [(s.id, s.body, s.source) for s in load_knowledge(tmp_path).sections][1:] == [
        ("faq/conclusion", "Good to know\n\nCall us.", "faq.md:8"),  # where its first line is
    ]


def test_a_br_in_a_cell_is_a_line_break(tmp_path):
    # '<br>' is the only way to break a line in a pipe table's cell; it was dropped with the other tags, gluing
    # the lines' words together: "Mon-Fri 9-5Sat 10-2", "Behindthebuilding."
    write(tmp_path, "faq.md", "# FAQ\n\n| Question | Answer |\n|---|---|\n"
                              "| When are you open? | Mon-Fri 9-5<br>Sat 10-2 |"
                              "\n| Parking? | Behind<br/>the<BR />building. |\n\n| Day | Hours |\n|---|---|\n"
                              "| Thursday | 9-5<br>late opening |\n\nCall 555-0100<br>or email us.\n")
    kb = load_knowledge(tmp_path)
    assert [s.body for s in kb.sections] == [
        "Mon-Fri 9-5\nSat 10-2",
        "Behind the building.",
        "• Day: Thursday; Hours: 9-5 late opening\n\nCall 555-0100 or email us.",  # a table row stays one line
    ]


@pytest.mark.parametrize("header, column", [
    ("| Question | Answer | Answer |", "column 'Answer' appears twice in the header (columns 2 and 3)"),
    ("| Q | A | Notes | a |", "column 'A' appears twice in the header (columns 2 and 4)"),
])
def test_a_markdown_faq_table_naming_a_column_twice_stops_the_build(tmp_path, header, column):
    # It was read as a price list, silently: one section "FAQ" of "• Question: ...; Answer: ...; Answer: ..." lines.
    rule = "|---" * (header.count("|") - 1) + "|"
    row = "| When are you open? | Mon-Fri | Sat too | x |"
    write(tmp_path, "faq.md", f"# FAQ\n\nOur answers.\n\n{header}\n{rule}\n{row}\n")
    with pytest.raises(ContentError) as e:
        load_knowledge(tmp_path)
    assert str(e.value) == f"faq.md:5: {column}: rename or delete one"


def test_a_table_that_is_no_faq_table_may_name_a_column_twice(tmp_path):
    write(tmp_path, "hours.md", "# Hours\n\n| Day | Open | Open |\n|---|---|---|\n| Mon | 9-12 | 14-18 |\n")
    (s,) = load_knowledge(tmp_path).sections
    assert s.body == "• Day: Mon; Open: 9-12; Open: 14-18"
