"""What `faqbot build` prints: its result line (a progress line only for someone watching a terminal), warnings under
--quiet as its help says, and the content folder it builds when there is no knowledge/ where it runs."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

import pytest

from bot import cli

from _env import ROOT
from _files import write

FAQ = "question,answer\nDo you sell exercise bands?,\"Yes, at reception, from £8.\"\nDo you open on Sundays?,No.\n"


@pytest.fixture
def shell(tmp_path, monkeypatch):
    """A shell in a folder with no knowledge/ and no FAQBOT_CONTENT_DIR, and a site's FAQ folder elsewhere."""
    monkeypatch.delenv("FAQBOT_CONTENT_DIR", raising=False)
    monkeypatch.delenv("FAQBOT_INDEX_DIR", raising=False)
    here = tmp_path / "shell"
    here.mkdir()
    monkeypatch.chdir(here)
    write(tmp_path / "site", "faq.csv", FAQ)
    return tmp_path / "site"


def test_build_prints_its_result_line_only_when_stderr_is_no_terminal(shell, capsys):
    # Each build also printed "faqbot: read 1 file, 2 sections; fitting" on stderr, into cron mails and deploy logs.
    assert cli.main(["build", "--content", str(shell)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("built index v000001-") and out.count("\n") == 1, out
    assert err == ""


def test_build_on_a_terminal_shows_its_progress(shell):
    # The progress line stays for someone watching: stderr a terminal (a pseudo-terminal here).
    leader, follower = pty.openpty()
    try:
        done = subprocess.run([sys.executable, "-c", "from bot.cli import main; raise SystemExit(main())", "build",
                               "--content", str(shell)], stdout=subprocess.PIPE, stderr=follower, timeout=120,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
        os.close(follower)
        follower = -1
        said = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal's other end is closed: all read
                break
            if not chunk:
                break
            said += chunk
    finally:
        os.close(leader)
        if follower != -1:
            os.close(follower)
    assert done.returncode == 0
    assert "faqbot: read 1 file, 2 sections; fitting" in said.decode(), said
    assert done.stdout.decode().startswith("built index v000001-")


def test_quiet_prints_warnings_as_its_help_says(shell, capsys):
    with pytest.raises(SystemExit):
        cli.main(["build", "--help"])
    helped = " ".join(capsys.readouterr().out.split())
    assert "nothing on success" not in helped  # it printed the warnings, as the README says
    assert "--quiet print warnings and errors only" in helped, helped
    (shell / "faq.csv").write_text(FAQ + "Do you sell mats?,\n", encoding="utf-8")
    assert cli.main(["build", "--quiet", "--content", str(shell)]) == 0
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("faqbot: warning: ") and "Do you sell mats?" in err, err


def test_build_without_knowledge_here_builds_the_folder_the_index_was_built_from(shell, capsys):
    # `faqbot ask` in such a shell answered from the index of the site's folder; `faqbot build` failed with
    # "knowledge: content folder not found".
    assert cli.main(["build", "--quiet", "--content", str(shell)]) == 0
    assert cli.main(["build"]) == 0
    out, err = capsys.readouterr()
    source = f"content from {shell.resolve()}, the folder the index was built from, as there is no folder knowledge/ here"
    follows = f"; {source}\n"
    assert out.startswith("index v000001-") and " is up to date " in out and out.endswith(follows), out
    (shell / "faq.csv").write_text(FAQ + "Do you sell mats?,Yes.\n", encoding="utf-8")
    assert cli.main(["build"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("built index v000002-") and out.endswith(follows) and err == "", (out, err)
    assert cli.main(["ask", "--json", "do you sell mats"]) == 0
    assert '"heading": "Do you sell mats?"' in capsys.readouterr().out
    # an error in that folder's file says which folder it is in
    (shell / "faq.csv").write_text(FAQ + "Do you sell mats?,\"Yes.\n", encoding="utf-8")
    assert cli.main(["build"]) == 1
    assert capsys.readouterr().err == ("faqbot: error: faq.csv:4: malformed CSV row: the quote that opens the cell "
                                       f"'\"Yes.' on line 4 is never closed: end that cell with a '\"' ({source})\n")


def test_a_knowledge_folder_here_is_still_what_build_builds(shell, capsys):
    assert cli.main(["build", "--quiet", "--content", str(shell)]) == 0
    write(shell.parent / "shell" / "knowledge", "faq.csv", "question,answer\nWhere are you?,On the high street.\n")
    assert cli.main(["build"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("built index v000002-") and "content from" not in out
    assert "it now serves" in err and "knowledge" in err  # the switch is warned of, as before


def test_build_with_no_knowledge_and_no_index_still_says_how_to_give_the_folder(shell, capsys):
    assert cli.main(["build"]) == 1
    assert capsys.readouterr().err == ("faqbot: error: knowledge: content folder not found: give the content folder "
                                       "with --content DIR or FAQBOT_CONTENT_DIR\n")
