"""FAQBOT_QUESTION_LOG_DAYS: questions and feedback older than that are deleted by the server (at start, then
hourly) and by `faqbot prune`; 0, the default, keeps them forever as before."""

from __future__ import annotations

import logging
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from bot import cli, store as store_module
from bot.model import Answer
from bot.question_log import QuestionLog
from bot.settings import Settings, SettingsError
from bot.store import DAY, Store

from _app import app_maker

KB_SMALL = Path(__file__).resolve().parent / "data" / "kb-small"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.services)])
def url(request, tmp_path):
    """SQLite always; PostgreSQL through conftest's postgres_url (skips outside CI without a server, fails in CI)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/instance/faqbot.sqlite3"
    return request.getfixturevalue("postgres_url")


def _answer(question: str) -> Answer:
    return Answer(question=question, answered=False, kind="no_answer", answer="Sorry")


def _log(store: Store, question: str, days_ago: float, now: float) -> None:
    """One question and one thumbs down on it, logged `days_ago` days before `now`."""
    entry = store.entry(_answer(question))
    store.log_questions([(now - days_ago * DAY, *entry[1:])])
    store.execute("INSERT INTO faqbot_feedback (given_at, question, section_id, helpful) VALUES (?, ?, NULL, 0)",
                  (now - days_ago * DAY, question))


def _old_and_new(store: Store, now: float | None = None) -> None:
    now = time.time() if now is None else now
    for question, days_ago in (("asked 400 days ago", 400), ("asked 31 days ago", 31), ("asked 29 days ago", 29),
                               ("asked today", 0)):
        _log(store, question, days_ago, now)


def test_prune_deletes_questions_and_feedback_older_than_the_days(url, monkeypatch):
    monkeypatch.setattr(store_module, "PRUNE_BATCH", 1)  # several batches: each deletes one row
    store = Store(url)
    now = time.time()
    _old_and_new(store, now)
    assert store.prune(30, now=now) == (2, 2)
    assert [q.question for q in store.questions()] == ["asked 29 days ago", "asked today"]
    assert [f.question for f in store.feedback()] == ["asked 29 days ago", "asked today"]
    assert store.prune(30, now=now) == (0, 0)  # nothing left to delete


def test_deleted_questions_leave_no_trace_in_the_sqlite_file(tmp_path):
    """Deleted text is overwritten (secure_delete) and the write-ahead log emptied, though another worker's
    connection keeps the log open (the last connection to close would checkpoint it, but a server has several)."""
    path = tmp_path / "faqbot.sqlite3"
    store = Store(f"sqlite:///{path}")
    store.init()
    other_worker = sqlite3.connect(path)
    other_worker.execute("SELECT count(*) FROM faqbot_questions").fetchone()
    try:
        store.log_question(_answer("a question asked long ago, secret-isotretinoin"))
        later = time.time() + 10 * DAY
        store.log_question(_answer("asked later"))
        store.execute("UPDATE faqbot_questions SET asked_at = ? WHERE question = ?", (later, "asked later"))
        assert store.prune(5, now=later) == (1, 0)
        raw = b"".join(p.read_bytes() for p in tmp_path.glob("faqbot.sqlite3*"))
        assert b"secret-isotretinoin" not in raw and b"asked later" in raw
    finally:
        other_worker.close()


def test_the_server_deletes_old_rows_as_its_log_writer_starts(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(KB_SMALL, content)
    make = app_maker(content, tmp_path)
    app = make(question_log_days=30)
    store = app.extensions["faqbot.store"]
    _old_and_new(store)
    from web.app import start_background, stop_background

    start_background(app)
    try:
        deadline = time.monotonic() + 10
        while len(store.questions()) > 2 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop_background(app)
    assert [q.question for q in store.questions()] == ["asked 29 days ago", "asked today"]
    assert len(store.feedback()) == 2


def test_without_a_writer_thread_the_first_logged_question_deletes_old_rows(tmp_path):
    """An app under another WSGI server (no background threads): old rows go as the first question is logged."""
    content = tmp_path / "content"
    shutil.copytree(KB_SMALL, content)
    app = app_maker(content, tmp_path)(question_log_days=30)
    store = app.extensions["faqbot.store"]
    _old_and_new(store)
    assert app.test_client().post("/api/ask", json={"question": "how long will my skin peel?"}).status_code == 200
    assert [q.question for q in store.questions()] == ["asked 29 days ago", "asked today",
                                                       "how long will my skin peel?"]


def test_the_default_keeps_everything(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/log.sqlite3")
    _old_and_new(store)
    qlog = QuestionLog(store)
    qlog.put(_answer("one more"))
    assert Settings().question_log_days == 0 and len(store.questions()) == 5 and len(store.feedback()) == 4


def test_an_outage_while_pruning_is_a_warning_and_is_retried(tmp_path, caplog):
    blocker = tmp_path / "db"
    blocker.write_text("a file where the database folder should be")
    qlog = QuestionLog(Store(f"sqlite:///{blocker}/log.sqlite3"), retention_days=30)
    qlog.prune_when_due()
    assert "could not look for questions older than 30 days to delete (FAQBOT_QUESTION_LOG_DAYS" in caplog.text
    assert "not deleted yet" not in caplog.text  # which said such rows exist, unknown while the database is away
    assert qlog._prune_at - time.monotonic() < 61  # the next try within a minute, not an hour


# ---- faqbot prune --------------------------------------------------------------------------------------

def test_cli_prune_deletes_by_the_setting_or_by_days(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path}/faqbot.sqlite3"
    monkeypatch.setenv("FAQBOT_DATABASE_URL", url)
    _old_and_new(Store(url))
    monkeypatch.setenv("FAQBOT_QUESTION_LOG_DAYS", "365")
    assert cli.main(["prune"]) == 0
    out = capsys.readouterr().out
    assert "deleted 1 question and 1 feedback row logged before" in out and "(365 days ago)" in out
    assert cli.main(["prune", "--days", "30"]) == 0  # the option wins over the setting
    assert "deleted 1 question and 1 feedback row logged before" in capsys.readouterr().out
    assert [q.question for q in Store(url).questions()] == ["asked 29 days ago", "asked today"]


def test_cli_prune_counts_one_in_the_singular(tmp_path, monkeypatch, capsys):
    # `faqbot prune --days 1` printed "(1 days ago)", and one row "1 question(s)".
    url = f"sqlite:///{tmp_path}/faqbot.sqlite3"
    monkeypatch.setenv("FAQBOT_DATABASE_URL", url)
    _log(Store(url), "asked 2 days ago", 2, time.time())
    assert cli.main(["prune", "--days", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("deleted 1 question and 1 feedback row logged before ") and " (1 day ago) from " in out, out
    assert cli.main(["prune", "--days", "1"]) == 0
    assert capsys.readouterr().out.startswith("deleted 0 questions and 0 feedback rows logged before ")


def test_the_server_says_one_day_in_the_singular(tmp_path, caplog):
    store = Store(f"sqlite:///{tmp_path}/log.sqlite3")
    _log(store, "asked 2 days ago", 2, time.time())
    with caplog.at_level(logging.INFO, logger="faqbot"):
        QuestionLog(store, retention_days=1).prune_when_due()
    assert "deleted 1 question and 1 feedback row older than 1 day (FAQBOT_QUESTION_LOG_DAYS)" in caplog.text


def test_cli_prune_without_a_database_creates_none(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("FAQBOT_DATABASE_URL", f"sqlite:///{tmp_path}/none.sqlite3")
    assert cli.main(["prune", "--days", "7"]) == 0
    assert "nothing to delete" in capsys.readouterr().out and not (tmp_path / "none.sqlite3").exists()


@pytest.mark.parametrize("env, argv, message", [
    ({}, [], "nothing to prune: FAQBOT_QUESTION_LOG_DAYS is 0"),
    ({}, ["--days", "0"], "--days must be 1..36,500, got 0"),
    ({}, ["--days", "-5"], "--days must be 1..36,500, got -5"),
    ({}, ["--days", "1.5"], "argument --days: expected an integer in ASCII digits, got '1.5'"),
    ({"FAQBOT_QUESTION_LOG_DAYS": "-1"}, [], "FAQBOT_QUESTION_LOG_DAYS: must be 0..36,500, got -1"),
    ({"FAQBOT_QUESTION_LOG_DAYS": "a month"}, [], "FAQBOT_QUESTION_LOG_DAYS: expected int, got 'a month'"),
    ({"FAQBOT_QUESTION_LOG_DAYS": "99999"}, [], "FAQBOT_QUESTION_LOG_DAYS: must be 0..36,500, got 99999"),
])
def test_bad_values_are_one_line_and_exit_1(tmp_path, monkeypatch, capsys, env, argv, message):
    monkeypatch.setenv("FAQBOT_DATABASE_URL", f"sqlite:///{tmp_path}/faqbot.sqlite3")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert cli.main(["prune", *argv]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_a_bad_setting_is_refused_where_settings_are_read():
    with pytest.raises(SettingsError, match="FAQBOT_QUESTION_LOG_DAYS: must be 0..36,500, got -1"):
        Settings.from_env({"FAQBOT_QUESTION_LOG_DAYS": "-1"})
