"""Regressions of session 59's content readers, found in review: each content below read right before them (e9a0fcb)
and wrong after. A commented-out HTML question was published; a bold lead-in of an answer, or a "Question 1:" line
inside one, took the answer from its question; a short answer was warned of as a heading to Title-Case; an HTML
heading inside a toggle tore it apart; '2**3' in a table lost its asterisks; a blank line after a '<br>' in a cell
was lost."""

from __future__ import annotations

from pathlib import Path

from bot.ingest import load_knowledge
from tests._files import write


def _sections(folder: Path) -> list[tuple[str, str]]:
    return [(s.heading, s.body) for s in load_knowledge(folder).sections]


def test_an_html_heading_inside_a_comment_stays_invisible(tmp_path: Path):
    write(tmp_path, "faq.md", "# Shop FAQ\n\n## Do you deliver?\n\nYes, within 5 miles.\n\n"
                              "<!-- Hidden until the new shop opens:\n<h2>Do you sell gift cards?</h2>\n"
                              "<p>Yes, from £10, at the counter.</p>\n-->\n\n## Can I return an item?\n\n"
                              "Yes, within 30 days.\n")
    kb = load_knowledge(tmp_path)
    assert [(s.heading, s.body, s.source) for s in kb.sections] == [
        ("Do you deliver?", "Yes, within 5 miles.", "faq.md:3"),
        ("Can I return an item?", "Yes, within 30 days.", "faq.md:12"),
    ]
    assert not [w for w in kb.warnings if w.startswith("faq.md")]


def test_an_html_heading_after_a_comment_keeps_its_line(tmp_path: Path):
    write(tmp_path, "faq.md", "<!-- wp:heading\n     level 2 -->\n<h2>Do you deliver?</h2>\n<p>Yes.</p>\n")
    assert [(s.heading, s.source) for s in load_knowledge(tmp_path).sections] == [("Do you deliver?", "faq.md:3")]


def test_a_bold_lead_in_of_an_answer_stays_its_text(tmp_path: Path):
    write(tmp_path, "faq.md", "# Shop FAQ\n\n## How long does delivery take?\n\n**In a hurry?** Standard delivery "
                              "takes 3 to 5 working days; choose express at checkout.\n\n## Can I bring my dog?\n\n"
                              "No, not inside.\n\n**Why?** Some of our guests are allergic.\n\n**Need help?** Call us "
                              "on 555 1234.\n")
    kb = load_knowledge(tmp_path)
    assert [(s.heading, s.body) for s in kb.sections] == [
        ("How long does delivery take?", "In a hurry? Standard delivery takes 3 to 5 working days; choose express "
                                         "at checkout."),
        ("Can I bring my dog?", "No, not inside.\n\nWhy? Some of our guests are allergic.\n\n"
                                "Need help? Call us on 555 1234."),
    ]
    assert not [w for w in kb.warnings if w.startswith("faq.md")]


def test_bold_questions_with_their_answers_under_a_topic_heading_are_sections(tmp_path: Path):
    # The inline form where no answer is being written: right under a heading that asks nothing, then a run.
    write(tmp_path, "faq.md", "# Shop\n\n## Delivery\n\n**Do you deliver?** Yes, within 5 miles.\n\n"
                              "**How much is it?** £5.\n\n## Returns\n\nWithin 30 days.\n\n"
                              "**Why?** The law says so.\n")
    assert _sections(tmp_path) == [
        ("Do you deliver?", "Yes, within 5 miles."), ("How much is it?", "£5."),
        ("Returns", "Within 30 days.\n\nWhy? The law says so."),
    ]


def test_a_labelled_question_without_an_answer_label_under_a_heading_is_text(tmp_path: Path):
    write(tmp_path, "faq.md", "# Quiz Night\n\n## How does the quiz work?\n\nEach round has ten questions, read out "
                              "like this:\nQuestion 1: Which planet is closest to the sun?\nTeams write their answers "
                              "on the sheet.\n\n## When is the quiz?\n\nEvery Thursday at 8pm.\n")
    assert _sections(tmp_path) == [
        ("How does the quiz work?", "Each round has ten questions, read out like this:\nQuestion 1: Which planet is "
                                    "closest to the sun?\nTeams write their answers on the sheet."),
        ("When is the quiz?", "Every Thursday at 8pm."),
    ]


