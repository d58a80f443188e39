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


@pytest.fixture(scope="module")
def more_faqs(tmp_path_factory) -> dict:
    """Bots over four more dev small FAQs of tests/data/faqs (no alternates): {"car-garage": Bot, ...}."""
    from bot.build import build
    from bot.engine import Bot
    from bot.settings import Settings
    from _env import DATA

    bots = {}
    for name in ("bed-and-breakfast", "car-garage", "music-school", "phone-repair"):
        content, index = DATA / "faqs" / name, tmp_path_factory.mktemp(name)
        build(content, index)
        bots[name] = Bot.from_index(Settings(content_dir=str(content), index_dir=str(index)))
    return bots


@pytest.mark.parametrize("kb, before, question, answered", [
    ("phone-repair", "do you buy used phones?", "do you buy old laptops as well?", False),
    ("music-school", "do you teach adults?", "do you run dance classes as well", False),
    ("bed-and-breakfast", "is there parking?", "do you have wi-fi too?", True),
    ("car-garage", "how much is an mot?", "do you repair electric cars too?", True),
])
def test_a_question_of_its_own_that_asks_for_one_more_thing_is_answered_as_alone(more_faqs, kb, before, question,
                                                                               answered):
    # Its "too" adds a thing to what the chat asked, it takes nothing from it: read with the earlier question, the
    # laptops were answered from "Do you buy used phones?" (0.63), the dance classes from "Do you teach adults?"
    # (0.60), and the Wi-Fi at 0.57 where alone it is 0.92.
    bot = more_faqs[kb]
    alone, a = bot.ask(question), bot.ask(question, history=[before])
    assert alone.answered is answered, (alone.heading, alone.confidence)
    assert (a.answered, a.heading, a.confidence) == (alone.answered, alone.heading, alone.confidence), a.explain


def test_a_continuation_that_the_previous_subject_does_not_answer_is_refused_not_answered_alone(faq_bots):
    # "from what age?" alone matches "Are you accepting new patients?" ("all ages") at 0.80.
    assert faq_bots["dentist"].ask("from what age?").heading == "Are you accepting new patients?"
    a = faq_bots["dentist"].ask("from what age?", history=["do you see children?"])
    assert not a.answered and a.suggestions[0].heading == "Do you see children?", (a.heading, a.suggestions)


@pytest.mark.parametrize("kb, before, question", [
    ("dentist", "where can i park?", "is it safe to have x-rays when pregnant?"),  # "it" points at nothing
    ("dentist", "is teeth whitening safe?", "is it safe to have x-rays when pregnant?"),
    # refused alone (0.30); its "it" taken to point back, it was answered 0.67 from the whitening entry
    ("dentist", "is teeth whitening safe?", "is it safe to fly after a filling?"),
    ("yoga-studio", "where can i park?", "is it ok to eat before class?"),
    ("yoga-studio", "what should i wear?", "is it ok to practise with a back injury?"),
    ("bike-shop", "do you rent bikes?", "do you guarantee your repairs?"),  # no pronoun
    ("dentist", "where can i park?", "at what age should children first see a dentist?"),  # a whole question
    ("yoga-studio", "where can i park?", "what if i'm late for class?"),  # a condition with its own subject
    ("bike-shop", "do you sell used bikes?", "what if i can't collect my bike on time?"),
])
def test_a_question_that_stands_alone_is_answered_the_same_after_any_history(faq_bots, kb, before, question):
    alone = faq_bots[kb].ask(question).to_dict()
    after = faq_bots[kb].ask(question, history=[before]).to_dict()
    assert after == alone


