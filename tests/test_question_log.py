"""The question log off the request path: queued, written in batches by a thread, nothing lost on a normal
stop, and what is lost (overload, an outage at stop) counted, not silent."""

from __future__ import annotations

from bot.model import Answer
from bot.question_log import QuestionLog
from bot.store import Store, StoreError


def _answer(i: int) -> Answer:
    return Answer(question=f"question {i}", answered=False, kind="no_answer", answer="Sorry")


def test_queued_questions_are_written_by_the_thread(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/log.sqlite3", salt=b"s")
    qlog = QuestionLog(store).start()
    for i in range(250):
        assert qlog.put(_answer(i), address="10.0.0.1", index_version="v1")
    assert qlog.flush(timeout=10)
    qlog.close()
    rows = store.questions()
    assert [r.question for r in rows] == [f"question {i}" for i in range(250)]
    assert qlog.written == 250 and qlog.dropped == 0
    assert all(r.client_hash and "10.0.0.1" not in r.client_hash for r in rows)


def test_rows_wait_out_a_database_outage(tmp_path, caplog):
    blocker = tmp_path / "db"
    blocker.write_text("a file where the database folder should be")
    store = Store(f"sqlite:///{blocker}/log.sqlite3")
    qlog = QuestionLog(store).start()
    for i in range(20):
        qlog.put(_answer(i))
    assert not qlog.flush(timeout=1.0) and qlog.backlog == 20 and qlog.dropped == 0
    blocker.unlink()
    blocker.mkdir()  # the database is back
    assert qlog.flush(timeout=20)
    qlog.close()
    assert len(store.questions()) == 20 and qlog.dropped == 0
    # the outage was warned about (at most a line a minute): the log says when it is over, or it ends on "waiting"
    assert "question log writing again: 20 held rows written" in caplog.text


def test_overload_and_an_outage_at_stop_are_counted(tmp_path, caplog):
    blocker = tmp_path / "db"
    blocker.write_text("not a folder")
    qlog = QuestionLog(Store(f"sqlite:///{blocker}/log.sqlite3"), capacity=5, batch=2).start()
    accepted = sum(qlog.put(_answer(i)) for i in range(40))
    assert accepted < 40 and qlog.dropped == 40 - accepted
    qlog.close(timeout=0.5)
    assert qlog.dropped == 40 and qlog.written == 0
    assert "not logged" in caplog.text


def test_without_a_thread_put_writes_at_once(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/log.sqlite3")
    qlog = QuestionLog(store)
    qlog.put(_answer(1))
    assert [r.question for r in store.questions()] == ["question 1"]


def test_retries_are_reported_but_not_a_batch_written_again(tmp_path):
    """A question put again with its key (a client's retry) is skipped and reported; rows skipped because a batch the
    database had committed is written again after the error (the connection broke after the commit) are not."""
    store = Store(f"sqlite:///{tmp_path}/log.sqlite3", salt=b"s")
    repeats: list[int] = []
    qlog = QuestionLog(store, on_repeat=repeats.append)
    qlog.put(_answer(1), key="k-retried")
    qlog.put(_answer(1), key="k-retried")
    qlog.put(_answer(2), key="k-other")
    assert repeats == [1] and len(store.questions()) == 2

    real = store.log_questions
    calls = []

    def committed_then_broke(rows):
        calls.append(len(rows))
        written = real(rows)
        if len(calls) == 1:
            raise StoreError("server closed the connection unexpectedly")
        return written

    store.log_questions = committed_then_broke
    qlog.put(_answer(3))  # committed, but the writer saw an error: the row is held
    assert qlog.backlog == 1
    qlog.put(_answer(4))  # written with the held row, which the database skips
    assert calls == [1, 2] and qlog.backlog == 0 and repeats == [1]
    assert [r.question for r in store.questions()] == [f"question {i}" for i in (1, 2, 3, 4)]
