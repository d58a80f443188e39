"""Words of scikit-learn's English stop list that name what a question is about are terms, not stop words
(bot/terms.py CONTENT_WORDS): "how can i top up?" to a bank, "how much is a detail?" to a car wash, "what
are the side effects?", "i hurt my back". As stop words they were dropped from content and questions alike,
and "how can i top up?" was refused with the top-up entry first (banking77: 25 more questions answered
right over both halves, bench/calibrate.py)."""

from __future__ import annotations

import pytest

from bot.terms import CONTENT_WORDS, Analyzer, english_stop_words
from _files import csv_bot


def test_content_words_are_not_stop_words():
    stop = english_stop_words()
    assert CONTENT_WORDS and not CONTENT_WORDS & stop
    assert {"the", "across", "whole", "show"} <= stop  # the rest of the list stays
    assert Analyzer().terms("how can i top up my card") == ["how", "top", "card"]


ROWS = ["question,answer",
        'How do I top up my card?,"Top up by bank transfer or with cash at any post office."',
        'How do I order a new card?,"Order one in the app under Cards; it arrives in five working days."',
        'How much does a full detail cost?,"A full detail, inside and out, is $120."',
        'What are the side effects of a flu shot?,"A sore arm and a mild fever for a day are common."',
        'What interest do you pay on savings?,"Savings earn 3% a year, paid monthly."',
        'Can I change the name on my account?,"Yes, send us a photo of your new ID in the app."']


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    return csv_bot(tmp_path_factory.mktemp("content-words"), ROWS)


@pytest.mark.parametrize("question, heading", [
    ("how can i top up?", "How do I top up my card?"),
    ("how much is a detail", "How much does a full detail cost?"),
    ("any side effects?", "What are the side effects of a flu shot?"),
    ("what interest will i earn", "What interest do you pay on savings?"),
    ("i want to change my name", "Can I change the name on my account?"),
])
def test_a_question_about_one_of_them_is_answered(bot, question, heading):
    a = bot.ask(question)
    assert a.answered and a.heading == heading, (question, a.heading, a.confidence)
