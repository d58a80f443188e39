"""The .alternates format as an API: entries appended by code read back as the editor's file would."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.ingest import load_knowledge
from bot.ingest.extras import AlternatesEntry, append_alternates, format_alternates, parse_alternates
from bot.model import ContentError

from _files import write

ARTICLE = "Title\n\nWhat Is It?\n\nA thing.\n\nWhy Use It?\n\nBecause.\n"


def test_parse_gives_entries_with_their_lines_in_file_order():
    text = "# comment\n\n[a/what-is-it]\nwhat's  that\n  define it  \n\n[Why Use It?]\n# not a phrasing\nwhy bother\n"
    assert parse_alternates("x.alternates", text) == [
        AlternatesEntry("a/what-is-it", 3, ("what's that", "define it")),
        AlternatesEntry("Why Use It?", 7, ("why bother",)),
    ]


def test_phrasings_written_as_a_list_lose_the_list_marks():
    # an editor writes "- delivery" as in any notes file: the mark is no part of the phrasing
    text = "[a/what-is-it]\n- what's that\n* define it\n• meaning\n1. what is it for\n2) tell me more\n-1 degrees?\n"
    assert parse_alternates("x.alternates", text) == [
        AlternatesEntry("a/what-is-it", 1, ("what's that", "define it", "meaning", "what is it for", "tell me more",
                                            "-1 degrees?")),
    ]


@pytest.mark.parametrize("text, line, message", [
    ("phrase first\n[a/b]\n", 1, "phrasing before any [section]"),
    ("[a/b]\nok\n[  ]\n", 3, "empty section reference"),
])
def test_parse_errors_name_the_line(text, line, message):
    with pytest.raises(ContentError) as e:
        parse_alternates("x.alternates", text)
    assert (e.value.path, e.value.line) == ("x.alternates", line) and message in e.value.message


@pytest.mark.parametrize("existing", [None, "", "[a/what-is-it]\nwhat's that", "[a/what-is-it]\nwhat's that\n",
                                      "[a/what-is-it]\nwhat's that\n\n"])
def test_append_then_parse_gives_the_phrasing_under_its_section(tmp_path, existing):
    path = tmp_path / "a.alternates"
    if existing is not None:
        path.write_text(existing, encoding="utf-8")
    append_alternates(path, "Why Use It?", ["  why  bother ", "is it worth it"])
    append_alternates(path, "a/what-is-it", ["meaning"])
    entries = parse_alternates("a.alternates", path.read_text(encoding="utf-8"))
    assert entries[-2:] == [AlternatesEntry("Why Use It?", entries[-2].line, ("why bother", "is it worth it")),
                            AlternatesEntry("a/what-is-it", entries[-1].line, ("meaning",))]
    # entries stay separated by one blank line, whatever the file ended with
    assert "\n\n\n" not in path.read_text(encoding="utf-8")
    assert path.read_text(encoding="utf-8").count("\n\n") == len(entries) - 1


def test_appended_phrasings_reach_the_sections_through_load_knowledge(tmp_path):
    write(tmp_path, "a.txt", ARTICLE)
    write(tmp_path, "a.alternates", "[a/what-is-it]\nwhat's that\n")
    append_alternates(tmp_path / "a.alternates", "a/why-use-it", ["why bother"])
    append_alternates(tmp_path / "a.alternates", "What Is It?", ["define it"])
    kb = load_knowledge(tmp_path)
    assert [s.alternates for s in kb.sections] == [("what's that", "define it"), ("why bother",)]


@pytest.mark.parametrize("phrasings, message", [
    (["two\nlines"], "one line"),
    (["carriage\rreturn"], "one line"),
    (["line\u2028separator"], "one line"),
    (["nul\0byte"], "one line"),
    (["this | that"], "'|'"),
    ([""], "empty"),
    (["   \t "], "empty"),
    (["# looks like a comment"], "comment"),
    (["[a/what-is-it]"], "name a section"),
    ([], "no phrasings"),
    (["fine", "bad\nline"], "one line"),  # one bad phrasing rejects the whole entry
])
def test_bad_phrasings_are_rejected_and_nothing_is_written(tmp_path, phrasings, message):
    path = tmp_path / "a.alternates"
    path.write_text("[a/what-is-it]\nwhat's that\n", encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        append_alternates(path, "a/what-is-it", phrasings)
    assert path.read_text(encoding="utf-8") == "[a/what-is-it]\nwhat's that\n"


@pytest.mark.parametrize("ref", ["", "  ", "a/b\n[c/d]"])
def test_bad_references_are_rejected(ref):
    with pytest.raises(ValueError):
        format_alternates(ref, ["fine"])


def test_format_is_the_documented_one():
    assert format_alternates(" Do you ship abroad? ", ["international shipping", "ship  overseas"]) == (
        "[Do you ship abroad?]\ninternational shipping\nship overseas\n")


def test_a_missing_file_is_created(tmp_path: Path):
    path = tmp_path / "new.alternates"
    append_alternates(path, "a/b", ["phrase"])
    assert path.read_text(encoding="utf-8") == "[a/b]\nphrase\n"


# ---- a phrasing two sections share, a [section] with none: warnings naming the places ------------------
# The dashboard refuses a phrasing another section has (409); a file written by hand could give it anyway,
# and the build said nothing. A warning, not an error: nothing served before is lost.

HOURS = "Clinic\n\nWeekday Hours\n\nNine to five.\n\nDo You Take Cards?\n\nAll major cards.\n"


def test_a_phrasing_two_files_give_to_two_sections_is_a_warning_naming_both_places(tmp_path):
    write(tmp_path, "clinic.txt", HOURS)
    write(tmp_path, "a.alternates", "[Weekday hours]\npaypal\n")
    write(tmp_path, "dashboard.alternates", "# edit 1a2b3c4d, 2026-01-01 09:00 UTC, admin\n"
                                            "[clinic/do-you-take-cards]\nPayPal?\n")
    kb = load_knowledge(tmp_path)
    assert [s.alternates for s in kb.sections] == [("paypal",), ("PayPal?",)]  # both still served
    shared = [w for w in kb.warnings if "paypal" in w.lower()]
    assert len(shared) == 1, kb.warnings
    assert shared[0].startswith("dashboard.alternates:3: 'PayPal?' is a phrasing of \"Do You Take Cards?\"")
    assert "a.alternates:2 gives it to \"Weekday Hours\" (clinic/weekday-hours)" in shared[0]


def test_a_phrasing_that_is_another_sections_heading_is_a_warning_naming_both_places(tmp_path):
    write(tmp_path, "clinic.txt", HOURS)
    write(tmp_path, "faq.csv", "question,answer,alternates\nCan I park?,Yes.,do you take cards\n")
    kb = load_knowledge(tmp_path)
    assert kb.warnings == ("faq.csv:2: 'do you take cards' is a phrasing of \"Can I park?\" (faq/can-i-park), but it "
                           "is the heading of \"Do You Take Cards?\" (clinic/do-you-take-cards) at clinic.txt:7: a "
                           "question asked so may get either answer; give the phrasing to that section, or delete it",)


def test_a_phrasing_given_twice_to_one_section_is_no_warning(tmp_path):
    write(tmp_path, "clinic.txt", HOURS)
    write(tmp_path, "a.alternates", "[Weekday hours]\nwhen are you open\n\n[clinic/weekday-hours]\nWhen are you open?\n"
                                    "weekday hours\n")
    assert load_knowledge(tmp_path).warnings == ()


def test_a_section_line_with_no_phrasings_under_it_is_a_warning_naming_its_line(tmp_path):
    write(tmp_path, "clinic.txt", HOURS)
    write(tmp_path, "a.alternates", "# to do\n[Weekday hours]\n\n[Do You Take Cards?]\npaypal\n")
    kb = load_knowledge(tmp_path)
    assert kb.warnings == ("a.alternates:2: [Weekday hours] has no phrasings under it: write them on the lines "
                           "below it, one a line, or delete it",)
    assert kb.sections[1].alternates == ("paypal",)
