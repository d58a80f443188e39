"""Alternates and sections renamed, moved or split (knowledge/README.md "Renaming, moving, merging"): in a
hand-written .alternates file a .moves line carries phrasings to the section as it is now, on every machine, and a
rename only this index folder's history followed stops the build saying what to write instead; the dashboard's
phrasings for a section followed nowhere are shown as unused, and their questions as needing an editor again."""

from __future__ import annotations

import shutil

from bot.build import build
from bot.cli import main
from bot.engine import Bot
from bot.settings import Settings

from test_moves import CANCEL, CLINIC, TOKEN, kb, make_app, reindex  # noqa: F401

RENAMED = CLINIC.replace("What Are Your Opening Hours?", "When Are You Open?").replace(
    "Do You Have Parking?", "Is There Parking?")
ALTERNATES = "[clinic/what-are-your-opening-hours]\nwhen do the doors unlock\n\n[Do You Have Parking?]\n" \
             "where do i leave the vehicle\n"
ONLY_THE_ALTERNATES = {"when do the doors unlock": "clinic/when-are-you-open",
                       "where do i leave the vehicle": "clinic/is-there-parking"}


def answers(index) -> dict[str, str | None]:
    bot = Bot.from_index(Settings(index_dir=str(index)))
    return {q: (a.section_id if a.answered else None) for q in ONLY_THE_ALTERNATES for a in [bot.ask(q)]}


def test_a_rename_the_build_found_by_itself_stops_it_naming_the_line_and_the_id_to_write(kb, tmp_path, capsys):
    index = tmp_path / "index"
    (kb / "extra.alternates").write_text(ALTERNATES)
    assert main(["build", "--content", str(kb), "--index", str(index)]) == 0
    (kb / "clinic.md").write_text(RENAMED)
    capsys.readouterr()
    assert main(["build", "--content", str(kb), "--index", str(index)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1] == ("faqbot: error: extra.alternates:1: section 'clinic/what-are-your-opening-hours' is now "
                       "'clinic/when-are-you-open' (renamed, moved or merged since): write "
                       "[clinic/when-are-you-open] here; line 4 of this file names moved sections too")
    (kb / "extra.alternates").write_text(ALTERNATES.replace("what-are-your-opening-hours", "when-are-you-open"))
    assert main(["build", "--content", str(kb), "--index", str(index)]) == 1
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        "faqbot: error: extra.alternates:4: no section is headed 'Do You Have Parking?' now: that section is now "
        "'Is There Parking?' (clinic/is-there-parking): write [Is There Parking?] here")
    (kb / "extra.alternates").write_text(ALTERNATES.replace("what-are-your-opening-hours", "when-are-you-open")
                                         .replace("Do You Have Parking?", "Is There Parking?"))
    assert main(["build", "--content", str(kb), "--index", str(index)]) == 0
    assert answers(index) == ONLY_THE_ALTERNATES


def test_a_renamed_file_stops_the_build_once_naming_every_line_that_names_its_sections(kb, tmp_path, capsys):
    index = tmp_path / "index"
    (kb / "extra.alternates").write_text(ALTERNATES + "\n[clinic/can-i-cancel-my-appointment]\nreschedule my visit\n"
                                         "\n[clinic/introduction]\nwho are you\n")
    assert main(["build", "--content", str(kb), "--index", str(index)]) == 0
    (kb / "clinic.md").rename(kb / "practice.md")
    (kb / "renamed.moves").write_text("clinic/can-i-cancel-my-appointment -> practice/can-i-cancel-my-appointment\n")
    capsys.readouterr()
    assert main(["build", "--content", str(kb), "--index", str(index)]) == 1
    # line 4 names a heading, the same in the renamed file; line 7 is followed, as a .moves line says
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        "faqbot: error: extra.alternates:1: section 'clinic/what-are-your-opening-hours' is now "
        "'practice/what-are-your-opening-hours' (renamed, moved or merged since): write "
        "[practice/what-are-your-opening-hours] here; line 10 of this file names moved sections too")


