"""Log lines (bot/logs.py): FAQBOT_LOG_LEVEL=DEBUG shows faqbot's records, not a parser's internals. Real
`faqbot` commands in subprocesses."""

from __future__ import annotations

import subprocess
import sys

from _server import run_cli

MARKDOWN = "# Opening hours\n\nWe open at **nine**.\n\n## Parking\n\n- free\n- on site\n"


def test_a_debug_build_of_markdown_logs_no_parser_internals(tmp_path):
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "hours.md").write_text(MARKDOWN, encoding="utf-8")
    done = run_cli("build", "--content", str(tmp_path / "kb"), "--index", str(tmp_path / "idx"),
                   env={"FAQBOT_LOG_LEVEL": "DEBUG"})
    assert done.returncode == 0, done.stderr
    # markdown-it logged every block rule it tried on every line: 62 DEBUG lines for this file of 8
    assert "markdown_it" not in done.stderr, done.stderr[:2000]
    assert "built index" in done.stdout


def test_debug_still_reaches_the_log_and_the_quiet_libraries_follow_a_stricter_level():
    code = ("import logging; from bot.logs import configure; configure('text', {level!r}); "
            "logging.getLogger('faqbot.test').debug('faqbot debug line'); "
            "logging.getLogger('markdown_it.rules_block.code').warning('parser warning'); "
            "logging.getLogger('markdown_it.rules_block.code').debug('parser debug')")
    debug = subprocess.run([sys.executable, "-c", code.format(level="DEBUG")], capture_output=True, text=True)
    assert "faqbot debug line" in debug.stderr and "parser warning" in debug.stderr
    assert "parser debug" not in debug.stderr
    # A record is handed up to the root's handler whatever the root's level: at ERROR the parser's
    # warning must be held back by its own level, like everyone else's.
    error = subprocess.run([sys.executable, "-c", code.format(level="ERROR")], capture_output=True, text=True)
    assert error.returncode == 0 and error.stderr == ""