SWIM_SCHOOL = """\
# Otter Swim School FAQ

## Can we try a lesson before signing up?
Yes. Every new swimmer can book a 30-minute taster session for £10. If you then join for a term, the £10 comes off your first term's fees.

## How much do lessons cost?
Group lessons cost £96 for a 12-week term, paid at the start of term. Private lessons cost £30 per half hour.

## What happens if my child misses a lesson?
Let us know by text before the lesson and we will offer a catch-up place in another class the same week. We cannot refund missed lessons, but a child off sick for three weeks or more gets a credit for the next term.

## How do I cancel my place?
Give us two weeks' notice by email. Fees already paid for the current term are not refunded.

## Do you teach adults?
Yes. Adult beginner classes run on Tuesday and Thursday evenings from 7pm, and we offer private adult lessons on weekends.

## Where do you teach?
All lessons are at the Riverside Leisure Centre pool, Mill Lane. There is free parking behind the centre.

## What should my child bring?
A swimming costume, a towel and goggles if they like them. Long hair should be tied back or under a swim cap.

## Do you do private lessons?
Yes, one-to-one lessons for children and adults, booked in blocks of five.

## How warm is the pool?
The teaching pool is kept at 31°C, warmer than a public pool, so young children stay comfortable.

## How many children are in a class?
No more than six in beginner classes and eight in improver classes, with one teacher in the water.

## Do children get badges?
Yes. Each child gets a certificate and a badge when they pass a stage.

## Do you sell swim caps?
Yes, silicone caps in four colours are sold at reception for £6.

## Is there somewhere to lock up valuables?
Lockers by the changing rooms take a £1 coin, which you get back.

## Do you run lessons in the school holidays?
Only crash courses: five daily lessons in the Easter and summer holidays.
"""


@pytest.fixture(scope="module")
def swim_school(tmp_path_factory):
    """A swimming school's FAQ as a site owner writes it (no alternates): follow-ups read against it."""
    from bot.build import build
    from bot.engine import Bot
    from bot.settings import Settings

    content, index = tmp_path_factory.mktemp("swim"), tmp_path_factory.mktemp("swim-index")
    (content / "faq.md").write_text(SWIM_SCHOOL, encoding="utf-8")
    build(content, index)
    return Bot.from_index(Settings(content_dir=str(content), index_dir=str(index)))


def test_a_follow_up_naming_a_detail_the_entry_mentions_once_is_answered_from_that_entry(swim_school):
    # "refund" is written in two entries and named by no heading: alone, a mention in passing (the `passing` veto).
    # After "my son will miss next week's lesson" it asks a detail of the missed-lesson entry the chat is about.
    assert not swim_school.ask("do i get a refund for it?").answered
    a = swim_school.ask("do i get a refund for it?", history=["my son will miss next week's lesson"])
    assert a.answered and a.heading == "What happens if my child misses a lesson?", (a.heading, a.explain)


@pytest.mark.parametrize("question", [
    "can i book one?",  # a word standing for what the chat named
    "what if i can only come on mondays?",  # a condition put to the earlier question
])
def test_a_follow_up_that_cannot_stand_alone_is_read_with_the_earlier_subject_not_its_own_words(swim_school,
                                                                                               question):
    # Alone, their words lead to the taster-session entry ("book", "only"...); after "do you teach adults?" they
    # are about the adult classes: answered from that entry or refused with it first, never the taster session.
    a = swim_school.ask(question, history=["do you teach adults?"])
    top = a.heading if a.answered else a.suggestions[0].heading
    assert top == "Do you teach adults?", (a.heading, a.suggestions[:1], a.explain)
    assert "with history" in (a.explain.get("how") or a.explain.get("reason")), a.explain


def test_a_follow_up_of_a_follow_up_is_read_back_to_the_question_that_named_the_subject(swim_school):
    # "how much is it?" names nothing: the question after it is read with the one before it too.
    policy = swim_school._state.policy
    chat = ["where do you teach?", "can we try a lesson first?", "how much is it?"]
    assert policy._context(chat) == ["can we try a lesson first?", "how much is it?"]
    assert policy._context(chat[:2]) == ["can we try a lesson first?"]
    assert policy._context(["do you teach adults?", "how much is it?", "is it weekly?"]) == [
        "how much is it?", "is it weekly?"]  # two at most


