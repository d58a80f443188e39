"""`faqbot report --since N`: N UTC days, today included, in the totals, the JSON trend and the text trend alike."""

from __future__ import annotations

import io
import json
import re
import sqlite3
from datetime import date, datetime, timedelta, timezone

import pytest

from bot.cli import main
from bot.model import Answer
from bot.report import report
from bot.settings import Settings
from bot.store import Store

DAY = 86400


def _today() -> date:
    return datetime.now(timezone.utc).date()


def _midnight(day: date) -> float:
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc).timestamp()


@pytest.fixture
def log(tmp_path):
    """A log with one question at the first second of each of the last 9 UTC days (today included), and one
    a second before the 7-day period starts; returns (settings, the day it was made)."""
    url = f"sqlite:///{tmp_path}/faqbot.sqlite3"
    store = Store(url, salt=b"s" * 32)
    today = _today()
    times = {f"day {n}": _midnight(today - timedelta(days=n)) + 1 for n in range(9)}
    times["just before the period"] = _midnight(today - timedelta(days=6)) - 1
    for text in times:
        store.log_question(Answer(question=text, answered=False, kind="no_answer", answer="...", confidence=0.0))
    conn = sqlite3.connect(tmp_path / "faqbot.sqlite3")
    conn.executemany("UPDATE faqbot_questions SET asked_at = ? WHERE question = ?",
                     [(t, text) for text, t in times.items()])
    conn.commit()
    conn.close()
    return Settings(database_url=url, threshold=0.5), today


def _same_day(run):
    """run() again if the UTC day changed while it ran (a test started a moment before midnight)."""
    for _ in range(2):
        before = _today()
        result = run()
        if _today() == before:
            return result, before
    raise AssertionError("the day changed twice")  # pragma: no cover


@pytest.mark.parametrize("days", [1, 3, 7, 30])
def test_since_n_days_is_n_utc_days_today_included(log, capsys, monkeypatch, days):
    settings, made = log
    monkeypatch.setenv("FAQBOT_DATABASE_URL", settings.database_url)

    def run():
        assert main(["report", "--since", str(days), "--json"]) == 0
        return json.loads(capsys.readouterr().out)

    data, today = _same_day(run)
    assert today == made
    expected = [(today - timedelta(days=n)).isoformat() for n in reversed(range(days))]
    assert [d["day"] for d in data["trend"]] == expected
    # the period's questions: one at the first second of each of its days (the log has 9), two on the day before a
    # 7-day period, and none from before its first day
    per_day = {(today - timedelta(days=n)).isoformat(): 1 for n in range(min(days, 9))}
    if days > 7:
        per_day[(today - timedelta(days=7)).isoformat()] = 2
    assert {d["day"]: d["questions"] for d in data["trend"] if d["questions"]} == per_day
    assert data["questions"] == sum(per_day.values())


def test_the_text_trend_lists_the_same_seven_days(log):
    settings, _ = log

    def run():
        out = io.StringIO()
        assert report(settings, since_days=7, out=out) == 0
        text = out.getvalue()
        out = io.StringIO()
        assert report(settings, since_days=7, out=out, as_json=True) == 0
        return text, json.loads(out.getvalue())

    (text, data), today = _same_day(run)
    assert "faqbot report: 7 questions in the last 7 days (" in text
    assert "(UTC; the last 7 of 7 days)" in text
    days = re.findall(r"^  (\d{4}-\d\d-\d\d) ", text, re.M)
    assert days == [d["day"] for d in data["trend"]] == [(today - timedelta(days=n)).isoformat()
                                                        for n in reversed(range(7))]
    # the 7 days before: the question a second before the period, and days 7 and 8
    assert data["previous"]["questions"] == 3


def test_a_fraction_of_a_day_is_the_last_hours():
    from bot.report import period_start

    now = _midnight(date(2026, 12, 7)) + 5 * 3600
    assert period_start(0.5, now) == now - 12 * 3600
    assert period_start(1, now) == _midnight(date(2026, 12, 7))
    assert period_start(7, now) == _midnight(date(2026, 12, 1))
    assert period_start(7, _midnight(date(2026, 12, 7))) == _midnight(date(2026, 12, 1))
