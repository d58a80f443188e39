"""What `faqbot build` and `faqbot ask` say to an editor or site owner who got something wrong on disk.

Before: a content file just over the size limit was "file too large (20 MB; the limit is 20 MB)"; a CURRENT pointer
damaged, or naming a version deleted by hand, was rebuilt with the line "index format None, this program reads 24"
(as after an upgrade); and an index folder inside the content folder (`--index knowledge`, `--content .` over
./index) was written there, after which every build warned of each of the index's own files as a skipped content
file, more with each version kept.
"""

from __future__ import annotations

import pytest

from bot import artifact
from bot.cli import main
from bot.ingest import MAX_FILE_BYTES

FAQ = "question,answer\nWhat are your opening hours?,Tuesday to Friday 9am-7pm.\nDo you take cards?,Yes.\n"


@pytest.fixture
def site(tmp_path, monkeypatch):
    for name in ("FAQBOT_INDEX_DIR", "FAQBOT_CONTENT_DIR", "FAQBOT_ENCODER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "faq.csv").write_text(FAQ, encoding="utf-8")
    return tmp_path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_a_file_just_over_the_size_limit_says_by_how_much(site, capsys):
    with open(site / "kb" / "big.txt", "wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: the size is refused before a byte is read
    status, _, err = run(capsys, "build", "--content", "kb", "--index", "index")
    assert status == 1
    assert err == (f"faqbot: error: big.txt: file too large ({MAX_FILE_BYTES + 1:,} bytes; the limit is 20 MB, "
                   f"{MAX_FILE_BYTES:,} bytes)\n")


def test_a_file_well_over_the_limit_is_still_said_in_megabytes(site, capsys):
    with open(site / "kb" / "big.txt", "wb") as f:
        f.truncate(3 * MAX_FILE_BYTES)
    status, _, err = run(capsys, "build", "--content", "kb", "--index", "index")
    assert status == 1 and err == "faqbot: error: big.txt: file too large (60 MB; the limit is 20 MB)\n"


def test_a_current_pointer_naming_no_version_is_said_so_and_rebuilt(site, capsys):
    assert run(capsys, "build", "--content", "kb", "--index", "index")[0] == 0
    (site / "index" / artifact.CURRENT).write_text("nonsense\n", encoding="utf-8")
    status, out, err = run(capsys, "ask", "--content", "kb", "--index", "index", "are you open on fridays?")
    assert status == 0 and "Tuesday to Friday" in out
    assert "index format" not in err
    assert "faqbot: rebuilding the index from kb: index/CURRENT names nonsense, which is not a version in " \
           "index/versions\n" in err
    assert artifact.current_version(site / "index").startswith("v000002-")


def test_a_version_without_its_manifest_is_named_when_rebuilt(site, capsys):
    assert run(capsys, "build", "--content", "kb", "--index", "index")[0] == 0
    version = artifact.current_version(site / "index")
    (site / "index" / "versions" / version / "manifest.json").unlink()
    status, out, err = run(capsys, "ask", "--content", "kb", "--index", "index", "are you open on fridays?")
    assert status == 0 and "Tuesday to Friday" in out
    assert "index format" not in err
    assert f"faqbot: rebuilding the index from kb: index/versions/{version}/manifest.json: unreadable manifest" in err


@pytest.mark.parametrize("index, where", [("kb/index", "is inside the content folder kb"),
                                          ("kb", "is the content folder"),
                                          ("kb/sub/../deeper/index", "is inside the content folder kb")])
def test_an_index_folder_inside_the_content_folder_is_refused(site, capsys, index, where):
    status, out, err = run(capsys, "build", "--content", "kb", "--index", index)
    assert status == 1 and out == ""
    assert err == (f"faqbot: error: {index}: the index folder {where}: faqbot would read the index's own files as "
                   "content; give an index folder outside it (--index DIR or FAQBOT_INDEX_DIR)\n")
    assert sorted(p.name for p in (site / "kb").iterdir()) == ["faq.csv"]  # nothing written into the content


def test_the_content_folder_given_as_dot_with_the_index_under_it_is_refused_too(site, capsys, monkeypatch):
    monkeypatch.chdir(site / "kb")
    status, _, err = run(capsys, "build", "--content", ".", "--index", "instance/index")
    assert status == 1
    assert err.startswith("faqbot: error: instance/index: the index folder is inside the content folder .: ")
    assert not (site / "kb" / "instance").exists()


def test_an_index_beside_the_content_folder_still_builds(site, capsys):
    status, out, err = run(capsys, "build", "--content", "kb", "--index", "kb-index")
    assert status == 0 and out.startswith("built index v000001-") and err == ""
