"""Questions and feedback a release from before masking stored unmasked (e-mail addresses, phone and card numbers)
are masked in place: by the serving writer as it starts (and hourly, for rows an older release beside it writes
meanwhile) and now by `faqbot prune --mask`; on SQLite no trace of the old text is left in the file."""

from __future__ import annotations

import sqlite3
import time

import pytest

from bot import cli, store as store_module
from bot.model import Answer
from bot.editlog import ATTACH, DISMISS, EditLog
from bot.question_log import QuestionLog
from bot.store import Store

# The two log tables as the release before masking (1341c0e^) created them: no `masked` column.
BEFORE_MASKING = """
CREATE TABLE faqbot_questions (id {pk}, asked_at DOUBLE PRECISION NOT NULL, question TEXT NOT NULL,
    kind TEXT NOT NULL, answered INTEGER NOT NULL, section_id TEXT, confidence DOUBLE PRECISION NOT NULL,
    client_hash TEXT, index_version TEXT, entry_key TEXT);
CREATE TABLE faqbot_feedback (id {pk}, given_at DOUBLE PRECISION NOT NULL, question TEXT NOT NULL,
    section_id TEXT, helpful INTEGER NOT NULL, client_hash TEXT)
"""
TYPED = ("mail me at jane.doe@example.com please", "call me on 07700 900123", "card 4111 1111 1111 1111 charged twice",
         "how long does redness last? £45, 12/05/2026")
MASKED = ("mail me at [email] please", "call me on [phone]", "card [card] charged twice",
          "how long does redness last? £45, 12/05/2026")
SECRETS = (b"jane.doe", b"example.com", b"900123", b"4111")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.services)])
def url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/faqbot.sqlite3"
    return request.getfixturevalue("postgres_url")


def _old_release_log(url: str, questions=TYPED) -> None:
    """A log as the release before masking left it, or as one still running beside an upgraded one writes it."""
    old = Store(url)
    if url.startswith("sqlite:"):
        old._backend.path.parent.mkdir(parents=True, exist_ok=True)
    pk = ("INTEGER PRIMARY KEY AUTOINCREMENT" if url.startswith("sqlite:")
          else "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY")
    if not old._backend.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'faqbot_questions'"
                              " AND table_schema = current_schema()" if not url.startswith("sqlite:") else
                              "SELECT 1 FROM sqlite_master WHERE name = 'faqbot_questions'", ()):
        if url.startswith("sqlite:"):
            old._backend.query("PRAGMA journal_mode = WAL", ())  # as that release left its file, too
        for statement in BEFORE_MASKING.format(pk=pk).split(";"):
            old._backend.execute(statement, ())
    for i, text in enumerate(questions):
        old._backend.execute("INSERT INTO faqbot_questions (asked_at, question, kind, answered, confidence)"
                             " VALUES (?, ?, 'no_answer', 0, 0.1)", (time.time() - 100 + i, text))
        old._backend.execute("INSERT INTO faqbot_feedback (given_at, question, helpful) VALUES (?, ?, 0)",
                             (time.time() - 100 + i, text))
    old.close()


def _answer(question: str) -> Answer:
    return Answer(question=question, answered=False, kind="no_answer", answer="Sorry")


def test_the_writer_masks_what_an_older_release_stored_as_it_starts(url, monkeypatch):
    monkeypatch.setattr(store_module, "PRUNE_BATCH", 3)  # several batches
    _old_release_log(url)
    store = Store(url)
    log = QuestionLog(store).start()  # a worker of the upgraded release starting
    try:
        deadline = time.monotonic() + 20
        while [f.question for f in store.feedback()] != list(MASKED) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [f.question for f in store.feedback()] == list(MASKED)  # the questions first, then the feedback
        assert [q.question for q in store.questions()] == list(MASKED)
        log.put(_answer("new row, email bob@example.org"))
        assert log.flush()
    finally:
        log.close()
    assert store.questions()[-1].question == "new row, email [email]"
    assert store.mask_unmasked() == (0, 0, 0)  # nothing left
    # An older release still running beside it (during an upgrade) writes unmasked rows: the next pass masks them.
    _old_release_log(url, ["late row from the old release: 07700 900123"])
    assert store.mask_unmasked() == (1, 1, 0)
    assert sorted(q.question for q in store.questions()) == sorted(
        [*MASKED, "late row from the old release: [phone]", "new row, email [email]"])


