"""FAQBOT_NO_ANSWER_CONTACT in `faqbot ask` (through bot.cli.main): the no-answer reply ends with the site's line, in
the human output, in --json and in the batch from standard input; answers and small talk do not get it; a value
that is no single short line is one error line naming the variable, exit 1."""

from __future__ import annotations

import io
import json
import shutil
import sys

import pytest

from _app import KB_SMALL
from bot import cli
from bot.answer import no_answer_text

CONTACT = "Call us on 020 7946 0000 or email hello@clinic.example."


@pytest.fixture
def site(tmp_path, monkeypatch):
    """The small knowledge base's content and index folders, as `faqbot ask` options, with the line set."""
    shutil.copytree(KB_SMALL, tmp_path / "content")
    monkeypatch.setenv("FAQBOT_NO_ANSWER_CONTACT", CONTACT)
    return ["--content", str(tmp_path / "content"), "--index", str(tmp_path / "index")]


def test_ask_json_ends_the_no_answer_reply_with_the_line(site, capsys):
    assert cli.main(["ask", *site, "--json", "xyzzy"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["kind"] == "no_answer" and d["answer"] == no_answer_text(True, CONTACT)


def test_ask_prints_the_line_in_the_human_reply(site, capsys):
    assert cli.main(["ask", *site, "xyzzy"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == no_answer_text(True, CONTACT)


def test_the_batch_ends_every_no_answer_with_the_line_and_nothing_else(site, capsys, monkeypatch):
    questions = ["xyzzy", "how long will my skin peel?", "qqqq", "hello"]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("\n".join(questions).encode() + b"\n")))
    assert cli.main(["ask", *site]) == 0
    got = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [d["kind"] for d in got] == ["no_answer", "answer", "no_answer", "smalltalk"]
    assert got[0]["answer"] == no_answer_text(True, CONTACT)
    assert got[2]["answer"] == no_answer_text(False, CONTACT)
    assert CONTACT not in got[1]["answer"] and CONTACT not in got[3]["answer"]


def test_spaces_and_a_trailing_line_end_around_the_line_are_dropped(site, capsys, monkeypatch):
    monkeypatch.setenv("FAQBOT_NO_ANSWER_CONTACT", f"  {CONTACT}\n")  # as `$(cat contact.txt)` or a .env file gives it
    assert cli.main(["ask", *site, "--json", "xyzzy"]) == 0
    assert json.loads(capsys.readouterr().out)["answer"] == no_answer_text(True, CONTACT)


@pytest.mark.parametrize("value, says", [
    ("Call us.\nOr email.", "found a line break"),
    ("Call us.\r\nOr email.", "found a line break"),
    ("Call us.\u2028Or email.", "found a line break"),
    ("Call us.\x1b[31m now", "found a control character"),
    ("Call us on 020 7946 0000. " * 10, "must be at most 200 characters"),
])
def test_a_bad_line_is_one_error_line_naming_the_variable(site, capsys, monkeypatch, value, says):
    monkeypatch.setenv("FAQBOT_NO_ANSWER_CONTACT", value)
    assert cli.main(["ask", *site, "xyzzy"]) == 1
    captured = capsys.readouterr()
    err = captured.err.strip()
    assert captured.out == "" and len(err.splitlines()) == 1, err
    assert err.startswith("faqbot: error: FAQBOT_NO_ANSWER_CONTACT: ") and says in err, err
