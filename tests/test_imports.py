"""An FAQ a site owner already has, exported or pasted as it comes: spreadsheets (Google Sheets, Excel), a page
copied from a site builder into a .txt, a Notion or Google Docs Markdown export. Each must give one section per
question with its whole answer and nothing else, and a visitor's exact question must find it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.build import build
from bot.engine import Bot
from bot.ingest import load_knowledge
from bot.settings import Settings

from _files import write


def sections(folder: Path, rel: str, data: str | bytes) -> list[tuple[str, str, str]]:
    """(id, heading, body) of each section of one file."""
    write(folder, rel, data)
    return [(s.id, s.heading, s.body) for s in load_knowledge(folder).sections]


def answered(tmp_path: Path, rel: str, data: str | bytes, questions: list[str]) -> list[str | None]:
    """The section each question is answered from, after `faqbot build` of one file."""
    write(tmp_path / "content", rel, data)
    build(tmp_path / "content", tmp_path / "index")
    bot = Bot.from_index(Settings(content_dir=str(tmp_path / "content"), index_dir=str(tmp_path / "index")))
    return [bot.ask(q).section_id if bot.ask(q).answered else None for q in questions]


# --- spreadsheets ----------------------------------------------------------------------------------------

# A Google Sheets export (File > Download > CSV) of a sheet with a category column, a date column, a stray
# formatted cell two columns to the right (empty trailing columns), a blank row, and answers over several lines.
SHEETS = (
    "Category,Question,Answer,Last updated,,\r\n"
    "Shipping,Do you ship internationally?,We ship to Canada and Mexico.,2025-01-03,,\r\n"
    ",,,,,\r\n"
    'Gifts,Do you offer gift cards?,"Yes! Gift cards come in $25, $50 and $100.\n\nThey never expire.",2025-02-01,,\r\n'
    'Returns,Can I return an item?,"Within 30 days:\n- unused items\n- with the receipt",,,\r\n'
)
SHEETS_SECTIONS = [
    ("faq/do-you-ship-internationally", "Do you ship internationally?", "We ship to Canada and Mexico."),
    ("faq/do-you-offer-gift-cards", "Do you offer gift cards?", "Yes! Gift cards come in $25, $50 and $100.\n\n"
                                                               "They never expire."),
    ("faq/can-i-return-an-item", "Can I return an item?", "Within 30 days:\n• unused items\n• with the receipt"),
]


@pytest.mark.parametrize("header", ["Question,Answer", "Q,A", "FAQ,Response", "Questions,Answers", "q,a"])
def test_a_sheet_whose_columns_have_the_usual_names_is_read(tmp_path, header):
    # "Q,A" and "FAQ,Response" were "missing columns 'question', 'answer'".
    text = f"{header}\nDo you deliver?,\"Yes, within 5 miles.\"\nAre dogs allowed?,On a lead.\n"
    assert sections(tmp_path, "faq.csv", text) == [
        ("faq/do-you-deliver", "Do you deliver?", "Yes, within 5 miles."),
        ("faq/are-dogs-allowed", "Are dogs allowed?", "On a lead."),
    ]


def test_a_google_sheets_export_with_extra_and_trailing_empty_columns(tmp_path):
    assert sections(tmp_path, "faq.csv", SHEETS) == SHEETS_SECTIONS


@pytest.mark.parametrize("row", ["Do you deliver?,Yes.,,", "Do you deliver?,Yes."])
def test_empty_cells_past_the_named_columns_are_not_a_ragged_row(tmp_path, row):
    # Spreadsheets save a stray formatted cell as empty columns: a row with more (empty) cells than the header,
    # or a header with unnamed columns that a row leaves out, was "expected 2 fields, got 4".
    header = "Question,Answer" if row.endswith(",") else "Question,Answer,,"
    assert sections(tmp_path, "faq.csv", f"{header}\n{row}\n") == [("faq/do-you-deliver", "Do you deliver?", "Yes.")]


@pytest.mark.parametrize("rel, data", [
    pytest.param("faq.csv", "\ufeffQuestion,Answer\r\nDo you deliver?,\"Yes, within 5 miles.\"\r\n".encode(),
                 id="excel-csv-utf8-bom"),
    pytest.param("faq.csv", "Q;A\r\nDo you deliver?;Yes, within 5 miles.\r\n".encode(), id="excel-europe-semicolons"),
    pytest.param("faq.csv", "sep=;\r\nFAQ;Response\r\nDo you deliver?;Yes, within 5 miles.\r\n".encode(),
                 id="excel-sep-line"),
    pytest.param("faq.tsv", "Question\tAnswer\r\nDo you deliver?\t\"Yes, within 5 miles.\"\r\n".encode(),
                 id="excel-tsv"),
])
def test_excel_exports(tmp_path, rel, data):
    assert sections(tmp_path, rel, data) == [("faq/do-you-deliver", "Do you deliver?", "Yes, within 5 miles.")]


# A site builder's FAQ export (Shopify, Wix, a WordPress FAQ plugin) keeps each answer's HTML in its cell; the
# tags were shown as text on the /kb page and in the widget ("<p>We take:</p><ul><li>Cards</li>...").
HTML_EXPORT = (
    'question,answer\n'
    '"<strong>How can I pay?</strong>","<p>We take:</p><ul><li>Cards</li><li>Cash &amp; cheques</li></ul>'
    '<p>Pay when you <a href=""/collect"">collect</a>.</p>"\n'
    'Where are you?,"<p>12 High Street<br>Smalltown</p>"\n'
    'Who can ride?,"Kids < 5 ride free; a rider > 16 pays the adult fare."\n'
)


def test_a_site_builders_html_answers_are_read_as_text(tmp_path):
    got = sections(tmp_path, "faq.csv", HTML_EXPORT)
    assert got == [
        ("faq/how-can-i-pay", "How can I pay?", "We take:\n\n• Cards\n• Cash & cheques\n\nPay when you collect."),
        ("faq/where-are-you", "Where are you?", "12 High Street\nSmalltown"),
        # no tag: "<" and ">" are text
        ("faq/who-can-ride", "Who can ride?", "Kids < 5 ride free; a rider > 16 pays the adult fare."),
    ]


def test_a_visitor_asking_a_sheets_question_gets_its_row(tmp_path):
    questions = [q for _, q, _ in SHEETS_SECTIONS]
    assert answered(tmp_path, "faq.csv", SHEETS, questions) == [i for i, _, _ in SHEETS_SECTIONS]


# --- an FAQ page copied from a site builder into a .txt ------------------------------------------------------

# Wix, Squarespace and Shopify FAQ pages, selected and pasted: labels with a colon, numbered questions, a question
# in Markdown bold, HTML entities from the page source, smart quotes, a 'Back to top' link after each answer and
# the page footer.
PASTED = """Frequently Asked Questions

