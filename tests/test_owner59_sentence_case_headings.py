"""A short line over text in sentence case ("Opening hours"), as owners write topic headings, is no heading in a text
article (a heading is a question or in Title Case): it and its text join the section above. The build now says so,
naming the line and how to write it, rather than merging them without a word."""

from __future__ import annotations

from pathlib import Path

from bot.ingest import load_knowledge
from tests._files import write

PLUMBER = """Smith & Sons Plumbing FAQ

Are you available 24/7?
Yes, call our emergency line.

Opening hours

We are open Monday to Friday, 8am to 6pm.

Thanks for reading
"""


def test_a_sentence_case_topic_line_over_text_is_named_in_a_warning(tmp_path: Path):
    write(tmp_path, "plumber.txt", PLUMBER)
    kb = load_knowledge(tmp_path)
    assert [(s.heading, s.body) for s in kb.sections] == [
        ("Are you available 24/7?", "Yes, call our emergency line.\n\nOpening hours\n\n"
                                    "We are open Monday to Friday, 8am to 6pm.\n\nThanks for reading")]
    assert [w for w in kb.warnings if w.startswith("plumber.txt")] == [
        'plumber.txt:6: "Opening hours" is not a heading (a heading is a question or in Title Case), so it and the '
        'text under it are read as more of the section "Are you available 24/7?": to make it a section, write it '
        '"Opening Hours"']


def test_written_in_title_case_it_is_a_section(tmp_path: Path):
    write(tmp_path, "plumber.txt", PLUMBER.replace("Opening hours", "Opening Hours"))
    kb = load_knowledge(tmp_path)
    assert [(s.heading, s.body) for s in kb.sections][1] == (
        "Opening Hours", "We are open Monday to Friday, 8am to 6pm.\n\nThanks for reading")
    assert not [w for w in kb.warnings if w.startswith("plumber.txt")]
