"""`faqbot eval`: a questions file it cannot read, and the --plot file, each one clear line before any work."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot import cli

QUESTIONS = Path(__file__).parent / "data" / "questions"
ONE = '{"query": "what is microneedling", "gold": ["microneedling-redness/what-is-microneedling"]}\n'


def _error(capsys) -> str:
    [line] = capsys.readouterr().err.strip().splitlines()
    return line


@pytest.mark.parametrize("make,why", [
    (lambda d: d / "missing.jsonl", "no such file"),
    (lambda d: d, "it is a folder, not a file"),
    (lambda d: (d / "f").write_text("") or d / "f" / "q.jsonl", "a part of the path is a file, not a folder"),
])
def test_a_questions_file_it_cannot_read_is_one_line_naming_it_once(article_index, capsys, tmp_path, make, why):
    # before: "/path: cannot read ([Errno 2] No such file or directory: '/path')", the file named twice
    path = make(tmp_path)
    assert cli.main(["eval", str(path), "--index", str(article_index)]) == 1
    assert _error(capsys) == f"faqbot: error: {path}: cannot read: {why}"


def test_a_questions_file_the_system_refuses_to_read_says_so(article_index, capsys):
    # root reads what chmod forbids, so the refusal is the kernel's: another process's memory
    path = "/proc/1/mem"
    if not os.path.exists(path):
        pytest.skip("no /proc")
    assert cli.main(["eval", path, "--index", str(article_index)]) == 1
    line = _error(capsys)
    assert line.startswith(f"faqbot: error: {path}: cannot read: ") and "Errno" not in line
    assert line.count(path) == 1


def test_a_questions_file_that_is_not_utf8_names_the_line_and_byte(article_index, capsys, tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_bytes(ONE.encode() + b'{"query": "caf\xe9", "gold": []}\n')
    assert cli.main(["eval", str(path), "--index", str(article_index)]) == 1
    assert _error(capsys) == f"faqbot: error: {path}:2: not UTF-8 (byte 0xe9): save it as UTF-8"


def test_an_empty_questions_argument_is_named(article_index, capsys):
    # before: ".: cannot read ([Errno 21] Is a directory: '.')"
    assert cli.main(["eval", "", "--index", str(article_index)]) == 1
    assert _error(capsys) == "faqbot: error: QUESTIONS is empty: give a JSON lines file of labeled questions"
