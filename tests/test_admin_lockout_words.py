"""The sign-in lockout says its wait as people say it: 'try again in 1 second', 'try again in 2 seconds'."""

from __future__ import annotations

import time

import pytest

from _app import app_maker

TOKEN = "admin-test-token-7f3a"


class Clock:
    """The system clock (a process boundary), read by the throttle and its memory storage, set by the test."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize("left, says", [(0.8, "try again in 1 second"), (1.8, "try again in 2 seconds")])
def test_the_lockout_counts_its_seconds(content_copy, tmp_path, monkeypatch, left, says):
    # Before: "try again in 1 seconds" in the last second of the lockout.
    app = app_maker(content_copy, tmp_path, admin_token=TOKEN)()
    client = app.test_client()
    clock = Clock(2_000_000_000.0)  # a whole second: the window of 5 wrong tokens a minute ends at +60
    monkeypatch.setattr(time, "time", clock)
    for _ in range(5):
        assert client.post("/admin/sign-in", data={"token": "guess"}).status_code == 403
    clock.now += 60 - left
    r = client.post("/admin/sign-in", data={"token": TOKEN})
    text = r.get_data(as_text=True)
    assert r.status_code == 429 and r.headers["Retry-After"] == says.split()[3], text
    assert f"too many wrong tokens from your address; {says}" in text and f"{says}s" not in text
