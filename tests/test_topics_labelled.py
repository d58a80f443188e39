"""Topic grouping on a larger hand-labelled set (tests/data/topics-labelled.json): visitors' questions to a clinic, a
salon, a gym, a shop and a restaurant, with topics of one business that share common words ("where is the clinic",
"can I park at the clinic", "is the clinic open sunday") and paraphrases that share few. Split by topic: the grouping
was tuned on `dev` only; `heldout` was measured, never tuned on. Pairwise precision (pairs grouped that share a true
topic) and recall (true pairs grouped), each half clustered as one log. `short_pairs`: two phrasings of a topic that
share one content word, one with a question word the other lacks, each asked without other phrasings of its topic.

    PYTHONPATH=.:tests .venv/bin/python tests/test_topics_labelled.py [-v]   # the figures (and the pairs with -v)
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

LABELLED = Path(__file__).parent / "data" / "topics-labelled.json"


def _rows(texts):
    from bot.store import QuestionRow

    return [QuestionRow(1000.0 + i, t, "no_answer", False, None, 0.1, f"visitor-{i}") for i, t in enumerate(texts)]


def topics(half: str) -> list[list[str]]:
    return [t["phrasings"] for t in json.loads(LABELLED.read_text(encoding="utf-8"))[half]]


def grouped(texts) -> dict[str, int]:
    """Each text's group number, the texts clustered as one log."""
    from bot.topics import group_questions

    return {" ".join(t.split()): n for n, g in enumerate(group_questions(_rows(texts))) for t, _ in g.phrasings}


def measure(labelled: list[list[str]]) -> dict:
    """Pairwise precision and recall of group_questions on the labelled topics, with the pairs behind them."""
    truth = {t: n for n, topic in enumerate(labelled) for t in topic}
    found = grouped(truth)
    # "Do you sell GIFT cards!!" (tests/test_report.py) is shown as one phrasing with "do you sell gift cards"
    pairs = list(itertools.combinations([t for t in truth if t in found], 2))
    together = [(a, b) for a, b in pairs if found[a] == found[b]]
    wrong = [(a, b) for a, b in together if truth[a] != truth[b]]
    missed = [(a, b) for a, b in pairs if truth[a] == truth[b] and found[a] != found[b]]
    right = len(together) - len(wrong)
    true_pairs = right + len(missed)
    return {"precision": right / max(1, len(together)), "recall": right / true_pairs, "pairs": len(pairs),
            "right": right, "grouped": len(together), "true": true_pairs, "wrong": wrong, "missed": missed}


# Measured (bot/clusters.py KIND_PENALTY 0.03): dev 0.78 / 0.26 (28 of 36 grouped pairs right, of 109 true pairs),
# heldout 0.77 / 0.24 (24 of 31, of 102). Without it: dev 0.72 / 0.24 (26 of 36), heldout 0.73 / 0.24 (24 of 33).
# Recall is low on both: most paraphrases in them share no content word, stem or synonym ("how do I find you" /
# "where is the clinic", "I want to quit the gym" / "cancel gym membership"), which lexical grouping cannot see.
@pytest.mark.parametrize("half, precision_floor, recall_floor", [("dev", 0.75, 0.25), ("heldout", 0.75, 0.22)])
def test_topic_grouping_on_the_labelled_set(half, precision_floor, recall_floor):
    m = measure(topics(half))
    print(f"{half}: precision {m['precision']:.2f}, recall {m['recall']:.2f} over {m['pairs']} pairs")
    assert m["precision"] >= precision_floor and m["recall"] >= recall_floor, (m["wrong"], m["missed"])


def test_a_question_word_breaks_the_tie_for_a_question_on_a_common_word():
    # "where is the clinic" has one content stem, "clinic", which every longer clinic question holds (|A & B| / the
    # smaller set: 1): it joined "can I park at the clinic". Asking "where", unlike them, it now joins the address.
    found = grouped([t for topic in topics("dev") for t in topic])
    assert found["where is the clinic"] == found["what's the clinic's address"] == found["directions to the clinic"]
    assert found["where is the clinic"] != found["can I park at the clinic"]
    assert found["can I park at the clinic"] == found["is there parking at the clinic"] == found["is there a car park"]


# The short pairs grouped before the question words broke ties, and still: a question word that only one of them has
# must not part them. Those it never grouped share less ("when is the pool open" / "pool hours?").
TOGETHER = ["where can I park", "how much is a facial", "how often should I get a massage",
            "where are the changing rooms", "how many sessions will I need", "when is the sale"]


def test_a_question_word_does_not_part_two_phrasings_that_share_their_topic_word():
    pairs = topics("short_pairs")
    found = grouped([t for pair in pairs for t in pair])
    with_first = {pair[0]: pair for pair in pairs}
    for first in TOGETHER:
        assert found[first] == found[with_first[first][1]], with_first[first]
    m = measure(pairs)
    assert m["wrong"] == [], m["wrong"]


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from test_report import TOPICS

    for name, labelled in [("dev", topics("dev")), ("heldout", topics("heldout")), ("short_pairs", topics("short_pairs")),
                           ("TOPICS", TOPICS)]:
        m = measure(labelled)
        print(f"{name}: precision {m['precision']:.3f} ({m['right']}/{m['grouped']}) recall {m['recall']:.3f} "
              f"({m['right']}/{m['true']}) over {m['pairs']} pairs")
        if "-v" in sys.argv:
            for a, b in m["wrong"]:
                print("   WRONG", a, "|", b)
            for a, b in m["missed"]:
                print("   MISSED", a, "|", b)
