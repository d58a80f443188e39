"""What visitors type reaches the operator's terminal and the engine's patterns: control characters are shown as
their codes by `faqbot report` and refused in a feedback's section id; a run of spaces or line breaks is read as
one (each engine pattern that starts with \\s* or \\s+ tried every start in a run: 4,000 line breaks held a worker
for 4.6 s), and a run of marks (": ? , ; . !") or of dots after "://" reads as it was written to, matched from its
first mark only (four patterns had tried every mark of such a run: 4 s of a worker for 16,000 colons). Real Store (SQLite), real app factory, real index of knowledge/."""

from __future__ import annotations

import io
import random
import re

import pytest

from _app import built_app
from bot.model import Answer
from bot.report import report
from bot.settings import Settings
from bot.store import Store
from bot import text
from bot.redact import read_as_asked
from bot.text import clauses_of, questions_in, spaced_once

ESCAPES = "zzqx \x1b]0;PWNED\x07\x1b[31mRED\x1b[0m\x1b[2K\rfake line\x08\x08 \u202equokka"


def test_report_writes_control_characters_as_their_codes(tmp_path):
    url = f"sqlite:///{tmp_path}/faqbot.sqlite3"
    store = Store(url, salt=b"s" * 32)
    for _ in range(3):
        store.log_question(Answer(question=ESCAPES, answered=False, kind="no_answer", answer="...", confidence=0.1))
    store.log_feedback("q", "evil\x1b]52;c;cm0gLXJmIH4K\x07/sec", False)  # stored by an older version
    out = io.StringIO()
    assert report(Settings(database_url=url, threshold=0.5), since_days=None, out=out) == 0
    text = out.getvalue()
    assert not any(c in text for c in "\x1b\x07\x08\r\u202e"), repr(text)
    assert "zzqx \\x1b]0;PWNED\\x07\\x1b[31mRED" in text and "\\u202equokka" in text
    assert "evil\\x1b]52;c;cm0gLXJmIH4K\\x07/sec" in text


@pytest.fixture
def client(tmp_path, article_index):
    return built_app(Settings(index_dir=str(article_index), database_url=f"sqlite:///{tmp_path}/db.sqlite3",
                              rate_limit="0")).test_client()


@pytest.mark.parametrize("section_id", ["a\x1b]0;T\x07/b", "doc/x\ry", "doc/\u202eevil", "doc\tx"])
def test_a_feedback_section_id_with_a_control_character_is_a_400(client, section_id):
    r = client.post("/api/feedback", json={"question": "q", "section_id": section_id, "helpful": False})
    assert r.status_code == 400 and "holds characters no section id has (a control character" in r.json["error"]


def test_a_feedback_section_id_of_another_script_is_stored(client):
    r = client.post("/api/feedback", json={"question": "q", "section_id": "faq/café-à-paris", "helpful": True})
    assert r.status_code == 201


def test_runs_of_spaces_and_line_breaks_read_as_one():
    assert spaced_once("how  long\t\tdoes\n\n\nit   \n last") == "how long does\nit\nlast"
    assert spaced_once("a b\nc") == "a b\nc"
    assert clauses_of("I'm disabled,    is the\n\n\n building accessible?") == ["I'm disabled",
                                                                              "is the building accessible?"]
    assert clauses_of("a" + "\n" * 3998 + "b") == ["a b"]


def test_a_message_with_a_long_run_of_line_breaks_is_answered_as_with_one(client):
    def ask(q):
        r = client.post("/api/ask", json={"question": q})
        assert r.status_code == 200
        return r.json

    one, run = ask("how long does redness last?\nthanks"), ask("how long does redness last?" + "\n" * 450 + "thanks")
    assert (run["section_id"], run["confidence"]) == (one["section_id"], one["confidence"]) != (None, 0.0)
    assert run["question"] == "how long does redness last?" + "\n" * 450 + "thanks"  # echoed as typed
    two = ask("how long does redness last" + " " * 200 + "and can I wear makeup?")
    assert questions_in(spaced_once("how long does redness last" + " " * 200 + "and can I wear makeup?")) == \
        ["how long does redness last", "can I wear makeup?"]
    assert two["answered"]


