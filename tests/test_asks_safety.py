"""Whether something is safe for someone, in a state or with something: the `unsuited` veto (bot/best.py)."""

from __future__ import annotations

import pytest

from bot.asks import suited_words
from bot.text import words
from _files import csv_bot
from test_asks import _answered_from, _vetoed


@pytest.mark.parametrize("question, asked", [
    ("is microneedling safe for diabetics?", ("diabetics",)),
    ("is it safe to do microneedling during pregnancy?", ("pregnancy",)),
    ("is it ok while breastfeeding?", ("breastfeeding",)),
    ("can I have it done while pregnant?", ("pregnant",)),
    ("Is my data safe on dropbox?", ("dropbox",)),
    ("Is my data safe on dropbox or could someone steal it?", ("dropbox",)),  # up to the next clause
    ("is it safe for diabetics and pregnant women?", ("diabetics", "and", "pregnant", "women")),
    # no such question
    ("are board shorts ok for my boy?", ()),  # what to wear: "ok" asks it of a state only
    ("Can I receive a new card while I am in China?", ()),  # no service done to the visitor
    ("I need a suitable time period for a large group", ()),
    ("is it safe to have multiple sessions?", ()),
])
def test_what_a_question_asks_it_is_safe_for(question, asked):
    assert suited_words(words(question)) == asked


def test_is_it_safe_for_someone_is_not_answered_from_a_section_that_never_names_them(tmp_path, article_bot):
    # The article answered "is microneedling safe for diabetics / for teenagers / during pregnancy / on tattoos?" at
    # 0.48 from "Is it safe to have multiple sessions...?" ("It is generally safe to have multiple sessions at once"): a
    # confident answer to a medical question the article never speaks of.
    for question in ("is microneedling safe for diabetics?", "is microneedling safe for teenagers?",
                     "is it safe to do microneedling during pregnancy?", "is microneedling safe on tattoos?"):
        _vetoed(article_bot, question, "unsuited")
    # Who it names is in the section: answered.
    assert article_bot.ask("is it safe for dark skin?").answered
    assert article_bot.ask("is it safe to have multiple sessions?").answered
    bot = csv_bot(tmp_path, [
        "question,answer",
        'Do you offer pregnancy massage?,"Yes, from the second trimester, on a pregnancy cushion."',
        'Is the sauna safe?,"Our sauna is kept at 80 degrees; drink water and stay no longer than 15 minutes."',
        'Can children use the pool?,"Children under 8 must be with an adult in the water."',
        'What should my child wear?,"Swimsuits or board shorts; no cotton t-shirts in the pool."',
    ])
    _vetoed(bot, "is the sauna safe during pregnancy?", "unsuited")
    _answered_from(bot, "is massage safe during pregnancy?", "Do you offer pregnancy massage?")
    _answered_from(bot, "is the pool safe for children?", "Can children use the pool?")
    _answered_from(bot, "are board shorts ok for my boy?", "What should my child wear?")
