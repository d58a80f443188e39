"""`faqbot report`: frequent unanswered and low-confidence questions, thumbs per section, --since."""

from __future__ import annotations

import io
import json
import sqlite3
import time

import pytest

from bot.cli import main
from bot.model import Answer
from bot.report import report
from bot.settings import Settings
from bot.store import Store

REDNESS = "doc/how-long-does-redness-last"
MAKEUP = "doc/can-i-wear-makeup"


def q(text, kind="answer", section=REDNESS, confidence=0.9):
    return Answer(question=text, answered=kind == "answer", kind=kind, answer="...",
                  section_id=section if kind == "answer" else None, confidence=confidence)


@pytest.fixture
def db(tmp_path):
    """A log with a known mix of questions and feedback; one question and one vote are 30 days old."""
    url = f"sqlite:///{tmp_path}/faqbot.sqlite3"
    store = Store(url, salt=b"s" * 32)
    for text, addr in [("Do you sell gift cards?", "1.1.1.1"), ("do you sell gift cards", "1.1.1.2"),
                       ("Do you sell GIFT cards!!", "1.1.1.1"), ("Where can I park?", "1.1.1.3")]:
        store.log_question(q(text, kind="no_answer", confidence=0.1), address=addr)
    store.log_question(q("is makeup ok the next day", section=MAKEUP, confidence=0.55))
    store.log_question(q("is makeup ok the next day", section=MAKEUP, confidence=0.57))
    store.log_question(q("how long will I be red", confidence=0.95))
    store.log_question(q("hello", kind="smalltalk", confidence=0.0))
    store.log_question(q("old unanswered question", kind="no_answer", confidence=0.0))
    for helpful in (True, True, True, False):
        store.log_feedback("how long will I be red", REDNESS, helpful)
    store.log_feedback("is makeup ok", MAKEUP, False)
    store.log_feedback("is makeup ok", MAKEUP, True)
    store.log_feedback("old vote", MAKEUP, False)
    conn = sqlite3.connect(tmp_path / "faqbot.sqlite3")
    month = time.time() - 30 * 86400
    conn.execute("UPDATE faqbot_questions SET asked_at = ? WHERE question = 'old unanswered question'", (month,))
    conn.execute("UPDATE faqbot_feedback SET given_at = ? WHERE question = 'old vote'", (month,))
    conn.commit()
    conn.close()
    return Settings(database_url=url, threshold=0.5)


def run(settings, since=None):
    out = io.StringIO()
    assert report(settings, since_days=since, out=out, as_json=True) == 0
    return json.loads(out.getvalue())


def test_counts_and_most_frequent_unanswered(db):
    data = run(db)
    assert (data["questions"], data["answered"], data["unanswered"], data["smalltalk"]) == (9, 3, 5, 1)
    top = data["top_unanswered"][0]
    assert top["count"] == 3 and top["visitors"] == 2 and top["question"].lower().startswith("do you sell gift")
    assert [g["count"] for g in data["top_unanswered"]] == [3, 1, 1]


def test_low_confidence_answers(db):
    data = run(db)
    assert data["low_confidence_below"] == pytest.approx(0.65)
    (low,) = data["top_low_confidence"]
    assert low == {**low, "question": "is makeup ok the next day", "count": 2, "section_id": MAKEUP,
                   "confidence": pytest.approx(0.56)}


def test_thumbs_ratio_per_section_least_helpful_first(db):
    fb = run(db)["feedback"]
    assert [(s["section_id"], s["up"], s["down"]) for s in fb["sections"]] == [(MAKEUP, 1, 2), (REDNESS, 3, 1)]
    assert fb["sections"][0]["ratio"] == pytest.approx(1 / 3, abs=1e-3) and (fb["up"], fb["down"]) == (4, 3)


def test_since_leaves_out_older_entries(db):
    data = run(db, since=7)
    assert data["questions"] == 8 and data["since_days"] == 7
    assert "old unanswered question" not in [g["question"] for g in data["top_unanswered"]]
    assert [(s["section_id"], s["up"], s["down"]) for s in data["feedback"]["sections"]] == [
        (MAKEUP, 1, 1), (REDNESS, 3, 1)]


def test_text_report(db):
    out = io.StringIO()
    assert report(db, since_days=None, out=out) == 0
    text = out.getvalue()
    assert "faqbot report: 9 questions in all" in text
    assert "   3x  Do you sell gift cards?" in text or "   3x  do you sell gift cards" in text
    assert f"33% helpful    1 up   2 down  {MAKEUP}" in text
    assert "Low-confidence answers (answered below 0.65" in text


def test_missing_database_is_an_empty_report_and_not_created(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path}/none/faqbot.sqlite3")
    out = io.StringIO()
    assert report(settings, since_days=None, out=out) == 0
    assert "no question log" in out.getvalue() and "(none)" in out.getvalue()
    assert not (tmp_path / "none").exists()


def test_an_unsupported_database_is_one_line(monkeypatch, capsys):
    monkeypatch.setenv("FAQBOT_DATABASE_URL", "mysql://x/y")
    assert main(["report"]) == 1
    err = capsys.readouterr().err
    assert "FAQBOT_DATABASE_URL" in err and err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.parametrize("settings, since, fragment", [
    (Settings(database_url="sqlite:///x.db"), -1, "--since must be a positive"),
    (Settings(database_url="sqlite:///x.db"), 0, "--since must be a positive"),
])
def test_user_errors_are_one_line(capsys, settings, since, fragment):
    assert report(settings, since_days=since, out=io.StringIO()) == 1
    err = capsys.readouterr().err
    assert fragment in err and err.count("\n") == 1 and "Traceback" not in err


def test_cli_report(db, monkeypatch, capsys):
    monkeypatch.setenv("FAQBOT_DATABASE_URL", db.database_url)
    assert main(["report", "--since", "7", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["questions"] == 8
    assert main(["report"]) == 0
    assert "faqbot report: 9 questions" in capsys.readouterr().out