def test_a_word_standing_for_the_earlier_subject_is_not_answered_from_an_entry_far_from_it(swim_school):
    # Alone, "how much do you charge for that?" is answered from "How much do lessons cost?" (0.79); after "do you
    # sell wetsuits?", "that" is the wetsuits: that entry is none of the earlier question's five best, so refused.
    assert swim_school.ask("how much do you charge for that?").heading == "How much do lessons cost?"
    a = swim_school.ask("how much do you charge for that?", history=["do you sell wetsuits?"])
    assert not a.answered, (a.heading, a.confidence, a.explain.get("how"))
    assert "about another entry" in a.explain["reason"], a.explain["reason"]
    # after "do you sell swim caps?", the caps' entry gives their price ("£6"): read with that question, it answers
    a = swim_school.ask("how much do you charge for that?", history=["do you sell swim caps?"])
    assert a.answered and a.heading == "Do you sell swim caps?", (a.heading, a.explain)
    # the same words after a question about lessons are about them
    a = swim_school.ask("how much do you charge for that?", history=["do you do private lessons?"])
    assert a.answered and a.heading == "How much do lessons cost?", (a.heading, a.explain)


@pytest.mark.parametrize("before, question", [
    ("how warm is the pool?", "my friend recommended your silicone caps, do you sell those?"),
    ("do you teach adults?", "i lost my locker coin last week, do i get it back?"),
    ("how warm is the pool?", "we got a badge last term, do you still give them?"),
])
def test_a_pronoun_standing_for_what_the_message_itself_named_does_not_point_back(swim_school, before, question):
    # "those" are the caps the message names: answered as alone, not refused as far from the pool.
    alone = swim_school.ask(question)
    assert alone.answered
    a = swim_school.ask(question, history=[before])
    assert (a.answered, a.section_id) == (True, alone.section_id), (a.heading, a.explain)


def test_a_word_standing_for_the_earlier_subject_is_answered_from_an_entry_that_names_it(article_bot):
    # "it" is microneedling, which every entry of the article names: "Who Can Benefit From Microneedling?" is
    # none of the five best for "what is microneedling?", but it is about what "it" stands for.
    a = article_bot.ask("who is it for?", history=["what is microneedling?"])
    assert a.answered and a.heading == "Who Can Benefit From Microneedling?", (a.heading, a.explain)


@pytest.mark.parametrize("before, question", [
    ("how warm is the pool?", "is it chlorinated?"),
    ("do children get badges?", "can we frame them?"),
])
def test_a_follow_up_asking_in_words_the_faq_never_uses_is_not_answered_from_the_earlier_entry(swim_school,
                                                                                               before, question):
    # The earlier question lends the subject (the pool, the badges), but what is asked of it ("chlorinated",
    # "frame") the FAQ never writes: the entry about that subject says nothing of it (answered at 0.50-0.52 before).
    a = swim_school.ask(question, history=[before])
    assert not a.answered, (a.heading, a.confidence, a.explain)
    assert "words the knowledge base never uses" in a.explain["reason"], a.explain["reason"]
    assert a.suggestions[0].heading == swim_school.ask(before).heading  # the entry it leaned on is offered first
    # a follow-up asking in words the FAQ does use is still answered from that entry (the rule's cost: "what
    # temperature is it?" is refused too, as the FAQ writes "31°C")
    a = swim_school.ask("is it ok for young children?" if "pool" in before else "when do they get them?",
                        history=[before])
    assert a.answered and a.heading == swim_school.ask(before).heading, (a.heading, a.explain)


@pytest.mark.parametrize("before, question", [
    ("how warm is the pool?", "do they do private lessons?"),
    ("how warm is the pool?", "do they sell swim caps?"),
    ("where do you teach?", "do they give badges?"),
])
def test_they_after_a_question_naming_one_thing_is_the_business_not_the_earlier_subject(swim_school, before,
                                                                                         question):
    # "they" stands for things: after "how warm is the pool?" it is the swim school itself, so the question is
    # answered as alone (it had been refused as about another entry than the pool's)
    alone = swim_school.ask(question)
    assert alone.answered
    a = swim_school.ask(question, history=[before])
    assert (a.answered, a.section_id) == (True, alone.section_id), (a.heading, a.explain)