Pricing:
Our plans start at $10/month &amp; include free setup.
Back to top

1) How do I reset my password?
Click “Forgot password” on the login page&nbsp;and follow the link we email you.
↑ Back to top

**How do I cancel my subscription?**
You can cancel anytime from your account page:
• Go to Settings
• Click “Cancel plan”
Back to top

Shipping &amp; Returns:

We ship worldwide. Orders over $50 ship free.

Back to Top

Contact us
Share this:
Facebook
© 2026 Acme Shop. All rights reserved.
"""
PASTED_SECTIONS = [
    ("faq/pricing", "Pricing", "Our plans start at $10/month & include free setup."),
    ("faq/1-how-do-i-reset-my-password", "1) How do I reset my password?",
     "Click “Forgot password” on the login page and follow the link we email you."),
    ("faq/how-do-i-cancel-my-subscription", "How do I cancel my subscription?",
     "You can cancel anytime from your account page:\n• Go to Settings\n• Click “Cancel plan”"),
    ("faq/shipping-returns", "Shipping & Returns", "We ship worldwide. Orders over $50 ship free."),
]


def test_a_pasted_faq_page_gives_one_section_per_question_and_nothing_else(tmp_path):
    # It was three sections: 'Pricing:' in the introduction, every later entry, each 'Back to top' and the footer
    # in the answer to the password question, '**' and '&amp;' as written.
    assert sections(tmp_path, "faq.txt", PASTED) == PASTED_SECTIONS


def test_a_pasted_faq_page_without_blank_lines(tmp_path):
    # Copying a page often gives no blank line between entries: each label or question over its answer still
    # starts a section, and the source names the heading's own line (past the 'Back to top' lines).
    text = ("Pricing:\nOur plans start at $10/month.\n↑ Back to top\nShipping &amp; Returns:\nWe ship worldwide.\n"
            "Back to top\n2) What’s your refund policy?\nFull refund within 30 days.\nContact us\nShare this:\n")
    write(tmp_path, "faq.txt", text)
    kb = load_knowledge(tmp_path)
    assert [(s.id, s.heading, s.body, s.source) for s in kb.sections] == [
        ("faq/pricing", "Pricing", "Our plans start at $10/month.", "faq.txt:1"),
        ("faq/shipping-returns", "Shipping & Returns", "We ship worldwide.", "faq.txt:4"),
        ("faq/2-whats-your-refund-policy", "2) What’s your refund policy?", "Full refund within 30 days.", "faq.txt:7"),
    ]


@pytest.mark.parametrize("text, body", [
    # a label over a list is the sentence that opens the list, not a heading
    ("We Offer:\n• Cuts\n• Colour", "We Offer:\n• Cuts\n• Colour"),
    # labels over values with no sentence are a timetable
    ("Monday:\n9am-5pm\nTuesday:\n9am-5pm", "Monday:\n9am-5pm\nTuesday:\n9am-5pm"),
    # 'Copyright' in an answer is no footer, nor is 'Top' without an arrow
    ("Copyright stays with the photographer.", "Copyright stays with the photographer."),
    ("Green tea.\nTop", "Green tea.\nTop"),
    # an ampersand that is no entity stays
    ("AT&T and R&D &foo; stay.", "AT&T and R&D &foo; stay."),
])
def test_text_that_only_looks_like_page_leftovers_stays(tmp_path, text, body):
    assert sections(tmp_path, "faq.txt", f"Opening Hours\n\n{text}\n") == [("faq/introduction", "Opening Hours", body)]


def test_a_help_pages_vote_under_each_answer_is_no_section(tmp_path):
    # 'Was this answer helpful?' over 'Yes' and 'No' was a question with its answer: a section of its own.
    text = ("FAQ\n\nDo you deliver?\nYes, within 5 miles.\nWas this answer helpful?\nYes\nNo\n\n"
            "Can I pay by card?\nYes.\nDid you find this helpful? Yes / No\n")
    assert sections(tmp_path, "faq.txt", text) == [
        ("faq/do-you-deliver", "Do you deliver?", "Yes, within 5 miles."),
        ("faq/can-i-pay-by-card", "Can I pay by card?", "Yes."),
    ]


def test_a_visitor_asking_a_pasted_question_gets_its_entry(tmp_path):
    questions = ["How do I reset my password?", "How do I cancel my subscription?", "pricing",
                 "shipping and returns"]
    assert answered(tmp_path, "faq.txt", PASTED, questions) == [
        "faq/1-how-do-i-reset-my-password", "faq/how-do-i-cancel-my-subscription", "faq/pricing",
        "faq/shipping-returns"]


def test_html_entities_in_a_table_are_their_characters(tmp_path):
    text = 'question,answer\nDo you ship &amp; deliver?,"Yes&nbsp;&mdash; worldwide &lt;3"\n'
    assert sections(tmp_path, "faq.csv", text) == [
        ("faq/do-you-ship-deliver", "Do you ship & deliver?", "Yes — worldwide <3")]


# --- a Notion or Google Docs Markdown export ---------------------------------------------------------------

NOTION = """# Help Center

