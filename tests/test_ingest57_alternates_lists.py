"""An FAQ table's alternates cell holding a pasted list of phrasings, separated by ';' ("how much is it?; what does
it cost; price?") or by a comma right after a question mark ("how much is it?, what does it cost?"): it was read as
ONE phrasing, which no visitor types. Each phrasing is now one, in the built index; a comma anywhere else stays
inside the phrasing ("if I book twice, is it cheaper?"), as it most often belongs to the question."""

from __future__ import annotations

import pytest

from bot import artifact
from bot.cli import main

from _files import write

# Rows around the one under test, so that the index has words to fit; their cells hold no separator.
OTHER_CSV = "Do you take cards?,\"Yes, all major cards.\",card payment\n"
OTHER_TSV = "Do you take cards?\tYes, all major cards.\tcard payment\n"
OTHER_MD = "| Do you take cards? | Yes, all major cards. | card payment |\n"


def built_alternates(tmp_path, rel: str, text: str) -> dict[str, tuple[str, ...]]:
    """Build this one file through `faqbot build`; the alternates of each section of the index it published."""
    write(tmp_path / "kb", rel, text)
    assert main(["build", "--content", str(tmp_path / "kb"), "--index", str(tmp_path / "index")]) == 0
    return {s.id: s.alternates for s in artifact.load_current(tmp_path / "index").index.sections_}


def table(rel: str, alternates: str) -> str:
    """A table file of two rows, 'How much is it?' with this alternates cell (written as the format quotes it)."""
    if rel.endswith(".csv"):
        return f"question,answer,alternates\nHow much is it?,$10 a month.,\"{alternates}\"\n{OTHER_CSV}"
    if rel.endswith(".tsv"):
        return f"question\tanswer\talternates\nHow much is it?\t$10 a month.\t{alternates}\n{OTHER_TSV}"
    return ("# Prices\n\n| Question | Answer | Alternates |\n|---|---|---|\n"
            f"| How much is it? | $10 a month. | {alternates.replace('|', chr(92) + '|')} |\n{OTHER_MD}")


@pytest.mark.parametrize("rel", ["faq.csv", "faq.tsv", "faq.md"])
@pytest.mark.parametrize("cell, phrasings", [
    ("how much is it?; what does it cost; price?", ("how much is it?", "what does it cost", "price?")),
    ("how much is it?, what does it cost?", ("how much is it?", "what does it cost?")),
    ("how much is it? ,what does it cost?,price", ("how much is it?", "what does it cost?", "price")),
    ("cost;price;; fees;", ("cost", "price", "fees")),
    ("how much is it?; what does it cost?, price?", ("how much is it?", "what does it cost?", "price?")),
])
def test_a_pasted_list_of_phrasings_is_several_phrasings_in_the_index(tmp_path, rel, cell, phrasings):
    alternates = built_alternates(tmp_path, rel, table(rel, cell))
    assert alternates["faq/how-much-is-it"] == phrasings
    assert alternates["faq/do-you-take-cards"] == ("card payment",)


@pytest.mark.parametrize("rel", ["faq.csv", "faq.tsv", "faq.md"])
@pytest.mark.parametrize("cell, phrasings", [
    # a comma not right after a question mark is inside the question: it stays one phrasing
    ("if I book twice, is it cheaper?", ("if I book twice, is it cheaper?",)),
    ("price, roughly", ("price, roughly",)),
    ("is it $10, or more? | monthly fee", ("is it $10, or more?", "monthly fee")),
    ("if I book twice, is it cheaper?; group rates", ("if I book twice, is it cheaper?", "group rates")),
])
def test_a_comma_inside_a_question_keeps_it_whole(tmp_path, rel, cell, phrasings):
    assert built_alternates(tmp_path, rel, table(rel, cell))["faq/how-much-is-it"] == phrasings


def test_a_list_mark_before_a_phrasing_one_a_line_is_dropped_as_in_an_alternates_file(tmp_path):
    text = ("question,answer,alternates\r\nHow much is it?,$10 a month.,\"cost\r\n- price | fees\"\r\n"
            + OTHER_CSV)
    assert built_alternates(tmp_path, "faq.csv", text)["faq/how-much-is-it"] == ("cost", "price", "fees")


def test_entities_in_the_cell_are_read_before_it_is_split(tmp_path):
    # '&amp;' holds a ';' that separates nothing; it was kept as written, a phrasing no visitor types
    text = ("question,answer,alternates\nDo you stock M&amp;S food?,Yes.,M&amp;S food; marks and spencer\n"
            + OTHER_CSV)
    assert built_alternates(tmp_path, "faq.csv", text)["faq/do-you-stock-m-s-food"] == (
        "M&S food", "marks and spencer")


def test_a_semicolon_separated_csv_splits_a_quoted_cell_on_its_semicolons(tmp_path):
    text = ("Question;Answer;Alternates\nHow much is it?;\"12,50 € a month.\";\"price; what does it cost?, fees\"\n"
            "Do you take cards?;Yes, all major cards.;card payment\n")
    assert built_alternates(tmp_path, "faq.csv", text)["faq/how-much-is-it"] == (
        "price", "what does it cost?", "fees")


def test_a_greek_question_mark_stays_with_its_phrasing(tmp_path):
    # Greek writes '?' as ';': "Πότε ανοίγετε;" is a question, and a phrasing after it is the next one
    text = ("question,answer,alternates\nWhen do you open?,At 9am.,\"Πότε ανοίγετε; Τι ώρα ανοίγετε;\"\n"
            + OTHER_CSV)
    assert built_alternates(tmp_path, "faq.csv", text)["faq/when-do-you-open"] == (
        "Πότε ανοίγετε;", "Τι ώρα ανοίγετε;")


def test_full_width_separators_split_as_their_ascii_forms(tmp_path):
    text = ("question,answer,alternates\nWhat are your opening hours?,9am to 5pm.,"
            "\"几点开门？，什么时候开门；opening times\"\n" + OTHER_CSV)
    assert built_alternates(tmp_path, "faq.csv", text)["faq/what-are-your-opening-hours"] == (
        "几点开门？", "什么时候开门", "opening times")
