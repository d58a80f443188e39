"""Typo correction leaves real words alone: an English word the knowledge base does not use is a word it
does not know, not a finger slip of one of its words. "my cat's gums are bleeding" asked of a dentist was
answered at 0.90 because "cat" was read as "cant" (a stop word) and vanished; "can i bring my dog" at 0.89
because "dog" became "don". Real typos ("shoud", "recovry") are still corrected."""

from __future__ import annotations

import pytest

from bot.terms import EXTRA_STOP, english_stop_words
from bot.text import words
from bot.typos import SpellFixer, is_english

STOP = english_stop_words() | EXTRA_STOP


@pytest.mark.parametrize("word", ["cat", "dog", "game", "fake", "milk", "van", "males", "decreased", "breach",
                                  "colour", "netflix",
                                  # not in the list themselves, their stems are: -s, -es, -ing, e dropped, doubled
                                  "gums", "fillings", "braces", "pedals", "taping", "cancelling"])
def test_common_words_and_their_regular_inflections_are_english(word):
    assert is_english(word)


@pytest.mark.parametrize("word", ["shoud", "recovry", "adress", "rednes", "efects", "sesions", "chekup",
                                  "microneedlign", "goign", "amoutn",
                                  "scarrs"])  # a doubled letter is undone before -ed/-ing only, not before -s
def test_misspellings_are_not_english(word):
    assert not is_english(word)


def _fixer(*vocabulary: str) -> SpellFixer:
    return SpellFixer(vocabulary, STOP)


@pytest.mark.parametrize("typed,near", [
    ("cat", "cant"), ("dog", "don"), ("game", "name"), ("fake", "take"), ("hole", "whole"),  # onto stop words
    ("males", "makes"), ("decreased", "deceased"), ("breach", "beach"), ("genetic", "generic"),  # onto its words
])
def test_an_english_word_is_left_as_typed_and_counted_unknown(typed, near):
    fixer = _fixer(near, "teeth")
    out, unknown, fixes = fixer.correct([typed, "teeth"], STOP.__contains__)
    assert out == [typed, "teeth"]
    assert unknown == [typed]
    assert fixes == []


@pytest.mark.parametrize("typed,meant", [("recovry", "recovery"), ("rednes", "redness"), ("sesions", "sessions"),
                                         ("shoud", "should"), ("untill", "until"), ("threre", "there")])
def test_a_misspelling_is_still_corrected(typed, meant):
    fixer = _fixer("recovery", "redness", "sessions")
    out, unknown, fixes = fixer.correct([typed], STOP.__contains__)
    assert (out, unknown, fixes) == ([meant], [], [(typed, meant)])


@pytest.mark.parametrize("typed,meant", [("japenese", "japanese"), ("beneficiery", "beneficiary"),
                                         ("seperate", "separate"), ("calender", "calendar")])
def test_a_vowel_spelled_by_sound_is_corrected(typed, meant):
    # e for a is no finger slip (the keys are apart), but words are spelled by their sound: "japenese lessons"
    # was refused at 0.13 by a language school that teaches Japanese
    out, unknown, fixes = _fixer(meant).correct([typed], STOP.__contains__)
    assert (out, unknown, fixes) == ([meant], [], [(typed, meant)])


@pytest.mark.parametrize("typed,other", [("bakes", "bikes"), ("pelot", "pilot"), ("japenesa", "japanese")])
def test_only_one_inner_vowel_of_a_long_word_is_read_by_sound(typed, other):
    # too short, the first or last letter, or a vowel plus another edit: left as typed
    out, unknown, _ = _fixer(other).correct([typed], STOP.__contains__)
    assert out == [typed]


def test_a_british_spelling_still_finds_the_american_one_it_is_a_word_too():
    out, _, fixes = _fixer("color").correct(["colour"], STOP.__contains__)
    assert out == ["color"] and fixes == [("colour", "color")]


def test_question_words_are_neither_corrected_nor_unknown():
    """"how long" to a knowledge base that never says "long": "long" is how the question asks, not its subject
    (it used to be read as "along", and without that it would count as a word the knowledge base lacks)."""
    out, unknown, fixes = _fixer("wait").correct(["how", "long", "wait"], STOP.__contains__)
    assert (out, unknown, fixes) == (["how", "long", "wait"], [], [])


def test_a_words_reading_is_remembered_and_read_again_alike():
    """`correct` remembers each word's reading: a word met before reads the same, and another stop list is read
    with its own (a stop word under one is a typo to fix under another)."""
    fixer = _fixer("recovery", "teeth", "cat")
    question = ["recovry", "teeth", "dog", "how", "long", "recovry", "12"]
    first = fixer.correct(question, STOP.__contains__)
    assert first == (["recovery", "teeth", "dog", "how", "long", "recovery", "12"], ["dog"],
                     [("recovry", "recovery"), ("recovry", "recovery")])
    assert fixer.correct(question, STOP.__contains__) == first
    assert _fixer("recovery", "teeth", "cat").correct(question, STOP.__contains__) == first  # as a fresh one reads it
    # with no stop words, "the" is an English word the knowledge base never uses: unknown, where it was nothing
    nothing_stops = fixer.correct(["the", "teeth"], lambda w: False)
    assert nothing_stops == (["the", "teeth"], ["the"], [])
    assert fixer.correct(["the", "teeth"], STOP.__contains__) == (["the", "teeth"], [], [])


def test_wont_is_will_not():
    assert words("The sink won't drain, won’t it? It can't, I shan't") == [
        "the", "sink", "will", "drain", "will", "it", "it", "can", "i", "shall"]


# Off-topic questions to the dev FAQs whose subject word used to be "corrected" away (lexical confidence before
# the change in brackets). Asked as visitors type them, each keeps its word and is not answered.
ERASED = [
    ("dentist", "can i bring my dog", "dog"),  # 0.89 from "What should I bring to my first appointment?"
    ("yoga-studio", "can i bring my cat", "cat"),
    ("bike-shop", "can you fix my van", "van"),
]


@pytest.mark.parametrize("kb,question,word", ERASED)
def test_the_visitors_own_word_is_kept_and_the_question_not_answered(faq_bots, kb, question, word):
    answer = faq_bots[kb].ask(question)
    assert word in answer.explain["unknown_words"]
    assert all(typed != word for typed, _ in answer.explain.get("fixes", []))
    assert answer.section_id is None, (answer.heading, answer.confidence)


def test_a_typo_in_a_question_still_gets_its_answer(faq_bots):
    answer = faq_bots["dentist"].ask("how often shoud i get a chekup")
    assert answer.section_id == "dentist/how-often-should-i-have-a-checkup-and-cleaning"
    assert ("chekup", "checkup") in [tuple(f) for f in answer.explain["fixes"]]


def test_of_two_words_as_near_the_one_the_knowledge_base_writes_most_is_the_fix(article_bot):
    # "microneedlng" is one slip from "microneedling" (a letter left out) and from "microneeding" (a neighbouring key),
    # a slip the article itself makes once: it was read as the second, the first in the alphabet, and "waht is
    # microneedlng?" was answered at 0.80 from the skin-conditions section instead of "What Is Microneedling?".
    fixer = SpellFixer(["microneeding", "microneedling"], STOP, used={"microneeding": 1, "microneedling": 20}.get)
    assert fixer.fix("microneedlng") == "microneedling"
    assert SpellFixer(["microneeding", "microneedling"], STOP).fix("microneedlng") == "microneeding"  # no counts given
    a = article_bot.ask("waht is microneedlng?")
    assert a.heading == "What Is Microneedling?" and ("microneedlng", "microneedling") in a.explain["fixes"], a.explain