def test_prune_mask_masks_now_and_leaves_no_trace_in_the_sqlite_file(tmp_path, monkeypatch, capsys):
    path = tmp_path / "faqbot.sqlite3"
    url = f"sqlite:///{path}"
    _old_release_log(url)
    monkeypatch.setenv("FAQBOT_DATABASE_URL", url)
    other_worker = sqlite3.connect(path)  # another process holding the file open
    other_worker.execute("SELECT count(*) FROM faqbot_questions").fetchone()
    try:
        assert cli.main(["prune", "--mask"]) == 0  # no retention set: masking alone
        out = capsys.readouterr().out
        assert out.strip() == f"masked contact details in 3 questions, 3 feedback rows and 0 dashboard " \
                              f"dismissals stored before masking in {url}"
        assert [q.question for q in Store(url).questions()] == list(MASKED)
        raw = b"".join(p.read_bytes() for p in tmp_path.glob("faqbot.sqlite3*"))
        assert not [s for s in SECRETS if s in raw]
        assert cli.main(["prune", "--mask"]) == 0
        assert "in 0 questions, 0 feedback rows and 0 dashboard dismissals" in capsys.readouterr().out
    finally:
        other_worker.close()


def test_prune_mask_masks_dismissals_recorded_as_typed_and_keeps_everything_else(tmp_path, monkeypatch, capsys):
    # Before cf3930e the dashboard's Dismiss recorded the group's questions as the page sent them (as typed).
    path = tmp_path / "faqbot.sqlite3"
    url = f"sqlite:///{path}"
    _old_release_log(url)
    edits = EditLog(Store(url))
    dismissed = edits.record("session 1", DISMISS, None, list(TYPED))
    undone = edits.record("session 1", DISMISS, None, ["call me on 07700 900123", "call me on 07700 900124"])
    assert edits.mark_undone(undone, "session 2")
    # An alternate an editor added is content (its block in dashboard.alternates, which undo matches): kept as is.
    added = edits.record("session 1", ATTACH, "doc/sec", ["text me on 07700 900999"], "dashboard.alternates", "t1")
    before = {e.id: e for e in edits.edits()}
    monkeypatch.setenv("FAQBOT_DATABASE_URL", url)
    assert cli.main(["prune", "--mask"]) == 0
    assert "3 questions, 3 feedback rows and 2 dashboard dismissals" in capsys.readouterr().out
    after = {e.id: e for e in edits.edits()}
    assert after[dismissed].phrasings == MASKED
    assert after[undone].phrasings == ("call me on [phone]",)  # the two numbers made one question
    assert after[added] == before[added]
    for edit_id in (dismissed, undone):  # who, when, what, undone: as before
        assert {**vars(after[edit_id]), "phrasings": ()} == {**vars(before[edit_id]), "phrasings": ()}
    assert [e.id for e in edits.active()] == [dismissed, added]
    assert [f.question for f in Store(url).feedback()] == list(MASKED)
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("faqbot.sqlite3*"))
    assert not [s for s in SECRETS if s in raw] and b"900124" not in raw and b"900999" in raw
    assert cli.main(["prune", "--mask"]) == 0
    assert "and 0 dashboard dismissals" in capsys.readouterr().out
    assert {e.id: e for e in edits.edits()} == after


def test_prune_without_a_retention_or_mask_names_both(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("FAQBOT_DATABASE_URL", f"sqlite:///{tmp_path}/faqbot.sqlite3")
    assert cli.main(["prune"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--days N" in err and "--mask" in err


def test_two_workers_masking_at_once_count_only_what_each_rewrote(url):
    # Both serving workers mask old rows as they start: each read the same unmasked rows, and each logged that it had
    # masked all of them (the upgrade review saw "masked contact details in 4 questions" twice for 4 rows). Here the
    # second worker masks them between the first one's read and its rewrite.
    _old_release_log(url)
    first, second = Store(url), Store(url)
    read = first._backend.query
    between = []

    def read_then_let_the_other_mask(sql, params):
        rows = read(sql, params)
        if "masked IS NULL" in sql and not between:
            between.append(second.mask_unmasked())
        return rows

    first._backend.query = read_then_let_the_other_mask
    try:
        mine = first.mask_unmasked()
    finally:
        first._backend.query = read
    assert between == [(3, 3, 0)]  # three of the four texts hold a contact detail
    assert mine == (0, 0, 0)
    assert [r[0] for r in second._backend.query("SELECT question FROM faqbot_questions ORDER BY id", ())] == list(MASKED)
    first.close()
    second.close()
