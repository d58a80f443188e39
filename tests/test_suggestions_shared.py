"""The closest topics offered share a word with the question (lexical indexes): letters alone ("xyzzy", "do you take
amex") offered three sections whose headings merely looked alike ("Do you offer home visits?", "Do you offer sports
massage?") at 0.0, as "Did you mean" chips under the refusal."""

from __future__ import annotations

from _files import csv_bot

ROWS = [
    "question,answer",
    'Do you offer home visits?,"Within five miles of the clinic, for £95."',
    'Do you offer sports massage?,"Yes, on Tuesday evenings and Saturday mornings, £55 for 45 minutes."',
    'Do you offer gift vouchers?,"Yes, from £25, for any treatment."',
    'How do I pay?,"By debit or credit card, Apple Pay or Google Pay, at the end of each session."',
    'What are your opening hours?,"Monday to Friday 7:30am to 8pm, Saturday 8am to 1pm."',
]


def test_a_question_that_shares_no_word_gets_one_topic_at_most(tmp_path):
    bot = csv_bot(tmp_path, ROWS)
    for question in ("xyzzy", "do you take amex", "do you do acupuncture"):
        a = bot.ask(question)
        assert not a.answered and len(a.suggestions) <= 1, (question, [s.heading for s in a.suggestions])
    # one that shares words gets its closest topics, as before
    a = bot.ask("massage vouchers")
    assert {"Do you offer sports massage?", "Do you offer gift vouchers?"} <= {a.heading, *(s.heading for s in
                                                                                        a.suggestions)}


def test_the_runners_up_under_an_answer_share_a_word_with_the_question(tmp_path):
    bot = csv_bot(tmp_path, ROWS)
    a = bot.ask("how much is a sports massage")
    assert a.answered and a.heading == "Do you offer sports massage?", a.explain
    for s in a.suggestions:  # "Do you offer home visits?" looked alike, letter for letter
        assert s.heading != "Do you offer home visits?", [x.heading for x in a.suggestions]
