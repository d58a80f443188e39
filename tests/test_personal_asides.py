"""A visitor's contact details and name typed into a question are no part of what they ask: the engine reads the
message without them (bot/redact.py `read_as_asked`) and answers it as typed."""

from __future__ import annotations

import pytest

from bot.redact import read_as_asked


@pytest.mark.parametrize("typed, read", [
    ("how long will my face stay red? my number is 07700 900123", "how long will my face stay red?"),
    ("how long will my face stay red? call me on +44 7700 900123", "how long will my face stay red?"),
    ("can i wear makeup after, my email is jane@example.com", "can i wear makeup after"),
    ("jane@example.com - do you do evening appointments?", "do you do evening appointments?"),
    ("Hi, my name is Jane Smith. How long does redness last?", "Hi How long does redness last?"),
    ("my name is jane how long does redness last", "how long does redness last"),  # one lower-case name only
    ("HI, MY NAME IS Jane. How long does redness last?", "HI How long does redness last?"),  # in capitals too
    ("I'm called Sam, is it safe to exfoliate?", "is it safe to exfoliate?"),
])
def test_contact_details_and_the_visitor_s_name_are_not_read(typed, read):
    assert read_as_asked(typed) == read


@pytest.mark.parametrize("typed", [
    "what is your phone number?",  # asks for the business's details: nothing of the visitor's
    "can i change the name on my booking?",
    "what is my name",
    "my name is wrong. how do i fix it?",  # no name given
    "from now on, my name is tom",  # nothing else asked: telling the name is the message
    "is the number on your website right?",
    "jane@example.com",  # nothing else: read as typed
    "how much is it for 3 sessions of 45 minutes?",  # short numbers are no phone numbers
    "why does google.com keep redirecting me?",  # a bare domain often names the subject asked about
    "https://example.com/visit-us",  # a link and nothing else
    "what is the url of your website?",
])
def test_questions_about_numbers_names_and_links_are_read_as_typed(typed):
    assert read_as_asked(typed) == typed


@pytest.mark.parametrize("aside", [
    " my number is 07700 900123",
    " call me on 07700 900123",
    " email me at jane@example.com",
])
def test_a_question_with_the_visitor_s_contact_details_gets_the_answer_it_gets_without_them(article_bot, aside):
    plain = article_bot.ask("how long will my face stay red?")
    assert plain.answered
    typed = "how long will my face stay red?" + aside
    a = article_bot.ask(typed)
    assert (a.answered, a.section_id, a.confidence) == (True, plain.section_id, plain.confidence), a.explain
    assert a.question == typed


def test_a_visitor_introducing_themselves_is_answered(article_bot):
    plain = article_bot.ask("how long does redness last?")
    a = article_bot.ask("hi my name is jane, how long does redness last?")
    assert a.answered and a.section_id == plain.section_id, (a.confidence, a.explain)


@pytest.mark.parametrize("typed, read", [
    ("where can I park? https://example.com/visit-us", "where can I park?"),
    ("https://example.com/prices how much is a session", "how much is a session"),
    ("do you do gift cards? (https://example.org/a_b?x=1&y=2)", "do you do gift cards?"),
    ("is it still on? see www.example.co.uk/offers/spring.", "is it still on?"),
    ("opening hours? ftp://files.example.com/hours.pdf, thanks", "opening hours? thanks"),
])
def test_a_web_address_pasted_into_a_question_is_not_read(typed, read):
    assert read_as_asked(typed) == read


@pytest.mark.parametrize("question", [
    "how long will my face stay red?",
    "can i wear makeup after microneedling?",
    "when can I exercise again after the treatment?",
])
@pytest.mark.parametrize("link", [
    " https://www.example.com/blog/microneedling-redness?utm_source=chat",
    " (see www.example.com/faq)",
])
def test_a_question_with_a_link_gets_the_answer_it_gets_without_it(article_bot, question, link):
    plain = article_bot.ask(question)
    a = article_bot.ask(question + link)
    assert (a.answered, a.section_id, a.confidence) == (plain.answered, plain.section_id, plain.confidence), a.explain
    assert a.question == question + link