def test_a_labelled_question_with_its_answer_label_under_a_heading_is_a_section(tmp_path: Path):
    write(tmp_path, "faq.md", "# Help\n\n## Questions\n\nQ: Do you deliver?\nA: Yes.\nQ: Is parking free?\n"
                              "Behind the shop.\n")
    assert _sections(tmp_path) == [("Do you deliver?", "Yes."), ("Is parking free?", "Behind the shop.")]


def test_a_short_answer_under_its_question_is_not_warned_of_as_a_heading(tmp_path: Path):
    write(tmp_path, "faq.txt", "Our Salon\n\nWhat payment do you take?\n\nCash or card\n\nDo you deliver?\n\n"
                               "Yes, within 5 miles\n\nFree parking behind the shop\n\nKind regards\n")
    kb = load_knowledge(tmp_path)
    assert [(s.heading, s.body) for s in kb.sections] == [
        ("What payment do you take?", "Cash or card"),
        ("Do you deliver?", "Yes, within 5 miles\n\nFree parking behind the shop\n\nKind regards"),
    ]
    # Nor a later short line over a sign-off ("Kind regards"): only over an answer's sentence may it be a heading.
    assert not [w for w in kb.warnings if w.startswith("faq.txt")]


def test_a_later_short_line_with_a_comma_is_not_warned_of(tmp_path: Path):
    write(tmp_path, "faq.txt", "Our Salon\n\nDo you deliver?\n\nYes.\n\nNo, not on Sundays\n\nCall us first.\n")
    assert not [w for w in load_knowledge(tmp_path).warnings if w.startswith("faq.txt")]


def test_an_html_heading_inside_a_toggle_or_a_box_stays_its_text(tmp_path: Path):
    write(tmp_path, "faq.md", "# Shop FAQ\n\n## Do you deliver?\n\nYes, within 5 miles.\n\n<details>\n"
                              "<summary>Delivery prices</summary>\n<h3>Is delivery free?</h3>\n<p>Free over £30.</p>\n"
                              "</details>\n\n## Can I return items?\n\nYes, within 30 days.\n\n<div class=\"cta\">\n"
                              "<h3>Still have questions?</h3>\n<p>Email us.</p>\n</div>\n")
    assert _sections(tmp_path) == [
        ("Do you deliver?", "Yes, within 5 miles.\n\nDelivery prices\nIs delivery free?\nFree over £30."),
        ("Can I return items?", "Yes, within 30 days.\n\nStill have questions?\nEmail us."),
    ]


def test_an_html_heading_after_a_closed_box_is_a_heading(tmp_path: Path):
    write(tmp_path, "faq.md", "<div><p>Welcome.</p></div>\n<p>Hi <br> there.\n<h2>Do you deliver?</h2>\n<p>Yes.</p>\n")
    assert [s.heading for s in load_knowledge(tmp_path).sections][-1] == "Do you deliver?"


def test_asterisks_between_digits_or_letters_in_a_cell_stay(tmp_path: Path):
    write(tmp_path, "faq.csv", 'question,answer\n"How much is it?","Each is 2**3 pounds, or 2**4 for two"\n'
                               '"What is the formula?","We use **bold** and x**2 + y**2"\n')
    assert _sections(tmp_path) == [
        ("How much is it?", "Each is 2**3 pounds, or 2**4 for two"),
        ("What is the formula?", "We use bold and x**2 + y**2"),
    ]


def test_a_blank_line_after_a_br_in_a_cell_is_a_paragraph_break(tmp_path: Path):
    write(tmp_path, "faq.csv", 'question,answer\n"Is there a dress code?","<b>No.</b>\nWear what you like.<br>\n\n'
                               'Except flip-flops."\n"When are you open?","Mon-Fri 9-5<br>\nSat 10-2"\n')
    assert _sections(tmp_path) == [
        ("Is there a dress code?", "No.\nWear what you like.\n\nExcept flip-flops."),
        ("When are you open?", "Mon-Fri 9-5\nSat 10-2"),
    ]
