"""Topic grouping on a larger hand-labelled set (tests/data/topics-labelled.json): visitors' questions to a clinic, a
salon, a gym, a shop and a restaurant, with topics of one business that share common words ("where is the clinic",
"can I park at the clinic", "is the clinic open sunday") and paraphrases that share few. Split by topic: the grouping
was tuned on `dev` only; `heldout` was measured, never tuned on. Pairwise precision (pairs grouped that share a true
topic) and recall (true pairs grouped), each half clustered as one log.

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


def measure(labelled: list[list[str]]) -> dict:
    """Pairwise precision and recall of group_questions on the labelled topics, with the pairs behind them."""
    from bot.topics import group_questions

    truth = {t: n for n, topic in enumerate(labelled) for t in topic}
    groups = group_questions(_rows(truth))
    found = {" ".join(t.split()): n for n, g in enumerate(groups) for t, _ in g.phrasings}
    # "Do you sell GIFT cards!!" (tests/test_report.py) is shown as one phrasing with "do you sell gift cards"
    pairs = list(itertools.combinations([t for t in truth if t in found], 2))
    grouped = [(a, b) for a, b in pairs if found[a] == found[b]]
    wrong = [(a, b) for a, b in grouped if truth[a] != truth[b]]
    missed = [(a, b) for a, b in pairs if truth[a] == truth[b] and found[a] != found[b]]
    right = len(grouped) - len(wrong)
    true_pairs = right + len(missed)
    return {"precision": right / max(1, len(grouped)), "recall": right / true_pairs, "pairs": len(pairs),
            "right": right, "grouped": len(grouped), "true": true_pairs, "wrong": wrong, "missed": missed}


# Measured: dev 0.94 / 0.27 (29 of 31 grouped pairs right, of 109 true pairs), heldout 0.77 / 0.23 (23 of 30, of 102).
# Before "where", "when", "many", "often" and "how much" were read (bot/clusters.py ANSWER_KIND_WORDS, HOW_MUCH):
# dev 0.72 / 0.24 (26 of 36), heldout 0.73 / 0.24 (24 of 33). Recall is low on both: most paraphrases in them share
# no content word, stem or synonym ("how do I find you" / "where is the clinic", "I want to quit the gym" / "cancel
# gym membership"), which lexical grouping cannot see.
@pytest.mark.parametrize("half, precision_floor, recall_floor", [("dev", 0.9, 0.24), ("heldout", 0.74, 0.2)])
def test_topic_grouping_on_the_labelled_set(half, precision_floor, recall_floor):
    m = measure(topics(half))
    print(f"{half}: precision {m['precision']:.2f}, recall {m['recall']:.2f} over {m['pairs']} pairs")
    assert m["precision"] >= precision_floor and m["recall"] >= recall_floor, (m["wrong"], m["missed"])


def test_a_question_on_a_common_word_is_not_inside_every_longer_one():
    # The review's clinic log: "where is the clinic" and "is there a bus to the clinic" shared their one content stem,
    # "clinic", with "can I park at the clinic" (|A & B| / the smaller set: 1) and joined the parking group; what a
    # visitor asks ("where", "how much": a price) now tells them apart, and "parking nearby?" is left in it.
    import sys

    from bot.topics import group_questions

    sys.path.insert(0, str(Path(__file__).parent))
    from test_report import TOPICS

    texts = [t for topic in TOPICS for t in topic] + [
        "where is the clinic", "is there a bus to the clinic", "can I park at the clinic", "parking nearby?",
        "how much is a haircut", "haircut prices", "can I book a haircut online", "how much is delivery"]
    groups = {t: n for n, g in enumerate(group_questions(_rows(texts))) for t, _ in g.phrasings}
    parking = groups["can I park at the clinic"]
    assert groups["is there parking near the clinic"] == groups["parking?"] == groups["parking nearby?"] == parking
    assert parking not in (groups["where is the clinic"], groups["is there a bus to the clinic"])
    # "how much" asks a price: "how much is a haircut" is not "can I book a haircut online", nor "how much is delivery"
    assert len({groups["how much is a haircut"], groups["can I book a haircut online"],
                groups["how much is delivery"]}) == 3
    assert groups["how much is a haircut"] == groups["haircut prices"]


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from test_report import TOPICS

    for name, labelled in [("dev", topics("dev")), ("heldout", topics("heldout")), ("TOPICS", TOPICS)]:
        m = measure(labelled)
        print(f"{name}: precision {m['precision']:.3f} ({m['right']}/{m['grouped']}) recall {m['recall']:.3f} "
              f"({m['right']}/{m['true']}) over {m['pairs']} pairs")
        if "-v" in sys.argv:
            for a, b in m["wrong"]:
                print("   WRONG", a, "|", b)
            for a, b in m["missed"]:
                print("   MISSED", a, "|", b)
