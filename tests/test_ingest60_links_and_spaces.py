"""A Markdown link in a .csv (or .tsv) answer cell ("See [our price list](https://...)") is shown as its text, as a
Markdown article's links are: the answer showed the brackets and the address. A no-break space in a Markdown
heading ('## Do&nbsp;you take walk-ins?', or one pasted) is a space: the heading visitors and API clients were
given kept U+00A0."""

from __future__ import annotations

from pathlib import Path

from bot.build import build
from bot.engine import Bot
from bot.ingest import load_knowledge
from bot.settings import Settings
from tests._files import write

PRICES = "See [our price list](https://example.com/prices \"Prices\") or call us."


def _ask(folder: Path, question: str) -> dict:
    build(folder / "content", folder / "index")
    bot = Bot.from_index(Settings(content_dir=str(folder / "content"), index_dir=str(folder / "index")))
    return bot.ask(question).to_dict()


def test_a_link_in_a_csv_answer_is_shown_as_a_markdown_article_shows_it(tmp_path: Path):
    quoted = PRICES.replace('"', '""')  # a cell's quotes doubled
    write(tmp_path / "csv" / "content", "faq.csv", f'question,answer\nHow much is a cut?,"{quoted}"\n')
    write(tmp_path / "md" / "content", "faq.md", f"# Faq\n\n## How much is a cut?\n\n{PRICES}\n")
    from_csv, from_md = _ask(tmp_path / "csv", "how much is a cut?"), _ask(tmp_path / "md", "how much is a cut?")
    assert from_csv["full_answer"] == from_md["full_answer"] == "See our price list or call us."
    assert from_csv["answer"] == from_md["answer"]


def test_links_and_images_in_tsv_answers_are_read_and_other_brackets_stay(tmp_path: Path):
    write(tmp_path, "faq.tsv", "question\tanswer\n"
                               "Where are you?\t![map](map.png) At 5 High Street [sic], see [the map](/map).\n"
                               "Do you take cards?\tYes [all major ones], and cash (exact change); arr[1](2).\n")
    assert [s.body for s in load_knowledge(tmp_path).sections] == [
        "map At 5 High Street [sic], see the map.",  # an image shows its alt text, as in .md (session 60)
        "Yes [all major ones], and cash (exact change); arr[1](2).",
    ]


def test_no_break_spaces_in_a_markdown_heading_are_spaces(tmp_path: Path):
    write(tmp_path, "salon.md", "# Our&nbsp;Salon\n\n## Do&nbsp;you take walk\u00a0ins?&nbsp;\n\nYes,&nbsp;most days.\n\n"
                                "<details><summary>Is there&nbsp;&nbsp;parking?</summary>Behind the shop.</details>\n")
    kb = load_knowledge(tmp_path)
    assert kb.documents == (("salon", "Our Salon"),)
    assert [(s.id, s.heading, s.body) for s in kb.sections] == [
        ("salon/do-you-take-walk-ins", "Do you take walk ins?", "Yes,\u00a0most days."),  # the text is as written
        ("salon/is-there-parking", "Is there parking?", "Behind the shop."),
    ]
