"""Machines sharing one Redis and one index folder must hash addresses with one salt: a real `faqbot serve` with
redis:// limits says in one line when another machine of its install records another salt's fingerprint in Redis
(never the salt), and says nothing for the same salt, another install's salt or a machine that stopped."""

from __future__ import annotations

import logging
import shutil
import threading
import time
from pathlib import Path

import pytest

from _app import app_maker
from _server import Server, write_content
from bot import build
from bot.settings import Settings
from web.salts import STALE, SaltCheck, fingerprint, watch

KB_SMALL = Path(__file__).resolve().parent / "data" / "kb-small"
OTHER_SALT = bytes.fromhex("cd" * 32)
LINE = "differs from the one used by"

@pytest.fixture
def site(tmp_path, redis_url):
    pytest.importorskip("redis").Redis.from_url(redis_url).flushdb()
    write_content(tmp_path / "content", 0)
    build.build(tmp_path / "content", tmp_path / "index")
    (tmp_path / "faqbot-ip-salt").write_text("ab" * 32 + "\n")  # this machine's salt (the index folder's parent)
    return tmp_path


def _machine(redis_url: str, index_dir: Path, where: str, salt: bytes, now: float | None = None) -> None:
    """Another machine's process recording its salt, as one does on start (same code, another host)."""
    check = SaltCheck(redis_url, str(index_dir.resolve()), where, fingerprint(salt))
    check.record(now)


def _salt_lines(text: str) -> list[str]:
    return [ln for ln in text.splitlines() if LINE in ln]


@pytest.mark.services
def test_serve_says_once_that_another_machine_of_the_install_has_another_salt(site, redis_url):
    _machine(redis_url, site / "index", "machine-b:/srv/faqbot", OTHER_SALT)
    with Server(site, workers=2, rate_limit="30/minute", rate_limit_storage=redis_url) as server:
        assert server.get("/api/ask?q=peel").status == 200
        text = server.stop()
    [line] = _salt_lines(text)  # the arbiter's, on the terminal; its two workers do not repeat it
    assert line.startswith("faqbot: warning: ")
    ours = fingerprint(bytes.fromhex("ab" * 32))
    assert "machine-b:/srv/faqbot" in line and fingerprint(OTHER_SALT) in line and ours in line
    assert str((site / "index").resolve()) in line and "copy one faqbot-ip-salt" in line
    redis = pytest.importorskip("redis").Redis.from_url(redis_url)
    stored = b" ".join(k + b" " + b" ".join(f + b" " + v for f, v in redis.hgetall(k).items())
                       for k in redis.scan_iter("faqbot:salt-fingerprints:*") if redis.type(k) == b"hash")
    assert ours.encode() in stored and fingerprint(OTHER_SALT).encode() in stored
    assert b"ab" * 32 not in stored and b"cd" * 32 not in stored  # fingerprints, never a salt
    assert not [k for k in redis.scan_iter() if b"ab" * 32 in redis.dump(k) or b"ab" * 32 in k]


@pytest.mark.services
def test_a_machine_with_no_salt_yet_has_its_first_worker_make_it_and_say_it_differs(site, redis_url):
    # `faqbot serve` no longer makes the salt before it starts (a start that failed left one behind): the first
    # worker makes it, and says in the log what the terminal line said.
    (site / "faqbot-ip-salt").unlink()
    _machine(redis_url, site / "index", "machine-b:/srv/faqbot", OTHER_SALT)
    with Server(site, workers=2, rate_limit="30/minute", rate_limit_storage=redis_url) as server:
        assert server.get("/api/ask?q=peel").status == 200
        text = server.stop()
    [line] = _salt_lines(text)
    made = fingerprint(bytes.fromhex((site / "faqbot-ip-salt").read_text().strip()))
    assert "machine-b:/srv/faqbot" in line and made in line and fingerprint(OTHER_SALT) in line


@pytest.mark.services
def test_serve_says_nothing_for_the_same_salt_another_install_or_a_stopped_machine(site, redis_url):
    _machine(redis_url, site / "index", "machine-b:/srv/faqbot", bytes.fromhex("ab" * 32))  # the copied salt
    _machine(redis_url, site / "other-clinic" / "index", "machine-b:/srv/other", OTHER_SALT)  # another install
    _machine(redis_url, site / "index", "machine-c:/srv/faqbot", OTHER_SALT, now=time.time() - STALE - 5)  # gone
    with Server(site, workers=1, rate_limit="30/minute", rate_limit_storage=redis_url) as server:
        assert server.get("/api/ask?q=peel").status == 200
        text = server.stop()
    assert not _salt_lines(text), text[-2000:]
    assert "faqbot: serving" in text


@pytest.mark.services
def test_a_serving_worker_notices_a_machine_that_starts_later_and_one_process_says_it(tmp_path, redis_url, caplog):
    pytest.importorskip("redis").Redis.from_url(redis_url).flushdb()
    shutil.copytree(KB_SMALL, tmp_path / "content")
    make = app_maker(tmp_path / "content", tmp_path, rate_limit="30/minute", rate_limit_storage=redis_url)
    workers = [make(), make()]  # two workers of this machine: one salt file
    checks = [w.extensions["faqbot.salt_check"] for w in workers]
    assert len({c.fingerprint for c in checks}) == 1
    assert not _salt_lines(caplog.text)
    stop = threading.Event()
    try:
        for c in checks:
            watch(c, stop, interval=0.05)
        time.sleep(0.3)
        assert not _salt_lines(caplog.text)  # alone so far
        _machine(redis_url, tmp_path / "instance" / "index", "machine-b:/srv/faqbot", OTHER_SALT)
        deadline = time.monotonic() + 10
        while not _salt_lines(caplog.text) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)  # both heartbeats have seen it several times by now
        lines = [r for r in caplog.records if LINE in r.getMessage()]
        assert len(lines) == 1 and lines[0].levelno == logging.WARNING and "machine-b" in lines[0].getMessage()
    finally:
        stop.set()


def test_no_check_without_redis_limits(tmp_path):
    salt = b"x" * 32
    base = dict(content_dir=str(tmp_path), index_dir=str(tmp_path / "index"))
    assert SaltCheck.for_settings(Settings(**base, rate_limit_storage="memory://"), salt) is None
    assert SaltCheck.for_settings(Settings(**base, rate_limit_storage="redis://127.0.0.1:1/0", rate_limit="0",
                                           admin_rate_limit="0"), salt) is None
    assert SaltCheck.for_settings(Settings(**base, rate_limit_storage="redis://127.0.0.1:1/0"), salt) is not None
