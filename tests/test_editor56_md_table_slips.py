"""Markdown FAQ table slips that lost rows or text without a word, now one error line naming the file and line: the
'|---|---|' line left out under the header row (the whole table read as text), a blank line between rows (the rows
after it read as text), and a '|' in an answer not written '\\|' (Markdown drops the cells past the header's)."""

from __future__ import annotations

import pytest

from bot.cli import main
from bot.ingest import load_knowledge
from bot.model import ContentError

from _files import write

HEAD = "# Bakery FAQ\n\n| Question | Answer |\n"
ROW = "| Do you cater? | Yes, parties up to 50. |\n"


@pytest.mark.parametrize("text, line, message", [
    # the rule line left out: the FAQ was one introduction, "| Question | Answer | | Do you cater? |..." shown as text
    (HEAD + ROW + "| Do you deliver? | Within 5 miles. |\n", 4, "has no line '|---|---|' under it"),
    # a rule of another width than the header is no rule to Markdown either
    (HEAD + "|---|---|---|\n" + ROW, 4, "has no line '|---|---|' under it"),
    # a blank line between rows: "Do you deliver?" was text at the end of the page, no section
    (HEAD + "|---|---|\n" + ROW + "\n| Do you deliver? | Within 5 miles. |\n", 7, "a table row after a blank line"),
    # an answer holding a bar: its answer was "Yes", the rest dropped
    (HEAD + "|---|---|\n| Do you cater? | Yes | parties up to 50 |\n", 5, "Markdown drops 'parties up to 50'"),
])
def test_a_table_slip_is_one_error_line_naming_it(tmp_path, capsys, text, line, message):
    content = tmp_path / "content"
    write(content, "faq.md", text)
    with pytest.raises(ContentError) as e:
        load_knowledge(content)
    assert (e.value.path, e.value.line) == ("faq.md", line) and message in e.value.message
    assert main(["build", "--content", str(content), "--index", str(tmp_path / "index")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"faqbot: error: faq.md:{line}: ")


@pytest.mark.parametrize("text, sections", [
    (HEAD + "|---|---|\n| Do you cater? | Yes \\| parties up to 50. |\n",
     [("Do you cater?", "Yes | parties up to 50.")]),
    (HEAD + "|---|---|\n| Do you cater? | Yes. | |\n", [("Do you cater?", "Yes.")]),  # an empty cell past the header's
    # text after the table that is no row, and a table that is no FAQ after a gap, are text as before
    (HEAD + "|---|---|\n" + ROW + "\nCall us with any other question.\n",
     [("Do you cater?", "Yes, parties up to 50."), ("Bakery FAQ", "Call us with any other question.")]),
])
def test_tables_written_right_are_read_as_before(tmp_path, text, sections):
    write(tmp_path, "faq.md", text)
    assert [(s.heading, s.body) for s in load_knowledge(tmp_path).sections] == sections


def test_a_price_list_with_a_gap_is_text_as_before(tmp_path):
    write(tmp_path, "faq.md",
          "# Prices\n\n## What do loaves cost?\n\n| Item | Price |\n|---|---|\n| Loaf | 3 |\n\n| Cake | 5 |\n")
    (section,) = load_knowledge(tmp_path).sections
    assert "| Cake | 5 |" in section.body
