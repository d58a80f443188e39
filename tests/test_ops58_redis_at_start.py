"""`faqbot serve` with a rate-limit Redis that does not answer says so on its own terminal, in one warning line.

Before: the start checked only that FAQBOT_RATE_LIMIT_STORAGE could be read (README, "start-up checks": the rate-limit
storage); a mistyped port or a Redis not started yet went unsaid on the operator's terminal, and each worker's log
got the rate-limit library's "Rate limit storage unreachable - falling back to in-memory storage": N workers then
allow N times the limit, and the address-salt check between machines (which talks to the same Redis) skipped itself
saying that the storage check reports it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from _env import ROOT, require_service
from _server import KB_SMALL, free_port, request, until
from bot import build

pytest.importorskip("redis")


def start_lines(tmp_path, storage: str, **settings: str) -> list[str]:
    """The lines `faqbot serve` prints up to the one saying where it serves; then it is stopped (SIGTERM)."""
    build.build(KB_SMALL, tmp_path / "index")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAQBOT_")}
    env.update(FAQBOT_CONTENT_DIR=str(KB_SMALL), FAQBOT_INDEX_DIR=str(tmp_path / "index"),
               FAQBOT_DATABASE_URL=f"sqlite:///{tmp_path}/faqbot.sqlite3", FAQBOT_PORT=str(port),
               FAQBOT_RATE_LIMIT_STORAGE=storage, PYTHONPATH=str(ROOT), **settings)
    proc = subprocess.Popen([sys.executable, "-m", "web.cli", "serve"], env=env, cwd=tmp_path, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    try:
        for line in proc.stdout:
            lines.append(line.rstrip("\n"))
            if line.startswith("faqbot: serving http://"):
                break
        until(lambda: request(port, "GET", "/api/live", timeout=2).ok, "the server to answer")  # its handlers are set
    finally:
        proc.send_signal(signal.SIGTERM)
        rest, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0, lines + rest.splitlines()
    assert "Traceback" not in rest
    return lines


def test_a_redis_that_refuses_is_one_warning_line_and_the_server_starts(tmp_path):
    port = free_port()  # nothing listens there once the probe socket is closed
    lines = start_lines(tmp_path, f"redis://:hunter2@127.0.0.1:{port}/0", FAQBOT_RATE_LIMIT="30/minute")
    warned = [line for line in lines if "FAQBOT_RATE_LIMIT_STORAGE" in line]
    assert len(warned) == 1, lines
    assert warned[0].startswith(f"faqbot: warning: FAQBOT_RATE_LIMIT_STORAGE: redis://:***@127.0.0.1:{port}/0: Redis "
                                "does not answer now (")
    assert warned[0].endswith("): each worker counts the rate limits in its own memory until it does, so N workers "
                              "allow up to N times the limit")
    assert "hunter2" not in "\n".join(lines)
    assert lines[-1].startswith("faqbot: serving http://127.0.0.1:")


def test_no_warning_when_the_rate_limits_are_off(tmp_path):
    lines = start_lines(tmp_path, f"redis://127.0.0.1:{free_port()}/0", FAQBOT_RATE_LIMIT="0",
                        FAQBOT_ADMIN_RATE_LIMIT="0")
    assert not [line for line in lines if "FAQBOT_RATE_LIMIT_STORAGE" in line], lines


def test_no_warning_for_a_redis_that_answers(tmp_path):
    url = require_service("FAQBOT_TEST_REDIS_URL", "Redis")
    lines = start_lines(tmp_path, url, FAQBOT_RATE_LIMIT="30/minute")
    assert not [line for line in lines if "FAQBOT_RATE_LIMIT_STORAGE" in line], lines
    assert lines[-1].startswith("faqbot: serving http://127.0.0.1:")