def test_a_section_split_since_is_said_to_be_gone_not_misspelt(kb, tmp_path, capsys):
    index = tmp_path / "index"
    (kb / "extra.alternates").write_text("[Can I Cancel My Appointment?]\nreschedule my visit\n")
    assert main(["build", "--content", str(kb), "--index", str(index)]) == 0
    (kb / "clinic.md").write_text(CLINIC.replace("## Can I Cancel My Appointment?\n\n" + CANCEL,
                                                 "## How Do I Cancel?\n\nCall us a day before.\n\n"
                                                 "## Missed Appointments\n\nWe charge the full 50 euros."))
    fix = ("the build cannot tell where that section went (split, deleted, or rewritten as well as renamed): name the "
           "section its phrasings belong to now, or say where it went in a .moves file")
    capsys.readouterr()
    assert main(["build", "--content", str(kb), "--index", str(index)]) == 1
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        f"faqbot: error: extra.alternates:1: no section is headed 'Can I Cancel My Appointment?' now, and {fix}")
    (kb / "extra.alternates").write_text("[clinic/can-i-cancel-my-appointment]\nreschedule my visit\n")
    assert main(["build", "--content", str(kb), "--index", str(index)]) == 1
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        "faqbot: error: extra.alternates:1: section 'clinic/can-i-cancel-my-appointment' is no longer in the "
        f"content, and {fix.replace('that section', 'it')}")
    (kb / "extra.alternates").write_text("[clinic/how-do-i-cancl]\nreschedule my visit\n")  # a typo, as before
    assert main(["build", "--content", str(kb), "--index", str(index)]) == 1
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        "faqbot: error: extra.alternates:1: unknown section 'clinic/how-do-i-cancl'; did you mean "
        "'clinic/how-do-i-cancel'?")


def test_a_heading_misspelt_in_an_alternates_file_is_a_typo_not_a_section_gone(kb, tmp_path, capsys):
    # "[do you have parking]" for "Do You Have Parking?": on an index folder that had built the content before, the
    # build said "no section is headed ... now, and the build cannot tell where that section went (split, deleted,
    # ...)" of a section that is there, unchanged, and sent the editor looking for where it went.
    index = tmp_path / "index"
    assert main(["build", "--content", str(kb), "--index", str(index)]) == 0
    (kb / "extra.alternates").write_text("[do you have parking]\nwhere do i leave the vehicle\n")
    capsys.readouterr()
    assert main(["build", "--content", str(kb), "--index", str(index)]) == 1
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        "faqbot: error: extra.alternates:1: unknown section 'do you have parking'; did you mean 'Do You Have "
        "Parking?'?")  # as on an index folder built afresh
    assert main(["build", "--content", str(kb), "--index", str(tmp_path / "fresh")]) == 1
    assert capsys.readouterr().err.strip().splitlines()[-1].endswith("did you mean 'Do You Have Parking?'?")


def test_a_moves_line_carries_the_phrasings_written_for_the_old_id_or_heading(kb, tmp_path):
    (kb / "extra.alternates").write_text(ALTERNATES)
    build(kb, tmp_path / "index")
    (kb / "clinic.md").write_text(RENAMED.replace("Monday to Friday", "weekdays"))  # rewritten too: only said
    (kb / "renamed.moves").write_text("clinic/what-are-your-opening-hours -> clinic/when-are-you-open\n"
                                      "clinic/do-you-have-parking -> clinic/is-there-parking\n")
    build(kb, tmp_path / "index")
    assert answers(tmp_path / "index") == ONLY_THE_ALTERNATES
    shutil.rmtree(tmp_path / "index")  # content, so the same on a new machine
    build(kb, tmp_path / "index")
    assert answers(tmp_path / "index") == ONLY_THE_ALTERNATES


def test_dashboard_phrasings_of_a_section_split_since_are_not_shown_as_handling_their_questions(make_app, kb):
    client = make_app().test_client()
    csrf = client.post("/admin/sign-in", json={"token": TOKEN}).get_json()["csrf_token"]
    question = "what if i miss my slot entirely"
    assert client.post("/api/ask", json={"question": question}).get_json()["answered"] is False
    r = client.post("/admin/alternates", json={"section_id": "clinic/can-i-cancel-my-appointment",
                                               "phrasings": [question]}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200, r.get_data(as_text=True)
    assert [g["question"] for g in client.get("/admin/summary").get_json()["handled"]] == [question]
    # split in two, each half rewritten: followed nowhere, so the build skips the block (with a warning)
    (kb / "clinic.md").write_text(CLINIC.replace("## Can I Cancel My Appointment?\n\n" + CANCEL,
                                                 "## How Do I Cancel?\n\nCall us a day before.\n\n"
                                                 "## Missed Appointments\n\nWe charge the full 50 euros."))
    reindex(client)
    assert client.post("/api/ask", json={"question": question}).get_json()["answered"] is False
    data = client.get("/admin/summary").get_json()
    assert data["handled"] == []
    group = next(g for g in data["groups"] if g["question"] == question)
    assert group["phrasings"][0]["handled_by"] is None  # it can be attached again
    assert data["edits"][0]["what"] == ("added 1 phrasing to \u201cclinic/can-i-cancel-my-appointment\u201d, a "
                                        "section no longer in the content: not used now (add them again)")
    r = client.post("/admin/alternates", json={"section_id": "clinic/missed-appointments", "phrasings": [question]},
                    headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200, r.get_data(as_text=True)
    assert client.post("/api/ask", json={"question": question}).get_json()["section_id"] == \
        "clinic/missed-appointments"
    assert [g["question"] for g in client.get("/admin/summary").get_json()["handled"]] == [question]
