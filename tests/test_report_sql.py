"""`faqbot report` reads the log through aggregate queries: the same report as when it loaded every row.

The expected reports below (EXPECTED) were produced by the report of main at bc58afd, which loaded every logged row
into memory, on the log `build_log` makes: generated once with that code and pasted here, dates written as days
before the day the report ran. The report that aggregates in SQL must print the same, text and --json, on SQLite
and on PostgreSQL.
"""

from __future__ import annotations

import io
import json
import random
import re
import time
from datetime import date, datetime, timezone

import pytest

from bot.model import Answer
from bot.report import report
from bot.settings import Settings
from bot.store import Store

DAY = 86_400
SECTIONS = ["doc/redness", "doc/makeup", "doc/prices", "doc/parking", "doc/aftercare"]
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


def build_log(url: str, now: float) -> None:
    """A fixed log of 180-odd questions over 20 days and 40 votes, written as `faqbot serve` writes it (Store.entry,
    Store.log_questions, Store.log_feedback); times are set relative to `now`."""
    rng = random.Random(55)
    store = Store(url, salt=b"s" * 32)
    plan = ([(t, "no_answer", None) for t, n in UNANSWERED for _ in range(n)]
            + [(t, "answer", "low") for t, n in LOW for _ in range(n)]
            + [(t, "answer", "high") for t, n in CONFIDENT for _ in range(n)]
            + [(t, "smalltalk", None) for t, n in SMALLTALK for _ in range(n)])
    rng.shuffle(plan)
    entries = []
    for i, (text, kind, how) in enumerate(plan):
        section = rng.choice(SECTIONS[:3]) if how == "low" else SECTIONS[i % len(SECTIONS)] if how else None
        confidence = (round(rng.uniform(0.5, 0.64), 2) if how == "low" else round(rng.uniform(0.7, 1.0), 2)
                      if how else round(rng.uniform(0.0, 0.4), 2) if kind == "no_answer" else 0.0)
        answer = Answer(question=text, answered=kind == "answer", kind=kind, answer="...", section_id=section,
                        confidence=confidence)
        address = None if i % 7 == 0 else f"10.0.0.{rng.randrange(12)}"  # some rows without an address
        entry = store.entry(answer, address=address, index_version="v1")
        # distinct times, all in the past, each the same number of days before `now` whatever its time of day
        asked = now - rng.randrange(20) * DAY - rng.uniform(1, 60) - i
        entries.append((asked,) + tuple(entry[1:]))
    store.log_questions(entries)
    votes = [(rng.choice(SECTIONS + [None]), rng.random() < 0.6) for _ in range(40)]
    for n, (section, helpful) in enumerate(votes, start=1):
        store.log_feedback("a voted question", section, helpful)
        store.execute("UPDATE faqbot_feedback SET given_at = ? WHERE id = ?", (now - (n % 15) * DAY - 100, n))


def relative(text: str, today: date) -> str:
    """Each date as days before `today` ('D-3'), so that the expected output holds on any day."""
    return re.sub(r"\d{4}-\d\d-\d\d", lambda m: f"D-{(today - date.fromisoformat(m.group())).days}", text)


def outputs(url: str) -> dict[str, str]:
    """The four reports of the log at `url`: all and --since 7, text and --json."""
    found = {}
    for since in (None, 7):
        for as_json in (False, True):
            out = io.StringIO()
            assert report(Settings(database_url=url, threshold=0.5), since_days=since, out=out,
                          as_json=as_json) == 0
            today = datetime.now(timezone.utc).date()
            found[f"{'json' if as_json else 'text'} since {since}"] = relative(out.getvalue(), today)
    return found


def start() -> float:
    """Now, or in a few minutes when midnight UTC is near: the log's days (up to 400 s before now) and the
    report's must be the same whatever the time of day."""
    now = time.time()
    if now % DAY < 600 or now % DAY > DAY - 60:
        time.sleep((600 - now % DAY) % DAY + 1)
    return time.time()


def _check(url: str) -> None:
    build_log(url, start())
    found = outputs(url)
    for name, expected in EXPECTED.items():
        if name.startswith("json"):
            assert json.loads(found[name]) == json.loads(expected), name
        assert found[name] == expected, name


def test_the_report_of_a_small_log_is_the_one_that_loaded_every_row(tmp_path):
    _check(f"sqlite:///{tmp_path}/faqbot.sqlite3")


