"""`faqbot build` on a content folder that is not there (a typo) or is a file says how to name the right one, in the
words the other missing-content error uses."""

from __future__ import annotations

import pytest

from bot import cli
from bot.ingest.files import GIVE_CONTENT


@pytest.mark.parametrize("kind, what", [("missing", "content folder not found"),
                                        ("a file", "content path is not a folder")])
def test_a_content_folder_that_is_not_there_says_how_to_give_it(tmp_path, capsys, kind, what):
    content = tmp_path / "knowlege"
    if kind == "a file":
        content.write_text("question,answer\n")
    assert cli.main(["build", "--content", str(content), "--index", str(tmp_path / "index")]) == 1
    out, err = capsys.readouterr()
    assert err == (f"faqbot: error: {content}: {what}: give the content folder with --content DIR or "
                   "FAQBOT_CONTENT_DIR\n")
    assert GIVE_CONTENT in err and not (tmp_path / "index").exists()


def test_the_environment_variable_named_is_the_one_read(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("FAQBOT_CONTENT_DIR", str(tmp_path / "none"))
    assert cli.main(["build", "--index", str(tmp_path / "index")]) == 1
    said = f"faqbot: error: {tmp_path / 'none'}: content folder not found: {GIVE_CONTENT}\n"
    assert capsys.readouterr().err == said
