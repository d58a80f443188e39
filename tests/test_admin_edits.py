"""Dashboard edits meeting hand edits of dashboard.alternates, and each other: through the real app factory on
a copy of knowledge/ in tmp_path (the helpers of test_admin.py), with real files, index and SQLite log."""

from __future__ import annotations

import fcntl
import sys
import threading
import time
from pathlib import Path

import pytest

from _app import app_maker
from bot.editing import FILE_NAME, add_alternates, remove_alternates
from test_admin import AFTERCARE, REDNESS, SWIM, TOKEN, attach, refuse, served_file, sign_in, visit

PINK = "how many days will my face be pink"  # a phrasing for REDNESS
BY_HAND = "will my cheeks still be blotchy next week"  # a phrasing an editor types into the file


@pytest.fixture
def make_app(content_copy, tmp_path):
    return app_maker(content_copy, tmp_path, admin_token=TOKEN)


def undo(client, csrf, edit_id):
    return client.post("/admin/undo", json={"edit_id": edit_id}, headers={"X-CSRF-Token": csrf})


def section_of(client, question):
    return client.post("/api/ask", json={"question": question}).get_json()["section_id"]


def reindex(app):
    app.extensions["faqbot"].reindex()  # as POST /api/reindex or `faqbot build` after a hand edit


# ---- undo and lines added by hand after the block --------------------------------------------------
# In the .alternates format only a [section] line ends a block: a phrasing after blank or comment lines
# still belongs to the section above it.

@pytest.mark.parametrize("added", [f"\n{BY_HAND}\n", f"# added by hand\n{BY_HAND}\n",
                                   f"\n# added by hand\n\n{BY_HAND}\n"])
def test_undo_refuses_when_a_phrasing_was_added_by_hand_after_blank_or_comment_lines(make_app, added):
    app = make_app()
    client = app.test_client()
    csrf = sign_in(client)
    attach(client, csrf, phrasings=[SWIM[0]])
    second = attach(client, csrf, section=REDNESS, phrasings=[PINK]).get_json()["edit"]
    path = served_file(make_app)
    path.write_text(path.read_text() + added)
    reindex(app)
    assert section_of(client, BY_HAND) == REDNESS
    before = path.read_bytes()
    r = undo(client, csrf, second["id"])
    assert r.status_code == 409 and "added by hand under this edit" in r.get_json()["error"]
    # where: the line added and the block it went under, by its tag and line, for the editor to find them
    lines = path.read_text().split("\n")
    marker = lines[lines.index(f"[{REDNESS}]") - 1].split(",")[0]
    assert marker.startswith("# edit ") and len(marker) > len("# edit ")
    assert (f"(line {lines.index(BY_HAND) + 1}, '{BY_HAND}', under '{marker}' at line "
            f"{lines.index(f'[{REDNESS}]')})") in r.get_json()["error"]
    assert path.read_bytes() == before
    assert section_of(client, BY_HAND) == REDNESS  # not handed to the block above
    assert client.get("/admin/summary").get_json()["edits"][0]["active"] is True


def test_undo_is_fine_with_notes_then_another_dashboard_block_after_it(make_app):
    app = make_app()
    client = app.test_client()
    csrf = sign_in(client)
    first = attach(client, csrf, phrasings=[SWIM[0]]).get_json()["edit"]
    path = served_file(make_app)
    path.write_text(path.read_text() + "# a note by hand\n\n")
    attach(client, csrf, section=REDNESS, phrasings=[PINK])  # its block opens with '# edit ...', then [...]
    r = undo(client, csrf, first["id"])
    assert r.status_code == 200, r.get_json()
    text = path.read_text()
    assert SWIM[0] not in text and f"[{REDNESS}]\n{PINK}\n" in text and "# a note by hand" in text
    assert section_of(client, PINK) == REDNESS


# ---- undo of an edit whose block was deleted by hand -----------------------------------------------

def _drop_block(text: str, tag_line: str) -> str:
    """The file's text without the block that starts at tag_line (up to the next blank line, or the end)."""
    start = text.index(tag_line)
    end = text.find("\n\n", start)
    return text[:start] + ("" if end == -1 else text[end + 2:])