### How do I book a class? ###

Use the [booking page](https://example.com/book) to pick a time.

![Screenshot of booking page](https://example.com/shot.png)

**Can I bring a friend?**

Yes, guests are welcome on Fridays.

[Back to top](#help-center)

<details><summary>What should I wear?</summary>Comfortable clothes and [clean shoes](https://example.com).</details>

<details>
<summary>Is there a locker room? </summary>

Yes, with showers and lockers.

</details>
"""
NOTION_SECTIONS = [
    ("faq/how-do-i-book-a-class", "How do I book a class?", "Use the booking page to pick a time."),
    ("faq/can-i-bring-a-friend", "Can I bring a friend?", "Yes, guests are welcome on Fridays."),
    ("faq/what-should-i-wear", "What should I wear?", "Comfortable clothes and clean shoes."),
    ("faq/is-there-a-locker-room", "Is there a locker room?", "Yes, with showers and lockers."),
]


def test_a_markdown_export_with_toggles_images_and_links(tmp_path):
    # Each toggle was text of the question before it ('What should I wear?Comfortable clothes and ...'), and
    # the screenshot's alt text was the answer to 'How do I book a class?'.
    write(tmp_path, "faq.md", NOTION)
    kb = load_knowledge(tmp_path)
    assert [(s.id, s.heading, s.body) for s in kb.sections] == NOTION_SECTIONS
    assert [s.source for s in kb.sections] == ["faq.md:3", "faq.md:9", "faq.md:15", "faq.md:18"]


@pytest.mark.parametrize("markdown, body", [
    # a summary that is no heading ('Click to expand') is text, as any HTML block is
    ("<details><summary>click to expand</summary>More.</details>", "click to expandMore."),
    # an image inside a sentence keeps its alt text; linked images on a line of their own are pictures
    ("See ![the map](m.png) below.", "See the map below."),
    ("[![Logo](l.png)](https://example.com)\n\nText.", "Text."),
])
def test_markdown_leftovers_that_stay_or_go(tmp_path, markdown, body):
    assert sections(tmp_path, "faq.md", f"# FAQ\n\nIntro.\n\n## Topic\n\n{markdown}\n")[1][2] == body


def test_a_visitor_asking_a_toggle_question_gets_its_answer(tmp_path):
    assert answered(tmp_path, "faq.md", NOTION, [h for _, h, _ in NOTION_SECTIONS]) == [i for i, _, _ in NOTION_SECTIONS]


# --- what the formats cannot hold: one line naming the file and line, and how to fix it --------------------

@pytest.mark.parametrize("rel, data, message", [
    # Excel's "Text (Tab delimited)" saves a .txt: it was one introduction titled "Question<tab>Answer".
    ("faq.txt", "Question\tAnswer\r\nDo you deliver?\tYes.\r\n",
     "faq.txt:1: a tab-separated table (its first line names the columns Question, Answer), not a text article: "
     "rename the file to faq.tsv"),
    # A sheet saved as CSV under a .txt name (or a .csv renamed): one introduction titled "question,answer".
    ("faq.txt", "question,answer\nDo you deliver?,\"Yes, within 5 miles.\"\nDo you take cards?,Yes.\n",
     "faq.txt:1: a comma-separated table (its first line names the columns question, answer), not a text article: "
     "rename the file to faq.csv"),
    ("faq.csv", "Do you deliver?,Yes.\nDo you open on Sundays?,No.\n",
     "faq.csv:1: missing columns 'question', 'answer' (header has: Do you deliver?, Yes.); the first row must "
     "name the columns: insert a row above it with question and answer"),
    ("faq.csv", "Category,Question,Answer\nPay,Which cards?,Visa.\nPay,Which cards?,\"Visa, Amex.\"\n",
     "faq.csv:3: duplicate question 'Which cards?' (first at line 2): delete one of the two rows, or merge their "
     "answers into one"),
    # It said "duplicate id 'do-you-deliver'" of a sheet that has no id column.
    ("faq.csv", "Question,Answer\nDo you deliver?,Yes.\nDo you deliver,Within 5 miles.\n",
     "faq.csv:3: question 'Do you deliver' gets the same id 'do-you-deliver' as 'Do you deliver?' (line 2): "
     "delete or reword one, or give them an id column"),
])
def test_an_export_the_formats_cannot_hold_says_what_to_do(tmp_path, rel, data, message):
    from bot.model import ContentError

    write(tmp_path, rel, data)
    with pytest.raises(ContentError) as info:
        load_knowledge(tmp_path)
    assert str(info.value) == message


@pytest.mark.parametrize("title", ["Questions, answers and prices", "FAQs, Answers"])
def test_a_title_with_commas_is_a_title(tmp_path, title):
    write(tmp_path, "faq.txt", f"{title}\n\nDo you deliver?\n\nYes.\n")
    assert load_knowledge(tmp_path).documents == (("faq", title),)


def test_a_short_answer_that_looks_like_a_heading_is_the_answer(tmp_path):
    # "Yes" and "Free Parking Behind The Shop" read as headings: each question and its answer were two headings
    # without text, and both were dropped without a word.
    text = ("FAQ\n\nDo you deliver?\n\nYes\n\nIs parking free?\n\nFree Parking Behind The Shop\n\n"
            "Do you take cards?\n\nYes, all major cards.\n\nCan I bring my dog?\n\nNo\n")
    assert sections(tmp_path, "faq.txt", text) == [
        ("faq/do-you-deliver", "Do you deliver?", "Yes"),
        ("faq/is-parking-free", "Is parking free?", "Free Parking Behind The Shop"),
        ("faq/do-you-take-cards", "Do you take cards?", "Yes, all major cards."),
        ("faq/can-i-bring-my-dog", "Can I bring my dog?", "No"),
    ]


def test_a_question_over_topics_with_text_is_still_a_group_heading(tmp_path):
    text = "FAQ\n\nWhat Are The Options?\n\nOption One\n\nAbout one.\n\nOption Two\n\nAbout two.\n"
    assert [h for _, h, _ in sections(tmp_path, "faq.txt", text)] == ["Option One", "Option Two"]
