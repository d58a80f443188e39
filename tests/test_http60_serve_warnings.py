"""`faqbot serve --workers 2` with the rate limits in each worker's memory (memory://, the default) allowed a client
twice the limit without a word on the terminal (README: "N workers allow up to N times the limit"). It says so in one
line at start, naming the setting to change (session 60)."""

from __future__ import annotations

from _server import serve_start_lines as start_lines

LINE = ("faqbot: warning: FAQBOT_RATE_LIMIT_STORAGE is memory://: each of the 2 workers counts the rate limits on its "
        "own, so a client may get up to 2 times FAQBOT_RATE_LIMIT 30/minute and FAQBOT_ADMIN_RATE_LIMIT 10/minute; set "
        "FAQBOT_RATE_LIMIT_STORAGE=redis://HOST:6379/0 to share one count")


def test_two_workers_counting_in_memory_are_said_once(tmp_path):
    lines = start_lines(tmp_path, "memory://", FAQBOT_WORKERS="2")
    assert [ln for ln in lines if "FAQBOT_RATE_LIMIT_STORAGE" in ln] == [LINE], lines


def test_only_the_limits_that_are_on_are_named(tmp_path):
    lines = start_lines(tmp_path, "memory://", FAQBOT_WORKERS="3", FAQBOT_RATE_LIMIT="0")
    said = [ln for ln in lines if "FAQBOT_RATE_LIMIT_STORAGE" in ln]
    assert len(said) == 1 and "each of the 3 workers" in said[0] and "3 times FAQBOT_ADMIN_RATE_LIMIT 10/minute;" \
        in said[0], said


def test_nothing_said_with_one_worker_or_no_limits(tmp_path):
    for i, settings in enumerate([{"FAQBOT_WORKERS": "1"},
                                  {"FAQBOT_WORKERS": "2", "FAQBOT_RATE_LIMIT": "0", "FAQBOT_ADMIN_RATE_LIMIT": "0"}]):
        folder = tmp_path / str(i)
        folder.mkdir()
        lines = start_lines(folder, "memory://", **settings)
        assert not any("FAQBOT_RATE_LIMIT_STORAGE" in ln for ln in lines), lines
