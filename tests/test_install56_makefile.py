"""The Makefile's targets as a site owner runs them in the checkout that serves their site."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from _env import ROOT


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_clean_leaves_the_sites_instance_folder(tmp_path):
    # Before: `make clean` ran `rm -rf .venv instance .pytest_cache`: the question log (faqbot.sqlite3), the
    # dashboard's edit history, the address salt and every kept index version, gone without a word, in the folder
    # the README has a site owner serve from ("make run").
    done = subprocess.run(["make", "-n", "-f", str(ROOT / "Makefile"), "clean"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    removed = " ".join(line for line in done.stdout.splitlines() if line.startswith("rm "))
    assert ".venv" in removed
    assert "instance" not in removed.split()
