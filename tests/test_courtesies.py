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
    "naïve ﬁle question: thanks",  # a ligature folds to two letters: the typed places are not the words' own
])
def test_a_message_that_is_no_more_than_a_courtesy_or_holds_one_inside_is_read_whole(typed):
    assert without_courtesies(typed, NOTHING) == typed


@pytest.mark.parametrize("typed, read", [
    ("btw do you take cards?", "do you take cards?"),
    ("do you take cards? btw", "do you take cards?"),
    ("URGENT: is the pool open today", "is the pool open today"),
    ("is the pool open today (urgent)", "is the pool open today"),
    ("what time is breakfast? please advise", "what time is breakfast?"),
    ("do you fix e-bikes? any idea?", "do you fix e-bikes?"),
    ("can I bring my dog, if possible, let me know", "can I bring my dog"),
    ("is there parking? no rush, when you get a chance", "is there parking?"),
    ("do you do group lessons? hope that makes sense", "do you do group lessons?"),
    ("how much is a filling cheers mate", "how much is a filling"),
    ("yo, what time do you close", "what time do you close"),
    ("one more thing, do you sell gift cards", "do you sell gift cards"),
    ("what time is breakfast? Regards, Tom", "what time is breakfast?"),  # a courtesy typed capitalised, then a name
    ("Hello, do you teach adults? Thanks, Anna", "do you teach adults?"),
    ("late check in? - Tom", "late check in?"),  # a name signed after a dash
    ("late check in?\n-- \nDavid Jones", "late check in?"),
])
def test_chat_asides_and_signatures_around_a_question_are_not_read(typed, read):
    assert without_courtesies(typed, NOTHING) == read


@pytest.mark.parametrize("typed", [
    "and on sundays?",  # "and", "also": a follow-up of the question before (bot/answer.py `_ELLIPSIS`)
    "also, is there parking",
    "is it urgent",  # what is asked, not around it
    "who do I call if it's urgent",
    "urgent care?",
    "so what about kids?",  # words that may open a question stay
    "help with 11+?",
    "morning and evening classes?",
    "SUP hire?",
    "well child checks?",
    "RE tutoring?",
    "Re-key my locks, how much",
    "how will you let me know",
    "I'd like to send flowers to say thank you to the team",
    "do you have - Croissants",
    "will the app let me know",
    "can I get any help",
    "I'm scared of the dentist, do you offer any help",
    "can I get an appointment as soon as possible",
    "can I send flowers to thank the team",
    "Help! (urgent)",
    "help",
    "can you tell me",
    "can you tell me if there is parking nearby as i'm driving",  # the clause that asks is found by its lead-in
])
def test_a_follow_up_marker_and_a_message_of_asides_alone_are_read_whole(typed):
    assert without_courtesies(typed, NOTHING) == typed


def test_a_closing_courtesy_after_be_goes_and_an_urgent_mark_goes_though_the_knowledge_base_writes_urgent():
    assert without_courtesies("how long does my cable need to be cheers", NOTHING) == "how long does my cable need to be"
    assert without_courtesies("is it urgent", NOTHING) == "is it urgent"
    assert without_courtesies("i don't have any idea", NOTHING) == "i don't have any idea"
    urgent = "urgent".__eq__  # a plumber's "Do you do urgent call-outs?"
    assert without_courtesies("checkout time? (urgent)", urgent) == "checkout time?"
    assert without_courtesies("URGENT: checkout time?", urgent) == "checkout time?"
    assert without_courtesies("checkout time? urgent", urgent) == "checkout time? urgent"
    assert without_courtesies("do you do urgent call-outs", urgent) == "do you do urgent call-outs"


@pytest.mark.parametrize("typed, read", [
    ("what time is breakfast thanks heaps", "what time is breakfast"),
    ("do you open on sundays? cheers guys", "do you open on sundays?"),
    ("do you open on sundays thank you kindly", "do you open on sundays"),
    ("can I pay by card? thanks so much for all your help guys!", "can I pay by card?"),
    ("is there parking, ta very much", "is there parking"),
    ("do you sell thank you cards", "do you sell thank you cards"),  # what follows the thanks is no courtesy
    ("can I leave a thank you note for the nurse", "can I leave a thank you note for the nurse"),
    ("thanks so much for all your help", "thanks so much for all your help"),  # nothing else: small talk
])
def test_a_closing_of_thanks_goes_however_it_goes_on(typed, read):
    assert without_courtesies(typed, NOTHING) == read


def test_an_opening_word_the_knowledge_base_uses_goes_unless_it_writes_it_with_the_next():
    says_hello = frozenset({"hello", "help"}).__contains__
    writes = lambda a, b: (a, b) == ("help", "with")  # noqa: E731  ("we help with homework")
    assert without_courtesies("Hello, do you teach adults?", says_hello, writes) == "do you teach adults?"
    assert without_courtesies("help with homework?", says_hello, writes) == "help with homework?"
    assert without_courtesies("hello! my screen is cracked", says_hello, writes) == "my screen is cracked"
    # a closing word it uses stays (a bar called Cheers), as before
    assert without_courtesies("are you open late cheers", "cheers".__eq__, writes) == "are you open late cheers"


