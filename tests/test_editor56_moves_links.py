"""A .moves line written with a section's link (as a browser shows it: /kb/shop#old-hours, or the whole address)
instead of its id: the link side was taken as an id no link ever names, so the line did nothing, without a word
(the new side said "did you mean"). Each is one error line naming the file and line and the id to write."""

from __future__ import annotations

import pytest

from bot.cli import main
from bot.ingest import load_knowledge
from bot.model import ContentError

from _files import write

SHOP = "# Shop\n\n## What are your opening hours?\n\nMonday to Saturday, 7am to 6pm.\n"


@pytest.mark.parametrize("line, side, write_instead", [
    ("/kb/shop#old-hours -> shop/what-are-your-opening-hours", "/kb/shop#old-hours", "shop/old-hours"),
    ("https://bakery.example/kb/shop#old-hours -> shop/what-are-your-opening-hours",
     "https://bakery.example/kb/shop#old-hours", "shop/old-hours"),
    ("shop#old-hours -> shop/what-are-your-opening-hours", "shop#old-hours", "shop/old-hours"),
    ("shop/old-hours -> /kb/shop#what-are-your-opening-hours", "/kb/shop#what-are-your-opening-hours",
     "shop/what-are-your-opening-hours"),
])
def test_a_link_in_a_moves_line_is_an_error_naming_the_id_to_write(tmp_path, capsys, line, side, write_instead):
    content = tmp_path / "content"
    write(content, "shop.md", SHOP)
    write(content, "renamed.moves", f"# hours reworded\n{line}\n")
    with pytest.raises(ContentError) as e:
        load_knowledge(content)
    assert (e.value.path, e.value.line) == ("renamed.moves", 2)
    assert e.value.message == f"'{side}' is a link, not a section id: write '{write_instead}'"
    assert main(["build", "--content", str(content), "--index", str(tmp_path / "index")]) == 1
    assert capsys.readouterr().err.strip().splitlines() == [
        f"faqbot: error: renamed.moves:2: '{side}' is a link, not a section id: write '{write_instead}'"]


def test_a_comment_after_a_moves_line_is_an_error_saying_so(tmp_path):
    content = tmp_path / "content"
    write(content, "shop.md", SHOP)
    write(content, "renamed.moves", "shop/old-hours -> shop/what-are-your-opening-hours  # reworded in March\n")
    with pytest.raises(ContentError) as e:
        load_knowledge(content)
    assert e.value.line == 1 and "a comment after" in e.value.message and "line of their own" in e.value.message
