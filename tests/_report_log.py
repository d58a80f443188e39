"""Question logs that `faqbot report` (tests/test_report_sql.py) and the dashboard (tests/test_admin_summary_sql.py)
are tested on: the fixed log behind their pinned outputs (its phrasings, how it is written, and how the outputs are
made independent of the day they are read on), and a large log for their memory tests.

The pinned outputs depend on every draw from the fixed log's random generator, in order: change nothing here that
draws from it, or the order of the draws, without making the pins again (each test file's __main__ says how).
"""

from __future__ import annotations

import random
import re
import time
from datetime import date
from typing import Callable

from bot.model import Answer
from bot.store import Store

DAY = 86_400
UNANSWERED = [  # (phrasing, how often it comes): paraphrases, case, punctuation and spacing variants
    ("Do you sell gift cards?", 9), ("do you sell gift cards", 5), ("Do you sell GIFT cards!!", 2),
    ("do  you sell gift cards", 2), ("can I buy a gift card", 4), ("gift vouchers?", 2),
    ("where can I park", 6), ("Where can I park?", 3), ("is there parking", 2),
    ("do you open on sundays", 4), ("are you open on sunday", 3), ("sunday opening", 1),
    ("can I bring my dog", 3), ("are dogs allowed", 2), ("how do I pay", 2), ("can I pay by card", 2),
    ("do you take credit cards", 1), ("what is the capital of france", 1), ("who won the world cup", 1),
    ("do you do botox", 3), ("botox prices", 2), ("can I swim after a peel", 1), ("is swimming ok after my peel", 1),
    ("Ünïcode accents café?", 1), ("unicode accents cafe", 1),
]
LOW = [("is makeup ok the next day", 5), ("can I wear makeup", 3), ("how much is it", 4), ("prices?", 2),
       ("how long will I be red", 2)]
CONFIDENT = [("how long does redness last", 20), ("what does it cost", 15), ("aftercare", 10)]
SMALLTALK = [("hello", 6), ("thanks!", 4)]


def log_questions(url: str, seed: int, now: float,
                  section: Callable[[random.Random, int, str | None], str | None]) -> tuple[Store, random.Random]:
    """Log each phrasing of UNANSWERED, LOW, CONFIDENT and SMALLTALK as often as it comes, in an order drawn from
    random.Random(seed), as `faqbot serve` writes them (Store.entry, Store.log_questions), within 20 days before
    `now`. section(rng, i, how) names the section of the i-th question (how: "low", "high" or None); it is called
    first for each, then the confidence, the address and the time are drawn. Returns the store and the generator, for
    the votes that follow."""
    rng = random.Random(seed)
    store = Store(url, salt=b"s" * 32)
    plan = ([(t, "no_answer", None) for t, n in UNANSWERED for _ in range(n)]
            + [(t, "answer", "low") for t, n in LOW for _ in range(n)]
            + [(t, "answer", "high") for t, n in CONFIDENT for _ in range(n)]
            + [(t, "smalltalk", None) for t, n in SMALLTALK for _ in range(n)])
    rng.shuffle(plan)
    entries = []
    for i, (text, kind, how) in enumerate(plan):
        section_id = section(rng, i, how)
        confidence = (round(rng.uniform(0.5, 0.64), 2) if how == "low" else round(rng.uniform(0.7, 1.0), 2)
                      if how else round(rng.uniform(0.0, 0.4), 2) if kind == "no_answer" else 0.0)
        answer = Answer(question=text, answered=kind == "answer", kind=kind, answer="...", section_id=section_id,
                        confidence=confidence)
        address = None if i % 7 == 0 else f"10.0.0.{rng.randrange(12)}"  # some rows without an address
        entry = store.entry(answer, address=address, index_version="v1")
        # distinct times, all in the past, each the same number of days before `now` whatever its time of day
        asked = now - rng.randrange(20) * DAY - rng.uniform(1, 60) - i
        entries.append((asked,) + tuple(entry[1:]))
    store.log_questions(entries)
    return store, rng


def log_40_000(url: str, section_id: str) -> Store:
    """40,000 questions of 40 texts, one a minute back from now (28 days), in 40 batches of 1,000 from 250 addresses
    each: 1 in 3 answered from `section_id` at 0.55, the others unanswered at 0.1."""
    store = Store(url, salt=b"s" * 32)
    now = time.time()
    for chunk in range(40):
        store.log_questions([(now - (chunk * 1000 + i) * 60,) + tuple(store.entry(
            Answer(question=f"question {i % 40}", answered=i % 3 == 0, kind="answer" if i % 3 == 0 else "no_answer",
                   answer="...", section_id=section_id if i % 3 == 0 else None, confidence=0.55 if i % 3 == 0
                   else 0.1), address=f"10.0.{chunk}.{i % 250}"))[1:] for i in range(1000)])
    return store


def start() -> float:
    """Now, or in a few minutes when midnight UTC is near: the log's days (up to 400 s before now) and the
    report's must be the same whatever the time of day."""
    now = time.time()
    if now % DAY < 600 or now % DAY > DAY - 60:
        time.sleep((600 - now % DAY) % DAY + 1)
    return time.time()


def relative(text: str, today: date) -> str:
    """Each date as days before `today` ('D-3'), so that the expected output holds on any day."""
    return re.sub(r"\d{4}-\d\d-\d\d", lambda m: f"D-{(today - date.fromisoformat(m.group())).days}", text)
