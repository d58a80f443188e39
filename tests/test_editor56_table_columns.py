"""An FAQ table's column of extra phrasings under the names spreadsheets and FAQ plugins give it ("Alternatives",
"Alternate questions", "Variations"): read as the `alternates` column, as "Q"/"Response" are read as the question
and answer columns. They were dropped without a word: the phrasings the editor wrote answered nothing."""

from __future__ import annotations

import pytest

from bot.ingest import load_knowledge

from _files import write


@pytest.mark.parametrize("name", ["Alternate", "alternatives", "Alternative Questions", "alternate questions",
                                  "Variations", "Other phrasings"])
@pytest.mark.parametrize("rel, template", [
    ("faq.csv", "Question,Answer,{name}\nDo you cater?,\"Yes, parties up to 50.\",catering|party food\n"),
    ("faq.tsv", "Question\tAnswer\t{name}\nDo you cater?\tYes, parties up to 50.\tcatering|party food\n"),
    ("faq.md", "# Faq\n\n| Question | Answer | {name} |\n|---|---|---|\n"
               "| Do you cater? | Yes, parties up to 50. | catering \\| party food |\n"),
])
def test_a_phrasings_column_under_another_name_gives_the_alternates(tmp_path, rel, template, name):
    write(tmp_path, rel, template.format(name=name))
    (section,) = load_knowledge(tmp_path).sections
    assert (section.id, section.alternates) == ("faq/do-you-cater", ("catering", "party food"))


def test_a_table_with_an_alternates_column_keeps_the_other_column_as_it_was(tmp_path):
    # the alternates column named so wins; another column (notes, say) is not read
    write(tmp_path, "faq.csv", "question,answer,alternates,alternatives\nDo you cater?,Yes.,catering,not this\n")
    (section,) = load_knowledge(tmp_path).sections
    assert section.alternates == ("catering",)


def test_two_columns_under_such_names_are_not_guessed(tmp_path):
    write(tmp_path, "faq.csv", "question,answer,alternatives,variations\nDo you cater?,Yes.,catering,party food\n")
    (section,) = load_knowledge(tmp_path).sections
    assert section.alternates == ()


@pytest.mark.parametrize("rel, text", [
    ("faq.csv", 'question,answer,alternates\r\nDo you cater?,Yes.,"catering\r\nparty food\r\n\r\n| buffet"\r\n'),
    ("faq.tsv", 'question\tanswer\talternates\nDo you cater?\tYes.\t"catering\nparty food\n| buffet"\n'),
])
def test_phrasings_one_a_line_in_the_alternates_cell_are_phrasings(tmp_path, rel, text):
    # a line break in a cell (Alt+Enter in Excel): it was one phrasing, "catering party food"
    write(tmp_path, rel, text)
    (section,) = load_knowledge(tmp_path).sections
    assert section.alternates == ("catering", "party food", "buffet")
