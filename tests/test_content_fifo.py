"""A named pipe, socket or device file in the content folder: `faqbot build` and `faqbot backup` skip it with one
warning line naming it, and never block on it (each runs in a subprocess with a timeout: a hang fails the test)."""

from __future__ import annotations

import json
import os
import socket
import stat

import pytest

from _server import run_cli

FAQ = "question,answer\nWhere are you?,On Mill Road.\nDo you sell gift cards?,Yes: at the desk.\n"
TIMEOUT = 60  # seconds: a build of two sections takes one or two; opening a FIFO to read it would block forever


def _socket(path) -> socket.socket:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(str(path))
    return s


@pytest.fixture
def site(tmp_path):
    """A content folder with a FAQ and, beside it, special files named as content files and not."""
    content = tmp_path / "content"
    (content / "more").mkdir(parents=True)
    (content / "faq.csv").write_text(FAQ, encoding="utf-8")
    os.mkfifo(content / "pipe.md")  # a content file's name: read, it would block until someone writes to it
    os.mkfifo(content / "more" / "questions.csv")
    os.mkfifo(content / "queue")
    sock = _socket(content / "s.txt")
    special = {"pipe.md": "a named pipe (FIFO)", "more/questions.csv": "a named pipe (FIFO)", "queue":
               "a named pipe (FIFO)", "s.txt": "a socket"}
    try:
        os.mknod(content / "null.txt", stat.S_IFCHR | 0o600, os.makedev(1, 3))  # as /dev/null: root only
        special["null.txt"] = "a character device"
    except PermissionError:
        pass
    yield tmp_path, special
    sock.close()


def _env(site) -> dict:
    return {"FAQBOT_CONTENT_DIR": str(site / "content"), "FAQBOT_INDEX_DIR": str(site / "index"),
            "FAQBOT_DATABASE_URL": f"sqlite:///{site}/faqbot.sqlite3"}


def _warned(stderr: str, prefix: str) -> dict[str, str]:
    """file -> what, from the warning lines `prefix + 'skipped FILE: WHAT, not a regular file...'`."""
    found = {}
    for line in stderr.splitlines():
        if line.startswith(prefix + "skipped ") and ", not a regular file" in line:
            name, what = line[len(prefix + "skipped "):].split(", not a regular file")[0].split(": ", 1)
            assert name not in found, stderr  # one line per file
            found[name] = what
    return found


def test_build_skips_special_files_with_one_warning_each(site):
    root, special = site
    done = run_cli("build", env=_env(root), timeout=TIMEOUT)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert _warned(done.stderr, "faqbot: warning: ") == special
    assert all(sum(name in line for line in done.stderr.splitlines()) == 1 for name in special), done.stderr
    answer = run_cli("ask", "--json", "do you sell gift cards", env=_env(root), timeout=TIMEOUT)
    assert json.loads(answer.stdout)["section_id"] == "faq/do-you-sell-gift-cards"


def test_a_special_file_added_is_no_content_change(site):
    # content_hash and the served index's freshness check walk the folder as the build does: `faqbot serve` (which
    # builds when the index is stale) must not rebuild, nor block, for a FIFO.
    from bot.build import content_hash

    root, _ = site
    before = content_hash(root / "content")
    os.mkfifo(root / "content" / "another.txt")
    assert content_hash(root / "content") == before


def test_backup_skips_special_files_with_one_warning_each(site):
    root, special = site
    done = run_cli("backup", str(root / "backup"), "--no-database", env=_env(root), timeout=TIMEOUT)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert _warned(done.stderr, "faqbot: warning: content folder: ") == special
    copy = root / "backup" / "content"
    assert (copy / "faq.csv").read_text(encoding="utf-8") == FAQ
    assert sorted(p.relative_to(copy).as_posix() for p in copy.rglob("*")) == ["faq.csv", "more"]
    manifest = json.loads((root / "backup" / "backup.json").read_text(encoding="utf-8"))
    assert {f["file"]: f["what"] for f in manifest["content"]["skipped"]} == special
    assert manifest["content"]["files"] == ["faq.csv"]
