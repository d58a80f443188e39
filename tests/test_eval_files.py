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


@pytest.mark.parametrize("make,message", [
    (lambda d: d, "{p}: is a folder: give a file name in it, such as {p}/sweep.html"),
    (lambda d: d / "no" / "such" / "sweep.html", "{p}: the folder {d}/no/such does not exist: create it first"),
    (lambda d: (d / "f").write_text("") or d / "f" / "sweep.html", "{p}: {d}/f is not a folder"),
    (lambda d: d / "sweep.png", "{p}: the plot is an HTML page: give a file name ending in .html"),
    (lambda d: (d / "sweep.html").symlink_to(d / "gone") or d / "sweep.html",
     "{p}: not a regular file: give a new file name ending in .html"),
])
def test_a_plot_path_it_cannot_write_is_refused_before_any_work(content_copy, capsys, tmp_path, make, message):
    # before: found only after the whole evaluation (here: after building an index), as
    # "cannot write the plot ([Errno 21] Is a directory: ...)"; a missing folder was made, a .png got HTML
    plot, index = make(tmp_path), tmp_path / "idx"
    argv = ["eval", str(QUESTIONS / "article-dev.jsonl"), "--index", str(index), "--content", str(content_copy)]
    assert cli.main(argv + ["--plot", str(plot)]) == 1
    assert _error(capsys) == "faqbot: error: " + message.format(p=plot, d=tmp_path)
    assert not index.exists()  # nothing was built or evaluated
    assert not (tmp_path / "no").exists()


def test_a_plot_in_a_folder_the_system_refuses_is_one_line(article_index, capsys, tmp_path):
    # root writes where chmod forbids, so the folder is one the kernel refuses: sysfs
    if not os.path.isdir("/sys"):
        pytest.skip("no /sys")
    (tmp_path / "q.jsonl").write_text(ONE)
    assert cli.main(["eval", str(tmp_path / "q.jsonl"), "--index", str(article_index), "--plot", "/sys/sweep.html"]) == 1
    line = _error(capsys)
    assert line.startswith("faqbot: error: /sys/sweep.html: cannot write in /sys: ") and "Errno" not in line
    assert not os.path.exists("/sys/sweep.html")


def test_an_empty_plot_option_is_named(article_index, capsys, tmp_path):
    # before: ignored, as if --plot had not been given, exit 0
    (tmp_path / "q.jsonl").write_text(ONE)
    assert cli.main(["eval", str(tmp_path / "q.jsonl"), "--index", str(article_index), "--plot", ""]) == 1
    assert _error(capsys) == "faqbot: error: --plot is empty: give the .html file to write the threshold sweep to"


def test_the_plot_replaces_the_old_page_in_one_step(article_index, capsys, tmp_path):
    # before: written in place, so a reader holding the old file (a hard link, an open browser tab's file) saw it
    # overwritten, and half written while it ran
    (tmp_path / "q.jsonl").write_text(ONE)
    plot, kept = tmp_path / "out" / "sweep.HTML", tmp_path / "out" / "kept.html"
    plot.parent.mkdir()
    plot.write_text("old page")
    os.link(plot, kept)
    assert cli.main(["eval", str(tmp_path / "q.jsonl"), "--index", str(article_index), "--plot", str(plot)]) == 0
    assert "<svg" in plot.read_text() and kept.read_text() == "old page"
    assert sorted(p.name for p in plot.parent.iterdir()) == ["kept.html", "sweep.HTML"]  # no temporary file left


def test_a_line_naming_its_question_as_the_api_does_is_told_the_key(tmp_path):
    # The API's field is `question`; an evaluation line's is `query`. It was "expected an object with 'query' ...".
    from bot.evaluate import load_questions

    lines = tmp_path / "q.jsonl"
    lines.write_text('{"query": "hours?", "gold": ["a/b"]}\n{"question": "parking?", "gold": ["a/c"]}\n',
                     encoding="utf-8")
    with pytest.raises(ValueError) as e:
        load_questions(lines)
    assert str(e.value) == f"{lines}:2: an evaluation line names its question 'query', not 'question'"