def test_a_question_names_things_when_a_word_of_it_is_a_plural():
    from bot.answer import _names_several
    from bot.terms import english_stop_words

    def several(text):
        return _names_several(text, english_stop_words())

    assert several("do you sell swim caps?") and several("do you teach adults?")
    assert several("do you sell refurbished phones?") and several("how much are the classes?")
    assert not several("how warm is the pool?") and not several("does it hurt?")
    assert not several("is there a bus?") and not several("what is this?")


@pytest.mark.parametrize("before, question", [
    ("how warm is the pool?", "do you teach children that are scared of water"),  # "that" opens a relative clause
    ("do you teach adults?", "do you have classes for kids that cannot swim yet"),
    ("where do you teach?", "is there a cafe that sells coffee"),  # "is there": no place named before
])
def test_a_relative_that_or_an_is_there_does_not_point_back(swim_school, before, question):
    # These stand on their own: the same reading, confidence and answer with and without the earlier question.
    alone = swim_school.ask(question)
    a = swim_school.ask(question, history=[before])
    assert (a.answered, a.section_id, a.confidence) == (alone.answered, alone.section_id, alone.confidence), (
        a.explain, alone.explain)


def test_which_words_point_back():
    from bot.answer import _points_back
    from bot.terms import english_stop_words
    from bot.text import words

    for text in ["is that free?", "does that include drums?", "can i pay that in instalments?", "can i park there?",
                 "is there parking there?", "how long will that take?", "can i book that for saturday?"]:
        assert _points_back(words(text), english_stop_words()), text
    for text in ["what lead do you recommend for a dog that pulls?", "do you sedate dogs that won't sit still",
                 "is there a cafe?", "are there lockers?", "there is no parking?"]:
        assert not _points_back(words(text), english_stop_words()), text


def test_a_question_asking_a_measure_of_they_or_it_stands_for_the_earlier_subject(swim_school):
    # "how much do they cost?" after the lockers: "they" are the lockers (a £1 coin you get back), not lessons.
    # Alone its words are answered from "How much do lessons cost?" (0.82): after the lockers it was too. Read with
    # the lockers question, the lockers' entry answers it.
    assert swim_school.ask("how much do they cost?").heading == "How much do lessons cost?"
    a = swim_school.ask("how much do they cost?", history=["is there somewhere to lock up valuables?"])
    assert a.answered and a.heading == "Is there somewhere to lock up valuables?", (a.heading, a.explain)
    # of things the chat named that the knowledge base does not know, no entry tells the price ("goggles" and
    # "wetsuits" are plurals the common words' list lacks: they were not bound, and answered from the lessons' price)
    for before in ("do you rent out wetsuits?", "do you sell goggles?"):
        a = swim_school.ask("how much do they cost?", history=[before])
        assert not a.answered, (before, a.heading, a.confidence, a.explain)
    a = swim_school.ask("how much do they cost?", history=["do you do private lessons?"])
    assert a.answered and a.heading == "How much do lessons cost?", (a.heading, a.explain)


def test_booking_what_the_chat_named_is_answered_by_its_entry(tmp_path):
    # "can i reserve one?" after "is there parking?" asks to book a parking space, and "Is there parking?" answers
    # it ("Spaces can't be reserved"); the `unbooked` veto refused it (0.82 without it), reading "one" as naming
    # nothing the entry holds. A booking question that names nothing, asked alone, is still not answered from it.
    from _files import csv_bot

    bot = csv_bot(tmp_path, [
        "question,answer",
        'Is there a bike shed?,"Yes, a covered shed for twelve bikes by the gate. It is first come, first served: '
        'places cannot be reserved."',
        'How do I cancel my stay?,"Cancel free of charge up to 7 days before arrival in the link of your email."',
        'Do you serve breakfast?,"A full breakfast from 7.30 to 9.30, included in every rate."',
    ])
    a = bot.ask("can i reserve one?", history=["is there a bike shed?"])
    assert a.answered and a.heading == "Is there a bike shed?", (a.heading, a.explain)
    a = bot.ask("can i reserve one?")
    assert not a.answered or a.heading != "Is there a bike shed?", (a.heading, a.explain)


