"""A build after a change to files the build skips only (notes.docx, a hidden file, an editor's backup, a named pipe)
publishes nothing: the served version is up to date, so the versions `faqbot rollback` goes back to stay kept."""

from __future__ import annotations

import os

import pytest

from bot import artifact, cli

FAQ = "question,answer\nWhere are you?,On Mill Road.\n"
MORE = "question,answer\nIs there parking?,Yes: behind the clinic.\n"


def _skipped_change(content, n: int) -> str:
    """The n-th change to a file the build skips; returns the file's name."""
    if n == 0:
        (content / "notes.docx").write_bytes(b"PK\x03\x04 a Word file")
        return "notes.docx"
    if n == 1:
        (content / "notes.docx").write_bytes(b"PK\x03\x04 saved again")  # the same name: no new warning
        return "notes.docx"
    if n == 2:
        (content / "faq.csv~").write_text("question,answer\nhalf an edit", encoding="utf-8")
        return "faq.csv~"
    if n == 3:
        os.mkfifo(content / "pipe.md")
        return "pipe.md"
    (content / "notes.docx").unlink()
    return "notes.docx"


@pytest.fixture
def built(tmp_path, monkeypatch, capsys):
    """Two published versions (the second serving) with FAQBOT_KEEP_VERSIONS=2: one more would push the first out."""
    monkeypatch.setenv("FAQBOT_KEEP_VERSIONS", "2")
    content, idx = tmp_path / "content", tmp_path / "idx"
    content.mkdir()
    (content / "faq.csv").write_text(FAQ, encoding="utf-8")
    build = ["build", "--content", str(content), "--index", str(idx)]
    assert cli.main(build) == 0
    (content / "more.csv").write_text(MORE, encoding="utf-8")
    assert cli.main(build) == 0
    capsys.readouterr()
    return content, idx, build, artifact.list_versions(idx)


def test_a_change_to_skipped_files_only_publishes_nothing(built, capsys):
    content, idx, build, (first, second) = built
    for n in range(5):
        name = _skipped_change(content, n)
        assert cli.main(build) == 0
        out, err = capsys.readouterr()
        assert len(out.splitlines()) == 1 and out.startswith(f"index {second} is up to date (built "), out
        # the warnings are this build's: what it skips now, not what the version served skipped when it was built
        assert (f"faqbot: warning: skipped {name}:" in err) == (n != 4), err
        assert artifact.list_versions(idx) == [first, second] and artifact.current_version(idx) == second
    assert cli.main(["rollback", "--index", str(idx)]) == 0
    assert capsys.readouterr().out == f"now serving index {first}\n"


def test_after_a_rollback_a_skipped_file_change_serves_the_version_rolled_back_from_again(built, capsys):
    content, idx, build, (first, second) = built
    assert cli.main(["rollback", "--index", str(idx)]) == 0
    _skipped_change(content, 0)
    capsys.readouterr()
    assert cli.main(build) == 0
    assert capsys.readouterr().out.startswith(f"index {second} is current again")
    assert artifact.list_versions(idx) == [first, second] and artifact.current_version(idx) == second
    assert artifact.pinned(idx) is None


def test_a_content_change_still_publishes(built, capsys):
    content, idx, build, (first, second) = built
    _skipped_change(content, 0)
    (content / "more.csv").write_text(MORE + "Do you sell gift cards?,Yes: at the desk.\n", encoding="utf-8")
    assert cli.main(build) == 0
    out, err = capsys.readouterr()
    assert out.startswith("built index ") and "faqbot: warning: skipped notes.docx:" in err
    third = artifact.current_version(idx)
    assert third not in (first, second) and artifact.list_versions(idx) == [second, third]
    warnings = artifact.read_manifest(idx, third)["warnings"]
    assert "skipped notes.docx: not a content file (unknown extension)" in warnings
