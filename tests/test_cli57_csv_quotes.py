"""A quote left open in a table cell is named as such, on the line it opens, whatever row comes after it."""

from __future__ import annotations

import pytest

from bot import cli

from _files import write

BANDS = 'Do you sell exercise bands?,"Yes, at reception, from £8.\n'  # the closing quote forgotten


def build_error(tmp_path, capsys, name: str, text: str) -> str:
    write(tmp_path / "content", name, text)
    assert cli.main(["build", "--content", str(tmp_path / "content"), "--index", str(tmp_path / "idx")]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1, err
    return err


@pytest.mark.parametrize("rows", [
    # The next row's answer quoted: csv paired the open quote with it and said "',' expected after '\"'", which was
    # reported as a quote inside a cell not doubled ("Our ""gold"" plan", in no file of the site owner's).
    'Do you sell foam rollers?,"Yes, from £15."\n',
    '"Do you sell foam rollers?",Yes.\n',  # the next row's first cell quoted
    "Do you sell foam rollers?,Yes.\nDo you sell mats?,\"Yes, from £20.\"\n",  # a quoted cell rows further on
], ids=["next-answer-quoted", "next-question-quoted", "later-row-quoted"])
def test_a_quote_never_closed_before_a_quoted_cell_is_named_on_its_line(tmp_path, capsys, rows):
    err = build_error(tmp_path, capsys, "shop.csv", "question,answer\n" + BANDS + rows)
    assert err.startswith("faqbot: error: shop.csv:2: malformed CSV row: the quote that opens the cell "
                          "'\"Yes, at reception, from £8.' on line 2 is never closed: end that cell with a '\"'"), err
    assert "written twice" not in err and "gold" not in err


def test_a_quote_never_closed_before_unquoted_rows_names_its_line_too(tmp_path, capsys):
    err = build_error(tmp_path, capsys, "shop.csv", "question,answer\n" + BANDS + "Do you sell foam rollers?,Yes.\n")
    assert err == ("faqbot: error: shop.csv:2: malformed CSV row: the quote that opens the cell "
                   "'\"Yes, at reception, from £8.' on line 2 is never closed: end that cell with a '\"'\n")


@pytest.mark.parametrize("name, text, line, before", [
    ("faq.csv", 'question,answer\nq,a\nCards?,"Yes, all "major" cards."\n', 3, "major\" cards.\""),
    ("faq.tsv", 'question\tanswer\nCards?\t"Yes, all "major" cards."\n', 2, "major\" cards.\""),
    # in a cell of several lines: the line of the quote, not of the row's start
    ("faq.csv", 'question,answer\nCards?,"Yes, all\nthe "major" ones."\n', 3, "major\" ones.\""),
])
def test_a_quote_not_doubled_is_shown_where_it_is_and_the_gold_plan_is_an_example(tmp_path, capsys, name, text,
                                                                                   line, before):
    err = build_error(tmp_path, capsys, name, text)
    assert f"{name}:{line}: malformed " in err
    assert ("a '\"' inside a quoted cell must be written twice (\"\"): \"Our \"\"gold\"\" plan\" is an example; "
            f"the one at fault is the '\"' right before '{before}' on line {line}\n") in err, err


def test_a_space_after_a_closing_quote_is_named(tmp_path, capsys):
    err = build_error(tmp_path, capsys, "faq.csv", 'question,answer\nCards?,"Yes, all of them." \nq,a\n')
    assert err == ("faqbot: error: faq.csv:2: malformed CSV row: space after the closing '\"' of a cell on line 2: "
                   "delete it (or put it inside the quotes)\n")


def test_quotes_written_right_still_build(tmp_path, capsys):
    write(tmp_path / "content", "faq.csv",
          'question,answer\nPlans?,"Our ""gold"" plan, monthly."\nHours?,"Nine to five,\nweekdays."\n')
    assert cli.main(["build", "--quiet", "--content", str(tmp_path / "content"), "--index", str(tmp_path / "idx")]) == 0


@pytest.mark.parametrize("name, text, have", [
    # a sheet's title cell with a line break (Alt+Enter) and a ';': a csv.Error traceback
    ("prices.csv", '"Price list; 2024\nall prices in GBP"\nitem,price\n', "Price list; 2024 all prices in GBP"),
    ("prices.tsv", '"Prices\n2024"\tnotes\nitem\tprice\n', "Prices 2024, notes"),  # the message was two lines
])
def test_a_header_cell_with_a_line_break_is_named_in_one_line(tmp_path, capsys, name, text, have):
    err = build_error(tmp_path, capsys, name, text)
    assert err.startswith(f"faqbot: error: {name}:1: missing columns 'question', 'answer' (header has: {have}); "), err


@pytest.mark.parametrize("text, said", [
    ('"Bakery\nFAQ"\nquestion,answer\nq,a\n', "x.csv:1: the header row is line 3, below 'Bakery FAQ': "),
    ('question,"Answer\n(x)",answer\nq,a,b\n', "x.csv:1: column 'Answer (x)' appears twice in the header "),
])
def test_header_cells_with_line_breaks_are_quoted_on_one_line(tmp_path, capsys, text, said):
    assert said in build_error(tmp_path, capsys, "x.csv", text)
