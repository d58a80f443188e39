"""A question heading with no answer under it is no section (CONTRACT.md); the build says so, naming file:line,
where it used to drop it without a word."""

from __future__ import annotations

import pytest

from bot.cli import main
from bot.ingest import load_knowledge
from bot.model import ContentError

from _app import app_maker
from _files import write

TOKEN = "empty-headings-token"
MD = ("# Shop FAQ\n\n## Do you deliver?\n\nYes, within five miles of the shop.\n\n"
      "## Where are you?\n\nOn the high street, next to the bank.\n\n")
TXT = "Clinic Notes\n\nHow do I book?\n\nCall the front desk on weekdays.\n\n"


def said(rel: str, line: int, heading: str) -> str:
    return f'{rel}:{line}: heading "{heading}" has no answer under it; it is not a section'


@pytest.mark.parametrize("rel, text, sections, warnings", [
    pytest.param("faq.md", MD + "## Do you take cards?\n", 2, [said("faq.md", 11, "Do you take cards?")],
                 id="md-at-the-end"),
    pytest.param("faq.md", MD.replace("## Where", "## What are your hours?\n\n## Where"), 2,
                 [said("faq.md", 7, "What are your hours?")], id="md-between-two-headings"),
    pytest.param("faq.md", MD + "#### Can I pay later?\n\n## Returns\n\nWithin 30 days.\n", 3,
                 [said("faq.md", 11, "Can I pay later?")], id="md-deep-question"),
    pytest.param("faq.md", MD + "**Do you gift wrap?**\n", 2, [said("faq.md", 11, "Do you gift wrap?")],
                 id="md-bold-question"),
    pytest.param("clinic.txt", TXT + "Can I cancel online?\n", 1, [said("clinic.txt", 7, "Can I cancel online?")],
                 id="txt-at-the-end"),
    pytest.param("clinic.txt", TXT + "Can I cancel online?\n\nDo you take walk-ins?\n\nMost mornings.\n", 2,
                 [said("clinic.txt", 7, "Can I cancel online?")], id="txt-between-two-questions"),
    # Not questions: a group heading over its questions, page furniture. Still no section, and no warning.
    pytest.param("faq.md", "# Shop FAQ\n\n## Billing\n\n### How do I pay?\n\nBy card.\n", 1, [],
                 id="md-group-heading"),
    pytest.param("clinic.txt", TXT + "Recent Posts\n", 1, [], id="txt-page-furniture"),
])
def test_a_heading_left_without_its_answer_is_a_warning_naming_it(tmp_path, rel, text, sections, warnings):
    write(tmp_path, rel, text)
    kb = load_knowledge(tmp_path)
    assert len(kb.sections) == sections  # which headings are sections is unchanged
    assert list(kb.warnings) == warnings


def test_the_untitled_closing_text_keeps_its_id_after_a_heading_left_empty(tmp_path):
    write(tmp_path, "a.txt", "Title\n\nTopic One\n\nAbout it.\n\n\n\nIn short: read it.\n\nCan I ask more?\n")
    kb = load_knowledge(tmp_path)
    assert [s.anchor for s in kb.sections] == ["topic-one", "conclusion"]
    assert list(kb.warnings) == [said("a.txt", 11, "Can I ask more?")]


@pytest.mark.parametrize("rel, text, line", [
    ("faq.csv", "question,answer\nDo you deliver?,Yes.\nCards,\nWhere are you?,High street.\n", 3),
    ("faq.tsv", "question\tanswer\nDo you deliver?\tYes.\nCards\t \nWhere are you?\tHigh street.\n", 3),
    ("faq.md", "# FAQ\n| Question | Answer |\n|---|---|\nDo you deliver? | Yes.\n| Cards |  |\n"
               "| Where are you? | High street. |\n", 5),
])
def test_a_table_row_with_an_empty_answer_is_a_warning_as_a_heading_with_none_is(tmp_path, rel, text, line):
    # It stopped the build ("faq.csv:3: empty answer for 'Cards'"): one answer still to be written kept every
    # other change of the whole folder from being served, where a heading with no answer is a warning.
    write(tmp_path, rel, text)
    kb = load_knowledge(tmp_path)
    assert [s.heading for s in kb.sections] == ["Do you deliver?", "Where are you?"]
    assert list(kb.warnings) == [f'{rel}:{line}: question "Cards" has an empty answer; it is not a section']
    write(tmp_path, "extra.alternates", "[faq/cards]\ndo you take visa\n")
    with pytest.raises(ContentError) as e:  # naming its id says why it is no section
        load_knowledge(tmp_path)
    assert str(e.value) == (f"extra.alternates:1: unknown section 'faq/cards' ({rel}:{line} has that question with an "
                            "empty answer)")