@pytest.mark.parametrize("by_hand", ["block deleted", "block deleted, not reindexed", "file deleted"])
def test_undo_of_an_edit_deleted_by_hand_marks_it_undone(make_app, by_hand):
    app = make_app()
    client = app.test_client()
    visit(client, SWIM)
    before = section_of(client, SWIM[1])
    csrf = sign_in(client)
    kept = attach(client, csrf, section=REDNESS, phrasings=[PINK]).get_json()["edit"]
    edit = attach(client, csrf).get_json()["edit"]
    path = served_file(make_app)
    assert all(g["question"] not in SWIM for g in client.get("/admin/summary").get_json()["groups"])
    text = path.read_text()
    if by_hand == "file deleted":
        path.unlink()
    else:
        tag_line = next(ln for ln in text.split("\n") if ln.startswith("# edit ")
                        and text.index(ln) > text.index(PINK))
        path.write_text(_drop_block(text, tag_line))
    if by_hand != "block deleted, not reindexed":
        reindex(app)
    after_hand = None if by_hand == "file deleted" else path.read_bytes()

    r = undo(client, csrf, edit["id"])
    assert r.status_code == 200, r.get_json()
    assert "already removed" in r.get_json()["note"] and r.get_json()["edit"]["active"] is False
    # Nothing written: the file is as the editor left it (or still gone).
    assert (None if by_hand == "file deleted" else path.read_bytes()) == after_hand
    assert section_of(client, SWIM[1]) == before  # the index follows the file, reindexed by hand or not
    data = client.get("/admin/summary").get_json()
    assert any(g["question"] in SWIM for g in data["groups"])  # back under "Unanswered questions"
    assert [e["active"] for e in data["edits"] if e["id"] in (edit["id"], kept["id"])] == [False, True]
    assert undo(client, csrf, edit["id"]).status_code == 409  # already undone


@pytest.mark.parametrize("by_hand", ["marker deleted", "phrasing moved to another block"])
def test_undo_refuses_when_the_marker_is_gone_but_a_phrasing_is_still_there(make_app, by_hand):
    app = make_app()
    client = app.test_client()
    csrf = sign_in(client)
    attach(client, csrf, section=REDNESS, phrasings=[PINK])
    edit = attach(client, csrf).get_json()["edit"]
    path = served_file(make_app)
    text = path.read_text()
    tag_line = next(ln for ln in text.split("\n") if ln.startswith("# edit ") and text.index(ln) > text.index(PINK))
    if by_hand == "marker deleted":
        text = text.replace(tag_line + "\n", "")
    else:
        text = _drop_block(text, tag_line).replace(f"{PINK}\n", f"{PINK}\n{SWIM[1]}\n")
    path.write_text(text)
    reindex(app)
    r = undo(client, csrf, edit["id"])
    assert r.status_code == 409 and "still there" in r.get_json()["error"]
    first = next(n for n, ln in enumerate(text.split("\n"), 1) if ln in SWIM)
    assert f"line {first}, '{text.split(chr(10))[first - 1]}'" in r.get_json()["error"]
    assert f"('{tag_line.split(',')[0]}')" in r.get_json()["error"]
    assert path.read_text() == text
    assert client.get("/admin/summary").get_json()["edits"][0]["active"] is True


def test_an_undo_of_a_deleted_block_the_log_cannot_mark_does_not_write_the_block_back(make_app):
    client = make_app().test_client()
    csrf = sign_in(client)
    edit = attach(client, csrf).get_json()["edit"]
    path = served_file(make_app)
    path.unlink()
    refuse(make_app.db, "UPDATE")
    r = undo(client, csrf, edit["id"])
    assert r.status_code == 503 and "not undone: the edit log is unavailable" in r.get_json()["error"]
    assert not path.exists()  # the log still says "in place", but the editor deleted it: it stays deleted


