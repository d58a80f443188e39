"""found_long: a long message to a small knowledge base is judged by how much of its subject the best entry holds,
not by its share alone (bot/best.py). Real builds of the dev small FAQs (tests/data/faqs), asked through the engine."""

from __future__ import annotations

import csv

import pytest

from bot.cli import main
from bot.engine import Bot
from bot.settings import Settings
from _env import ROOT

FAQS = ROOT / "tests" / "data" / "faqs"


def _bot(content, index) -> Bot:
    assert main(["build", "--content", str(content), "--index", str(index), "--quiet"]) == 0
    return Bot.from_index(Settings.from_env({}, index_dir=str(index), content_dir=str(content)))


@pytest.fixture(scope="module")
def faqs(tmp_path_factory):
    root = tmp_path_factory.mktemp("found-long")
    bots = {name: _bot(FAQS / name, root / name) for name in ("removals", "music-school")}
    yield bots
    for b in bots.values():
        b.close()


@pytest.mark.parametrize("name, message, section", [
    # A story, then the question: most of its words are the visitor's, not the FAQ's (both were refused at 0.2).
    ("removals", "our buyer's solicitor reckons completion might slip by a week, can we shift the day we booked with you",
     "removals/what-if-my-completion-date-changes"),
    ("music-school", "money's tight this month, if i pay tuition on the 15th instead of the 1st is there a penalty for "
                     "that?", "music-school/how-can-i-pay-for-lessons"),
])
def test_a_long_message_whose_subject_one_entry_holds_is_answered_from_it(faqs, name, message, section):
    a = faqs[name].ask(message)
    assert a.explain["found_long"] > 0
    assert a.answered and a.section_id == section, (a.confidence, a.explain.get("reason"))


def test_a_message_of_a_few_subject_words_keeps_its_confidence(faqs):
    # Up to four subject terms it counts for nothing: "hi there, i have an appointment on saturday but i'm not well,
    # can i move it to next week?" is long in words but asks of four things, and a few words meet some entry.
    for message in ("can we change our moving date", "hi there, i have an appointment on saturday but i'm not well, "
                                                      "can i move it to next week?"):
        a = faqs["removals"].ask(message)
        assert a.explain["found_long"] == 0.0, message


def test_a_large_knowledge_base_is_left_as_it_was(tmp_path):
    # From 60 sections it counts for nothing: the more entries, the likelier one holds a few words of a long
    # off-topic message by chance.
    content = tmp_path / "content"
    content.mkdir()
    with open(content / "faq.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["question", "answer"])
        w.writerow(["Can we change our moving date?", "Yes: tell us as soon as your completion date moves and we "
                    "rebook the van and the crew for the new day at no charge."])
        for k in range(70):
            w.writerow([f"What is rule number {k} of the {k}th club?", f"Rule {k} says members bring item {k}."])
    b = _bot(content, tmp_path / "index")
    try:
        a = b.ask("our buyer's solicitor reckons completion might slip by a week, can we shift the day we booked")
        assert a.explain["found"] > 0 and a.explain["found_long"] == 0.0
    finally:
        b.close()
