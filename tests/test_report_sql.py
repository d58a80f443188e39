"""`faqbot report` reads the log through aggregate queries: the same report as when it loaded every row.

The expected reports (EXPECTED, read from tests/data/report-pinned/) were produced by the report of main at bc58afd,
which loaded every logged row into memory, on the log `build_log` makes: generated once with that code (this file's
__main__), dates written as days before the day the report ran. The report that aggregates in SQL must print the same, text and --json, on SQLite
and on PostgreSQL.
"""

from __future__ import annotations

import io
import json
import random
from datetime import datetime, timezone
from pathlib import Path

import pytest

from bot.model import Answer
from bot.report import report
from bot.settings import Settings
from bot.store import Store
from _report_log import DAY, LOW, UNANSWERED, log_40_000, log_questions, relative, start

SECTIONS = ["doc/redness", "doc/makeup", "doc/prices", "doc/parking", "doc/aftercare"]


def build_log(url: str, now: float) -> None:
    """A fixed log of 180-odd questions over 20 days and 40 votes, written as `faqbot serve` writes it (Store.entry,
    Store.log_questions, Store.log_feedback); times are set relative to `now`."""
    store, rng = log_questions(url, 55, now, lambda rng, i, how: rng.choice(SECTIONS[:3]) if how == "low"
                               else SECTIONS[i % len(SECTIONS)] if how else None)
    votes = [(rng.choice(SECTIONS + [None]), rng.random() < 0.6) for _ in range(40)]
    for n, (section, helpful) in enumerate(votes, start=1):
        store.log_feedback("a voted question", section, helpful)
        store.execute("UPDATE faqbot_feedback SET given_at = ? WHERE id = ?", (now - (n % 15) * DAY - 100, n))


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
    from bot.report import summarize
    from bot.report_sql import summarize_log

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
    log_40_000(url, "doc/a")
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


# The four reports of build_log's log as main printed them at bc58afd (the report that loaded every row), dates
# as days before today: tests/data/report-pinned/, one file each.
PINNED = Path(__file__).parent / "data" / "report-pinned"
FILES = (("text since None", "text-since-none.txt"), ("json since None", "json-since-none.json"),
         ("text since 7", "text-since-7.txt"), ("json since 7", "json-since-7.json"))
EXPECTED: dict[str, str] = {name: (PINNED / file).read_text(encoding="utf-8") for name, file in FILES}


if __name__ == "__main__":  # how they were made: python tests/test_report_sql.py, the old code on PYTHONPATH
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        log = f"sqlite:///{tmp}/faqbot.sqlite3"
        build_log(log, start())
        made = outputs(log)
    for name, file in FILES:
        (PINNED / file).write_text(made[name], encoding="utf-8")


def test_visitors_are_counted_per_group_in_the_database(url):
    # A group of more texts than one query counts (read per text), groups counted in one query, and rows a part
    # keeps only some of (a thumbs-down answer's): the distinct visitors of each, as the rows say.
    from bot.report_sql import IN_CHUNK, Keep, phrasings, read_visitors
    from bot.topics import Group

    rng = random.Random(7)
    store = Store(url, salt=b"s" * 32)
    texts = [f"text {n}" for n in range(IN_CHUNK)]
    store.log_questions([store.entry(Answer(question=rng.choice(texts), answered=answered, kind="answer" if answered
                                            else "no_answer", answer="...", section_id=rng.choice(SECTIONS[:2])
                                            if answered else None, confidence=0.9 if answered else 0.1),
                                     address=rng.choice([None] + [f"10.0.{i // 250}.{i % 250}" for i in range(3000)]))
                         for answered in (False, True) for _ in range(3000)])
    limit = 200  # parameters per query, as a database with a lower limit than SQLite's and PostgreSQL's would have
    sizes = [limit // 2 + 1, 60, 60, 1, 8]
    assert sum(sizes) <= len(texts)
    starts = [sum(sizes[:i]) for i in range(len(sizes))]
    groups = [Group("k", "q", [], 0, 0, 0, 0.0, None, 0.0, texts=texts[a:a + n]) for a, n in zip(starts, sizes)]
    groups.append(Group("k", "q", [], 0, 0, 0, 0.0, None, 0.0))  # one text read whole: not read again
    wanted = {"text 3", "text 120", "text 225"}
    parts = [("asked_at >= ? AND kind = 'no_answer'", (0.0,), None),
             ("asked_at >= ? AND answered <> 0", (0.0,), Keep(lambda text, sid: text in wanted and sid == SECTIONS[0]))]
    phrasings(store, parts, {})  # what the part keeps is read first
    read_visitors(store, parts, groups, max_parameters=limit)
    rows = store.questions()
    for g in groups[:-1]:
        clients = {r.client_hash for r in rows if r.question in g.texts and r.client_hash and (
            r.kind == "no_answer" or (r.question in wanted and r.section_id == SECTIONS[0]))}
        assert g.visitors == (len(clients) or None)
    assert groups[-1].visitors == 0