@pytest.mark.parametrize("saved", ["BOM, header deleted", "BOM inside (two files joined)"])
def test_undo_finds_its_block_in_a_file_saved_with_a_byte_order_mark(make_app, saved):
    # Windows Notepad (and others) save UTF-8 with a byte-order mark; the build reads such a file as before
    # (bot/ingest/files.py), so the dashboard must too: its block was there, yet undo said it was gone (409).
    app = make_app()
    client = app.test_client()
    csrf = sign_in(client)
    first = attach(client, csrf, section=REDNESS, phrasings=[PINK]).get_json()["edit"]
    second = attach(client, csrf).get_json()["edit"]
    path = served_file(make_app)
    text = path.read_text()
    if saved.startswith("BOM, header"):  # the file opens with the BOM, then the first edit's block
        path.write_bytes(b"\xef\xbb\xbf" + text[text.index("# edit "):].encode())
        undone, kept = first, SWIM[0]
    else:  # the BOM right before the second edit's block
        block = text.rindex("# edit ")
        path.write_bytes((text[:block] + "\ufeff" + text[block:]).encode())
        undone, kept = second, PINK
    reindex(app)
    r = undo(client, csrf, undone["id"])
    assert r.status_code == 200, r.get_json()
    left = path.read_text(encoding="utf-8-sig")
    assert not any(p in left for p in undone["phrasings"]) and kept in left  # only its block went
    assert section_of(client, undone["phrasings"][0]) != undone["section_id"]


@pytest.mark.parametrize("ends", ["\r\n", "mixed"])
def test_an_edit_keeps_the_line_ends_of_a_file_saved_on_windows(make_app, ends):
    # dashboard.alternates edited by hand in Notepad (CRLF line ends): "Add as alternate" appended its block with
    # LF ones, so the file mixed the two. It is written in the file's own style; undo takes out what it wrote.
    app = make_app()
    client = app.test_client()
    csrf = sign_in(client)
    lines = ["# kept by hand", f"[{REDNESS}]", "how many days will my cheeks be red", ""]
    crlf = "\r\n".join(lines).encode()
    if ends == "mixed":  # mostly CRLF, one LF: a line pasted from elsewhere
        crlf = crlf.replace(b"hand\r\n", b"hand\n", 1)
    path = served_file(make_app)
    path.write_bytes(crlf)
    reindex(app)
    edit = attach(client, csrf).get_json()["edit"]
    data = path.read_bytes()
    added = data[len(crlf):]
    assert data.startswith(crlf) and added.count(b"\n") == added.count(b"\r\n") > 4, data
    assert added.startswith(b"\r\n# edit ") and added.endswith(b"microneedling\r\n")  # a blank line before it
    assert section_of(client, SWIM[0]) == AFTERCARE
    assert undo(client, csrf, edit["id"]).status_code == 200
    assert path.read_bytes() == crlf  # its block gone, line ends as they were
    assert section_of(client, "how many days will my cheeks be red") == REDNESS


def test_an_edit_of_a_dashboard_alternates_that_is_a_symlink_writes_to_its_file(make_app):
    # The edit replaced the link with a copy of its file: the build then read both, the target with the rules of
    # any .alternates file, and a later undo took the block out of the copy only.
    target = make_app.content / "kept" / "edits.alternates"
    target.parent.mkdir()
    target.write_text(f"[{REDNESS}]\nhow many days will my cheeks be red\n", encoding="utf-8")
    link = served_file(make_app)
    link.symlink_to("kept/edits.alternates")
    client = make_app().test_client()
    csrf = sign_in(client)
    edit = attach(client, csrf).get_json()["edit"]
    assert link.is_symlink() and SWIM[0] in target.read_text()
    assert section_of(client, SWIM[0]) == AFTERCARE
    assert undo(client, csrf, edit["id"]).status_code == 200
    assert link.is_symlink() and SWIM[0] not in target.read_text()
    assert section_of(client, SWIM[0]) != AFTERCARE
    assert section_of(client, "how many days will my cheeks be red") == REDNESS


# ---- two "Add as alternate" at the same time ----------------------------------------------------