def test_the_report_of_a_small_log_on_postgresql(postgres_url):
    _check(postgres_url)


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    """A fresh log on SQLite, and on PostgreSQL when a test server is given."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/faqbot.sqlite3"
    return request.getfixturevalue("postgres_url")


def random_log(url: str, seed: int, now: float) -> None:
    """A log of a few hundred questions drawn at random from few texts: repeats, variants, texts answered from
    several sections (one of them since renamed), visitors who ask several phrasings, rows without an address."""
    rng = random.Random(seed)
    store = Store(url, salt=b"s" * 32)
    texts = [t for t, _ in UNANSWERED + LOW]
    entries = []
    for i in range(rng.randrange(50, 400)):
        text = rng.choice(texts)
        kind = rng.choice(["no_answer", "answer", "answer", "smalltalk"])
        answer = Answer(question=text, answered=kind == "answer", kind=kind, answer="...",
                        section_id=rng.choice(SECTIONS + ["doc/old-name"]) if kind == "answer" else None,
                        confidence=rng.choice([0.1, 0.3, 0.55, 0.6, 0.62, 0.7, 0.9]))
        entry = store.entry(answer, address=rng.choice([None, "1.1.1.1", "2.2.2.2", "3.3.3.3", f"9.9.9.{i}"]))
        entries.append((now - rng.randrange(30) * DAY - rng.uniform(1, 60) - i,) + tuple(entry[1:]))
    store.log_questions(entries)
    for n in range(1, rng.randrange(2, 30)):
        store.log_feedback("a voted question", rng.choice(SECTIONS + ["doc/old-name", None]), rng.random() < 0.5)
        store.execute("UPDATE faqbot_feedback SET given_at = ? WHERE id = ?", (now - rng.randrange(30) * DAY, n))


@pytest.mark.parametrize("seed", range(6))
def test_the_report_read_summed_is_the_report_of_every_row(url, seed):
    # The oracle: `summarize`, given every row (as the report was before), with a renamed section followed.
    from bot.moves import followed
    from bot.report import summarize, summarize_log

    now = start()
    random_log(url, seed, now)
    store = Store(url)
    moved = {"doc/old-name": "doc/makeup"}
    for since, top in ((None, 15), (now - 7 * DAY, 15), (None, 3), (now - 12 * DAY, 2)):
        rows = followed(store.questions(since), moved)
        expected = summarize(rows, followed(store.feedback(since), moved), 0.5, top=top, since=since)
        found = summarize_log(store, 0.5, since, moved=moved, top=top)
        assert found == expected, (since, top)


def test_the_report_holds_no_row_of_the_log_in_memory(tmp_path):
    # 40,000 questions: the report that read every row held them all (about 30 MB of Python objects at its peak);
    # read summed, it holds one row per text.
    import tracemalloc

    url = f"sqlite:///{tmp_path}/faqbot.sqlite3"
    store = Store(url, salt=b"s" * 32)
    now = time.time()
    for chunk in range(40):
        store.log_questions([(now - (chunk * 1000 + i) * 60,) + tuple(store.entry(
            Answer(question=f"question {i % 40}", answered=i % 3 == 0, kind="answer" if i % 3 == 0 else "no_answer",
                   answer="...", section_id="doc/a" if i % 3 == 0 else None, confidence=0.55 if i % 3 == 0 else 0.1),
            address=f"10.0.{chunk}.{i % 250}"))[1:] for i in range(1000)])
    settings = Settings(database_url=url, threshold=0.5)
    assert report(settings, since_days=None, out=io.StringIO(), as_json=True) == 0  # imports and caches warm
    tracemalloc.start()
    out = io.StringIO()
    try:
        assert report(settings, since_days=None, out=out, as_json=True) == 0
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    data = json.loads(out.getvalue())
    assert (data["questions"], data["answered"], data["unanswered"]) == (40_000, 13_360, 26_640)
    assert peak < 5_000_000, f"{peak:,} bytes"


def test_phrasings_past_those_clustered_are_said(tmp_path):
    from bot.topics import MAX_CLUSTERED

    url = f"sqlite:///{tmp_path}/faqbot.sqlite3"
    store = Store(url, salt=b"s" * 32)
    store.log_questions([store.entry(Answer(question=f"where is shop number {n}", answered=False, kind="no_answer",
                                            answer="...", confidence=0.1)) for n in range(MAX_CLUSTERED + 3)])
    out = io.StringIO()
    assert report(Settings(database_url=url), since_days=None, out=out, as_json=True) == 0
    assert json.loads(out.getvalue())["unanswered_not_clustered"] == 3
    out = io.StringIO()
    assert report(Settings(database_url=url), since_days=None, out=out) == 0
    assert (f"  (3 rarer distinct phrasings not grouped by topic: only the {MAX_CLUSTERED:,} most asked are, "
            "the others count as groups of their own)\n") in out.getvalue()


EXPECTED: dict[str, str] = {  # made by main at bc58afd (the report that loaded every row): see the docstring
    'text since None': (
        'faqbot report: 135 questions in all (61 answered, 64 unanswered, 10 small talk)\n'
        '\n'
        'Questions per day (UTC; the last 14 of 20 days), answered share:\n'
        '  D-13      8   62% answered  ######################\n'
        '  D-12      9   22% answered  #########################\n'
        '  D-11      6   83% answered  ################\n'
        '  D-10      7   14% answered  ###################\n'
        '  D-9      9   44% answered  #########################\n'
        '  D-8     10   60% answered  ###########################\n'
        '  D-7      5   40% answered  ##############\n'
        '  D-6     11   36% answered  ##############################\n'
        '  D-5      4   25% answered  ###########\n'
        '  D-4      0     - answered  \n'
        '  D-3      7   71% answered  ###################\n'
        '  D-2      4   25% answered  ###########\n'
        '  D-1      8   50% answered  ######################\n'
        '  D-0      5   80% answered  ##############\n'
        '\n'
        'Most frequent unanswered questions, grouped by topic (candidates for new sections or alternate phrasings; /admin attaches them to a section):\n'
        '    24x  Do you sell gift cards?  (last D-1, 11 visitors)\n'
        '         also: can I buy a gift card (4x); gift vouchers? (2x)\n'
        '    11x  where can I park  (last D-1, 6 visitors)\n'
        '         also: is there parking (2x)\n'
        '     8x  do you open on sundays  (last D-2, 5 visitors)\n'
        '         also: are you open on sunday (3x); sunday opening (1x)\n'
        '     5x  can I pay by card  (last D-6, 4 visitors)\n'
        '         also: how do I pay (2x); do you take credit cards (1x)\n'
        '     5x  do you do botox  (last D-6, 4 visitors)\n'
        '         also: botox prices (2x)\n'
        '     3x  can I bring my dog  (last D-0, 2 visitors)\n'
        '     2x  are dogs allowed  (last D-10, 2 visitors)\n'
        '     2x  Ünïcode accents café?  (last D-2, 2 visitors)\n'
        '     2x  can I swim after a peel  (last D-1, 1 visitor)\n'
        '         also: is swimming ok after my peel (1x)\n'
        '     1x  what is the capital of france  (last D-8, 1 visitor)\n'
        '     1x  who won the world cup  (last D-7)\n'
        '\n'
        'Low-confidence answers (answered below 0.65; check the match):\n'
        '     5x  0.54  is makeup ok the next day  -> doc/makeup\n'
        '     4x  0.57  how much is it  -> doc/prices\n'
        '     3x  0.57  can I wear makeup  -> doc/redness\n'
        '     2x  0.56  how long will I be red  -> doc/redness\n'
        '     2x  0.62  prices?  -> doc/prices\n'
        '\n'
        'Feedback per section (29 helpful, 11 not helpful; least helpful first):\n'
        '   33% helpful    1 up   2 down  (no section: unanswered)\n'
        '   57% helpful    4 up   3 down  doc/parking\n'
        '   67% helpful    4 up   2 down  doc/aftercare\n'
        '   82% helpful    9 up   2 down  doc/makeup\n'
        '   83% helpful    5 up   1 down  doc/redness\n'
        '   86% helpful    6 up   1 down  doc/prices\n'
    ),
    'json since None': (
        '{\n'
        ' "questions": 135,\n'
        ' "answered": 61,\n'
        ' "unanswered": 64,\n'
        ' "smalltalk": 10,\n'
        ' "threshold": 0.5,\n'
        ' "low_confidence_below": 0.65,\n'
        ' "top_unanswered": [\n'
        '  {\n'
        '   "question": "Do you sell gift cards?",\n'
        '   "count": 24,\n'
        '   "visitors": 11,\n'
        '   "confidence": 0.208,\n'
        '   "section_id": null,\n'
        '   "last_asked": "D-1",\n'
        '   "phrasings": [\n'
        '    {\n'
        '     "question": "Do you sell gift cards?",\n'
        '     "count": 18\n'
        '    },\n'
        '    {\n'
        '     "question": "can I buy a gift card",\n'
        '     "count": 4\n'
        '    },\n'
        '    {\n'
        '     "question": "gift vouchers?",\n'
        '     "count": 2\n'
        '    }\n'
        '   ]\n'
        '  },\n'
        '  {\n'
        '   "question": "where can I park",\n'
        '   "count": 11,\n'
        '   "visitors": 6,\n'
        '   "confidence": 0.18,\n'
        '   "section_id": null,\n'
        '   "last_asked": "D-1",\n'
        '   "phrasings": [\n'
        '    {\n'
        '     "question": "where can I park",\n'
        '     "count": 9\n'
        '    },\n'
        '    {\n'
        '     "question": "is there parking",\n'
        '     "count": 2\n'
        '    }\n'
        '   ]\n'
        '  },\n'
        '  {\n'
        '   "question": "do you open on sundays",\n'
        '   "count": 8,\n'
        '   "visitors": 5,\n'
        '   "confidence": 0.151,\n'
        '   "section_id": null,\n'
        '   "last_asked": "D-2",\n'
        '   "phrasings": [\n'
        '    {\n'
        '     "question": "do you open on sundays",\n'
        '     "count": 4\n'
        '    },\n'
        '    {\n'
        '     "question": "are you open on sunday",\n'
        '     "count": 3\n'
        '    },\n'
        '    {\n'
        '     "question": "sunday opening",\n'
        '     "count": 1\n'
        '    }\n'
        '   ]\n'
        '  },\n'
        '  {\n'
        '   "question": "can I pay by card",\n'
        '   "count": 5,\n'
        '   "visitors": 4,\n'
        '   "confidence": 0.212,\n'
        '   "section_id": null,\n'
        '   "last_asked": "D-6",\n'
        '   "phrasings": [\n'
        '    {\n'
        '     "question": "can I pay by card",\n'
        '     "count": 2\n'
        '    },\n'
        '    {\n'
        '     "question": "how do I pay",\n'
        '     "count": 2\n'
        '    },\n'
        '    {\n'
        '     "question": "do you take credit cards",\n'
        '     "count": 1\n'
        '    }\n'
        '   ]\n'
        '  },\n'
        '  {\n'
        '   "question": "do you do botox",\n'
        '   "count": 5,\n'
        '   "visitors": 4,\n'
        '   "confidence": 0.238,\n'
        '   "section_id": null,\n'
        '   "last_asked": "D-6",\n'
        '   "phrasings": [\n'
        '    {\n'
        '     "question": "do you do botox",\n'
        '     "count": 3\n'
        '    },\n'
        '    {\n'
        '     "question": "botox prices",\n'
        '     "count": 2\n'
        '    }\n'
        '   ]\n'
        '  },\n'
        '  {\n'
        '   "question": "can I bring my dog",\n'
        '   "count": 3,\n'
        '   "visitors": 2,\n'
        '   "confidence": 0.117,\n'
        '   "section_id": null,\n'
        '   "last_asked": "D-0",\n'
        '   "phrasings": [\n'
        '    {\n'
        '     "question": "can I bring my dog",\n'
        '     "count": 3\n'
        '    }\n'
        '   ]\n'
        '  },\n'
        '  {\n'
        '   "question": "are dogs allowed",\n'
        '   "count": 2,\n'
        '   "visitors": 2,\n'
        '   "confidence": 0.32,\n'
        '   "section_id": null,\n'
        '   "last_asked": "D-10",\n'
        '   "phrasings": [\n'
        '    {\n'
        '     "question": "are dogs allowed",\n'
        '     "count": 2\n'
        '    }\n'
        '   ]\n'
        '  },\n'
        '  {\n'
        '   "question": "\\u00dcn\\u00efcode accents caf\\u00e9?",\n'
        '   "count": 2,\n'
        '   "visitors": 2,\n'
        '   "confidence": 0.305,\n'
        '   "section_id": null,\n'
        '   "last_asked": "D-2",\n'
        '   "phrasings": [\n'
        '    {\n'
        '     "question": "\\u00dcn\\u00efcode accents caf\\u00e9?",\n'
        '     "count": 2\n'
        '    }\n'
        '   ]\n'
        '  },\n'
        '  {\n'
        '   "question": "can I swim after a peel",\n'
        '   "count": 2,\n'
        '   "visitors": 1,\n'
        '   "confidence": 0.31,\n'
        '   "section_id": null,\n'
        '   "last_asked": "D-1",\n'
        '   "phrasings": [\n'
        '    {\n'
        '     "question": "can I swim after a peel",\n'
        '     "count": 1\n'
        '    },\n'
        '    {\n'
        '     "question": "is swimming ok after my peel",\n'
        '     "count": 1\n'
        '    }\n'
        '   ]\n'
        '  },\n'
        '  {\n'
        '   "question": "what is the capital of france",\n'
        '   "count": 1,\n'
        '   "visitors": 1,\n'
        '   "confidence": 0.19,\n'
        '   "section_id": null,\n'
        '   "last_asked": "D-8",\n'
        '   "phrasings": [\n'
        '    {\n'
        '     "question": "what is the capital of france",\n'
        '     "count": 1\n'
        '    }\n'
        '   ]\n'
        '  },\n'
        '  {\n'
        '   "question": "who won the world cup",\n'
        '   "count": 1,\n'
        '   "visitors": null,\n'
        '   "confidence": 0.06,\n'
        '   "section_id": null,\n'
        '   "last_asked": "D-7",\n'
        '   "phrasings": [\n'
        '    {\n'
        '     "question": "who won the world cup",\n'
        '     "count": 1\n'
        '    }\n'
        '   ]\n'
        '  }\n'
        ' ],\n'
        ' "unanswered_groups": 11,\n'
        ' "top_low_confidence": [\n'
        '  {\n'
        '   "question": "is makeup ok the next day",\n'
        '   "count": 5,\n'
        '   "visitors": 3,\n'
        '   "confidence": 0.544,\n'
        '   "section_id": "doc/makeup",\n'
        '   "last_asked": "D-3",\n'
        '   "phrasings": [\n'
        '    {\n'
        '     "question": "is makeup ok the next day",\n'
        '     "count": 5\n'
        '    }\n'
        '   ]\n'
        '  },\n'
        '  {\n'
        '   "question": "how much is it",\n'
        '   "count": 4,\n'
        '   "visitors": 3,\n'
        '   "confidence": 0.573,\n'
        '   "section_id": "doc/prices",\n'
        '   "last_asked": "D-2",\n'
        '   "phrasings": [\n'
        '    {\n'
        '     "question": "how much is it",\n'
        '     "count": 4\n'
        '    }\n'
        '   ]\n'
        '  },\n'
        '  {\n'
        '   "question": "can I wear makeup",\n'
        '   "count": 3,\n'
        '   "visitors": null,\n'
        '   "confidence": 0.573,\n'
        '   "section_id": "doc/redness",\n'
        '   "last_asked": "D-0",\n'
        '   "phrasings": [\n'
        '    {\n'
        '     "question": "can I wear makeup",\n'
        '     "count": 3\n'
        '    }\n'
        '   ]\n'
        '  },\n'
        '  {\n'
        '   "question": "how long will I be red",\n'
        '   "count": 2,\n'
        '   "visitors": 2,\n'
        '   "confidence": 0.565,\n'
        '   "section_id": "doc/redness",\n'
        '   "last_asked": "D-9",\n'
        '   "phrasings": [\n'
        '    {\n'
        '     "question": "how long will I be red",\n'
        '     "count": 2\n'
        '    }\n'
        '   ]\n'
        '  },\n'
        '  {\n'
        '   "question": "prices?",\n'
        '   "count": 2,\n'
        '   "visitors": 2,\n'
        '   "confidence": 0.62,\n'
        '   "section_id": "doc/prices",\n'
        '   "last_asked": "D-8",\n'
        '   "phrasings": [\n'
        '    {\n'
        '     "question": "prices?",\n'
        '     "count": 2\n'
        '    }\n'
        '   ]\n'
        '  }\n'
        ' ],\n'
        ' "low_confidence_groups": 5,\n'
        ' "trend": [\n'
        '  {\n'
        '   "day": "D-19",\n'
        '   "questions": 5,\n'
        '   "answered": 3,\n'
        '   "unanswered": 2\n'
        '  },\n'
        '  {\n'
        '   "day": "D-18",\n'
        '   "questions": 8,\n'
        '   "answered": 4,\n'
        '   "unanswered": 3\n'
        '  },\n'
        '  {\n'
        '   "day": "D-17",\n'
        '   "questions": 5,\n'
        '   "answered": 2,\n'
        '   "unanswered": 3\n'
        '  },\n'
        '  {\n'
        '   "day": "D-16",\n'
        '   "questions": 8,\n'
        '   "answered": 3,\n'
        '   "unanswered": 4\n'
        '  },\n'
        '  {\n'
        '   "day": "D-15",\n'
        '   "questions": 7,\n'
        '   "answered": 3,\n'
        '   "unanswered": 4\n'
        '  },\n'
        '  {\n'
        '   "day": "D-14",\n'
        '   "questions": 9,\n'
        '   "answered": 2,\n'
        '   "unanswered": 4\n'
        '  },\n'
        '  {\n'
        '   "day": "D-13",\n'
        '   "questions": 8,\n'
        '   "answered": 5,\n'
        '   "unanswered": 3\n'
        '  },\n'
        '  {\n'
        '   "day": "D-12",\n'
        '   "questions": 9,\n'
        '   "answered": 2,\n'
        '   "unanswered": 6\n'
        '  },\n'
        '  {\n'
        '   "day": "D-11",\n'
        '   "questions": 6,\n'
        '   "answered": 5,\n'
        '   "unanswered": 0\n'
        '  },\n'
        '  {\n'
        '   "day": "D-10",\n'
        '   "questions": 7,\n'
        '   "answered": 1,\n'
        '   "unanswered": 6\n'
        '  },\n'
        '  {\n'
        '   "day": "D-9",\n'
        '   "questions": 9,\n'
        '   "answered": 4,\n'
        '   "unanswered": 3\n'
        '  },\n'
        '  {\n'
        '   "day": "D-8",\n'
        '   "questions": 10,\n'
        '   "answered": 6,\n'
        '   "unanswered": 4\n'
        '  },\n'
        '  {\n'
        '   "day": "D-7",\n'
        '   "questions": 5,\n'
        '   "answered": 2,\n'
        '   "unanswered": 3\n'
        '  },\n'
        '  {\n'
        '   "day": "D-6",\n'
        '   "questions": 11,\n'
        '   "answered": 4,\n'
        '   "unanswered": 6\n'
        '  },\n'
        '  {\n'
        '   "day": "D-5",\n'
        '   "questions": 4,\n'
        '   "answered": 1,\n'
        '   "unanswered": 3\n'
        '  },\n'
        '  {\n'
        '   "day": "D-4",\n'
        '   "questions": 0,\n'
        '   "answered": 0,\n'
        '   "unanswered": 0\n'
        '  },\n'
        '  {\n'
        '   "day": "D-3",\n'
        '   "questions": 7,\n'
        '   "answered": 5,\n'
        '   "unanswered": 2\n'
        '  },\n'
        '  {\n'
        '   "day": "D-2",\n'
        '   "questions": 4,\n'
        '   "answered": 1,\n'
        '   "unanswered": 3\n'
        '  },\n'
        '  {\n'
        '   "day": "D-1",\n'
        '   "questions": 8,\n'
        '   "answered": 4,\n'
        '   "unanswered": 4\n'
        '  },\n'
        '  {\n'
        '   "day": "D-0",\n'
        '   "questions": 5,\n'
        '   "answered": 4,\n'
        '   "unanswered": 1\n'
        '  }\n'
        ' ],\n'
        ' "feedback": {\n'
        '  "up": 29,\n'
        '  "down": 11,\n'
        '  "sections": [\n'
        '   {\n'
        '    "section_id": null,\n'
        '    "up": 1,\n'
        '    "down": 2,\n'
        '    "ratio": 0.333\n'
        '   },\n'
        '   {\n'
        '    "section_id": "doc/parking",\n'
        '    "up": 4,\n'
        '    "down": 3,\n'
        '    "ratio": 0.571\n'
        '   },\n'
        '   {\n'
        '    "section_id": "doc/aftercare",\n'
        '    "up": 4,\n'
        '    "down": 2,\n'
        '    "ratio": 0.667\n'
        '   },\n'
        '   {\n'
        '    "section_id": "doc/makeup",\n'
        '    "up": 9,\n'
        '    "down": 2,\n'
        '    "ratio": 0.818\n'
        '   },\n'
        '   {\n'
        '    "section_id": "doc/redness",\n'
        '    "up": 5,\n'
        '    "down": 1,\n'
        '    "ratio": 0.833\n'
        '   },\n'
        '   {\n'
        '    "section_id": "doc/prices",\n'
        '    "up": 6,\n'
        '    "down": 1,\n'
        '    "ratio": 0.857\n'
        '   }\n'
        '  ]\n'
        ' },\n'
        ' "since_days": null\n'
        '}\n'
    ),
    'text since 7': (
        'faqbot report: 39 questions in the last 7 days (19 answered, 19 unanswered, 1 small talk)\n'
        'The 7 days before: 54 questions (25 answered); change -28%\n'
        '\n'
        'Questions per day (UTC; the last 8 of 8 days), answered share:\n'
        '  D-7      0     - answered  \n'
        '  D-6     11   36% answered  ##############################\n'
        '  D-5      4   25% answered  ###########\n'
        '  D-4      0     - answered  \n'
        '  D-3      7   71% answered  ###################\n'
        '  D-2      4   25% answered  ###########\n'
        '  D-1      8   50% answered  ######################\n'
        '  D-0      5   80% answered  ##############\n'
        '\n'
        'Most frequent unanswered questions, grouped by topic (candidates for new sections or alternate phrasings; /admin attaches them to a section):\n'
        '     5x  Where can I park?  (last D-1, 4 visitors)\n'
        '         also: is there parking (1x)\n'
        '     5x  Do you sell gift cards?  (last D-1, 2 visitors)\n'
        '     2x  Ünïcode accents café?  (last D-2, 2 visitors)\n'
        '     2x  can I swim after a peel  (last D-1, 1 visitor)\n'
        '         also: is swimming ok after my peel (1x)\n'
        '     2x  do you open on sundays  (last D-2, 1 visitor)\n'
        '     1x  can I bring my dog  (last D-0, 1 visitor)\n'
        '     1x  do you do botox  (last D-6, 1 visitor)\n'
        '     1x  how do I pay  (last D-6, 1 visitor)\n'
        '\n'
        'Low-confidence answers (answered below 0.65; check the match):\n'
        '     2x  0.54  how much is it  -> doc/prices\n'
        '     1x  0.60  is makeup ok the next day  -> doc/makeup\n'
        '     1x  0.55  can I wear makeup  -> doc/redness\n'
        '\n'
        'Feedback per section (13 helpful, 7 not helpful; least helpful first):\n'
        '    0% helpful    0 up   2 down  (no section: unanswered)\n'
        '   50% helpful    2 up   2 down  doc/parking\n'
        '   75% helpful    3 up   1 down  doc/aftercare\n'
        '   75% helpful    3 up   1 down  doc/prices\n'
        '   80% helpful    4 up   1 down  doc/makeup\n'
        '  100% helpful    1 up   0 down  doc/redness\n'
    ),
    'json since 7': (
        '{\n'
        ' "questions": 39,\n'
        ' "answered": 19,\n'
        ' "unanswered": 19,\n'
        ' "smalltalk": 1,\n'
        ' "threshold": 0.5,\n'
        ' "low_confidence_below": 0.65,\n'
        ' "top_unanswered": [\n'
        '  {\n'
        '   "question": "Where can I park?",\n'
        '   "count": 5,\n'
        '   "visitors": 4,\n'
        '   "confidence": 0.194,\n'
        '   "section_id": null,\n'
        '   "last_asked": "D-1",\n'
        '   "phrasings": [\n'
        '    {\n'
        '     "question": "Where can I park?",\n'
        '     "count": 4\n'
        '    },\n'
        '    {\n'
        '     "question": "is there parking",\n'
        '     "count": 1\n'
        '    }\n'
        '   ]\n'
        '  },\n'
        '  {\n'
        '   "question": "Do you sell gift cards?",\n'
        '   "count": 5,\n'
        '   "visitors": 2,\n'
        '   "confidence": 0.21,\n'
        '   "section_id": null,\n'
        '   "last_asked": "D-1",\n'
        '   "phrasings": [\n'
        '    {\n'
        '     "question": "Do you sell gift cards?",\n'
        '     "count": 5\n'
        '    }\n'
        '   ]\n'
        '  },\n'
        '  {\n'
        '   "question": "\\u00dcn\\u00efcode accents caf\\u00e9?",\n'
        '   "count": 2,\n'
        '   "visitors": 2,\n'
        '   "confidence": 0.305,\n'
        '   "section_id": null,\n'
        '   "last_asked": "D-2",\n'
        '   "phrasings": [\n'
        '    {\n'
        '     "question": "\\u00dcn\\u00efcode accents caf\\u00e9?",\n'
        '     "count": 2\n'
        '    }\n'
        '   ]\n'
        '  },\n'
        '  {\n'
        '   "question": "can I swim after a peel",\n'
        '   "count": 2,\n'
        '   "visitors": 1,\n'
        '   "confidence": 0.31,\n'
        '   "section_id": null,\n'
        '   "last_asked": "D-1",\n'
        '   "phrasings": [\n'
        '    {\n'
        '     "question": "can I swim after a peel",\n'
        '     "count": 1\n'
        '    },\n'
        '    {\n'
        '     "question": "is swimming ok after my peel",\n'
        '     "count": 1\n'
        '    }\n'
        '   ]\n'
        '  },\n'
        '  {\n'
        '   "question": "do you open on sundays",\n'
        '   "count": 2,\n'
        '   "visitors": 1,\n'
        '   "confidence": 0.145,\n'
        '   "section_id": null,\n'
        '   "last_asked": "D-2",\n'
        '   "phrasings": [\n'
        '    {\n'
        '     "question": "do you open on sundays",\n'
        '     "count": 2\n'
        '    }\n'
        '   ]\n'
        '  },\n'
        '  {\n'
        '   "question": "can I bring my dog",\n'
        '   "count": 1,\n'
        '   "visitors": 1,\n'
        '   "confidence": 0.06,\n'
        '   "section_id": null,\n'
        '   "last_asked": "D-0",\n'
        '   "phrasings": [\n'
        '    {\n'
        '     "question": "can I bring my dog",\n'
        '     "count": 1\n'
        '    }\n'
        '   ]\n'
        '  },\n'
        '  {\n'
        '   "question": "do you do botox",\n'
        '   "count": 1,\n'
        '   "visitors": 1,\n'
        '   "confidence": 0.1,\n'
        '   "section_id": null,\n'
        '   "last_asked": "D-6",\n'
        '   "phrasings": [\n'
        '    {\n'
        '     "question": "do you do botox",\n'
        '     "count": 1\n'
        '    }\n'
        '   ]\n'
        '  },\n'
        '  {\n'
        '   "question": "how do I pay",\n'
        '   "count": 1,\n'
        '   "visitors": 1,\n'
        '   "confidence": 0.34,\n'
        '   "section_id": null,\n'
        '   "last_asked": "D-6",\n'
        '   "phrasings": [\n'
        '    {\n'
        '     "question": "how do I pay",\n'
        '     "count": 1\n'
        '    }\n'
        '   ]\n'
        '  }\n'
        ' ],\n'
        ' "unanswered_groups": 8,\n'
        ' "top_low_confidence": [\n'
        '  {\n'
        '   "question": "how much is it",\n'
        '   "count": 2,\n'
        '   "visitors": 2,\n'
        '   "confidence": 0.54,\n'
        '   "section_id": "doc/prices",\n'
        '   "last_asked": "D-2",\n'
        '   "phrasings": [\n'
        '    {\n'
        '     "question": "how much is it",\n'
        '     "count": 2\n'
        '    }\n'
        '   ]\n'
        '  },\n'
        '  {\n'
        '   "question": "is makeup ok the next day",\n'
        '   "count": 1,\n'
        '   "visitors": 1,\n'
        '   "confidence": 0.6,\n'
        '   "section_id": "doc/makeup",\n'
        '   "last_asked": "D-3",\n'
        '   "phrasings": [\n'
        '    {\n'
        '     "question": "is makeup ok the next day",\n'
        '     "count": 1\n'
        '    }\n'
        '   ]\n'
        '  },\n'
        '  {\n'
        '   "question": "can I wear makeup",\n'
        '   "count": 1,\n'
        '   "visitors": null,\n'
        '   "confidence": 0.55,\n'
        '   "section_id": "doc/redness",\n'
        '   "last_asked": "D-0",\n'
        '   "phrasings": [\n'
        '    {\n'
        '     "question": "can I wear makeup",\n'
        '     "count": 1\n'
        '    }\n'
        '   ]\n'
        '  }\n'
        ' ],\n'
        ' "low_confidence_groups": 3,\n'
        ' "trend": [\n'
        '  {\n'
        '   "day": "D-7",\n'
        '   "questions": 0,\n'
        '   "answered": 0,\n'
        '   "unanswered": 0\n'
        '  },\n'
        '  {\n'
        '   "day": "D-6",\n'
        '   "questions": 11,\n'
        '   "answered": 4,\n'
        '   "unanswered": 6\n'
        '  },\n'
        '  {\n'
        '   "day": "D-5",\n'
        '   "questions": 4,\n'
        '   "answered": 1,\n'
        '   "unanswered": 3\n'
        '  },\n'
        '  {\n'
        '   "day": "D-4",\n'
        '   "questions": 0,\n'
        '   "answered": 0,\n'
        '   "unanswered": 0\n'
        '  },\n'
        '  {\n'
        '   "day": "D-3",\n'
        '   "questions": 7,\n'
        '   "answered": 5,\n'
        '   "unanswered": 2\n'
        '  },\n'
        '  {\n'
        '   "day": "D-2",\n'
        '   "questions": 4,\n'
        '   "answered": 1,\n'
        '   "unanswered": 3\n'
        '  },\n'
        '  {\n'
        '   "day": "D-1",\n'
        '   "questions": 8,\n'
        '   "answered": 4,\n'
        '   "unanswered": 4\n'
        '  },\n'
        '  {\n'
        '   "day": "D-0",\n'
        '   "questions": 5,\n'
        '   "answered": 4,\n'
        '   "unanswered": 1\n'
        '  }\n'
        ' ],\n'
        ' "feedback": {\n'
        '  "up": 13,\n'
        '  "down": 7,\n'
        '  "sections": [\n'
        '   {\n'
        '    "section_id": null,\n'
        '    "up": 0,\n'
        '    "down": 2,\n'
        '    "ratio": 0.0\n'
        '   },\n'
        '   {\n'
        '    "section_id": "doc/parking",\n'
        '    "up": 2,\n'
        '    "down": 2,\n'
        '    "ratio": 0.5\n'
        '   },\n'
        '   {\n'
        '    "section_id": "doc/aftercare",\n'
        '    "up": 3,\n'
        '    "down": 1,\n'
        '    "ratio": 0.75\n'
        '   },\n'
        '   {\n'
        '    "section_id": "doc/prices",\n'
        '    "up": 3,\n'
        '    "down": 1,\n'
        '    "ratio": 0.75\n'
        '   },\n'
        '   {\n'
        '    "section_id": "doc/makeup",\n'
        '    "up": 4,\n'
        '    "down": 1,\n'
        '    "ratio": 0.8\n'
        '   },\n'
        '   {\n'
        '    "section_id": "doc/redness",\n'
        '    "up": 1,\n'
        '    "down": 0,\n'
        '    "ratio": 1.0\n'
        '   }\n'
        '  ]\n'
        ' },\n'
        ' "since_days": 7,\n'
        ' "previous": {\n'
        '  "questions": 54,\n'
        '  "answered": 25\n'
        ' }\n'
        '}\n'
    ),
}


if __name__ == "__main__":  # how EXPECTED was made: python tests/test_report_sql.py with the old code on PYTHONPATH
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/faqbot.sqlite3"
        build_log(url, start())
        json.dump(outputs(url), sys.stdout, indent=1)