def test_faqbot_build_and_reindex_say_it(tmp_path, capsys):
    kb = tmp_path / "kb"
    write(kb, "faq.md", MD)
    client = app_maker(kb, tmp_path, admin_token=TOKEN)().test_client()
    write(kb, "faq.md", MD + "## Do you take cards?\n")
    assert main(["build", "--content", str(kb), "--index", str(tmp_path / "index")]) == 0
    assert f"faqbot: warning: {said('faq.md', 11, 'Do you take cards?')}" in capsys.readouterr().err.splitlines()
    r = client.post("/api/reindex", headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200 and r.get_json()["warnings"] == [said("faq.md", 11, "Do you take cards?")], r.json


@pytest.mark.parametrize("emptied, why", [
    ("## Can I cancel?\n", "clinic.md:7 has that heading with no answer under it"),
    ("## Cancellations\n", "clinic.md:7 has that heading with no text under it"),
    ("## Q: Can I cancel?\n\n## Prices\n\nFifty euros.\n", "clinic.md:7 has that heading with no answer under it"),
])
def test_a_moves_line_to_a_heading_left_empty_says_why_it_is_no_section(tmp_path, capsys, emptied, why):
    write(tmp_path, "kb/clinic.md", "# Clinic\n\n## How do I book?\n\nCall the front desk.\n\n" + emptied)
    target = "clinic/" + ("can-i-cancel" if "?" in emptied else "cancellations")
    write(tmp_path, "kb/renamed.moves", f"clinic/old-booking -> clinic/how-do-i-book\nclinic/refunds -> {target}\n")
    assert main(["build", "--content", str(tmp_path / "kb"), "--index", str(tmp_path / "index")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"faqbot: error: renamed.moves:2: '{target}' is not a section ({why})"], err


CLINIC = "# Clinic\n\n## How do I book?\n\nCall us.\n\n## Can I cancel?\n"
NO_ANSWER = "clinic.md:7 has that heading with no answer under it"


@pytest.mark.parametrize("ref", ["clinic/can-i-cancel", "Can I cancel?"])
def test_an_alternates_entry_naming_a_heading_left_empty_says_why_it_is_no_section(tmp_path, capsys, ref):
    # It said "unknown section 'clinic/can-i-cancel' (use a section id or its exact heading)": that is what it was.
    write(tmp_path, "kb/clinic.md", CLINIC)
    write(tmp_path, "kb/extra.alternates", f"[{ref}]\ncan i call off my visit\n")
    assert main(["build", "--content", str(tmp_path / "kb"), "--index", str(tmp_path / "index")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"faqbot: error: extra.alternates:1: unknown section '{ref}' ({NO_ANSWER})"], err


def test_reindex_after_an_answer_is_deleted_says_the_heading_is_there_not_that_the_section_went(tmp_path):
    # The index had the section, so it said "section 'clinic/can-i-cancel' is no longer in the content, and the
    # build cannot tell where it went (split, deleted, or rewritten as well as renamed)".
    kb = tmp_path / "kb"
    write(kb, "clinic.md", CLINIC + "\nYes, a day ahead.\n")
    write(kb, "extra.alternates", "[clinic/can-i-cancel]\ncan i call off my visit\n")
    client = app_maker(kb, tmp_path, admin_token=TOKEN)().test_client()
    write(kb, "clinic.md", CLINIC)
    r = client.post("/api/reindex", headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 422, r.json
    assert r.get_json()["error"] == f"extra.alternates:1: unknown section 'clinic/can-i-cancel' ({NO_ANSWER})"
    r = client.post("/api/ask", json={"question": "can i call off my visit"})
    assert r.get_json()["section_id"] == "clinic/can-i-cancel"  # the served index is kept


def test_a_moves_line_for_the_emptied_id_is_still_followed_by_its_alternates(tmp_path):
    write(tmp_path, "clinic.md", CLINIC + "\n## Cancellations\n\nA day ahead.\n")
    write(tmp_path, "renamed.moves", "clinic/can-i-cancel -> clinic/cancellations\n")
    write(tmp_path, "extra.alternates", "[clinic/can-i-cancel]\ncan i call off my visit\n")
    kb = load_knowledge(tmp_path)
    assert next(s for s in kb.sections if s.id == "clinic/cancellations").alternates == ("can i call off my visit",)


def test_a_dashboard_block_for_a_heading_left_empty_is_a_warning_saying_why(tmp_path):
    # It said the section "is not in the content any more" and to add its phrasings again from /admin.
    write(tmp_path, "clinic.md", CLINIC)
    write(tmp_path, "dashboard.alternates", "# edit\n[clinic/can-i-cancel]\ncan i call off my visit\n")
    kb = load_knowledge(tmp_path)
    assert list(kb.warnings) == [
        said("clinic.md", 7, "Can I cancel?"),
        f"dashboard.alternates:2: 'clinic/can-i-cancel' is not a section now ({NO_ANSWER}); its 1 phrasing is "
        "not used until that heading has text under it again"]


@pytest.mark.parametrize("rel, text, error", [
    pytest.param("only.md", "# Only\n\n## Do you take cards?\n",
                 'only.md: no sections found: only.md:3 heading "Do you take cards?" has no answer under it', id="md"),
    pytest.param("only.txt", "Only\n\nDo you take cards?\n",
                 'only.txt: no sections found: only.txt:3 heading "Do you take cards?" has no answer under it',
                 id="txt"),
    pytest.param("only.md", "# Only\n\n## Payment\n\n### Do you take cards?\n\n**Can I pay later?**\n",
                 'only.md: no sections found: only.md:5 heading "Do you take cards?" has no answer under it, nor '
                 "does 1 more (line 7)", id="md-two-under-a-group-heading"),
    pytest.param("only.txt", "Only\n\nDo you take cards?\n\nCan I cancel?\n\nDo you deliver?\n",
                 'only.txt: no sections found: only.txt:3 heading "Do you take cards?" has no answer under it, nor '
                 "do 2 more (lines 5, 7)", id="txt-three"),
    # No question among the headings: the format's usual message.
    pytest.param("only.md", "# Only\n\n## Payment\n",
                 "only.md: no sections found (expected '# Title', then text or '##' headings with text under them)",
                 id="md-no-question"),
])
def test_a_file_whose_only_questions_are_left_empty_names_them(tmp_path, rel, text, error):
    # It said only "only.md: no sections found (expected '# Title', then text or '##' headings with text under them)".
    write(tmp_path, rel, text)
    with pytest.raises(ContentError) as e:
        load_knowledge(tmp_path)
    assert str(e.value) == error


def test_faqbot_build_and_reindex_name_the_empty_question_of_a_file_with_no_sections(tmp_path, capsys):
    kb = tmp_path / "kb"
    write(kb, "faq.md", MD)
    client = app_maker(kb, tmp_path, admin_token=TOKEN)().test_client()
    write(kb, "only.md", "# Only\n\n## Do you take cards?\n")
    error = 'only.md: no sections found: only.md:3 heading "Do you take cards?" has no answer under it'
    assert main(["build", "--content", str(kb), "--index", str(tmp_path / "index")]) == 1
    assert capsys.readouterr().err.strip().splitlines() == [f"faqbot: error: {error}"]
    r = client.post("/api/reindex", headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 422 and r.get_json()["error"] == error, r.json
    r = client.post("/api/ask", json={"question": "do you deliver?"})
    assert r.get_json()["section_id"] == "faq/do-you-deliver"  # the served index is kept



def emptied_after_an_edit(tmp_path):
    """A client signed in to /admin whose edit gave "Can I cancel?" a phrasing, then its answer deleted and reindexed;
    and attach(phrasing) adding one to it as a page loaded before would."""
    kb = tmp_path / "kb"
    write(kb, "clinic.md", CLINIC + "\nYes, a day ahead.\n")
    client = app_maker(kb, tmp_path, admin_token=TOKEN)().test_client()
    csrf = client.post("/admin/sign-in", json={"token": TOKEN}).get_json()["csrf_token"]

    def attach(phrasing: str):
        return client.post("/admin/alternates", json={"section_id": "clinic/can-i-cancel", "phrasings": [phrasing]},
                           headers={"X-CSRF-Token": csrf})

    assert attach("can i call off my visit").status_code == 200
    write(kb, "clinic.md", CLINIC)
    assert client.post("/api/reindex", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    return kb, client, attach


def test_the_dashboard_says_an_edit_for_a_heading_left_empty_waits_for_its_answer(tmp_path):
    # It said "added 1 phrasing to “clinic/can-i-cancel”, a section no longer in the content: not used now (add them
    # again)": the heading is there, its answer is what is missing, and adding the phrasings again cannot help.
    kb, client, _ = emptied_after_an_edit(tmp_path)
    edit = client.get("/admin/summary").get_json()["edits"][0]
    assert edit["heading"] == "Can I cancel?"
    assert edit["what"] == ("added 1 phrasing to \u201cCan I cancel?\u201d, a heading with no answer under it now "
                            "(clinic.md:7): not used until an answer is written under it")
    write(kb, "clinic.md", CLINIC + "\nYes, a day ahead.\n")  # the answer back: the edit applies again
    assert client.post("/api/reindex", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    assert client.get("/admin/summary").get_json()["edits"][0]["what"] == "added 1 phrasing to \u201cCan I cancel?\u201d"


def test_adding_a_phrasing_to_a_heading_left_empty_is_refused_naming_it(tmp_path):
    # It was refused as "unknown section 'clinic/can-i-cancel': no section has this id now (split or deleted since the
    # page was loaded?)".
    kb, _, attach = emptied_after_an_edit(tmp_path)
    r = attach("can i move my visit")  # a page loaded before the answer was deleted
    assert r.status_code == 400 and r.get_json()["error"] == (
        "\u201cCan I cancel?\u201d (clinic.md:7) has no answer under it now, so it is not a section: write its answer "
        "under it first, or pick another section"), r.get_json()
    assert "can i move my visit" not in (kb / "dashboard.alternates").read_text()
