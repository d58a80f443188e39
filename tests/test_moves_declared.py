"""Moves the content states (.moves files, knowledge/README.md "Renaming, moving, merging"): they hold where the
text says nothing (a section renamed and rewritten, or split) and on an index folder built afresh."""

from __future__ import annotations

import shutil

import pytest

from bot.build import build
from bot.cli import main

from test_api import check
from test_moves import (CANCEL, CLINIC, HOURS, PARKING, PRICE, TOKEN, article, kb, make_app, reindex,  # noqa: F401
                        section_holding)

REWRITTEN = CLINIC.replace("What Are Your Opening Hours?", "When Are You Open?").replace(
    HOURS, "Weekdays 8 to 6, and Saturdays until noon.")
MOVES = """# Opening hours were reworded and rewritten in March
clinic/what-are-your-opening-hours -> clinic/when-are-you-open

"""


def test_a_section_renamed_and_rewritten_keeps_its_old_links_when_the_content_says_so(make_app, kb):
    client = make_app().test_client()
    (kb / "clinic.md").write_text(REWRITTEN)
    (kb / "renamed.moves").write_text(MOVES)
    reindex(client)
    page = client.get("/kb/clinic").get_data(as_text=True)
    assert section_holding(page, "what-are-your-opening-hours") == "when-are-you-open"


def test_declared_moves_survive_an_index_folder_built_afresh(kb, tmp_path, capsys):
    index = tmp_path / "index"
    build(kb, index)
    (kb / "clinic.md").rename(kb / "practice.md")  # followed by its text...
    (kb / "practice.md").write_text(REWRITTEN.replace("# Clinic FAQ", "# Practice FAQ"))
    (kb / "site.moves").write_text(MOVES.replace("-> clinic/", "-> practice/")
                                   + "clinic/do-you-have-parking -> practice/do-you-have-parking\n")
    assert build(kb, index)["moved"]["clinic/can-i-cancel-my-appointment"] == "practice/can-i-cancel-my-appointment"
    shutil.rmtree(index)  # ...but a new machine has no previous version to compare with
    capsys.readouterr()
    assert main(["build", "--content", str(kb), "--index", str(index)]) == 0
    assert ("faqbot: section clinic/what-are-your-opening-hours is now practice/when-are-you-open"
            in capsys.readouterr().err)
    m = build(kb, tmp_path / "fresh")
    assert m["moved"] == {"clinic/do-you-have-parking": "practice/do-you-have-parking",
                          "clinic/what-are-your-opening-hours": "practice/when-are-you-open"}


def test_a_section_split_in_two_follows_the_half_the_content_names(make_app, kb):
    client = make_app().test_client()
    (kb / "clinic.md").write_text(article("Clinic FAQ", ("Opening Hours", HOURS), ("Do You Have Parking?", PARKING),
                                          ("Consultation Prices", PRICE), ("Cancellation Fees", "Later ones cost 20 "
                                          "euros."), ("How Do I Cancel?", "Call us up to 24 hours before.")))
    (kb / "clinic.moves").write_text("clinic/can-i-cancel-my-appointment -> clinic/how-do-i-cancel\n")
    reindex(client)
    page = client.get("/kb/clinic").get_data(as_text=True)
    assert section_holding(page, "can-i-cancel-my-appointment") == "how-do-i-cancel"
    assert section_holding(page, "what-are-your-opening-hours") == "opening-hours"  # the text still says it
    # and an old link still followed when the section it went to is renamed and rewritten again: a chain
    (kb / "clinic.moves").write_text("clinic/can-i-cancel-my-appointment -> clinic/how-do-i-cancel\n"
                                     "clinic/how-do-i-cancel -> clinic/cancelling\n")
    (kb / "clinic.md").write_text(article("Clinic FAQ", ("Opening Hours", HOURS), ("Cancelling", CANCEL)))
    reindex(client)
    page = client.get("/kb/clinic").get_data(as_text=True)
    assert section_holding(page, "can-i-cancel-my-appointment") == "cancelling"
    assert section_holding(page, "how-do-i-cancel") == "cancelling"


def test_a_declared_move_wins_over_the_one_the_text_suggests(kb, tmp_path):
    index = tmp_path / "index"
    build(kb, index)
    # the parking text is now in the directions, word for word; the editor says its successor is another section
    (kb / "clinic.md").write_text(article("Clinic FAQ", ("What Are Your Opening Hours?", HOURS),
                                          ("Directions", PARKING), ("Car Park", "Twenty spaces, free.")))
    assert build(kb, index)["moved"]["clinic/do-you-have-parking"] == "clinic/directions"
    (kb / "x.moves").write_text("clinic/do-you-have-parking -> clinic/car-park\n")
    assert build(kb, index)["moved"]["clinic/do-you-have-parking"] == "clinic/car-park"


