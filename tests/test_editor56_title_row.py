"""A sheet with a title row above its header row ("Bakery FAQ" in A1, the columns in row 2): the error named the
columns missing from line 1 and asked to name them in the first row, of a file that names them on line 2. It now
names the header row and the lines to delete."""

from __future__ import annotations

import pytest

from bot.cli import main
from bot.ingest import load_knowledge
from bot.model import ContentError

from _files import write


@pytest.mark.parametrize("rel, text, said", [
    ("faq.csv", "Bakery FAQ,,\r\nquestion,answer,alternates\r\nDo you cater?,Yes.,catering\r\n",
     "the header row is line 2, below 'Bakery FAQ': a table's first row must name its columns: delete line 1"),
    ("faq.tsv", "Bakery FAQ\nUpdated May 2026\n\nQuestion\tAnswer\nDo you cater?\tYes.\n",
     "the header row is line 4, below 'Bakery FAQ': a table's first row must name its columns: delete lines 1-3"),
])
def test_a_title_row_above_the_header_is_named_with_the_fix(tmp_path, capsys, rel, text, said):
    write(tmp_path / "kb", rel, text)
    with pytest.raises(ContentError) as e:
        load_knowledge(tmp_path / "kb")
    assert (e.value.path, e.value.line, e.value.message) == (rel, 1, said)
    assert main(["build", "--content", str(tmp_path / "kb"), "--index", str(tmp_path / "index")]) == 1
    assert capsys.readouterr().err.strip().splitlines() == [f"faqbot: error: {rel}:1: {said}"]


def test_a_table_with_no_header_row_at_all_is_said_as_before(tmp_path):
    write(tmp_path, "faq.csv", "Do you cater?,Yes.\nHours?,9-5\n")
    with pytest.raises(ContentError) as e:
        load_knowledge(tmp_path)
    assert "missing columns 'question', 'answer'" in e.value.message


@pytest.mark.parametrize("text", ["question,reply\nq,a\n", "Question,Reply\nDo you cater?,Yes.\nquestion,answer\n"])
def test_a_header_with_a_misnamed_column_is_said_as_before(tmp_path, text):
    # 'question,reply' is the header row (a column misnamed), whatever the rows under it hold
    write(tmp_path, "faq.csv", text)
    with pytest.raises(ContentError) as e:
        load_knowledge(tmp_path)
    assert "missing column" in e.value.message
