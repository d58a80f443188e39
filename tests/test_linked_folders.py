"""A folder linked into the content folder (shared FAQs kept elsewhere, `ln -s /srv/shared-faqs knowledge/shared`)
is read as if it were there, once: a link that leads back to a folder already read (a loop, a second link to it, a
link to a folder of the content read under its own name) is skipped with one line saying so, never a hang. Through
load_knowledge, `faqbot build` and the freshness check, on real folders in tmp_path."""

from __future__ import annotations

import os
import threading

import pytest

from bot import build
from bot.cli import main as cli_main
from bot.ingest import load_knowledge
from bot.model import ContentError

from _files import write

SHIPPING = "# Shipping\n\n## Do you ship abroad?\n\nYes, to most countries.\n"
RETURNS = "question,answer\nCan I return an item?,Within 30 days.\n"
CLINIC = "# Clinic\n\n## Opening Hours\n\nWe open at nine.\n"


@pytest.fixture
def shared(tmp_path):
    """Shared FAQs outside the content folder: a Markdown article and a table in a subfolder."""
    folder = tmp_path / "shared-faqs"
    write(folder, "shipping.md", SHIPPING)
    write(folder, "policies/returns.csv", RETURNS)
    return folder


@pytest.fixture
def content(tmp_path):
    folder = tmp_path / "knowledge"
    write(folder, "clinic.md", CLINIC)
    return folder


def load(folder):
    """load_knowledge in a thread, failing the test instead of hanging it on a loop."""
    out: dict = {}

    def run():
        try:
            out["kb"] = load_knowledge(folder)
        except ContentError as e:
            out["error"] = e

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(60)
    assert not thread.is_alive(), "load_knowledge hung"
    if "error" in out:
        raise out["error"]
    return out["kb"]


def ids(kb):
    return [s.id for s in kb.sections]


def test_a_folder_linked_from_outside_is_read_as_if_it_were_in_the_content_folder(content, shared):
    (content / "shared").symlink_to(shared, target_is_directory=True)
    kb = load(content)
    assert ids(kb) == ["clinic/opening-hours", "shared-policies-returns/can-i-return-an-item",
                       "shared-shipping/do-you-ship-abroad"]
    assert kb.files == ("clinic.md", "shared/policies/returns.csv", "shared/shipping.md")
    assert kb.sections[2].source == "shared/shipping.md:3"  # named as the editor sees it, from the content folder
    assert kb.warnings == ()


def test_a_relative_link_and_a_linked_subfolder_are_read_too(content, shared, tmp_path):
    (content / "faq").mkdir()
    (content / "faq" / "shared").symlink_to(os.path.relpath(shared, content / "faq"), target_is_directory=True)
    assert "faq-shared-shipping/do-you-ship-abroad" in ids(load(content))


@pytest.mark.parametrize("where, target, said", [
    ("shared-faqs/again", "shared-faqs", "skipped shared/again/: symlink loop: links back to shared/ (each folder is "
                                         "read once)"),
    ("shared-faqs/kb", "knowledge", "skipped shared/kb/: symlink loop: links back to the content folder (each folder "
                                    "is read once)"),
    ("knowledge/sub/up", "knowledge", "skipped sub/up/: symlink loop: links back to the content folder (each folder "
                                      "is read once)"),
], ids=["shared-folder-links-to-itself", "shared-folder-links-back-to-the-content", "content-links-to-itself"])
def test_a_symlink_loop_is_one_line_and_everything_is_read_once(content, shared, tmp_path, where, target, said):
    (content / "shared").symlink_to(shared, target_is_directory=True)
    write(content, "sub/note.txt", "Note\n\nWe are closed on Sundays.\n")
    (tmp_path / where).symlink_to(tmp_path / target, target_is_directory=True)
    kb = load(content)
    assert ids(kb) == ["clinic/opening-hours", "shared-policies-returns/can-i-return-an-item",
                       "shared-shipping/do-you-ship-abroad", "sub-note/introduction"]
    assert kb.warnings == (said,)