@pytest.mark.parametrize("text, error", [
    ("\n# typo\nclinic/old-hours -> clinic/when-are-you-opn\n",
     "moves.moves:3: 'clinic/when-are-you-opn' is not a section; did you mean 'clinic/when-are-you-open'?"),
    ("clinic/do-you-have-parking -> clinic/when-are-you-open\n",
     "moves.moves:1: 'clinic/do-you-have-parking' is still a section"),
    ("clinic/old-hours clinic/when-are-you-open\n",
     "moves.moves:1: expected 'former-id -> section-id', got 'clinic/old-hours clinic/when-are-you-open'"),
    ("Opening Hours -> clinic/when-are-you-open\n",
     "moves.moves:1: 'Opening Hours' is not a section id (document/slug, no spaces)"),
    ("clinic/a -> clinic/when-are-you-open\nclinic/a -> clinic/do-you-have-parking\n",
     "moves.moves:2: 'clinic/a' is already said to be 'clinic/when-are-you-open' (moves.moves:1)"),
    ("clinic/a -> clinic/b\nclinic/b -> clinic/a\n", "moves.moves:1: moves go round in a loop: clinic/a -> clinic/b"),
    # no id has a capital letter: this old id would match no link, and the build said nothing
    ("Clinic/What-Are-Your-Opening-Hours -> clinic/when-are-you-open\n",
     "moves.moves:1: 'Clinic/What-Are-Your-Opening-Hours' is not a section id: ids are in lower case "
     "('clinic/what-are-your-opening-hours')"),
    ("clinic/what-are-your-opening-hours -> clinic/When-Are-You-Open\n",
     "moves.moves:1: 'clinic/When-Are-You-Open' is not a section id: ids are in lower case"),
])
def test_a_wrong_moves_line_stops_the_build_naming_it(kb, tmp_path, capsys, text, error):
    (kb / "clinic.md").write_text(REWRITTEN)
    (kb / "moves.moves").write_text(text)
    capsys.readouterr()
    assert main(["build", "--content", str(kb), "--index", str(tmp_path / "index")]) == 1
    err = capsys.readouterr().err
    assert error in err and len(err.strip().splitlines()) == 1, err


def test_api_sections_lists_the_ids_a_section_had(make_app, kb):
    client = make_app().test_client()
    (kb / "clinic.md").write_text(REWRITTEN.replace("Do You Have Parking?", "Where Can I Park?"))
    (kb / "renamed.moves").write_text(MOVES)
    reindex(client)
    r = client.get("/api/sections")
    check(client.get("/openapi.json").get_json(), "GET", "/api/sections", r)  # the field is documented
    sections = {s["section_id"]: s for s in r.get_json()["sections"]}
    assert sections["clinic/when-are-you-open"]["former_ids"] == ["clinic/what-are-your-opening-hours"]
    assert sections["clinic/where-can-i-park"]["former_ids"] == ["clinic/do-you-have-parking"]  # found by its text
    assert "former_ids" not in sections["clinic/can-i-cancel-my-appointment"]  # the contract's fields, as before
    assert sections["clinic/can-i-cancel-my-appointment"] == {
        "section_id": "clinic/can-i-cancel-my-appointment", "heading": "Can I Cancel My Appointment?",
        "document": "clinic", "url": "/kb/clinic#can-i-cancel-my-appointment"}


def test_deleting_a_wrong_moves_line_undoes_the_move(make_app, kb):
    # The cancellation entry was deleted; the editor wrote a wrong line sending it to the parking entry.
    client = make_app().test_client()
    old = "clinic/can-i-cancel-my-appointment"
    client.post("/api/feedback", json={"question": "can I cancel?", "section_id": old, "helpful": False})
    (kb / "clinic.md").write_text(CLINIC.replace(f"## Can I Cancel My Appointment?\n\n{CANCEL}\n\n", ""))
    (kb / "oops.moves").write_text(f"{old} -> clinic/do-you-have-parking\n")
    reindex(client)
    assert section_holding(client.get("/kb/clinic").get_data(as_text=True), "can-i-cancel-my-appointment") == \
        "do-you-have-parking"
    (kb / "oops.moves").unlink()
    r = client.post("/api/reindex", headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200 and r.get_json()["warnings"] == [
        f"section {old} no longer leads to clinic/do-you-have-parking: no .moves line says so any more (its old links "
        "open its page at the top, and its history counts under its own id again)"]
    assert 'id="can-i-cancel-my-appointment"' not in client.get("/kb/clinic").get_data(as_text=True)
    sections = {s["section_id"]: s for s in client.get("/api/sections").get_json()["sections"]}
    assert "former_ids" not in sections["clinic/do-you-have-parking"]
    client.post("/admin/sign-in", data={"token": TOKEN})
    assert [(s["section_id"], s["down"]) for s in client.get("/admin/summary").get_json()["feedback"]] == [(old, 1)]
    reindex(client)  # said once
    assert client.post("/api/reindex", headers={"Authorization": f"Bearer {TOKEN}"}).get_json()["warnings"] == []


def test_deleting_a_line_keeps_a_move_the_build_had_found_by_itself(kb, tmp_path):
    index = tmp_path / "index"
    build(kb, index)
    (kb / "clinic.md").write_text(CLINIC.replace("Do You Have Parking?", "Where Can I Park?"))
    assert build(kb, index)["moved"] == {"clinic/do-you-have-parking": "clinic/where-can-i-park"}  # by its text
    (kb / "site.moves").write_text("clinic/do-you-have-parking -> clinic/where-can-i-park\n")  # said again
    build(kb, index)
    (kb / "site.moves").unlink()
    m = build(kb, index)
    assert m["moved"] == {"clinic/do-you-have-parking": "clinic/where-can-i-park"} and m["warnings"] == []
