"""The dashboard reads the log summed in the database, as `faqbot report` does: the same page and JSON as when it
loaded every row.

The expected outputs (tests/data/dashboard-pinned/) were produced by main at dd5a6f2, whose dashboard loaded every
logged row into memory, on the log `build_log` makes (this file's __main__, run with that code on PYTHONPATH): the
JSON of /admin/summary for 30 and 7 days and the visible text of /admin, times written relative to the log's
`now` and dates as days before today. The dashboard that sums in SQL must show the same, on SQLite and on PostgreSQL.
Re-made since by this __main__ with the code of their commit where what the page shows changed, the summing not: the
period's first day (session 56); the section picker's labels and pre-choice, and the groups the index in service
answers now (session 57).
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path

from _app import app_maker
from _report_log import CONFIDENT, DAY, LOW, log_40_000, log_questions, relative, start

KNOWLEDGE = Path(__file__).resolve().parents[1] / "knowledge"
TOKEN = "dashboard-pin-token"
DOC = "microneedling-redness/"
SECTIONS = [DOC + s for s in ("how-long-does-redness-last-after-a-treatment-session", "what-is-microneedling",
                              "what-is-the-aftercare-process-for-microneedling", "what-are-the-risks-of-microneedling",
                              "conclusion")]
OLD = DOC + "redness-after-a-session"  # a former id: knowledge/renamed.moves says it is SECTIONS[0] now
DISMISSED = ["what is the capital of france", "who won the world cup"]
PINNED = Path(__file__).parent / "data" / "dashboard-pinned"
FILES = (("summary 30", "summary-30.json"), ("summary 7", "summary-7.json"), ("page 30", "page-30.txt"))


def build_log(url: str, now: float) -> None:
    """A fixed log of about 190 questions over 20 days and 50 votes, written as `faqbot serve` writes it: unanswered
    and low-confidence questions, confident answers given a thumbs down (typed another way, from a section since
    renamed, or not answered in the period at all), rows without an address."""
    store, rng = log_questions(url, 56, now, lambda rng, i, how: rng.choice(SECTIONS[:3] + [OLD]) if how == "low"
                               else rng.choice([SECTIONS[i % 5], OLD]) if how else None)
    texts = [t for t, _ in CONFIDENT + LOW] + ["How long does REDNESS last?", "never asked at all"]
    for n in range(1, 51):
        store.log_feedback(rng.choice(texts), rng.choice(SECTIONS + [OLD, None]), rng.random() < 0.4)
        store.execute("UPDATE faqbot_feedback SET given_at = ? WHERE id = ?", (now - (n % 15) * DAY - 100, n))


class _Text(HTMLParser):
    """The text a reader sees: text nodes outside script and style, one line each."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style")

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not self._skip:
            self.lines.append(text)


def _since(value: float, now: float) -> str:
    """The period's start, a midnight UTC: as days before the day of the log's `now`."""
    assert value % DAY == 0, value
    return f"midnight UTC {round((now // DAY * DAY - value) / DAY)} days before today's"


def _times(value, now: float):
    """Unix times in the JSON as seconds from the log's `now` (`since`: its day, see _since)."""
    if isinstance(value, dict):
        return {k: (_since(v, now) if k == "since" else
                    "EDIT-TIME" if k in ("made_at", "undone_at") and v is not None else _times(v, now))
                for k, v in value.items()}
    if isinstance(value, list):
        return [_times(v, now) for v in value]
    if isinstance(value, float) and value > 1e9:
        return f"now{round(value - now):+}s"
    return value


def _session(text: str) -> str:
    """Who made an edit: a session's random label, the same for every one here."""
    return re.sub(r"\bsession [0-9a-f]{8}\b", "session S", text)


def outputs(client, now: float) -> dict[str, str]:
    """The dashboard of the log for 30 and 7 days as JSON, and its page for 30 days as visible text."""
    today = datetime.now(timezone.utc).date()
    found = {}
    for days in (30, 7):
        r = client.get(f"/admin/summary?days={days}")
        assert r.status_code == 200, r.get_data(as_text=True)
        found[f"summary {days}"] = _session(relative(json.dumps(_times(r.get_json(), now), indent=1, sort_keys=True),
                                                     today))
    r = client.get("/admin?days=30")
    assert r.status_code == 200
    parser = _Text()
    parser.feed(r.get_data(as_text=True))
    text = "\n".join(parser.lines) + "\n"
    text = re.sub(r"(?m)^\d\d-\d\d$", "MM-DD", relative(text, today))  # the chart's day ticks
    found["page 30"] = _session(re.sub(r"\b\d\d:\d\d UTC\b", "HH:MM UTC", text))
    return found


def dashboard_of_log(root: Path, url: str) -> dict[str, str]:
    """Build the fixed log at `url`, serve a copy of knowledge/ (with one renamed section) over it, dismiss one
    group, and read the dashboard."""
    content = root / "knowledge"
    shutil.copytree(KNOWLEDGE, content)
    (content / "renamed.moves").write_text(f"{OLD} -> {SECTIONS[0]}\n", encoding="utf-8")
    now = start()
    build_log(url, now)
    client = app_maker(content, root, admin_token=TOKEN, database_url=url, threshold=0.5)().test_client()
    csrf = client.post("/admin/sign-in", json={"token": TOKEN}).get_json()["csrf_token"]
    r = client.post("/admin/dismiss", json={"phrasings": DISMISSED}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200, r.get_data(as_text=True)
    return outputs(client, now)


def _check(root: Path, url: str) -> None:
    found = dashboard_of_log(root, url)
    for name, file in FILES:
        assert found[name] == (PINNED / file).read_text(encoding="utf-8"), name


def test_the_dashboard_of_a_small_log_is_the_one_that_loaded_every_row(tmp_path):
    _check(tmp_path, f"sqlite:///{tmp_path}/log.sqlite3")


def test_the_dashboard_of_a_small_log_on_postgresql(tmp_path, postgres_url):
    _check(tmp_path, postgres_url)


if __name__ == "__main__":  # how they were made: python tests/test_admin_summary_sql.py, the old code on PYTHONPATH
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        made = dashboard_of_log(Path(tmp), f"sqlite:///{tmp}/log.sqlite3")
    PINNED.mkdir(exist_ok=True)
    for name, file in FILES:
        (PINNED / file).write_text(made[name], encoding="utf-8")


def test_the_dashboard_holds_no_row_of_the_log_in_memory(tmp_path, content_copy):
    # 40,000 questions, 2 in 3 unanswered, over 28 days: the dashboard that read every row of the period held them
    # all (about 30 MB of Python objects at its peak); read summed, it holds one row per text.
    import tracemalloc

    url = f"sqlite:///{tmp_path}/log.sqlite3"
    log_40_000(url, SECTIONS[0])
    client = app_maker(content_copy, tmp_path, admin_token=TOKEN, database_url=url, threshold=0.5)().test_client()
    client.post("/admin/sign-in", json={"token": TOKEN})
    assert client.get("/admin/summary?days=30").status_code == 200  # imports and caches warm
    tracemalloc.start()
    try:
        r = client.get("/admin/summary?days=30")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    data = r.get_json()
    assert (data["questions"], data["answered"], data["unanswered"]) == (40_000, 13_360, 26_640)
    print(f"peak {peak:,} bytes")
    assert peak < 5_000_000, f"{peak:,} bytes"
