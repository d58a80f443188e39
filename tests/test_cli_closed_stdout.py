"""Commands whose product is what they print refuse a closed standard output (`faqbot report >&-`) in one line,
exit 1, as `faqbot ask` does: the report was an AttributeError traceback, the evaluation exit 0 having printed
nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("command, what", [("report", "the report"), ("eval", "the evaluation")])
def test_a_command_that_prints_its_result_refuses_a_closed_stdout(article_index, tmp_path, command, what):
    questions = tmp_path / "questions.jsonl"
    questions.write_text(json.dumps({"query": "how long does redness last?", "gold": []}) + "\n", encoding="utf-8")
    argv = {"report": ["report"], "eval": ["eval", str(questions), "--index", str(article_index)]}[command]
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAQBOT_")}
    env["FAQBOT_DATABASE_URL"] = f"sqlite:///{tmp_path}/faqbot.sqlite3"
    env["FAQBOT_INDEX_DIR"] = str(article_index)
    done = subprocess.run([sys.executable, "-m", "web.cli", *argv], stdin=subprocess.DEVNULL,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env,
                          timeout=120, preexec_fn=lambda: os.close(1))
    assert done.returncode == 1, done.stderr
    assert done.stderr == f"faqbot: error: standard output is closed: nowhere to write {what}\n"
    assert not (tmp_path / "faqbot.sqlite3").exists()  # the report makes no database to say nothing was logged


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs Linux's /dev/full")
@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["backup", "--help"]])
def test_version_and_help_on_a_full_disk_exit_1_in_one_line(argv):
    # argparse ignores an OSError writing them: `faqbot --version > /dev/full` printed nothing and exited 0.
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "web.cli", *argv], stdin=subprocess.DEVNULL, stdout=full,
                              stderr=subprocess.PIPE, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 1
    assert done.stderr == "faqbot: error: standard input or output: No space left on device\n"