def wait_for_the_edit_lock(thread: threading.Thread) -> None:
    """Until the thread waits in bot/editing.py's _locked for the lock another edit holds (past the checks
    a request makes before it takes the lock)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        frame = sys._current_frames().get(thread.ident)
        while frame is not None:
            if frame.f_code.co_name == "_locked" and frame.f_code.co_filename.endswith("editing.py"):
                return
            frame = frame.f_back
        time.sleep(0.01)
    raise AssertionError("the request never reached the edit lock")


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("sections, message", [((AFTERCARE, REDNESS), "already a phrasing of"),
                                               ((REDNESS, AFTERCARE), "already a phrasing of"),
                                               ((AFTERCARE, AFTERCARE), "already alternates of")])
def test_two_simultaneous_edits_of_one_phrasing_make_one(make_app, workers, sections, message):
    """Both requests pass their checks before either takes the edit lock (held meanwhile, as by a third edit
    in progress); the second to get it is refused. workers=2: two apps on one folder, index and log, as two
    worker processes, each with its own loaded index."""
    apps = [make_app() for _ in range(workers)]
    first = apps[0].test_client()
    csrf = sign_in(first)
    clients = [first, apps[-1].test_client()]
    clients[1].set_cookie("faqbot_admin", first.get_cookie("faqbot_admin", path="/admin").value, path="/admin")
    answers: dict[int, object] = {}
    threads = [threading.Thread(target=lambda n=n: answers.__setitem__(n, attach(clients[n], csrf, sections[n])))
               for n in (0, 1)]
    lock_file = Path(apps[0].instance_path) / "dashboard-edit.lock"
    with open(lock_file, "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        for thread in threads:  # in this order: the first gets the lock first
            thread.start()
            wait_for_the_edit_lock(thread)
        fcntl.flock(held, fcntl.LOCK_UN)
    for thread in threads:
        thread.join(60)
    assert answers[0].status_code == 200, answers[0].get_json()
    assert answers[1].status_code == 409 and message in answers[1].get_json()["error"]
    text = served_file(make_app).read_text()
    assert text.count("# edit ") == 1 and text.count(SWIM[0]) == 1
    for client in clients:
        assert section_of(client, SWIM[1]) == sections[0]
        assert len(client.get("/admin/summary").get_json()["edits"]) == 1


def test_an_edit_adds_only_what_an_edit_just_before_it_did_not(make_app):
    """A second edit of the same section, checked before the first was written, adds only the rest."""
    app = make_app()
    clients = [app.test_client(), app.test_client()]
    csrf = sign_in(clients[0])
    clients[1].set_cookie("faqbot_admin", clients[0].get_cookie("faqbot_admin", path="/admin").value, path="/admin")
    asked = [[SWIM[0]], [SWIM[0], SWIM[1]]]
    answers: dict[int, object] = {}
    threads = [threading.Thread(target=lambda n=n: answers.__setitem__(n, attach(clients[n], csrf, AFTERCARE,
                                                                                 asked[n]))) for n in (0, 1)]
    with open(Path(app.instance_path) / "dashboard-edit.lock", "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        for thread in threads:
            thread.start()
            wait_for_the_edit_lock(thread)
        fcntl.flock(held, fcntl.LOCK_UN)
    for thread in threads:
        thread.join(60)
    assert [answers[n].status_code for n in (0, 1)] == [200, 200]
    assert answers[1].get_json()["edit"]["phrasings"] == [SWIM[1]]
    text = served_file(make_app).read_text()
    assert text.count(SWIM[0]) == 1 and text.count(SWIM[1]) == 1


def test_an_edit_undone_on_another_worker_can_be_made_again_at_once(make_app):
    # Two workers: undo on one, then add the same phrasing again on the other, whose loaded index still held it: a
    # 409 "already alternates of" until that worker's next reload, a second later (the operator's review).
    apps = [make_app(), make_app()]
    clients = [apps[0].test_client(), apps[1].test_client()]
    csrf = sign_in(clients[0])
    clients[1].set_cookie("faqbot_admin", clients[0].get_cookie("faqbot_admin", path="/admin").value, path="/admin")
    added = attach(clients[0], csrf, AFTERCARE, [SWIM[0]])
    assert added.status_code == 200, added.get_json()
    apps[1].extensions["faqbot"].maybe_reload(force=True)  # the other worker has loaded the edit
    assert section_of(clients[1], SWIM[0]) == AFTERCARE
    assert undo(clients[0], csrf, added.get_json()["edit"]["id"]).status_code == 200
    again = attach(clients[1], csrf, REDNESS, [SWIM[0]])
    assert again.status_code == 200, again.get_json()
    assert section_of(clients[1], SWIM[0]) == REDNESS


# ---- undo gives back the file as it was, byte for byte ------------------------------------------
# Undo left a blank line (the one that separated its block) and dropped a byte-order mark: a file kept in git showed
# a change nobody made, and the first edit's undo left a file the dashboard had created.

@pytest.mark.parametrize("before", [
    None, b"", b"[a/b]\nfoo", b"[a/b]\nfoo\n", b"[a/b]\nfoo\n\n", b"[a/b]\r\nfoo\r\n", b"[a/b]\r\nfoo",
    b"\xef\xbb\xbf[a/b]\nfoo\n", b"[a/b]\nfoo\n  \n", b"# notes\n\n\n"],
    ids=["no-file", "empty", "no-final-line-end", "line-end", "blank-line", "crlf", "crlf-no-final", "bom",
         "spaces-line", "two-blank-lines"])
def test_undo_restores_the_file_byte_for_byte(tmp_path, before):

    path = tmp_path / FILE_NAME
    if before is not None:
        path.write_bytes(before)
    lock, rebuilt = tmp_path / "lock", []
    add_alternates(tmp_path, REDNESS, [PINK], "t1", "me", lock, lambda: rebuilt.append(path.read_bytes()))
    assert PINK.encode() in rebuilt[-1]
    assert remove_alternates(tmp_path, "t1", REDNESS, [PINK], lock, lambda: rebuilt.append(None)) is True
    assert (path.read_bytes() if path.exists() else None) == before
    assert len(rebuilt) == 2  # reindexed after each


def test_undoing_either_of_two_edits_leaves_the_file_as_the_other_alone_made_it(tmp_path):

    path, lock = tmp_path / FILE_NAME, tmp_path / "lock"
    path.write_bytes(b"# kept by hand\n[a/b]\nfoo\n")
    add_alternates(tmp_path, REDNESS, [PINK], "t1", "me", lock, lambda: None)
    after_first = path.read_bytes()
    add_alternates(tmp_path, AFTERCARE, [SWIM[0]], "t2", "me", lock, lambda: None)
    remove_alternates(tmp_path, "t2", AFTERCARE, [SWIM[0]], lock, lambda: None)
    assert path.read_bytes() == after_first
    add_alternates(tmp_path, AFTERCARE, [SWIM[0]], "t2", "me", lock, lambda: None)
    remove_alternates(tmp_path, "t1", REDNESS, [PINK], lock, lambda: None)
    only_second = path.read_bytes()
    remove_alternates(tmp_path, "t2", AFTERCARE, [SWIM[0]], lock, lambda: None)
    assert path.read_bytes() == b"# kept by hand\n[a/b]\nfoo\n"
    assert only_second.startswith(b"# kept by hand\n[a/b]\nfoo\n\n# edit t2, ")
    assert only_second.endswith(f"[{AFTERCARE}]\n{SWIM[0]}\n".encode())


def test_undo_from_the_dashboard_restores_the_file_and_the_index(make_app):
    app = make_app()
    client = app.test_client()
    path = served_file(make_app)
    path.write_bytes(f"# by hand\r\n[{REDNESS}]\r\nhow many days will my cheeks be red".encode())
    reindex(app)
    before, answered = path.read_bytes(), section_of(client, SWIM[0])
    csrf = sign_in(client)
    edit = attach(client, csrf).get_json()["edit"]
    assert section_of(client, SWIM[0]) == AFTERCARE != answered
    assert undo(client, csrf, edit["id"]).status_code == 200
    assert path.read_bytes() == before
    assert section_of(client, SWIM[0]) == answered
