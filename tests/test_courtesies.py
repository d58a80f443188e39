"""The courtesies a visitor wraps a question in ("sorry to bother you, ...", "... thanks in advance", "lol") are no part
of what it asks: the engine reads the question without them (bot/data/courtesy.phrases, bot/text.py
`without_courtesies`, `Policy.read`) and answers it as typed. Before, each word of them the knowledge base never
uses ("bother", "advance", "lol") counted as a subject it does not cover, and most such questions were refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.text import courtesies, unquoted, without_courtesies, words
from _files import csv_bot

FAQS = Path(__file__).parent / "data" / "faqs"
NOTHING = frozenset().__contains__


@pytest.mark.parametrize("typed, read", [
    ("sorry to bother you, what time is check-in? thanks in advance", "what time is check-in?"),
    ("Quick question: do you take cards?", "do you take cards?"),
    ("Hey team! Do you groom puppies? x", "Do you groom puppies?"),
    ("good morning, where can I park? Thanks so much lol", "where can I park?"),
    ("Hope you're well. Is there a waiting list?", "Is there a waiting list?"),
    ("how much is a filling - many thanks", "how much is a filling"),
    ("can I pay by card?\n\nKind regards", "can I pay by card?"),
    ("Hi, I was wondering if you do gift cards", "you do gift cards"),
    ("um what time is breakfast", "what time is breakfast"),
    ("Dear Sir/Madam, are towels provided?\n\nSent from my iPhone", "are towels provided?"),
    ("what time is breakfast? Many thanks, Jane", "what time is breakfast?"),  # signed with a name
    ("Can I park there?\nKind regards,\nJohn Smith", "Can I park there?"),
])
def test_the_courtesies_around_a_question_are_not_read(typed, read):
    assert without_courtesies(typed, NOTHING) == read


@pytest.mark.parametrize("typed", [
    "thanks, i appreciate it",  # nothing but courtesies: small talk reads it whole
    "good morning",
    "hi there",
    "thank you so much",
    "do you sell thank you cards",  # inside the question, not around it
    "is the question time fixed",
    "sorry",
    "Thanks, Jane",  # a courtesy signed: no more than that
    "do you take cards? Thanks Apple Pay Google Wallet Visa",  # more capitalised words than a name
    "naïve ﬁle question: thanks",  # a ligature folds to two letters: the typed places are not the words' own
])
def test_a_message_that_is_no_more_than_a_courtesy_or_holds_one_inside_is_read_whole(typed):
    assert without_courtesies(typed, NOTHING) == typed


def test_a_courtesy_the_knowledge_base_writes_itself_is_read():
    assert without_courtesies("are you open late cheers", "cheers".__eq__) == "are you open late cheers"
    pair = lambda a, b: (a, b) == ("good", "morning")  # noqa: E731  (an assistant's greeting written "good morning")
    assert without_courtesies("good morning, can you help", NOTHING, pair) == "good morning, can you help"
    assert without_courtesies("good morning, can you help", NOTHING) == "can you help"


def test_every_courtesy_phrase_is_written_as_faqbot_reads_words():
    opening, closing = courtesies()
    assert len(opening) > 20 and len(closing) > 20
    for phrase in opening + closing:
        assert phrase and list(phrase) == words(" ".join(phrase)), phrase


WRAPS = [
    "sorry to bother you, {}",
    "quick question: {}",
    "hey team, {}",
    "good morning! {}",
    "{} thanks in advance",
    "{} cheers",
    "{} lol",
    "um {}",
    "{}\n\nKind regards,\nJane Smith",
    "Hi there, sorry to bother you. {}\n\nMany thanks",
]


def _answered(bot, split="dev"):
    """The labeled questions of a split this bot answers from their right section."""
    name = bot.policy.index.sections_[0].id.split("/")[0]
    out = []
    for line in (FAQS / f"{name}.questions.jsonl").read_text(encoding="utf-8").splitlines():
        q = json.loads(line)
        if q.get("split") == split and q["gold"] and not q.get("history"):
            a = bot.ask(q["query"])
            if a.answered and a.section_id in q["gold"]:
                out.append((q["query"], a))
    return out


@pytest.mark.parametrize("name", ["dentist", "bike-shop", "yoga-studio"])
def test_a_question_wrapped_in_courtesies_gets_the_answer_it_gets_alone(faq_bots, name):
    bot = faq_bots[name]
    plain = _answered(bot)
    assert len(plain) >= 10
    changed = []
    for question, alone in plain:
        for wrap in WRAPS:
            typed = wrap.format(question)
            a = bot.ask(typed)
            assert a.question == typed
            if (a.answered, a.section_id, a.confidence) != (True, alone.section_id, alone.confidence):
                changed.append((typed, a.answered, a.confidence, alone.confidence))
    assert not changed, changed


def test_a_bar_called_cheers_keeps_its_name(tmp_path):
    bot = csv_bot(tmp_path, [
        "question,answer",
        "Where is Cheers?,Cheers is the corner bar on Main Street.",
        "Do you serve food?,We serve burgers and fries until 10 pm.",
        "Can I book a table?,Tables are first come first served.",
    ])
    a = bot.ask("where is cheers")
    assert a.answered and a.heading == "Where is Cheers?", a.explain
    assert bot.policy.read("do you serve food cheers") == "do you serve food cheers"
    assert bot.policy.read("do you serve food lol") == "do you serve food"


@pytest.mark.parametrize("typed, read", [
    ('"do you fix teslas"', "do you fix teslas"),
    ("“can I park?”", "can I park?"),
    ("'how much is a filling'", "how much is a filling"),
    ('what does "flex" mean', 'what does "flex" mean'),  # a quoted word inside the question stays
    ('"a" or "b"', '"a" or "b"'),
    ("'can't park'", "'can't park'"),
])
def test_quotation_marks_around_the_whole_message_are_not_read(typed, read):
    assert unquoted(typed) == read


def test_a_quoted_question_gets_the_answer_it_gets_unquoted(faq_bots):
    bot = faq_bots["bike-shop"]
    plain = bot.ask("how much does a tune up cost")
    a = bot.ask('"how much does a tune up cost"')
    assert plain.answered and (a.section_id, a.confidence) == (plain.section_id, plain.confidence)
    assert a.question == '"how much does a tune up cost"'


def test_the_longest_courtesy_goes_first_and_a_signed_name_only_after_one():
    # by their first and last words (bot/text.py `_courtesy_ends`): "sorry to bother you" before "sorry", and
    # "kind regards" with the name signed after it, not "regards" alone
    assert without_courtesies("sorry to bother you what time is breakfast", NOTHING) == "what time is breakfast"
    assert without_courtesies("what time is breakfast Kind regards Jo Ann Lee", NOTHING) == "what time is breakfast"
    assert without_courtesies("what time is breakfast Jo Ann Lee", NOTHING) == "what time is breakfast Jo Ann Lee"
