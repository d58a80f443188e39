"""A table row with fewer cells than its header says which columns it leaves without one.

Before: "Price?,5" under `question,answer,alternates` (an editor leaving the optional alternates out of one row) was
"faq.csv:3: expected 3 fields, got 2", and the editor looked for the fault in the two cells that were there.
"""

from __future__ import annotations

import pytest

from bot.cli import main


@pytest.mark.parametrize("name, text, said", [
    ("faq.csv", "question,answer,alternates\nHours?,9-5,when are you open\nPrice?,5\n",
     "faq.csv:3: expected 3 fields, got 2 (no cell for the column 'alternates': an empty one still needs its comma at "
     "the end of the row)"),
    ("faq.csv", "question,answer,alternates,id\nHours?,9-5\n",
     "faq.csv:2: expected 4 fields, got 2 (no cells for the columns 'alternates', 'id': empty ones still need their "
     "commas at the end of the row)"),
    ("faq.tsv", "Question\tAnswer\tAlternates\nHours?\t9-5\n",
     "faq.tsv:2: expected 3 fields, got 2 (no cell for the column 'Alternates': an empty one still needs its tab at "
     "the end of the row)"),
    ("faq.csv", "question;answer;alternates\nHours?;9-5\n",
     "faq.csv:2: expected 3 fields, got 2 (no cell for the column 'alternates': an empty one still needs its "
     "semicolon at the end of the row)"),
    # A required cell left out: named, with no word of an empty one (an answer is not optional).
    ("faq.csv", "question,answer\nHours?,9-5\nPrice?\n", "faq.csv:3: expected 2 fields, got 1 (no cell for the "
                                                         "column 'answer')"),
    ("faq.csv", "id,question,answer\nhours,Hours?\n", "faq.csv:2: expected 3 fields, got 2 (no cell for the column "
                                                      "'answer')"),
])
def test_a_short_row_names_the_columns_it_leaves_without_a_cell(tmp_path, capsys, name, text, said):
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / name).write_text(text, encoding="utf-8")
    status = main(["build", "--content", str(tmp_path / "kb"), "--index", str(tmp_path / "index")])
    out, err = capsys.readouterr()
    assert (status, out, err) == (1, "", f"faqbot: error: {said}\n")


def test_the_row_with_its_empty_cell_written_builds(tmp_path, capsys):
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "faq.csv").write_text("question,answer,alternates\nHours?,9-5,when are you open\nPrice?,5,\n",
                                             encoding="utf-8")
    status = main(["build", "--content", str(tmp_path / "kb"), "--index", str(tmp_path / "index")])
    out, err = capsys.readouterr()
    assert status == 0 and "2 sections, 1 alternate question" in out and err == ""
