"""The indexes the dashboard's and `faqbot report`'s queries read (bot/store.py): made when the log is opened, so a log
written by an earlier release gets them too, on SQLite and on PostgreSQL."""

from __future__ import annotations

import sqlite3

import pytest

from bot.report_sql import summarize_log
from bot.store import Store
from test_store import write_release_2026_12_02

MADE = {"faqbot_questions_period", "faqbot_questions_visitors", "faqbot_questions_confident"}


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.services)])
def url(request, tmp_path):
    """SQLite always; PostgreSQL through conftest's postgres_url."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/log.sqlite3"
    return request.getfixturevalue("postgres_url")


def indexes(store: Store) -> set[str]:
    """The names of the indexes on faqbot_questions."""
    if store.sqlite_path:
        sql = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'faqbot_questions'"
    else:
        sql = "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'faqbot_questions'"
    return {name for (name,) in store.query(sql)}


def test_a_log_of_an_earlier_release_gets_the_indexes_when_opened(url):
    write_release_2026_12_02(url)
    store = Store(url)
    store.init()
    found = indexes(store)
    assert MADE <= found
    # the period index leads with asked_at: it replaces the one on asked_at alone (one index fewer to write)
    assert "faqbot_questions_asked_at" not in found
    store.init()  # opened again: nothing to do
    assert indexes(store) == found
    data = summarize_log(store, 0.5)
    assert (data["questions"], data["answered"], data["feedback"]["down"]) == (1, 1, 1)
    store.close()


def test_a_periods_counts_are_read_from_the_period_index_alone(tmp_path):
    path = tmp_path / "log.sqlite3"
    Store(f"sqlite:///{path}").init()
    conn = sqlite3.connect(path)
    try:
        def plan(sql: str, params: tuple) -> str:
            return " ".join(row[-1] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params))

        counts = plan("SELECT CAST(asked_at / 86400 AS INTEGER), COUNT(*), SUM(CASE WHEN answered <> 0 THEN 1 ELSE 0"
                      " END), SUM(CASE WHEN kind = 'no_answer' THEN 1 ELSE 0 END) FROM faqbot_questions"
                      " WHERE asked_at >= ? GROUP BY 1", (0.0,))
        assert "COVERING INDEX faqbot_questions_period" in counts
        texts = plan("SELECT question, COUNT(DISTINCT client_hash) FROM faqbot_questions WHERE asked_at >= ?"
                     " AND client_hash IS NOT NULL AND question IN (?, ?) GROUP BY question", (0.0, "a", "b"))
        assert "COVERING INDEX faqbot_questions_visitors" in texts
        # a period summed per text is read in the period's order, not by scanning an index on question
        per_text = plan("SELECT question, section_id, answered, COUNT(*) FROM faqbot_questions WHERE asked_at >= ?"
                        " AND kind = 'no_answer' GROUP BY question, section_id, answered", (0.0,))
        assert "faqbot_questions_period" in per_text
    finally:
        conn.close()