def test_a_measure_asked_of_what_the_chat_named_is_read_with_the_earlier_question(tmp_path):
    # "how much do you charge for that?" after "can you look at my engine warning light?": alone its words match
    # "How much is an MOT?", and it was refused as about another entry; read as one question with the earlier one,
    # the warning-light entry, which gives its price, answers it. Not after a question that is not answered: what
    # "that" is, the knowledge base does not know.
    from _files import csv_bot

    bot = csv_bot(tmp_path, [
        "question,answer",
        'How much is an MOT?,"Our MOT test costs £45. If your car fails, the retest is free within 10 days."',
        'Can you check a dashboard warning light?,"Yes. A check with our scanner costs £40 and takes half an hour; '
        'we take the £40 off the bill if you go ahead with the repair."',
        'Can you collect my car from home?,"We collect and deliver free of charge within five miles of the garage."',
        'What are your opening hours?,"Monday to Friday 8am to 6pm, Saturday 8am to 1pm."',
        'Do you sell tyres?,"Budget, mid-range and premium tyres, fitted the same day."',
        'Do you offer a courtesy car?,"Two courtesy cars, for repairs that take longer than a day."',
        'Do you guarantee your repairs?,"Every repair comes with a 12-month guarantee on parts and labour."',
        'How can I pay?,"Cash, all major cards and bank transfer."',
    ])
    before = "can you look at the warning light on my dashboard?"
    assert bot.ask(before).heading == "Can you check a dashboard warning light?"
    a = bot.ask("how much do you charge for that?", history=[before])
    assert a.answered and a.heading == "Can you check a dashboard warning light?", (a.heading, a.explain)
    # the earlier question not answered: no entry tells what "that" costs
    a = bot.ask("how much do you charge for that?", history=["can you respray my bumper?"])
    assert not a.answered, (a.heading, a.explain)


def test_a_price_asked_in_words_the_faq_never_uses_is_still_asked_of_the_earlier_subject(tmp_path):
    # "how much extra is that?" after "what if my dog is badly matted?": its one subject word, "extra", the FAQ never
    # writes, and a follow-up asking of the earlier subject in such words is refused (lexical: "are they vegan?"
    # after "what shampoos do you use?"); but it asks a price, which the matted-coat entry gives ("a dematting
    # charge of £10 to £25"): the price vetoes decide that, not the unknown word.
    from _files import csv_bot

    bot = csv_bot(tmp_path, [
        "question,answer",
        'How much does a full groom cost?,"A full groom is £45 for small dogs and £60 for large ones."',
        'What if my dog is badly matted?,"We clip the mats out gently; a dematting charge of £10 to £25 applies."',
        'What shampoos do you use?,"Gentle oatmeal shampoos, and a hypoallergenic one for sensitive skin."',
        'Do you groom cats?,"No, we only groom dogs."',
        'How long does a groom take?,"Two to three hours, depending on the size and coat of your dog."',
        'Where can I park?,"In the free car park behind the salon."',
    ])
    a = bot.ask("how much extra is that?", history=["what if my dog is badly matted?"])
    why = a.explain.get("how") or a.explain["reason"]
    assert "never uses" not in why and "with history" in why, why
    assert (a.heading or a.suggestions[0].heading) == "What if my dog is badly matted?", a.explain
    a = bot.ask("are they vegan?", history=["what shampoos do you use?"])
    assert not a.answered and "never uses" in a.explain["reason"], (a.heading, a.explain)
