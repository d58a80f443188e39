"""`faqbot serve` with a rate-limit Redis that does not answer says so on its own terminal, in one warning line.

Before: the start checked only that FAQBOT_RATE_LIMIT_STORAGE could be read (README, "start-up checks": the rate-limit
storage); a mistyped port or a Redis not started yet went unsaid on the operator's terminal, and each worker's log
got the rate-limit library's "Rate limit storage unreachable - falling back to in-memory storage": N workers then
allow N times the limit, and the address-salt check between machines (which talks to the same Redis) skipped itself
saying that the storage check reports it.
"""

from __future__ import annotations

import pytest

from _env import require_service
from _server import free_port, serve_start_lines as start_lines

pytest.importorskip("redis")


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
