"""A path given as '' (an unset shell variable: `faqbot backup "$DEST"`) is named as typed, never read as '.'."""

from __future__ import annotations

import pytest

from bot.build import build
from bot.cli import main


@pytest.mark.parametrize("dest", ["", "  "])
def test_an_empty_backup_destination_is_named(tmp_path, monkeypatch, capsys, dest):
    # before: '' was read as the current folder, ".: exists and is not empty; give a new folder"; "  " made a
    # folder named by two spaces and backed up into it
    content = tmp_path / "content"
    content.mkdir()
    (content / "faq.csv").write_text("question,answer\nWhere are you?,On Mill Road.\n", encoding="utf-8")
    build(content, tmp_path / "index")
    monkeypatch.setenv("FAQBOT_DATABASE_URL", f"sqlite:///{tmp_path}/faqbot.sqlite3")
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main(["backup", dest, "--content", str(content), "--index", str(tmp_path / "index")]) == 1
    assert capsys.readouterr().err.strip() == "faqbot: error: DEST is empty: give the folder to back up to"
    assert sorted(p.name for p in tmp_path.iterdir()) == before


@pytest.mark.parametrize("argv,option", [
    *((argv, option) for argv in (["ask", "hi"], ["eval", "q.jsonl"], ["serve"], ["backup", "b"])
      for option in ("--index", "--content")),
    (["report"], "--index"), (["rollback"], "--index"),
])
def test_an_empty_folder_option_is_named_as_typed_by_every_command(tmp_path, monkeypatch, capsys, argv, option):
    # eval read its questions first: "q.jsonl: cannot read ..." named the file, not the empty option
    from web.cli import main as console_main  # the console script's: `serve` too

    monkeypatch.chdir(tmp_path)
    assert console_main(argv + [option, ""]) == 1
    assert capsys.readouterr().err.strip() == f"faqbot: error: {option}: must not be empty"
