"""The first "question log waiting for the database" line of an outage is always said. It shared one pause with the
dropped-rows and prune lines, and was held back when one of them had been said less than 10 s before: an operator
read that old rows could not be looked for, and never that the log itself had stopped. Its repeats still share the
pause. On a clock the test moves (bot/outage.py's): no waiting."""

from __future__ import annotations

import logging

from bot.model import Answer
from bot.question_log import QuestionLog
from bot.store import Store


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _answer(i: int) -> Answer:
    return Answer(question=f"question {i}", answered=False, kind="no_answer", answer="Sorry")


def _said(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "faqbot.log" and r.levelno == logging.WARNING]


def test_the_first_waiting_line_is_said_right_after_a_prune_line_and_its_repeats_share_the_pause(tmp_path, caplog):
    blocker = tmp_path / "db"
    blocker.write_text("a file where the database folder should be")
    clock = Clock()
    qlog = QuestionLog(Store(f"sqlite:///{blocker}/log.sqlite3"), retention_days=30, clock=clock)
    with caplog.at_level(logging.WARNING, logger="faqbot.log"):
        qlog.prune_when_due()  # the database is away: "could not look for questions older than 30 days ..."
        assert len(_said(caplog)) == 1 and _said(caplog)[0].startswith("could not look for questions"), _said(caplog)
        clock.now += 1
        qlog.put(_answer(0))  # the log's first failed write: an outage begins
        said = _said(caplog)
        assert len(said) == 2 and said[1].startswith("question log waiting for the database (1 row held): "), said
        clock.now += 1
        qlog.put(_answer(1))  # a repeat, 1 s later: held back by the pause
        assert len(_said(caplog)) == 2, _said(caplog)
        clock.now += 8.5
        qlog.put(_answer(2))  # 9.5 s after the first line: still held back
        assert len(_said(caplog)) == 2, _said(caplog)
        clock.now += 0.5
        qlog.put(_answer(3))  # 10 s after it: said again, with what is held now
        said = _said(caplog)
        assert len(said) == 3 and said[2].startswith("question log waiting for the database (4 rows held): "), said
    assert qlog.backlog == 4 and qlog.dropped == 0


def test_a_waiting_line_said_first_holds_back_a_prune_line_as_before(tmp_path, caplog):
    # The other way round is unchanged: the lines still share one pause.
    blocker = tmp_path / "db"
    blocker.write_text("a file where the database folder should be")
    clock = Clock()
    qlog = QuestionLog(Store(f"sqlite:///{blocker}/log.sqlite3"), retention_days=30, clock=clock)
    with caplog.at_level(logging.WARNING, logger="faqbot.log"):
        qlog.put(_answer(0))  # (no writer thread: written at once, and then the prune is due: both fail)
        said = _said(caplog)
    assert len(said) == 1 and said[0].startswith("question log waiting for the database (1 row held): "), said