def test_a_name_after_a_dash_goes_only_after_a_stop_and_when_the_knowledge_base_does_not_use_it():
    garage = frozenset({"focus"}).__contains__
    assert without_courtesies("do you service cars? - Ford Focus", garage) == "do you service cars? - Ford Focus"
    assert without_courtesies("do you service cars? - Ford Focus", NOTHING) == "do you service cars?"
    assert without_courtesies("price list?\n- Tom", NOTHING) == "price list?"
    assert without_courtesies("do you have - Croissants", NOTHING) == "do you have - Croissants"  # what it asks
    assert without_courtesies("prices? - Tom", NOTHING) == "prices? - Tom"  # one word before it: no question to sign


def test_a_closing_after_a_pause_stops_at_a_word_the_knowledge_base_uses():
    # more capitalised words than a name, after "Thanks": the payment methods the shop names are what is asked
    pays = frozenset({"apple", "pay", "visa"}).__contains__
    typed = "do you take cards? Thanks Apple Pay Google Wallet Visa"
    assert without_courtesies(typed, pays) == typed
    assert without_courtesies("what time is breakfast? sorry to be a pain", NOTHING) == \
        "what time is breakfast? sorry to be a pain"  # words it never uses go only with thanks
    assert without_courtesies("what time is breakfast? cheers for sorting it, Dave", NOTHING) == "what time is breakfast?"
    assert without_courtesies("what time is breakfast? hope you can help", NOTHING, None, STOP) == "what time is breakfast?"
    assert without_courtesies("what time is breakfast, have a nice day", NOTHING) == "what time is breakfast"
    # without a pause, only the words a closing goes on with ("then:") follow a word of thanks
    assert without_courtesies("what time is breakfast sorry to be a pain", NOTHING) == \
        "what time is breakfast sorry to be a pain"
    assert without_courtesies("do you sell thank you cards", NOTHING) == "do you sell thank you cards"
    assert without_courtesies("i hope the pool is heated", NOTHING) == "i hope the pool is heated"


STOP = frozenset("i you can the a to be is do have it of my for your if all are we".split()).__contains__


@pytest.mark.parametrize("typed, read", [
    ("what time is breakfast? Look forward to your reply", "what time is breakfast?"),
    ("Hi, I hope you can help. What time is breakfast?", "What time is breakfast?"),
    ("what time is breakfast?\n\nAll the best,\nChris", "what time is breakfast?"),
    ("what time is breakfast? Cheers, Dave", "what time is breakfast?"),
    ("what time is breakfast? Sorry if I have missed it somewhere", "what time is breakfast? Sorry if I have missed it somewhere"),  # words the KB never uses only with thanks
    ("Looking for a roofer. How much do you charge?", "Looking for a roofer. How much do you charge?"),
    ("Hoping you do horses. How much is a consultation?", "Hoping you do horses. How much is a consultation?"),
    ("my filling fell out, who do I speak to", "my filling fell out, who do I speak to"),
    ("we are from Spain, does anyone speak Spanish", "we are from Spain, does anyone speak Spanish"),
    ("what time is breakfast? Hope you have a great weekend", "what time is breakfast?"),
    ("what time is breakfast? Would be grateful for any info", "what time is breakfast?"),
    # a sentence that asks, or says something of its own, stays
    ("what time is breakfast? do you have wifi?", "what time is breakfast? do you have wifi?"),
    ("Hi, my dog is scared of baths. Can you help?", "my dog is scared of baths. Can you help?"),
    ("what time is breakfast? my son needs special care", "what time is breakfast? my son needs special care"),
    ("Thanks, Jane", "Thanks, Jane"),
    ("thank you so much, that was helpful", "thank you so much, that was helpful"),  # thanks for the reply before
    ("thank you for the chat, goodbye", "thank you for the chat, goodbye"),
    ("my daughter's 6, is she allowed to have a go", "my daughter's 6, is she allowed to have a go"),
    ("I have the flu, what should I take?", "I have the flu, what should I take?"),
    ("the smell makes me feel sick, could you open a window", "the smell makes me feel sick, could you open a window"),
])
def test_a_sentence_that_only_signs_off_is_not_read(typed, read):
    knows = frozenset({"breakfast", "time", "care", "dog", "help"}).__contains__
    assert without_courtesies(typed, knows, None, STOP) == read


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
    "btw, {} any idea?",
    "{} please advise",
    "{} Regards, Tom",
    "{}? - Tom",
    "URGENT: {}",
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
