"""How visitors write, read as what they mean: chat shorthand and greetings ("can u tell me abt aftercare pls",
"hello! will I still be red tmrw?") as the words they stand for (bot/data/chat.words), a number glued to its
unit ("48hrs") split, a drawn-out word ("sooo reddd") shortened, and British or American spelling ("colour", "moisturizer") as the knowledge base's.
Each typed question gets the answer its plainly written form gets; off-topic ones stay unanswered."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.build import build
from bot.engine import Bot
from bot.settings import Settings
from bot.text import spelled_out, shorthand
from bot.typos import spelling_variants
from _files import csv_bot

FAQS = Path(__file__).parent / "data" / "faqs"

# (as typed, spelled out): labeled by the spelled-out form, whose answer (or refusal) the typed one must get.
ARTICLE = [
    ("can u tell me abt aftercare pls", "can you tell me about aftercare please"),
    ("how long b4 i can wear makeup", "how long before i can wear makeup"),
    ("hello! will I still be red at work tmrw?", "will I still be red at work tomorrow?"),
    ("wat r the side effects", "what are the side effects"),
    ("hiya, is it safe 2 have sessions every wk?", "is it safe to have sessions every week?"),
    ("howdy, who shud not get microneedling", "who should not get microneedling"),
    ("thx, how do i reduce the redness tonite", "thanks, how do i reduce the redness tonight"),
    ("will the redness be gone in 48hrs", "will the redness be gone in 48 hrs"),
    ("my face is sooo reddd, how long does it lassst", "my face is so red, how long does it last"),
]
FAQ = [
    ("bike-shop", "do u fix punctures while i wait", "do you fix punctures while i wait"),
    ("bike-shop", "hello, can i book my bike in 4 a repair tmrw", "can i book my bike in for a repair tomorrow"),
    ("dentist", "hello, do u take new patients", "do you take new patients"),
    ("dentist", "wat happens if i miss my appt", "what happens if i miss my appointment"),
]
OFF_TOPIC = [
    (None, "can u tell me abt botox pls"),
    (None, "hello! do u sell gift cards"),
    (None, "wat time do u open tmrw"),
    ("bike-shop", "hello, do u sell car tyres"),
    ("bike-shop", "wat r ur thoughts on the election"),
    ("dentist", "hello, can u fix my iphone screen"),
]


@pytest.fixture(scope="module")
def faq_bots(tmp_path_factory):
    bots = {}
    for name in ("bike-shop", "dentist"):
        index = tmp_path_factory.mktemp(name)
        build(FAQS / name, index)
        bots[name] = Bot.from_index(Settings(content_dir=str(FAQS / name), index_dir=str(index)))
    return bots


def _same(typed, spelled) -> None:
    assert (typed.answered, typed.heading) == (spelled.answered, spelled.heading)
    assert typed.confidence == pytest.approx(spelled.confidence, abs=0.05)


@pytest.mark.parametrize("typed, spelled", ARTICLE)
def test_shorthand_gets_the_answer_its_spelled_out_form_gets_from_the_article(article_bot, typed, spelled):
    a, b = article_bot.ask(typed), article_bot.ask(spelled)
    assert b.answered, "labeled in scope: the spelled-out form is answered"
    _same(a, b)
    assert not a.explain.get("unknown"), "no shorthand or greeting is left as an unknown word"


@pytest.mark.parametrize("kb, typed, spelled", FAQ)
def test_shorthand_gets_the_answer_its_spelled_out_form_gets_from_a_small_faq(faq_bots, kb, typed, spelled):
    _same(faq_bots[kb].ask(typed), faq_bots[kb].ask(spelled))


@pytest.mark.parametrize("kb, question", OFF_TOPIC)
def test_off_topic_shorthand_is_not_answered(article_bot, faq_bots, kb, question):
    a = (faq_bots[kb] if kb else article_bot).ask(question)
    assert not a.answered, (question, a.heading, a.confidence)


def test_a_greeting_alone_is_still_small_talk(article_bot):
    assert article_bot.ask("hello").kind == "smalltalk"


def test_expansion_keeps_words_the_knowledge_base_uses():
    table = shorthand()
    assert table["u"] == ("you",) and table["idk"] == ("don", "know") and table["hello"] == ()
    known = {"ur"}.__contains__
    assert spelled_out(["what", "is", "ur", "u", "pls"], known) == ["what", "is", "ur", "you", "please"]
    assert spelled_out(["hello", "there"], lambda w: False) == ["there"]
    assert spelled_out(["hello"], lambda w: False) == ["hello"]  # nothing else: the greeting stays


def test_a_knowledge_base_that_uses_a_shorthand_word_keeps_it(tmp_path):
    bot = csv_bot(tmp_path, ["question,answer", "What is UR?,UR is our loyalty programme: points on every order.",
                             "How do I contact you?,Write to hello@example.com or call us.",
                             "Where are you based?,Our shop is on the high street."])
    assert "ur" in bot.policy.index.analyse("how many points do i get with ur").tokens
    a = bot.ask("how many points do i get with ur")
    assert a.answered and a.heading == "What is UR?", (a.heading, a.confidence)
    # "hello" is a word of this knowledge base (in an address): kept, not dropped as a greeting.
    assert "hello" in bot.policy.index.analyse("hello where are you based").tokens


def test_a_number_glued_to_its_unit_is_split():
    assert spelled_out(["gone", "in", "48hrs"], lambda w: False) == ["gone", "in", "48", "hours"]
    assert spelled_out(["2weeks", "10am"], lambda w: False) == ["2", "weeks", "10", "am"]
    assert spelled_out(["mp3", "b4"], {"mp3"}.__contains__) == ["mp3", "before"]  # a known code stays


def test_a_drawn_out_word_is_shortened_to_the_word_meant():
    known = {"red", "sleep"}.__contains__
    assert spelled_out(["sooooo", "reddd", "sleeeep", "pleeease"], known) == ["so", "red", "sleep", "please"]
    assert spelled_out(["brrr"], {"brrr"}.__contains__) == ["brrr"]  # a word the knowledge base uses stays


def test_spelling_variants_change_one_british_or_american_spelling():
    assert spelling_variants("colour") == ["color"] and spelling_variants("color") == ["colour"]
    assert "moisturizer" in spelling_variants("moisturiser") and "moisturiser" in spelling_variants("moisturizer")
    for uk, us in (("centre", "center"), ("fibre", "fiber"), ("licence", "license"), ("analyse", "analyze"),
                   ("organisation", "organization"), ("catalogue", "catalog"), ("anaemia", "anemia")):
        assert us in spelling_variants(uk), uk
    assert spelling_variants("organ") == []  # never at a word's start


@pytest.mark.parametrize("content_side, visitor_side", [
    ("British", "American"),
    ("American", "British"),
])
def test_british_and_american_spellings_find_each_other(tmp_path, content_side, visitor_side):
    spellings = {"British": ("colour", "moisturiser", "centre", "analyse"),
                 "American": ("color", "moisturizer", "center", "analyze")}
    colour, moisturiser, centre, analyse = spellings[content_side]
    bot = csv_bot(tmp_path, ["question,answer",
                             f"Which {moisturiser} should I buy?,Our unscented {moisturiser} suits every skin type.",
                             f"Where is your {centre}?,The {centre} is on the high street next to the library.",
                             f"Will my hair {colour} fade?,Semi-permanent {colour} fades after about eight washes.",
                             f"Can you {analyse} my skin?,Yes: a free skin check comes with every first visit."])
    colour, moisturiser, centre, analyse = spellings[visitor_side]
    for word, question, heading_word in ((moisturiser, f"which {moisturiser} should i get", "buy"),
                                         (centre, f"where is the {centre}", "Where"),
                                         (colour, f"does hair {colour} fade", "fade"),
                                         (analyse, f"can you {analyse} my skin", "skin")):
        a = bot.ask(question)
        assert a.answered and heading_word in a.heading, (question, a.heading, a.confidence)
        assert word not in a.explain.get("unknown_words", []) and (word, word) not in a.explain["fixes"]
        assert [fixed for typed, fixed in a.explain["fixes"] if typed == word] == [spellings[content_side][
            spellings[visitor_side].index(word)]]
