"""A question whose only words in common with a section are everyday ones ("time", "work", "cost") is not
answered from a section about something else: the `elsewhere` veto of bot/signals.py (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import signals
from bot.ranking import Weights, confidence
from bot.smalltalk import CLOCK_REPLY, kb_first_reply
from _files import csv_bot

FAQS = Path(__file__).parent / "data" / "faqs"


# Asked of the article: each shares only everyday words with the section that ranks first.
ARTICLE_EVERYDAY = [
    "what is the time in London",  # "London" is unknown: the only words the article knows are everyday ones
    "how long does it take?",
    "how many hours a week should I work",
    "how long will it last?",
    "is it going to be a long day",
]


@pytest.mark.parametrize("question", ARTICLE_EVERYDAY)
def test_everyday_words_alone_do_not_answer_from_the_article(article_bot, question):
    a = article_bot.ask(question)
    assert not a.answered, (question, a.heading, a.confidence)
    assert a.explain["elsewhere"] == 1.0
    assert a.confidence == 0.0
    # The reason names the veto only when it overruled a confidence that would have answered.
    unvetoed = confidence({k: a.explain[k] for k in signals.FEATURES} | {"elsewhere": 0.0}, Weights.load().coef)
    if unvetoed >= article_bot.settings.threshold:
        assert a.explain["reason"] == f"vetoed by elsewhere (confidence {unvetoed:.2f} without it; alone)"
    else:
        assert a.explain["reason"] == "confidence below threshold (alone)"
    assert a.suggestions, "the closest topics are still offered"


@pytest.mark.parametrize("kb, question", [
    ("bike-shop", "what time does the sun set today"),
    ("bike-shop", "how long is the drive to the airport"),
    ("yoga-studio", "how early should I get to the train station"),
    ("yoga-studio", "can I work from home on fridays"),
    ("dentist", "what time is it in sydney right now"),
    ("dentist", "how much does a new car cost"),
    ("dentist", "how long will i have to wait"),  # was answered at 0.77 from the "waiting list" of cancellations
    ("yoga-studio", "how long will i have to wait"),  # and at 0.84 from the yoga studio's
])
def test_everyday_words_alone_do_not_answer_from_a_small_faq(faq_bots, kb, question):
    a = faq_bots[kb].ask(question)
    assert not a.answered, (question, a.heading, a.confidence)
    assert a.explain["elsewhere"] == 1.0


@pytest.mark.parametrize("kb, question", [
    # Evaluative words are everyday words too (bot/data/generic.words): each question was answered at 0.79-0.81
    # from the one entry whose text says "happy to", "we are happy".
    ("bike-shop", "what do i do if i'm not happy"),  # from "Can I bring my own parts for you to fit?"
    ("dentist", "what do i do if i'm not happy"),  # from the FAQ's introduction
])
def test_an_everyday_adjective_is_no_subject(faq_bots, kb, question):
    a = faq_bots[kb].ask(question)
    assert not a.answered, (question, a.heading, a.confidence)
    assert a.explain["specific"] == 0.0


def test_expensive_busy_and_included_are_no_subject(tmp_path):
    # Each of these questions was answered at 0.77-0.81 on a small FAQ from the one entry whose text held the word
    # ("expensive repairs", "busy sites", "included in the price").
    bot = csv_bot(tmp_path, [
        "question,answer",
        'How long does a water heater last?,"Ten to fifteen years. Flushing it once a year avoids expensive repairs."',
        'Do you teach nervous drivers?,"Yes. We start on quiet roads and move to busy ones when you are ready."',
        'Do you sell and fit tyres?,"Yes, fitting and balancing are included in the price of the tyre."',
        'How much does a service cost?,"A full service is £180."',
        'Do you sell gift vouchers?,"Yes, vouchers are available in any amount."',
    ])
    for question in ("is it expensive", "how busy are you", "what's included"):
        a = bot.ask(question)
        assert not a.answered, (question, a.heading, a.confidence)
    # "availability" is free slots, not whatever is "available" (bot/text.py keeps its stem apart)
    a = bot.ask("do you have availability tomorrow")
    assert not a.answered, (a.heading, a.confidence)
    a = bot.ask("how expensive is a service")  # a price asked with a subject still finds its entry
    assert a.answered and a.heading == "How much does a service cost?", (a.heading, a.confidence)


def test_free_alone_is_no_subject(faq_bots, tmp_path):
    # "is it free?" was answered at 0.81 from the dentist's "Where can I park?" ("free parking"), at 0.69 from a
    # locksmith's "Do you offer a free security check?" and at 0.86 from clinc150-intents' "next holiday" ("day free")
    dentist = faq_bots["dentist"]
    for question in ("is it free", "is this free?", "do you have free wifi"):
        a = dentist.ask(question)
        assert not a.answered, (question, a.heading, a.confidence)
    a = dentist.ask("is parking free?")  # with a subject, the entry about it
    assert a.answered and a.heading == "Where can I park?", (a.heading, a.confidence)
    bot = csv_bot(tmp_path, [
        "question,answer",
        'Do you offer a free security check?,"Yes: we check every door and window lock at no charge."',
        'How much does it cost to get back in if I\'m locked out?,"£85 in the day, £120 at night."',
        'Do you cut keys?,"Yes, most house and padlock keys while you wait."',
    ])
    assert not bot.ask("is it free").answered
    a = bot.ask("is the security check free")
    assert a.answered and a.heading == "Do you offer a free security check?", (a.heading, a.confidence)


def test_books_are_things_to_read_not_a_booking(tmp_path):
    # Snowball stems "books" as "book", and the everyday booking group took it as an inflection of "book": a
    # language school answered "what books do i need" at 0.71 from "How do I book a course?".
    from bot.terms import Analyzer

    analyzer = Analyzer([("book", "booking", "reserve")])  # as bot/data/everyday.synonyms groups them
    assert analyzer.terms("books") != analyzer.terms("book") == analyzer.terms("booking") == analyzer.terms("booked")
    bot = csv_bot(tmp_path, [
        "question,answer",
        'How do I book a course?,"Online, or at reception. Whoever books before June gets 10% off."',
        'What materials do I need?,"A notebook and the course books, which we lend you for the term."',
        'Where are you?,"14 Albion Street, next to the library."',
    ])
    a = bot.ask("what books do i need")
    assert a.heading == "What materials do I need?" or not a.answered, (a.heading, a.confidence)
    assert bot.ask("how do i book").heading == "How do I book a course?"


def test_an_everyday_wait_is_no_subject(faq_bots):
    # "wait" is an everyday word (bot/data/generic.words): "how long will i have to wait" shared only it with the
    # dentist's cancellation entry ("...offer the slot to our waiting list") and was answered from it at 0.77.
    # A waiting list is still found where the FAQ writes about one (since "list" alone is written in two
    # entries and no heading, `passing` now refuses it, with that entry as the first of the closest topics).
    a = faq_bots["dentist"].ask("do you have a waiting list")
    top = a.heading if a.answered else a.suggestions[0].heading
    assert top == "What is your cancellation policy?", (a.heading, a.explain)


@pytest.mark.parametrize("kb, question", [
    # The heading itself is made of everyday words ("How much does it cost?"): it is about what is asked.
    ("yoga-studio", "how much does it cost"),
    ("yoga-studio", "what are your prices"),
    # A specific word of the question is in the section.
    ("bike-shop", "how long will my bike take"),
    ("dentist", "what time do you open"),
])
def test_a_section_about_what_is_asked_is_not_vetoed(faq_bots, kb, question):
    a = faq_bots[kb].ask(question)
    assert a.explain["elsewhere"] == 0.0, (question, a.heading, a.suggestions)
    assert a.confidence > 0.3, (question, a.confidence)  # the fitted confidence decides, near or over 0.4


def test_a_follow_up_of_everyday_words_takes_its_subject_from_the_previous_question(article_bot):
    first = "what is the aftercare process for microneedling?"
    alone = article_bot.ask("for how many days?")
    assert not alone.answered and alone.explain["elsewhere"] == 1.0
    followed = article_bot.ask("for how many days?", history=[first])
    assert followed.answered, followed.explain
    assert followed.explain["elsewhere"] == 0.0
    assert followed.explain["how"] == "with history"


def test_a_veto_sets_the_confidence_to_zero_whatever_the_other_features():
    coef = Weights.load().coef
    feats = {k: 1.0 for k in signals.FEATURES} | {"unknown": 0.0, "miss": 0.0}
    assert confidence(feats | {v: 0.0 for v in signals.VETOES}, coef) > 0.9
    for veto in signals.VETOES:
        assert confidence(feats | {v: 0.0 for v in signals.VETOES} | {veto: 1.0}, coef) == 0.0


def test_vetoes_are_rules_not_fitted_features():
    assert signals.VETOES == ["unpriced", "unpaid", "uninvoiced", "untimed", "elsewhere", "passing", "unreachable",
                              "uncredited", "unhoured", "misplaced", "displaced", "replaced", "unnamed", "unaged",
                              "unsuited", "unarrived", "unbooked", "unparked"]
    for s in signals.SIGNALS:
        if s.veto:
            assert s.over == "best" and s.sign is None and s.weight is None, s.name
            assert s.name not in signals.FEATURES


PASSING_ROWS = [
    "question,answer",
    'Why do my gums bleed when I brush?,"Bleeding gums are often a sign of gingivitis. If it lasts two weeks, book a checkup."',
    'What should I do in a dental emergency?,"Call us first thing; we keep slots free, so book by phone before 9 am."',
    "What should I do if a pipe bursts?,Turn off the water at the stopcock under the kitchen sink and call us.",
    "Where can I park?,There is a free car park behind the building.",
]


def test_a_subject_the_knowledge_base_only_mentions_in_passing_is_not_an_answer(tmp_path):
    # "book" is written in two entries' text and in no heading: no entry is about booking. Lexically the one
    # word matched the gum-bleeding entry at 0.62 on the dentist's FAQ ("how do i book").
    bot = csv_bot(tmp_path, PASSING_ROWS)
    a = bot.ask("how do i book")
    assert not a.answered and a.explain["passing"] == 1.0 and a.confidence == 0.0, (a.heading, a.explain)
    assert a.suggestions
    # A word written once is the one place that answers it (a "deep" question), and two subjects are read as usual.
    stopcock = bot.ask("where is the stopcock")
    assert stopcock.answered and stopcock.heading == "What should I do if a pipe bursts?", stopcock.explain
    assert stopcock.explain["passing"] == 0.0
    assert bot.ask("can I book a checkup for my bleeding gums").explain["passing"] == 0.0


def test_a_subject_the_best_entry_dwells_on_is_not_passing(tmp_path, faq_bots):
    # The yoga studio's "mat" is in no heading and in two entries' text, but "What should I bring to class?" says it
    # twice ("Bring a yoga mat if you have one... If you don't have a mat you can rent one") and its welcome once
    # ("roll out your mat"): that entry is partly about it. "do i need my own mat" was vetoed at 0 (0.65 without).
    a = faq_bots["yoga-studio"].ask("do i need my own mat")
    assert a.answered and a.heading == "What should I bring to class?", (a.heading, a.explain)
    assert a.explain["passing"] == 0.0
    # Said once in each of two entries ("book"), it is still a mention in passing (the test above).
    assert csv_bot(tmp_path, PASSING_ROWS).ask("how do i book").explain["passing"] == 1.0


def test_a_subject_a_heading_names_is_never_passing(tmp_path):
    bot = csv_bot(tmp_path, PASSING_ROWS + ['How do I book an appointment?,"Online or by phone, any time."'])
    a = bot.ask("how do i book")
    assert a.answered and a.heading == "How do I book an appointment?", (a.heading, a.confidence)
    assert a.explain["passing"] == 0.0


def test_a_price_list_that_names_a_service_once_answers_its_price(tmp_path):
    # A salon's prices name a men's cut in the price entry's text only, and "cuts" again in another entry:
    # "cut" is in no heading and in two sections' text, which `passing` alone would veto. But the question asks
    # a price and the entry's heading asks one too: a price list names each service in passing by design.
    rows = ["question,answer",
            'How much does a haircut cost?,"Women\'s cut and blow-dry from £48, men\'s cuts £28, children\'s £18."',
            'Do I need to book?,"We keep a few walk-in slots for cuts on weekday mornings."',
            'What are your opening hours?,"Tuesday to Saturday, 9am to 6pm."']
    bot = csv_bot(tmp_path, rows)
    a = bot.ask("how much for a mens cut")
    assert a.answered and a.heading == "How much does a haircut cost?", (a.heading, a.explain)
    assert a.explain["passing"] == 0.0
    # Asked without a price, the same word is still one the FAQ only mentions in passing.
    b = bot.ask("do you do cuts")
    assert not b.answered and b.explain["passing"] == 1.0, (b.heading, b.explain)


def test_a_question_that_asks_the_time_its_heading_asks_is_not_passing(tmp_path):
    # "arrive" is written in two entries' text and in no heading, but "what time can we arrive" asks what
    # "What time is check-in?" asks: it was vetoed at 0 by `passing` on a B&B's FAQ.
    bot = csv_bot(tmp_path, [
        "question,answer",
        'What time is check-in?,"From 3pm to 9pm. If you arrive later, we leave a key in the lockbox."',
        'Can I cancel my booking?,"Free of charge up to 7 days before you arrive; after that we charge a night."',
        "Is breakfast included?,Yes: served from 7:30 to 9:30am.",
    ])
    a = bot.ask("what time can we arrive")
    assert a.answered and a.heading == "What time is check-in?", (a.heading, a.explain)
    assert a.explain["passing"] == 0.0
    b = bot.ask("can we arrive")  # the same word, asked without the heading's "what time"
    assert not b.answered and b.explain["passing"] == 1.0, (b.heading, b.explain)


def test_opening_times_given_in_an_entry_about_access_are_not_a_mention_in_passing(tmp_path):
    # A self-storage firm gives its hours under "When can I access my unit?" ("from 6am to 10pm, seven days a
    # week"); its "opens" ("your PIN opens the gate") and another entry's "open" put "open" in two entries' text and
    # no heading, so `passing` vetoed "opening times" at 0. An entry that gives opening times as a span is not one
    # that mentions them in passing.
    rows = ["question,answer",
            'When can I access my unit?,"With your PIN from 6am to 10pm, seven days a week. Your PIN opens the gate."',
            'How secure is the site?,"The gates only open with a customer PIN, and there is 24-hour CCTV."',
            'How much does a unit cost?,"From £12 a week for a 25 sq ft locker."']
    bot = csv_bot(tmp_path, rows)
    for question in ("opening times", "what are your opening hours", "when are you open"):
        a = bot.ask(question)
        assert a.explain["passing"] == 0.0, (question, a.explain)
        top = a.heading if a.answered else a.suggestions[0].heading
        assert top == "When can I access my unit?", (question, top, a.explain)
    # Not asked when: the same one word is still a mention in passing.
    b = bot.ask("does it open")
    assert not b.answered, (b.heading, b.explain)


def test_worth_it_names_nothing(tmp_path):
    # "is it worth it" names nothing: three FAQs of tests/data/faqs answered it at 0.80-0.82 from whichever entry
    # writes "worth" (a phone repairer's "Do you buy used phones?": "store credit worth an extra 10%"). "worth it"
    # reads as "worthwhile", an everyday word; "worth" alone still names a value ("how much is 100 dollars worth in
    # euros" to an assistant's exchange-rate intent).
    from bot.terms import Analyzer, generic_terms

    analyzer = Analyzer([("worthwhile", "worth it", "worth the money", "well worth", "worth the effort")])
    generic = generic_terms(analyzer)  # as bot/data/everyday.synonyms has them
    assert set(analyzer.terms("is it worth it")) <= generic and set(analyzer.terms("worth the money")) <= generic
    assert set(analyzer.terms("worth the effort")) <= generic and analyzer.terms("well worth")[0] in generic
    assert not set(analyzer.terms("how much is it worth")) <= generic
    rows = ["question,answer",
            'Do you buy used phones?,"Yes, for cash, or store credit worth an extra 10%."',
            'How much is a screen repair?,"From $89 for an iPhone screen, fitted while you wait."',
            'Do you repair water damage?,"Often, yes: bring it in as soon as possible."']
    bot = csv_bot(tmp_path / "phones", rows)
    a = bot.ask("is it worth it")
    assert not a.answered, (a.heading, a.confidence)
    assert bot.ask("is a screen repair worth it").heading == "How much is a screen repair?"  # a subject: as usual
    phone = csv_bot(tmp_path / "phone-repair", (FAQS / "phone-repair" / "phone-repair.csv").read_text())  # dev
    b = phone.ask("is it worth it")
    assert not b.answered, (b.heading, b.confidence)
    # The content's "well worth the effort" reads the same way, so a question with a subject still finds it (the
    # article without its alternates refused "is microneedling worth it?" at 0.30 while only the question's
    # "worth it" was read so).
    article = csv_bot(tmp_path / "article", [
        "question,answer",
        'What is microneedling?,"Tiny needles make small channels in the skin, which heals and makes new collagen."',
        'How long does redness last after microneedling?,"Usually one to three days."',
        'Conclusion,"Microneedling has some temporary redness, but its results make it well worth the effort."'])
    c = article.ask("is microneedling worth it?")
    assert c.answered and c.heading == "Conclusion", (c.heading, c.confidence)


def test_the_knowledge_bases_own_subject_is_no_sign_of_another(tmp_path):
    # "dog" is in most of a dog groomer's entries, not in its price list ("small breeds"): the only specific word of
    # "how much for a small dog" was missing from the pricing entry, and `elsewhere` vetoed it at 0.
    bot = csv_bot(tmp_path, [
        "question,answer",
        'How much does a groom cost?,"From £35 for small breeds, £45 for medium and £60 for large breeds."',
        "My dog is nervous. Can you still groom them?,Yes: we book nervous dogs at quiet times.",
        "Does my dog need to be vaccinated?,Yes: every dog must be up to date with its vaccinations.",
        "Do you use sedation?,No: we never sedate a dog; your vet can.",
        "Where can I park?,Two spaces in front of the shop.",
    ])
    a = bot.ask("how much for a small dog")
    assert a.answered and a.heading == "How much does a groom cost?", (a.heading, a.explain)
    # A word the knowledge base does not write everywhere still counts against a section that lacks it.
    b = bot.ask("how much for a small cat")
    assert not b.answered and b.explain["elsewhere"] == 1.0, (b.heading, b.explain)


CLOCK = ["what's the time right now", "what time is it?", "whats the time", "what day is it today", "what's the date",
         "what is todays date", "what date is it", "what's the weather like tomorrow", "is it going to rain today",
         # a dance studio answered the first from "Do you close for bad weather?" at 0.87
         "what's the weather going to be like tomorrow", "what will the weather be like tomorrow", "hows the weather",
         "will it rain tomorrow"]


@pytest.mark.parametrize("question", CLOCK)
def test_the_clock_the_calendar_and_the_weather_get_a_small_talk_reply(article_bot, question):
    # The article answers none of them, and they are never read as a follow-up of the history.
    for history in ([], ["what is microneedling?"], ["how long does redness last?"]):
        a = article_bot.ask(question, history=history)
        assert a.kind == "smalltalk" and not a.answered, (question, history, a.heading)
        assert a.answer == CLOCK_REPLY


def test_a_knowledge_base_that_answers_the_weather_still_does(tmp_path):
    bot = csv_bot(tmp_path, ["question,answer",  # a campsite's FAQ
                             "What is the weather like in the area?,Mild summers and wet winters: bring a rain "
                             "jacket whatever the month.",
                             "Where can I park?,Each pitch has room for one car beside it.",
                             "Can I bring my dog?,Dogs are welcome on a lead."])
    a = bot.ask("what is the weather like in the area?")
    assert a.answered and a.heading == "What is the weather like in the area?"
    after = bot.ask("what's the weather like here?", history=["can I bring my dog?"])
    assert after.answered and after.heading == "What is the weather like in the area?", after.explain
    assert bot.ask("what time is it?").answer == CLOCK_REPLY


def test_the_weather_is_not_answered_by_a_section_that_mentions_it_in_passing(tmp_path):
    # A swim school's FAQ (session 25 trial) answered "what's the weather like tomorrow" at 0.83 with "If the weather
    # is bad, please check your email": a section may answer the clock or the weather only if its headings name it.
    bot = csv_bot(tmp_path, ["question,answer",
                             "What happens if the pool has to close?,\"If we cancel a lesson because of a heating "
                             "failure or severe weather, we text you. If the weather is bad, please check your email "
                             "before setting off.\"",
                             "How much do lessons cost?,Lessons are £8.50 each.",
                             "What time do lessons start?,Weekday lessons run from 4pm to 7pm."])
    for question in ("what's the weather like tomorrow", "what is the weather like", "is it going to rain today",
                     "what's the weather going to be like tomorrow", "will it rain tomorrow"):
        a = bot.ask(question)
        assert a.kind == "smalltalk" and a.answer == CLOCK_REPLY, (question, a.heading, a.confidence)
    a = bot.ask("what time is it")  # "What time do lessons start?" names the time, but does not tell it
    assert not a.answered, (a.heading, a.confidence)
    a = bot.ask("what if the pool closes because of bad weather")  # not the clock: the matcher answers it
    assert a.answered and a.heading == "What happens if the pool has to close?", (a.heading, a.explain)
    # an assistant's intents, named by the word alone, still answer it
    assistant = csv_bot(tmp_path / "assistant", ["question,answer,alternates",
                                                 "weather,Here is the forecast.,will it be sunny in leeds",
                                                 "time,Here is the time.,current time in the eastern timezone",
                                                 "timer,Timer set.,set a timer for ten minutes"])
    a = assistant.ask("what's the weather like tomorrow")
    assert a.answered and a.heading == "weather", (a.heading, a.confidence, a.explain)
    a = assistant.ask("what time is it")
    assert a.answered and a.heading == "time", (a.heading, a.confidence, a.explain)


@pytest.mark.parametrize("question", ["what time do you open", "what is the time it takes to heal",
                                      "what's the weather got to do with redness", "what is the time in London",
                                      "what is the date of my appointment"])
def test_a_question_that_only_starts_like_the_clock_goes_to_the_matcher(article_bot, question):
    assert kb_first_reply(question) is None
    assert article_bot.ask(question).kind != "smalltalk"


def test_the_clock_tail_does_not_widen_greetings():
    from bot.smalltalk import smalltalk_reply

    assert smalltalk_reply("ok is it in your area") is None and kb_first_reply("ok is it in your area") is None
    assert kb_first_reply("thanks, that is great").about == "thanks"  # asked of the knowledge base first


def test_an_everyday_word_the_faq_never_writes_is_no_missing_subject_beside_two_of_its_own(faq_bots):
    # "what happens if i miss my appointment" was refused at 0.30: "happens" (an everyday word) is one the dentist's
    # FAQ never writes, and it counted as a subject the FAQ lacks beside "miss" and "appointment".
    dentist = faq_bots["dentist"]
    a = dentist.ask("what happens if i miss my appointment")
    assert a.answered and a.heading == "What is your cancellation policy?", (a.heading, a.confidence)
    assert a.explain["unknown_words"] == []
    # With one word of its own left, the everyday word is what the question asks: still a missing subject.
    for question in ("what if i'm running late", "i'm vegan, is that a problem?"):
        a = dentist.ask(question)
        assert not a.answered and a.explain.get("unknown_words"), (question, a.heading, a.explain)


def test_an_everyday_word_is_no_missing_subject_beside_two_known_words_and_an_unknown_one(tmp_path):
    # Session 41: the rule above also held when the question had another word the FAQ never writes. A visitor's
    # story ("my car broke down") adds such words, and then "happens" counted as a second missing subject: it says
    # nothing of what is asked, whatever else is missing. The story's own words stay missing subjects.
    bot = csv_bot(tmp_path, ["question,answer",
                             'What if I miss my appointment?,"Missed appointments are charged at half the fee; '
                             'call us and we will rebook you."',
                             "Where can I park?,There is free parking behind the surgery.",
                             "Do you see children?,Yes: from their first tooth."])
    a = bot.ask("what happens if i miss my appointment because my car broke down")
    assert "happens" not in a.explain["unknown_words"], a.explain
    assert "broke" in a.explain["unknown_words"], a.explain
    # With one word of its own left, the everyday word still counts ("what if I'm running late").
    a = bot.ask("what happens to my car")
    assert "happens" in a.explain.get("unknown_words", []), a.explain


def test_an_everyday_word_that_says_which_or_how_stays_a_missing_subject(tmp_path):
    # "better" qualifies what is asked: dropped, "is android better than iphone" (an off-topic CLINC150 query) was
    # answered at 0.70 from the invoicing app's "Is there a mobile app?" with the encoder (tests/data/faqs). It stays
    # a word the content lacks (this three-entry FAQ answers it lexically all the same, at 0.66, as before).
    bot = csv_bot(tmp_path, ["question,answer",
                             "Is there a mobile app?,Yes: Ledgerly runs on iPhone and Android phones and tablets.",
                             "Is there a free trial?,Yes: 30 days with every feature.",
                             'How do I cancel my subscription?,"Under Settings, Billing; you keep access to the month\'s '
                             'end."'])
    a = bot.ask("is android better than iphone")
    assert a.explain["unknown_words"] == ["better"], a.explain
    a = bot.ask("what happens when my trial ends")  # "happens" says neither which nor how
    assert a.explain["unknown_words"] == [], a.explain


@pytest.mark.parametrize("question", ["how much for 1 to 1 lessons", "do you do 1-to-1 lessons",
                                      "one to one lessons?"])
def test_one_to_one_written_with_figures_is_a_private_lesson(tmp_path, question):
    # A swim school's FAQ (session 25 trial): "how much for 1 to 1 lessons" was answered at 0.83 from "How much do
    # lessons cost?" (group lessons), not from "Do you offer private lessons?"
    bot = csv_bot(tmp_path, ["question,answer",
                             "How much do lessons cost?,Group lessons are £8.50 each; sibling discount 10%.",
                             "Do you offer private lessons?,Yes: £28 per 30 minutes with one of our teachers.",
                             "What age can my child start?,From 3 years old in our Ducklings classes."])
    a = bot.ask(question)
    assert a.answered and a.heading == "Do you offer private lessons?", (a.heading, a.confidence)


@pytest.mark.parametrize("question, heading", [
    # dev FAQs of tests/data/faqs, refused or answered from another entry before (session 26)
    ("a taster lesson for my son?", "Can we try a lesson before signing up?"),  # a UK taster is a trial
    ("can i try it before paying", "Is there a free trial?"),
    ("does a refurb phone come with a warranty", "Do you sell refurbished phones?"),
    ("im at work all day can you come and get the car", "Can you collect my car from home?"),  # 0.54, opening hours
    ("do you do pickups", "Can you collect my car from home?"),
])
def test_everyday_phrasings_of_a_trial_a_refurbished_phone_and_collecting(tmp_path, question, heading):
    bot = csv_bot(tmp_path, ["question,answer",
                             'Can we try a lesson before signing up?,"Yes, a trial lesson is £5."',
                             'Is there a free trial?,"Yes: 30 days free, no card needed."',
                             'Do you sell refurbished phones?,"Yes, every one tested, with a 12-month warranty."',
                             'Do your repairs come with a warranty?,"Yes, 90 days on parts and labour."',
                             'How do I pay?,"By card or cash."',
                             'Can you collect my car from home?,"Yes, within 5 miles, for £15 each way."',
                             'What are your opening hours?,"Monday to Friday, 8am to 6pm: we are at work all day."'])
    a = bot.ask(question)
    top = a.heading if a.answered else a.suggestions[0].heading
    assert top == heading, (question, top, a.confidence)


def test_hurting_oneself_is_an_injury_but_does_it_hurt_asks_about_pain(tmp_path):
    from bot.terms import Analyzer

    analyzer = Analyzer([("injury", "injuries", "injured", "i hurt my", "i've hurt my", "hurt myself")])
    assert analyzer.terms("i hurt my back")[0] == analyzer.terms("injury")[0]
    assert analyzer.terms("does it hurt my teeth")[0] != analyzer.terms("injury")[0]
    bot = csv_bot(tmp_path, ["question,answer",
                             'Can I still practise with an injury?,"Yes: tell your teacher before class."',
                             'Does a root canal hurt?,"No more than a filling: we numb the tooth first."',
                             'Can children come to classes?,"From age 12 with a parent."'])
    a = bot.ask("i've hurt my shoulder, is yoga ok")
    assert (a.heading if a.answered else a.suggestions[0].heading) == "Can I still practise with an injury?"
    assert bot.ask("does it hurt").heading != "Can I still practise with an injury?"


def test_accessible_is_not_getting_in(tmp_path):
    # Snowball stems "accessible" as "access": "i'm disabled, is the building accessible?" was answered at 0.67 from a
    # self-storage firm's "When can I access my unit?" and at 0.71 from a gym's hours ("24/7 access for members").
    rows = ["question,answer",
            'When can I access my unit?,"With your PIN from 6am to 10pm, seven days a week."',
            'How much does a unit cost?,"From £12 a week for a 25 sq ft locker."',
            'Is there parking?,"Yes, in front of the loading bay."']
    bot = csv_bot(tmp_path / "storage", rows)
    a = bot.ask("i'm disabled, is the building accessible?")
    assert not a.answered, (a.heading, a.confidence)
    assert bot.ask("when can i access my unit").heading == "When can I access my unit?"
    venue = csv_bot(tmp_path / "venue", rows + ['Is the venue accessible?,"Yes: step-free throughout, with an '
                                                'accessible toilet on the ground floor."'])
    a = venue.ask("i'm disabled, is the building accessible?")
    assert a.answered and a.heading == "Is the venue accessible?", (a.heading, a.confidence)


def test_a_taster_is_a_trial_and_picking_up_is_collecting(tmp_path):
    bot = csv_bot(tmp_path, ["question,answer", 'Can we try a lesson first?,"Yes, a trial lesson is £5."',
                             'Can you collect my car?,"Yes, within 5 miles."'])
    index = bot.policy.index
    same = [("taster", "trial"), ("taster session", "trial"), ("pick up", "collect"), ("come and get", "collect"),
            ("pickups", "collect"), ("try it before paying", "free trial"), ("refurb", "refurbished")]
    for asked, written in same:
        assert index.analyse(asked).subject_terms == index.analyse(written).subject_terms, (asked, written)


def test_subject_to_availability_is_no_answer_about_availability(tmp_path):
    # "do you have availability tomorrow?" was answered at 0.80-0.81 by a campsite, a driving school and a storage firm
    # (the judged battery, session 27) from whichever entry said "subject to (DVSA) availability".
    from bot.terms import Analyzer

    analyzer = Analyzer()
    assert analyzer.terms("Late arrival is subject to availability on the day", phrase_words=True) == [
        "late", "arriv", "day"]
    assert "availability" not in analyzer.terms("Tests are subject to DVSA availability.", phrase_words=True)
    assert analyzer.terms("we have availability most weeks", phrase_words=True)[0] == "availability"
    from bot.terms import parse_stock_phrases

    assert parse_stock_phrases("# a comment\nsubject to * availability\npay-and-display\n\n") == (
        ("subject", "to", "*", "availability"), ("pay", "and", "display"))
    bot = csv_bot(tmp_path / "campsite", [
        "question,answer",
        'What time can we arrive?,"From 2pm; an early arrival is subject to availability on the day."',
        'Do you have electric hook-ups?,"Yes, on every hardstanding pitch, 16 amp."',
        'Are dogs allowed?,"Yes, two per pitch, on a lead."'])
    a = bot.ask("do you have availability tomorrow")
    assert not a.answered, (a.heading, a.confidence)
    assert bot.ask("what time can we arrive").heading == "What time can we arrive?"
    # A business that writes "availability" as its free slots is still found by it.
    florist = csv_bot(tmp_path / "florist", [
        "question,answer",
        'Can I get flowers delivered tomorrow?,"Usually: check our availability for next-day delivery online."',
        'Do you do weddings?,"Yes, from bouquets to arches."'])
    a = florist.ask("do you have availability tomorrow")
    assert a.answered and a.heading == "Can I get flowers delivered tomorrow?", (a.heading, a.confidence)


@pytest.mark.parametrize("question, heading", [
    ("is it safe", "Is my data secure?"),  # a dev question of the invoicing FAQ, refused at 0 (`elsewhere`)
    ("are my keys kept safe", "How do you keep my keys secure?"),
    ("is it secure", "How safe is the site?"),
])
def test_safe_is_secure(tmp_path, question, heading):
    bot = csv_bot(tmp_path, ["question,answer",
                             f'{heading},"Yes: everything is locked away and encrypted, and only we hold the keys."',
                             'Is there a mobile app?,"Yes, for iPhone and Android."',
                             'Is there a free trial?,"Yes, 30 days, no card needed."'])
    a = bot.ask(question)
    assert a.answered and a.heading == heading, (question, a.heading, a.confidence)


def test_a_group_booking_is_not_a_group_class(tmp_path):
    # The judged battery (session 27): "do you do group bookings" was answered at 0.58-0.77 (0.87-0.92 with minilm)
    # by a gym from "Do you have group fitness classes?", a swim school from its group lessons' times and a pet sitter
    # from "Do you meet my pet before the first booking?".
    rows = ["question,answer",
            'Do you have group fitness classes?,"Yes: spin, HIIT and yoga, free for members; book in the app."',
            'How much is membership?,"£29 a month, no contract."']
    gym = csv_bot(tmp_path / "gym", rows)
    a = gym.ask("do you do group bookings")
    assert not a.answered, (a.heading, a.confidence)
    assert gym.ask("group classes").heading == "Do you have group fitness classes?"
    campsite = csv_bot(tmp_path / "campsite", rows + ['Do you take group bookings?,"Yes, up to four tents '
                                                      'booked together."'])
    for question in ("do you do group bookings", "can we book as a group"):
        a = campsite.ask(question)
        assert a.answered and a.heading == "Do you take group bookings?", (question, a.heading, a.confidence)


@pytest.mark.parametrize("question", ["can i bring my dog", "is my dog allowed", "are dogs welcome"])
def test_a_verb_of_bringing_or_allowing_the_faq_never_writes_asks_whether(tmp_path, question):
    # A B&B's "can i bring my dog" (dev) was refused at 0.38 with "Do you allow dogs?" first: "bring", written nowhere
    # in its FAQ, counted as a missing subject.
    bot = csv_bot(tmp_path, ["question,answer",
                             'Do you take pets?,"Dogs can stay in our two garden rooms for £15 per night, but not in '
                             'the breakfast room."',
                             'What time is breakfast?,"From 8am to 10am."',
                             'Is there parking?,"Yes, free, behind the house."'])
    a = bot.ask(question)
    assert a.answered and a.heading == "Do you take pets?", (question, a.heading, a.confidence)
    assert a.explain["unknown_words"] == [], a.explain
    # With the thing brought unknown too, the question is about something else.
    assert not bot.ask("can i bring my parrot").answered


def test_family_run_asks_who_runs_the_business(tmp_path):
    # The judged battery (session 27): a campsite answered "are you family run" at 0.59 (0.81 with minilm) from "Is
    # the park good for children?" ("families are very welcome").
    rows = ["question,answer",
            'Is the park good for children?,"Yes, families are very welcome. There is a fenced play area, and the '
            'beck that runs along the bottom of the site is safe for paddling."',
            'Are dogs welcome?,"Yes, two per pitch, on a lead."',
            'What facilities are there?,"Free hot showers, flushing toilets and a family bathroom."',
            'Can we get to you by bus?,"Buses run to the village every hour from Keswick."']
    campsite = csv_bot(tmp_path / "campsite", rows)
    a = campsite.ask("are you family run")
    assert not a.answered, (a.heading, a.confidence)
    assert campsite.ask("are children welcome").heading == "Is the park good for children?"
    florist = csv_bot(tmp_path / "florist", rows + ['Who are you?,"Bloom is a family-run florist on Broad Street."'])
    for question in ("are you family run", "is it a family business"):
        a = florist.ask(question)
        assert a.answered and a.heading == "Who are you?", (question, a.heading, a.confidence)


SESSION_28_FAQ = [
    "question,answer",
    'Are you available 24 hours a day?,"Yes, our emergency line is answered 24 hours a day, 365 days a year. Call '
    '01632 960418 and a locksmith will be with you within the hour."',
    'Do you guarantee your work?,"All our work comes with a 12-month guarantee on parts and labour. If anything goes '
    'wrong, we come back and fix it free of charge."',
    'Do you teach adults?,"Absolutely. About a third of our students are adults, from complete beginners to people '
    'coming back after twenty years."',
    'Will you take apart and reassemble furniture?,"Yes, our crew will dismantle beds and wardrobes and put them back '
    'together at your new home at no extra cost."',
    'Do you help with potty training?,"Yes: we follow your routine at home, with the same words and rewards."',
    'What is your cancellation policy?,"Cancel at least 24 hours before your booking for a full refund. Later '
    'cancellations are charged in full."',
    'Do you have a sibling discount?,"Yes, the second child in a family gets 10% off every month\'s fees."',
    'Are my belongings insured?,"Everything we carry is covered by goods-in-transit insurance up to £50,000."',
]


@pytest.mark.parametrize("question, heading", [
    # The four dev FAQs of session 28, asked in their visitors' words: each was refused or answered from another entry
    ("do you give lessons to grown-ups", "Do you teach adults?"),
    ("can you disassemble my bed", "Will you take apart and reassemble furniture?"),
    ("is he house trained yet", "Do you help with potty training?"),
    ("discount for brothers and sisters", "Do you have a sibling discount?"),
    ("are my possessions covered", "Are my belongings insured?"),
    ("are you available round the clock", "Are you available 24 hours a day?"),
])
def test_everyday_phrasings_of_session_28(tmp_path, question, heading):
    bot = csv_bot(tmp_path, SESSION_28_FAQ)
    a = bot.ask(question)
    assert a.answered and a.heading == heading, (question, a.heading, a.confidence)


def test_within_24_hours_is_not_round_the_clock(tmp_path):
    # "24 hours" alone is a notice period as often as a time of day: it stays out of the round-the-clock group.
    bot = csv_bot(tmp_path, SESSION_28_FAQ)
    assert bot.ask("can i cancel within 24 hours").heading == "What is your cancellation policy?"
    a = bot.ask("are you open round the clock on sundays")
    assert a.heading != "What is your cancellation policy?"


def test_a_synonym_word_is_known_only_where_the_content_writes_its_group(tmp_path):
    # The words of every synonym group counted as known words of any knowledge base, so "bank holiday" in a question
    # to a shop that never writes it was neither unknown nor in the content: a missing subject that the hours rule
    # (a day the content never writes is no missing subject) could not drop. Since session 28 they are known only
    # where the content writes the group.
    rows = ["question,answer",
            'What are your opening hours?,"Monday to Saturday, 9am to 5pm."',
            'Do you sell bikes?,"Yes, new and used, from £300."',
            'Where are you?,"On Mill Lane, next to the station."']
    shop = csv_bot(tmp_path / "shop", rows)
    a = shop.ask("are you open bank holiday monday")
    assert a.answered and a.heading == "What are your opening hours?", (a.heading, a.confidence)
    assert "apart" in shop.ask("can you take apart my bike").explain["unknown_words"]
    # A knowledge base that writes the group knows all its words: "take apart" is "dismantle" there.
    workshop = csv_bot(tmp_path / "workshop", rows + ['Can you dismantle a bike for shipping?,"Yes, and box it, £40."'])
    a = workshop.ask("can you take apart my bike")
    assert a.explain["unknown_words"] == [], a.explain
    assert a.answered and a.heading == "Can you dismantle a bike for shipping?", (a.heading, a.confidence)


def test_registering_a_thing_is_not_signing_up(tmp_path):
    # "sign up" was answered at 0.81 from a web host's "Do I get a free domain name?" ("register one with us"), a vet's
    # "Do you microchip pets?" ("we'll register the chip") and a coworking space's mail entry ("register an LLC"):
    # "register" was in the sign-up group. And "signing up" was not: "sign up" missed a swim school's "Can we try a
    # lesson before signing up?".
    bot = csv_bot(tmp_path / "host", [
        "question,answer",
        'Do I get a free domain name?,"Yearly plans include one; on monthly plans you can register one with us."',
        'How much does hosting cost?,"From £4 a month."',
        'Do you offer backups?,"Daily, kept for 30 days."',
    ])
    for question in ("sign up", "how do i sign up"):
        a = bot.ask(question)
        assert not a.answered, (question, a.heading, a.confidence)
    bot = csv_bot(tmp_path / "swim", [
        "question,answer",
        'Can we try a lesson before signing up?,"Yes: a taster lesson is £5, taken off the first term\'s fees."',
        'What does my child need to bring?,"A swimsuit, a towel and goggles."',
        'Is there parking?,"Yes, free in the leisure centre car park."',
    ])
    # it is the entry "sign up" finds; since session 45 it is answered only by an entry that tells how to sign up or
    # book (the `unbooked` veto), as the swim school's own does ("Trial lessons can be booked through our website")
    a = bot.ask("sign up")
    assert not a.answered and a.explain["unbooked"] == 1.0, (a.heading, a.explain)
    assert a.suggestions[0].heading == "Can we try a lesson before signing up?", a.suggestions
    bot = csv_bot(tmp_path / "swim2", [
        "question,answer",
        'Can we try a lesson before signing up?,"Yes: a taster lesson is £5, booked through our website."',
        'What does my child need to bring?,"A swimsuit, a towel and goggles."',
        'Is there parking?,"Yes, free in the leisure centre car park."',
    ])
    a = bot.ask("sign up")
    assert a.answered and a.heading == "Can we try a lesson before signing up?", (a.heading, a.confidence, a.explain)


def test_signing_up_is_not_a_sign_nor_being_registered(tmp_path):
    # "sign up" was answered at 0.78-0.83 from a locksmith's "Do you cut keys?" ("a registered key system"), a yoga
    # studio's teacher training ("registered with Yoga Alliance") and, with minilm, a campsite's "How do we find you?"
    # ("follow the brown tourist signs"): the group's canonical term was "sign up", so every word of it read as "sign"
    bot = csv_bot(tmp_path / "shop", [
        "question,answer",
        'Do you cut keys?,"Yes, while you wait. Keys on a registered or restricted system need the owner\'s card."',
        'How do we find you?,"Follow the brown tourist signs from the A66; sign the visitors\' book at reception."',
        'Do you run teacher training?,"Yes: a 200-hour course registered with Yoga Alliance."',
        'How much does a lesson cost?,"£30 an hour."',
    ])
    for question in ("sign up", "how do i sign up", "how do i register"):
        a = bot.ask(question)
        assert not a.answered, (question, a.heading, a.confidence)
    bot = csv_bot(tmp_path / "school", [
        "question,answer",
        'How do I enroll my child?,"Fill in the form on our website and pay the deposit."',
        'What ages do you care for?,"From six weeks to five years."',
        'What are your hours?,"Monday to Friday, 7am to 6pm."',
    ])
    for question in ("how do i sign up", "can i register my child", "how do i enrol"):
        a = bot.ask(question)  # the group still reads signing up, registering and enrolling as one
        assert a.answered and a.heading == "How do I enroll my child?", (question, a.heading, a.confidence)


def test_just_turning_up_asks_to_come_without_booking(tmp_path):
    # A bike shop answered "can i just turn up" at 0.82 from "Can I bring my own parts for you to fit?" (its "turn")
    bot = csv_bot(tmp_path, [
        "question,answer",
        'Do I need an appointment?,"No, walk-ins are welcome for small jobs; book online for a full service."',
        'Can I bring my own parts for you to fit?,"Yes. If the part you ordered turns out to be wrong, we fit it '
        'anyway and charge the labour."',
        'How can I pay?,"Cash or card, when you collect the bike."',
    ])
    for question in ("can i just turn up", "can i just show up", "can we just pop in"):
        a = bot.ask(question)
        assert a.answered and a.heading == "Do I need an appointment?", (question, a.heading, a.explain)
    # turning up alone is arriving, not coming without booking
    assert bot.ask("what time should i turn up").heading != "Do I need an appointment?"


def test_a_walk_in_shower_is_not_a_walk_in(tmp_path):
    # A bed-and-breakfast answered "can i just turn up" at 0.81 from "Is the house accessible?" ("a walk-in shower")
    bot = csv_bot(tmp_path, [
        "question,answer",
        'Is the house accessible?,"One ground-floor room has level access and a walk-in shower."',
        'What time is check-in?,"From 3pm to 8pm; let us know if you will be later."',
        'Do you have Wi-Fi?,"Yes, free in every room."',
        'Can I cancel my booking?,"Free up to 7 days before arrival."',
    ])
    for question in ("can i just turn up", "do you take walk ins", "can i just walk in"):
        a = bot.ask(question)
        assert a.heading != "Is the house accessible?", (question, a.heading, a.confidence)
    # the fixture is still found by its name, with or without the hyphen
    for question in ("do you have a walk-in shower", "is there a room with a walk in shower"):
        a = bot.ask(question)
        assert a.answered and a.heading == "Is the house accessible?", (question, a.heading, a.explain)


def test_gift_wrapping_is_not_a_gift_card(tmp_path):
    # "do you do gift wrapping" was answered at 0.43-0.47 from a bakery's "Do you sell gift cards?" and a photo studio's
    # "Do you offer gift certificates?": "gift" matched
    bot = csv_bot(tmp_path / "bakery", [
        "question,answer",
        'Do you sell gift cards?,"Yes, from £10, at the counter or online."',
        'Do you take custom cake orders?,"Yes, with a week\'s notice."',
        'What are your opening hours?,"Tuesday to Saturday, 7am to 4pm."',
    ])
    for question in ("do you do gift wrapping", "can you gift wrap it"):
        a = bot.ask(question)
        assert not a.answered, (question, a.heading, a.confidence)
    for question in ("do you sell gift cards", "can i buy a gift voucher"):
        a = bot.ask(question)
        assert a.answered and a.heading == "Do you sell gift cards?", (question, a.heading, a.explain)
    # and a shop that wraps presents answers it
    bot = csv_bot(tmp_path / "florist", [
        "question,answer",
        'Can you gift wrap my order?,"Yes, every bouquet can be gift-wrapped in kraft paper for £2."',
        'Do you sell gift cards?,"Yes, from £10."',
        'Do you deliver?,"Yes, within five miles, £6."',
    ])
    a = bot.ask("do you do gift wrapping")
    assert a.answered and a.heading == "Can you gift wrap my order?", (a.heading, a.explain)


def test_the_owner_of_the_business_is_not_its_customers(tmp_path):
    # A pet sitter answered "who is the owner" at 0.80 from "Do you look after cats and other pets?" ("pet owners"), a
    # campsite from its motorhome service point ("motorhome owners"), a locksmith from "Should I change the locks when I
    # move house?" ("the previous owners")
    bot = csv_bot(tmp_path, [
        "question,answer",
        'Who are you?,"Muddy Paws is a small pet-sitting business in Harrowfield, run by Jess Carter since 2016."',
        'Do you look after cats and other pets?,"Yes: cats, rabbits and guinea pigs. Many pet owners book our pop-in '
        'visits while they are away."',
        'How much does a walk cost?,"A one-hour group walk is £15."',
    ])
    for question in ("who is the owner", "who owns the business", "who runs it"):
        a = bot.ask(question)
        assert a.answered and a.heading == "Who are you?", (question, a.heading, a.explain)
    # the customers who own pets are still found by their word
    assert bot.ask("do pet owners book visits when away").heading == "Do you look after cats and other pets?"


def test_customers_reviews_are_not_reviewing_progress(tmp_path):
    # A physio answered "do you have any reviews" at 0.83 from "How many sessions will I need?" ("We review your
    # progress at every visit"), a dance studio from how it decides a child's level ("Teachers review every dancer's
    # level each May")
    rows = [
        "question,answer",
        'How many sessions will I need?,"Most people need four to six. We review your progress at every visit."',
        'Can I use my health insurance?,"Yes, we are registered with most insurers."',
        'Where can I park?,"There is free parking behind the clinic."',
    ]
    bot = csv_bot(tmp_path / "physio", rows)
    for question in ("do you have any reviews", "where can i read your reviews"):
        assert bot.ask(question).heading != "How many sessions will I need?", question
    # an entry about them answers them, and reviewing progress is still found by its word
    bot = csv_bot(tmp_path / "reviewed", rows + ['Where can I read reviews?,"On our Google page: 4.9 stars from 300 '
                                                 'patients."'])
    for question in ("do you have any reviews", "do you have google reviews"):
        a = bot.ask(question)
        assert a.answered and a.heading == "Where can I read reviews?", (question, a.heading, a.explain)
    assert bot.ask("how often do you review my progress").heading == "How many sessions will I need?"


def test_turning_up_alone_is_arriving(tmp_path):
    # "what time should i turn up for my first class" shared only "class" and "first" with a yoga studio's entries
    bot = csv_bot(tmp_path, [
        "question,answer",
        'How early should I arrive?,"Please arrive 10 to 15 minutes before your first class to fill in a form."',
        'Can I eat before class?,"Have a light snack up to two hours before class, not a full meal."',
        'Do I need to book?,"Yes, book in the app; walk-ins are welcome if there is space."',
        'Where can I park?,"There is street parking on Elm Street, free after 6 pm."',
    ])
    for question in ("what time should i turn up for my first class", "when should we turn up"):
        a = bot.ask(question)
        assert a.answered and a.heading == "How early should I arrive?", (question, a.heading, a.explain)
    # just turning up is still coming without booking; the way there and showing up (appearing) are not arriving
    assert bot.ask("can i just turn up").heading == "Do I need to book?"
    for question in ("how do i get there", "when should we show up"):
        assert bot.ask(question).heading != "How early should I arrive?", question
