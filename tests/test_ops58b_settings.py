"""Two settings that were accepted and then misbehaved without a word: a tiny FAQBOT_RELOAD_INTERVAL (1e-9: each idle
worker spent 50-60% of a CPU checking for a new index) and FAQBOT_RATE_LIMIT_STORAGE=redis:// with no host (it meant
localhost:6379). Each is now one line naming the variable, the value and what is allowed, exit 1."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import Settings, SettingsError

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def index(small_index) -> Path:
    return small_index


def _ask(index: Path, **variables: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAQBOT_")}
    argv = ["ask", "--index", str(index), "how long will my skin peel?"]
    return subprocess.run([sys.executable, "-m", "web.cli", *argv], cwd=ROOT, env={**env, **variables},
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("given", ["1e-9", "0.05", "0.0999"])
def test_a_reload_interval_under_a_tenth_of_a_second_is_one_line(index, given):
    done = _ask(index, FAQBOT_RELOAD_INTERVAL=given)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.splitlines() == [f"faqbot: error: FAQBOT_RELOAD_INTERVAL: must be 0.1..86,400, got {given}"]


def test_a_tenth_of_a_second_is_allowed(index):
    done = _ask(index, FAQBOT_RELOAD_INTERVAL="0.1")
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert Settings.from_env({"FAQBOT_RELOAD_INTERVAL": "0.1"}).reload_interval == 0.1


def test_code_may_ask_for_a_shorter_interval_than_a_person():
    # tests/test_api.py's reload by another process uses 0.001 s, not to wait; the environment may not.
    assert Settings(reload_interval=0.001).reload_interval == 0.001
    assert Settings().replace(reload_interval=0.001).reload_interval == 0.001
    with pytest.raises(SettingsError, match=r"^FAQBOT_RELOAD_INTERVAL: must be 0\.1\.\.86,400, got 0\.001$"):
        Settings.from_env({"FAQBOT_RELOAD_INTERVAL": "0.001"})
    with pytest.raises(SettingsError, match=r"^--reload-interval: must be 0\.1\.\.86,400, got 0\.001$"):
        Settings.from_env({}, reload_interval="0.001")  # as an option would give it


@pytest.mark.parametrize("given, shown", [
    ("redis://", "redis://"), ("rediss://", "rediss://"), ("redis:///0", "redis:///0"),
    ("redis://:6379", "redis://:6379"),
    ("redis://:hunter2@", "redis://:***@"),  # the password stays out of the message (and the logs)
    ("redis://:hunter2@:6379/0", "redis://:***@:6379/0"),
])
def test_a_redis_url_without_a_host_is_one_line(index, given, shown):
    done = _ask(index, FAQBOT_RATE_LIMIT_STORAGE=given)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.splitlines() == [f"faqbot: error: FAQBOT_RATE_LIMIT_STORAGE: names no host: expected "
                                        f"redis://host:port, e.g. redis://127.0.0.1:6379/0, got {shown!r}"]
    assert "hunter2" not in done.stderr


@pytest.mark.parametrize("given", ["redis://localhost", "redis://127.0.0.1:6379/0",
                                   "rediss://user:pw@cache.internal:6380/1", "redis://[::1]:6379", "memory://"])
def test_a_redis_url_with_a_host_is_still_accepted(given):
    assert Settings.from_env({"FAQBOT_RATE_LIMIT_STORAGE": given}).rate_limit_storage == given
