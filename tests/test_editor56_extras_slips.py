"""Slips an editor makes in .alternates and .synonyms files: each is one error line naming the file, the line and
what is wrong, never phrasings given to the wrong section or terms that group nothing, built without a word."""

from __future__ import annotations

import pytest

from bot.cli import main
from bot.ingest import load_knowledge
from bot.model import ContentError

from _files import write

FAQ = ("# Bakery\n\n## What are your opening hours?\n\nMonday to Saturday, 7am to 6pm.\n\n"
       "## Do you deliver?\n\nWithin 5 miles, for orders over $30.\n")


def _folder(tmp_path, name: str, text: str):
    content = tmp_path / "content"
    write(content, "bakery.md", FAQ)
    write(content, name, text)
    return content


@pytest.mark.parametrize("text, line, message", [
    # the ']' left out: "home delivery" went to opening hours, with "[bakery/do-you-deliver" as a phrasing
    ("[bakery/what-are-your-opening-hours]\nopening times\n\n[bakery/do-you-deliver\nhome delivery\n", 4,
     "'[bakery/do-you-deliver' has no closing ']'"),
    # a phrasing written on the [section] line: given to the section above as "[bakery/do-you-deliver] home ..."
    ("[bakery/what-are-your-opening-hours]\nopening times\n[bakery/do-you-deliver] home delivery\nlatte\n", 3,
     "text after ']'"),
    # the '[' left out of an id
    ("[bakery/what-are-your-opening-hours]\nopening times\nbakery/do-you-deliver]\nhome delivery\n", 3,
     "'bakery/do-you-deliver]' has no opening '['"),
    # first in the file: the error said "phrasing before any [section] line", of what is a [section] line
    ("[bakery/do-you-deliver\nhome delivery\n", 1, "no closing ']'"),
])
def test_a_section_line_with_a_bracket_left_out_is_an_error_naming_it(tmp_path, capsys, text, line, message):
    content = _folder(tmp_path, "extra.alternates", text)
    with pytest.raises(ContentError) as e:
        load_knowledge(content)
    assert (e.value.path, e.value.line) == ("extra.alternates", line)
    assert message in e.value.message
    assert main(["build", "--content", str(content), "--index", str(tmp_path / "index")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"faqbot: error: extra.alternates:{line}: ")


def test_phrasings_that_end_with_a_bracket_are_still_phrasings(tmp_path):
    # a visitor's smiley, added from the dashboard: no section line
    content = _folder(tmp_path, "extra.alternates", "[bakery/do-you-deliver]\ndo you deliver :]\nhome delivery [uk]\n")
    deliver = next(s for s in load_knowledge(content).sections if s.id == "bakery/do-you-deliver")
    assert deliver.alternates == ("do you deliver :]", "home delivery [uk]")


@pytest.mark.parametrize("text, sep", [
    ("cake: gateau, torte\n", ":"),
    ("bread, loaf\ncake = gateau, torte\n", "="),
    ("cake; gateau, torte\n", ";"),
    ("cake -> gateau, torte\n", "->"),
    ("cake => gateau, torte\n", "=>"),
    ("cake | gateau, torte\n", "|"),
    ("cake\tgateau, torte\n", "a tab"),
])
def test_a_synonym_group_with_another_separator_in_it_is_an_error(tmp_path, capsys, text, sep):
    # 'cake: gateau, torte' was built as the groups ('cake: gateau', 'torte'): torte meant "cake gateau" and cake
    # nothing, without a word
    content = _folder(tmp_path, "words.synonyms", text)
    line = text.count("\n")
    with pytest.raises(ContentError) as e:
        load_knowledge(content)
    assert (e.value.path, e.value.line) == ("words.synonyms", line)
    assert sep in e.value.message and "comma" in e.value.message
    assert main(["build", "--content", str(content), "--index", str(tmp_path / "index")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"faqbot: error: words.synonyms:{line}: ")


def test_synonym_terms_with_colons_and_slashes_inside_words_are_terms(tmp_path):
    content = _folder(tmp_path, "words.synonyms", "one on one, 1:1, 1-to-1\nopen 24/7, always open\n")
    assert load_knowledge(content).synonyms == (("one on one", "1:1", "1-to-1"), ("open 24/7", "always open"))


def test_a_comment_after_a_synonym_group_is_an_error(tmp_path):
    # 'gateau # french' was the term: "gateau" alone grouped with nothing
    content = _folder(tmp_path, "words.synonyms", "# ok\ncake, gateau  # French\n")
    with pytest.raises(ContentError) as e:
        load_knowledge(content)
    assert (e.value.path, e.value.line) == ("words.synonyms", 2) and "line of their own" in e.value.message


def test_phrasings_separated_by_bars_as_in_a_table_are_an_error(tmp_path, capsys):
    # 'home delivery | delivered to my door' was one phrasing no visitor types
    content = _folder(tmp_path, "extra.alternates", "[bakery/do-you-deliver]\nhome delivery | delivered to my door\n")
    with pytest.raises(ContentError) as e:
        load_knowledge(content)
    assert (e.value.path, e.value.line) == ("extra.alternates", 2)
    assert "'|'" in e.value.message and "a line of its own" in e.value.message
