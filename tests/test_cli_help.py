"""Each command's `--help` says what its options default to as the command does it, and names the options the README's
command table lists for it (a new user reads the one, then the other)."""

from __future__ import annotations

import re

import pytest

from bot import cli
from web.cli import main as console_main  # the console script's: `serve` too

from _env import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _help(capsys, command: str) -> str:
    with pytest.raises(SystemExit):
        console_main([command, "--help"])
    return " ".join(capsys.readouterr().out.split())


def _option_help(text: str, option: str) -> str:
    return re.search(rf"{option} DIR (.*?)(?= --|$)", text).group(1)


@pytest.mark.parametrize("command", ["ask", "eval", "backup"])
def test_content_says_it_follows_the_folder_the_index_was_built_from(capsys, command):
    # Before: ask and eval said nothing of a default ("content folder, to rebuild a missing or stale index"), and
    # backup "the one the served index was built from", though FAQBOT_CONTENT_DIR, when set, is the folder each uses.
    said = _option_help(_help(capsys, command), "--content")
    assert "FAQBOT_CONTENT_DIR" in said and "the index was built from" in said, said


@pytest.mark.parametrize("command", [c.name for c in cli.COMMANDS] + ["serve"])
def test_the_readme_table_lists_the_options_help_lists(capsys, command):
    row = re.search(rf"^\| `faqbot {command} ([^`]*)` \|", README, re.M).group(1)
    listed = set(re.findall(r"--[a-z][a-z-]*", row))
    helped = set(re.findall(r"\[(--[a-z][a-z-]*)", _help(capsys, command).split(" options:")[0]))
    assert listed == helped
