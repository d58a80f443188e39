"""Whether the business works on a day asks whether it is open then (bot/asks.py `open_for_working`)."""

from __future__ import annotations

from bot.asks import open_for_working
from bot.text import words
from _files import csv_bot
from test_asks import _answered_from


def test_do_you_work_weekends_is_read_as_are_you_open_weekends():
    assert open_for_working(words("do you work weekends?")) == words("do you open weekends?")
    assert open_for_working(words("do you work on bank holidays")) == words("do you open on bank holidays")
    for other in ("do you work with children?", "does it work on sundays?", "how does the treatment work?"):
        assert open_for_working(words(other)) == words(other), other


def test_do_you_work_weekends_is_answered_by_the_opening_hours(tmp_path):
    # A physio clinic's "What are your opening hours?" (Saturday mornings, closed on Sundays) never says "work" or
    # "weekend": "do you work weekends" was refused at 0.00, "do you work on sundays" at 0.38.
    bot = csv_bot(tmp_path, [
        "question,answer",
        'What are your opening hours?,"Monday to Friday from 7:30am to 8pm and Saturday from 8am to 1pm. We are '
        'closed on Sundays and bank holidays."',
        'Can I bring someone with me?,"Yes, a friend or family member is welcome in your session."',
        'Do you treat sports injuries?,"Yes: sprains, strains and post-surgery rehabilitation for runners."',
        'How do I pay?,"We take debit and credit cards, Apple Pay and Google Pay."',
    ])
    for question in ("do you work weekends", "do you work on sundays", "do you work on bank holidays"):
        _answered_from(bot, question, "What are your opening hours?")
    assert bot.ask("do you work with children").heading != "What are your opening hours?"