def test_a_folder_linked_twice_is_read_once_under_the_first_name(content, shared):
    (content / "shared").symlink_to(shared, target_is_directory=True)
    (content / "also-shared").symlink_to(shared, target_is_directory=True)
    kb = load(content)
    assert ids(kb) == ["also-shared-policies-returns/can-i-return-an-item", "also-shared-shipping/do-you-ship-abroad",
                       "clinic/opening-hours"]
    assert kb.warnings == ("skipped shared/: the same folder as also-shared/, which is read (each folder is read "
                           "once)",)


def test_a_link_to_a_folder_of_the_content_is_skipped_for_the_folder_under_its_own_name(content):
    # "a-faq" sorts before the folder it links to: the folder is read under its own name all the same, so its
    # ids do not depend on a link someone added.
    write(content, "faq/hours.txt", "Hours\n\nWe open at nine.\n")
    (content / "a-faq").symlink_to("faq", target_is_directory=True)
    kb = load(content)
    assert ids(kb) == ["clinic/opening-hours", "faq-hours/introduction"]
    assert kb.warnings == ("skipped a-faq/: symlink to faq/, which is read (each folder is read once)",)


def test_a_file_linked_from_outside_is_read_when_it_is_a_content_file(content, shared):
    (content / "shipping.md").symlink_to(shared / "shipping.md")
    assert "shipping/do-you-ship-abroad" in ids(load(content))
    # ... but a link named like content to a file that is not (passwd.txt -> /etc/passwd) is still refused
    (content / "passwd.txt").symlink_to("/etc/passwd")
    with pytest.raises(ContentError, match=r"^passwd\.txt: symlink to /etc/passwd, outside the content folder, "
                                           r"and not a content file"):
        load(content)


def test_a_missing_linked_folder_stops_the_build_naming_the_link(content, shared, tmp_path):
    # A shared folder whose disk is not mounted, or that was moved: the build skipped it with a warning and published
    # an index without its sections, every question about them unanswered from then on.
    (content / "shared").symlink_to(shared, target_is_directory=True)
    index = tmp_path / "index"
    assert cli_main(["build", "--content", str(content), "--index", str(index)]) == 0
    shared.rename(tmp_path / "moved")
    with pytest.raises(ContentError) as e:
        load(content)
    assert str(e.value) == (f"shared: broken symlink (points to missing {shared}); a folder linked in that is "
                            "missing would take its sections out of the index")
    assert cli_main(["build", "--content", str(content), "--index", str(index)]) == 1
    # A broken link named like a file of another type is skipped, as before: it is no content either way.
    (tmp_path / "moved").rename(shared)
    (content / "notes.docx").symlink_to(tmp_path / "gone.docx")
    assert load(content).warnings == (f"skipped notes.docx: not a content file (unknown extension) (and broken "
                                      f"symlink (points to missing {tmp_path / 'gone.docx'}))",)


def test_faqbot_build_reads_the_linked_folder_and_an_edit_there_makes_the_index_stale(content, shared, tmp_path,
                                                                                      capsys):
    (content / "shared").symlink_to(shared, target_is_directory=True)
    index = tmp_path / "index"
    assert cli_main(["build", "--content", str(content), "--index", str(index)]) == 0
    assert "3 sections" in capsys.readouterr().out
    before = build.content_hash(content)
    (shared / "shipping.md").write_text(SHIPPING + "\n## Is shipping free?\n\nOver 50 euros.\n")
    assert build.content_hash(content) != before  # `make run` and `faqbot serve` rebuild a stale index
    (shared / "policies" / "returns.csv").write_text("question,answer\nCan I return an item?,\n")
    assert cli_main(["build", "--content", str(content), "--index", str(index)]) == 1
    err = capsys.readouterr().err.strip()
    said = "faqbot: error: shared/policies/returns.csv: no sections found: shared/policies/returns.csv:2 question"
    assert len(err.splitlines()) == 1 and err.startswith(said), err
