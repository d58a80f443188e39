"""A follow-up whose "it" stands for the previous question's subject is read with it, even when its own words
match another section well ("does it hurt?" after "is teeth whitening safe?" is not about the root canal
entry); a question that stands alone is answered the same after any history (issue 13)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("kb, before, question, heading", [
    ("dentist", "is teeth whitening safe?", "does it hurt?", "Is teeth whitening safe?"),
    ("dentist", "are dental x-rays safe?", "does it hurt?", "Are dental X-rays safe?"),
    ("bike-shop", "do you sell used bikes?", "do they come with a guarantee?", "Do you sell used bikes?"),
])
def test_a_pronoun_that_stands_for_the_previous_subject_takes_it(faq_bots, kb, before, question, heading):
    alone = faq_bots[kb].ask(question)
    assert alone.answered and alone.heading != heading, "the test needs a question answered elsewhere alone"
    a = faq_bots[kb].ask(question, history=[before])
    assert a.answered and a.heading == heading, (a.heading, a.confidence, a.explain.get("how"))
    assert a.explain["how"] == "with history"


def test_a_pronoun_follow_up_that_its_subject_does_not_answer_is_refused_not_answered_elsewhere(faq_bots):
    # Alone, "is it safe?" gets "Is hot yoga safe for me?" (0.89); "it" is the prenatal class here.
    a = faq_bots["yoga-studio"].ask("is it safe?", history=["do you offer prenatal yoga?"])
    assert not a.answered and a.suggestions[0].heading == "Do You Offer Prenatal Yoga?", (a.heading, a.suggestions)


def test_on_the_article_a_pronoun_follow_up_reads_the_previous_subject(article_bot):
    # Alone, "can it cause scarring?" matches "What Kinds Of Facial Skin Conditions May Be Improved ..." (scars).
    a = article_bot.ask("can it cause scarring?", history=["what are the risks of microneedling?"])
    assert a.answered and a.heading == "Are There Any Long-Term Side Effects Of Microneedling?", a.heading


def test_the_same_follow_up_after_its_own_subject_keeps_its_answer(faq_bots):
    a = faq_bots["dentist"].ask("does it hurt?", history=["does a root canal hurt?"])
    assert a.answered and a.heading == "Does a root canal hurt?"


@pytest.mark.parametrize("kb, before, question, heading", [
    ("bike-shop", "do you rent bikes?", "e-bikes too?", "Do you rent bikes?"),  # alone: "Do you work on e-bikes?"
    ("dentist", "what are your opening hours?", "on sundays?", "What are your opening hours?"),
    ("dentist", "what should i do in a dental emergency?", "at night?", "What should I do in a dental emergency?"),
])
def test_a_phrase_that_only_continues_the_previous_question_is_read_with_it(faq_bots, kb, before, question, heading):
    a = faq_bots[kb].ask(question, history=[before])
    assert a.answered and a.heading == heading, (a.heading, a.confidence)
    assert a.explain["how"] == "with history"


def test_a_continuation_that_the_previous_subject_does_not_answer_is_refused_not_answered_alone(faq_bots):
    # "from what age?" alone matches "Are you accepting new patients?" ("all ages") at 0.80.
    assert faq_bots["dentist"].ask("from what age?").heading == "Are you accepting new patients?"
    a = faq_bots["dentist"].ask("from what age?", history=["do you see children?"])
    assert not a.answered and a.suggestions[0].heading == "Do you see children?", (a.heading, a.suggestions)


@pytest.mark.parametrize("kb, before, question", [
    ("dentist", "where can i park?", "is it safe to have x-rays when pregnant?"),  # "it" points at nothing
    ("dentist", "is teeth whitening safe?", "is it safe to have x-rays when pregnant?"),
    ("yoga-studio", "where can i park?", "is it ok to eat before class?"),
    ("yoga-studio", "what should i wear?", "is it ok to practise with a back injury?"),
    ("bike-shop", "do you rent bikes?", "do you guarantee your repairs?"),  # no pronoun
    ("dentist", "where can i park?", "at what age should children first see a dentist?"),  # a whole question
])
def test_a_question_that_stands_alone_is_answered_the_same_after_any_history(faq_bots, kb, before, question):
    alone = faq_bots[kb].ask(question).to_dict()
    after = faq_bots[kb].ask(question, history=[before]).to_dict()
    assert after == alone