def test_an_ipv6_client_is_counted_by_its_64_by_the_rate_limit(tmp_path, article_index):
    client = built_app(Settings(index_dir=str(article_index), database_url=f"sqlite:///{tmp_path}/db.sqlite3",
                                rate_limit="3/minute")).test_client()

    def ask(address):
        return client.get("/api/ask?q=redness", environ_base={"REMOTE_ADDR": address}).status_code

    # a new address of the same /64 each time: was a fresh budget for each (no 429, ever)
    assert [ask(f"2001:db8:1:2::{n}") for n in range(1, 6)] == [200, 200, 200, 429, 429]
    assert ask("2001:db8:1:3::1") == 200  # another /64 is another client
    # an IPv4 client seen as an IPv4-mapped IPv6 address is that IPv4 address
    assert [ask(a) for a in ("192.0.2.7", "::ffff:192.0.2.7", "192.0.2.7", "::ffff:192.0.2.7")] == [200, 200, 200, 429]


# The patterns as first written (each correct, but a run of marks made them try every mark of it and scan the rest
# from each: 4 s of a worker for 16,000 colons): the engine's must split and find exactly as they do.
_PAUSE_AS_WRITTEN = re.compile(r"[.?!,;:\n]\W*\w")
_CLAUSES_AS_WRITTEN = re.compile(r"\s*(?:[,;:.!?]+|\s[-–—]+)\s+|\s+(?=(?:as|because|since|cause|cos|coz|so) "
                                 r"(?:i|we|my|our|i'm|im)\b)", re.I)
_QUESTION_MARKS_AS_WRITTEN = re.compile(r"\?+\s+(?=\S)")
_SCHEME_AS_WRITTEN = re.compile(r"(?i)(?<![\w@/])[a-z][a-z0-9+.-]*://")


def test_runs_of_marks_split_and_read_as_the_patterns_as_written():
    rng = random.Random(60)
    alphabet = list("ab ,;:.!?-–—\n") + ["and ", "can i ", "as i ", "??", "...", " - ", "x.y", "see "]
    # (its other branch, "..., and can I ...", as the engine's)
    second_as_written = re.compile(_QUESTION_MARKS_AS_WRITTEN.pattern + "|" + text._SECOND_QUESTION.pattern.split("|", 1)[1],
                                   re.I)
    for _ in range(20000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        spaced = " ".join(s.split())
        assert text._paused(s) == bool(_PAUSE_AS_WRITTEN.search(s)), s
        assert text._CLAUSES.split(spaced) == _CLAUSES_AS_WRITTEN.split(spaced), s
        assert text._SECOND_QUESTION.split(s) == second_as_written.split(s), s


@pytest.mark.parametrize("mark", list(":?,;.!"))
def test_a_long_run_of_one_mark_reads_as_the_words_before_it(mark):
    run = "how do i book" + mark * 15000
    assert clauses_of(run + " then pay") == ["how do i book", "then pay"]
    assert text._paused(run) is False and text._paused(run + "x") is True
    assert questions_in(run) == [run]


def test_a_long_run_of_dots_is_no_web_address():
    assert read_as_asked("where do i park? https://example.com/visit") == "where do i park?"
    for n in (100, 8000):
        scheme_run = "see :// " + "a." * n
        assert read_as_asked(scheme_run) == scheme_run  # no scheme of 64 characters or fewer before "://"
    assert not _SCHEME_AS_WRITTEN.search("see :// " + "a." * 100)  # as written, no scheme either
    # an app's reverse-domain scheme (about 50 characters) is a web address's, as it was
    oauth = "open com.googleusercontent.apps.abcdefghijklmnop-abcdefghij://oauth to sign in"
    assert read_as_asked(oauth) == "open to sign in"
