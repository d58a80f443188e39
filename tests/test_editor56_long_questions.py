"""A question line in a plain-text article too long to be a heading (over 150 characters or 25 words): read as text,
it and its answer joined the section above, so a visitor asking it got that section's heading, and the build said
nothing. The build now warns naming the file and line, and what to do."""

from __future__ import annotations

from bot.cli import main
from bot.ingest import load_knowledge

from _files import write

LONG = ("Can I bring my own decorations, candles, cake toppers and table cloths for a private party that I book in "
        "the back room on a weekday evening after closing time?")
ARTICLE = (f"Party Bookings\n\nWe host private parties.\n\nHow Many Guests Fit?\n\nUp to 40 guests.\n\n{LONG}\n\n"
           "Yes, you can bring your own decorations.\n")


def test_a_question_too_long_for_a_heading_is_a_warning_naming_its_line(tmp_path, capsys):
    write(tmp_path / "content", "parties.txt", ARTICLE)
    kb = load_knowledge(tmp_path / "content")
    # read as it was (the rule is the README's), but said
    assert [s.heading for s in kb.sections] == ["Party Bookings", "How Many Guests Fit?"]
    (warning,) = [w for w in kb.warnings if w.startswith("parties.txt:9: ")]
    assert "too long for a heading" in warning and "160 characters" in warning and "shorten it" in warning
    assert main(["build", "--content", str(tmp_path / "content"), "--index", str(tmp_path / "index")]) == 0
    assert [line for line in capsys.readouterr().err.splitlines() if "parties.txt:9:" in line] == [
        f"faqbot: warning: {warning}"]


def test_the_same_question_over_its_answer_is_a_warning_too(tmp_path):
    write(tmp_path, "parties.txt", ARTICLE.replace(f"{LONG}\n\n", f"{LONG}\n"))
    assert any(w.startswith("parties.txt:9: ") and "too long" in w for w in load_knowledge(tmp_path).warnings)


def test_long_sentences_and_short_questions_are_no_warning(tmp_path):
    prose = ("We have hosted parties of every size in the back room since 1998, from birthdays and christenings to "
             "retirement dinners, and we will gladly help you plan yours.")
    write(tmp_path, "parties.txt", ARTICLE.replace(LONG, "Can I Bring Decorations?") + f"\n{prose}\n")
    assert not [w for w in load_knowledge(tmp_path).warnings if "too long" in w]


def test_a_wordy_closing_question_within_the_length_is_no_warning(tmp_path):
    closing = ("Do you have a question that is not answered on this page, or would you like to talk to one of our "
               "nurses before you book a treatment with us?")  # 141 characters, 30 words
    write(tmp_path, "parties.txt", ARTICLE.replace(LONG, closing))
    assert not [w for w in load_knowledge(tmp_path).warnings if "too long" in w]
