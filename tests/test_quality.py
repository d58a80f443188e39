"""Quality floors on the HELD-OUT questions (never used for tuning), through `faqbot eval`'s code.

The floors sit a little under what the engine reaches today (docs/quality.md), so a change that
makes matching clearly worse fails here; they are not the issue's targets.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.evaluate import evaluate, load_questions

HELDOUT = Path(__file__).parent / "data" / "questions" / "article-heldout.jsonl"

FLOORS = {
    "top1": 0.82,  # right section first, and answered (0.855 at this commit)
    "top3": 0.94,  # right section among answer + suggestions (0.968)
    "mrr": 0.90,  # (0.936)
    "oos_refused": 0.84,  # (0.88)
    "fact_in_answer": 0.70,  # the concise answer holds the asked fact (0.77)
}
CEILINGS = {"in_scope_refused": 0.08}  # (0.048)


@pytest.fixture(scope="module")
def report(article_bot):
    return evaluate(article_bot, load_questions(HELDOUT))


@pytest.mark.parametrize("name,floor", sorted(FLOORS.items()))
def test_heldout_figure_is_above_its_floor(report, name, floor):
    assert report[name] >= floor, f"{name} = {report[name]} < {floor}"


@pytest.mark.parametrize("name,ceiling", sorted(CEILINGS.items()))
def test_heldout_figure_is_below_its_ceiling(report, name, ceiling):
    assert report[name] <= ceiling, f"{name} = {report[name]} > {ceiling}"


def test_heldout_split_is_not_the_dev_split():
    dev = {q["query"] for q in load_questions(HELDOUT.with_name("article-dev.jsonl"))}
    held = {q["query"] for q in load_questions(HELDOUT)}
    assert not dev & held


def test_confidence_is_roughly_calibrated(report):
    # Among confident answers (>= 0.7), most are right; among unsure ones (< 0.3), few are.
    bins = {b["bin"]: b for b in report["calibration"]}
    high = [b for k, b in bins.items() if float(k.split("-")[0]) >= 0.7]
    n_high = sum(b["n"] for b in high)
    assert n_high and sum(b["n"] * b["right"] for b in high) / n_high >= 0.8
    low = [b for k, b in bins.items() if float(k.split("-")[1]) <= 0.3]
    n_low = sum(b["n"] for b in low)
    assert n_low and sum(b["n"] * b["right"] for b in low) / n_low <= 0.3


def test_a_question_heading_asked_as_written_is_answered_from_its_section(article_bot, faq_bots):
    # A visitor who types the FAQ's own question gets its answer. (A confidence fitted on visitors' questions,
    # where a perfect match is rarer than a near one, can bend down at the edge: one that also weighed products
    # of features, with "driving" left unstemmed, refused "How much does a driving lesson cost?" at 0.38. The article's first heading
    # is also its title: the introduction answers it.)
    for bot in [article_bot, *faq_bots.values()]:
        sections = bot.sections()
        for section in sections:
            if section.id.endswith("/introduction") or section.heading == sections[0].heading:
                continue
            a = bot.ask(section.heading)
            assert a.answered and a.section_id == section.id, (section.heading, a.section_id, a.confidence)


def test_a_new_users_three_entry_faq_answers_its_own_questions_in_other_words(tmp_path):
    # What a site owner tries first (issue 13): three entries, then their own questions. A question that says
    # more than the heading ("my car") is still the parking question; one about something else is not answered.
    from _files import csv_bot

    bot = csv_bot(tmp_path, [
        "question,answer",
        "Where can I park?,There is free parking behind the building on Elm Street. The car park opens at 7 am.",
        'What are your opening hours?,"We are open Monday to Friday from 9 am to 6 pm, and on Saturday from 10 am."',
        'Do you take credit cards?,"Yes, we accept Visa, Mastercard and American Express, as well as cash."',
    ])
    for question, heading in [("where can I park my car?", "Where can I park?"),
                              ("is there parking", "Where can I park?"),
                              ("when are you open", "What are your opening hours?"),
                              ("what are your hours", "What are your opening hours?"),
                              ("can I pay by card", "Do you take credit cards?")]:
        a = bot.ask(question)
        assert a.answered and a.heading == heading, (question, a.heading, a.confidence)
    for question in ("what is the capital of france", "do you sell shoes"):
        assert not bot.ask(question).answered, question
