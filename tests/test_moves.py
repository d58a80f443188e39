"""Sections renamed or moved between builds: old links, logged history and dashboard phrasings follow them
(bot/moves.py)."""

from __future__ import annotations

import io
import json
import re

import pytest

from bot.build import build
from bot.model import Section
from bot.moves import Former, History, anchors, carry, detect
from bot.report import report
from bot.settings import Settings

from _app import app_maker

TOKEN = "moves-admin-token"
HOURS = "We are open Monday to Friday from 9am to 5pm, and Saturday mornings from 9am to 1pm."
PARKING = "Free parking is behind the building, with 20 spaces for patients."
PRICE = "A first consultation costs 50 euros, deducted from your first treatment."
CANCEL = "You can cancel up to 24 hours before your appointment at no charge. Later cancellations cost 20 euros."


def article(title: str, *entries: tuple[str, str]) -> str:
    return f"# {title}\n\nWelcome to the clinic.\n\n" + "".join(f"## {h}\n\n{b}\n\n" for h, b in entries)


CLINIC = article("Clinic FAQ", ("What Are Your Opening Hours?", HOURS), ("Do You Have Parking?", PARKING),
                 ("How Much Does A Consultation Cost?", PRICE), ("Can I Cancel My Appointment?", CANCEL))


@pytest.fixture
def kb(tmp_path):
    content = tmp_path / "kb"
    content.mkdir()
    (content / "clinic.md").write_text(CLINIC, encoding="utf-8")
    return content


@pytest.fixture
def make_app(kb, tmp_path):
    return app_maker(kb, tmp_path, admin_token=TOKEN)


def reindex(client) -> None:
    r = client.post("/api/reindex", headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200, r.get_data(as_text=True)


def section_holding(page: str, element_id: str) -> str | None:
    """The id of the <section> of the article page that holds the element with this id."""
    current = None
    for m in re.finditer(r'<section id="([^"]+)"|\bid="([^"]+)"', page):
        if m.group(1):
            current = m.group(1)
        elif m.group(2) == element_id:
            return current
    return None


def test_a_reworded_heading_keeps_its_old_anchor_on_the_section(make_app, kb):
    client = make_app().test_client()
    (kb / "clinic.md").write_text(CLINIC.replace("What Are Your Opening Hours?", "When Are You Open?"))
    reindex(client)
    page = client.get("/kb/clinic").get_data(as_text=True)
    # /kb/clinic#what-are-your-opening-hours (a shared answer link) scrolls to the same text, now headed anew
    assert section_holding(page, "what-are-your-opening-hours") == "when-are-you-open"
    assert page.count('id="what-are-your-opening-hours"') == 1


def test_a_chain_of_renames_leads_every_old_link_to_the_section_as_it_is_now(make_app, kb):
    client = make_app().test_client()
    for heading in ("When Are You Open?", "Opening Times"):
        (kb / "clinic.md").write_text(CLINIC.replace("What Are Your Opening Hours?", heading))
        reindex(client)
    page = client.get("/kb/clinic").get_data(as_text=True)
    assert section_holding(page, "what-are-your-opening-hours") == "opening-times"
    assert section_holding(page, "when-are-you-open") == "opening-times"
    (kb / "clinic.md").write_text(CLINIC)  # reworded back: the first id is a section of its own again
    reindex(client)
    page = client.get("/kb/clinic").get_data(as_text=True)
    assert 'id="what-are-your-opening-hours" class="kb-section"' in page
    assert section_holding(page, "opening-times") == "what-are-your-opening-hours"


def test_a_renamed_file_redirects_its_old_page_and_keeps_the_anchors(make_app, kb):
    client = make_app().test_client()
    (kb / "clinic.md").rename(kb / "practice.md")
    reindex(client)
    r = client.get("/kb/clinic")
    assert r.status_code == 302 and r.headers["Location"] == "/kb/practice"  # the browser keeps the #anchor
    assert client.get("/kb/nowhere").status_code == 404


def test_a_split_file_lists_where_each_section_went(make_app, kb):
    client = make_app().test_client()
    kept = article("Clinic FAQ", ("What Are Your Opening Hours?", HOURS),
                   ("How Much Does A Consultation Cost?", PRICE))
    (kb / "clinic.md").unlink()
    (kb / "practice.md").write_text(kept)
    (kb / "visit.md").write_text(f"# Visiting Us\n\n## Do You Have Parking?\n\n{PARKING}\n\n"
                                 f"## Cancelling\n\n{CANCEL}\n")
    reindex(client)
    r = client.get("/kb/clinic")
    page = r.get_data(as_text=True)
    assert r.status_code == 200
    assert re.search(r'<li id="do-you-have-parking"[^>]*><a href="/kb/visit#do-you-have-parking">', page)
    assert re.search(r'<li id="can-i-cancel-my-appointment"[^>]*><a href="/kb/visit#cancelling">', page)
    assert re.search(r'<li id="what-are-your-opening-hours"[^>]*><a href="/kb/practice#what-are-your-opening-hours">',
                     page)
    # and the page a section left says where it went, under its old anchor
    (kb / "visit.md").write_text(f"# Visiting Us\n\n## Do You Have Parking?\n\n{PARKING}\n")
    (kb / "practice.md").write_text(kept + f"## Can I Cancel My Appointment?\n\n{CANCEL}\n")
    reindex(client)
    (kb / "visit.md").write_text(f"# Visiting Us\n\n## Do You Have Parking?\n\n{PARKING}\n\n"
                                 f"## Cancellations\n\n{CANCEL}\n")
    (kb / "practice.md").write_text(kept)
    reindex(client)
    page = client.get("/kb/practice").get_data(as_text=True)
    assert re.search(r'<li id="can-i-cancel-my-appointment"[^>]*><a href="/kb/visit#cancellations">', page)


def test_a_section_rewritten_as_well_as_renamed_or_deleted_is_followed_nowhere(make_app, kb):
    client = make_app().test_client()
    (kb / "clinic.md").write_text(article("Clinic FAQ", ("When Are You Open?", "Weekdays 8 to 6."),
                                          ("Do You Have Parking?", PARKING)))
    reindex(client)
    page = client.get("/kb/clinic").get_data(as_text=True)
    assert 'id="what-are-your-opening-hours"' not in page  # lands on the page top, never on a guess
    assert 'id="can-i-cancel-my-appointment"' not in page


def test_history_of_a_renamed_section_counts_under_it_in_the_dashboard_and_the_report(make_app, kb, tmp_path):
    client = make_app().test_client()
    old = "clinic/what-are-your-opening-hours"
    assert client.post("/api/ask", json={"question": "when are you open?"}).get_json()["section_id"] == old
    client.post("/api/feedback", json={"question": "when are you open?", "section_id": old, "helpful": False})
    (kb / "clinic.md").write_text(CLINIC.replace("What Are Your Opening Hours?", "When Are You Open?"))
    reindex(client)
    client.post("/api/feedback", json={"question": "opening hours", "section_id": "clinic/when-are-you-open",
                                       "helpful": True})
    client.post("/admin/sign-in", data={"token": TOKEN})
    data = client.get("/admin/summary").get_json()
    assert [(s["section_id"], s["up"], s["down"], s["heading"]) for s in data["feedback"]] == \
        [("clinic/when-are-you-open", 1, 1, "When Are You Open?")]
    assert data["top_sections"] == [{"section_id": "clinic/when-are-you-open", "heading": "When Are You Open?",
                                     "count": 1}]
    out = io.StringIO()
    settings = Settings(content_dir=str(kb), index_dir=str(tmp_path / "instance" / "index"),
                        database_url=f"sqlite:///{tmp_path}/instance/faqbot.sqlite3")
    assert report(settings, None, out=out, as_json=True) == 0
    sections = json.loads(out.getvalue())["feedback"]["sections"]
    assert [(s["section_id"], s["up"], s["down"]) for s in sections] == [("clinic/when-are-you-open", 1, 1)]


def test_dashboard_phrasings_stay_with_a_renamed_section_and_can_still_be_undone(make_app, kb):
    client = make_app().test_client()
    csrf = client.post("/admin/sign-in", json={"token": TOKEN}).get_json()["csrf_token"]
    r = client.post("/admin/alternates", json={"section_id": "clinic/what-are-your-opening-hours",
                                               "phrasings": ["are you open on sundays"]},
                    headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200, r.get_data(as_text=True)
    (kb / "clinic.md").write_text(CLINIC.replace("What Are Your Opening Hours?", "When Are You Open?"))
    reindex(client)
    app = client.application
    served = app.extensions["faqbot"].current()
    hours = next(s for s in served.sections() if s.id == "clinic/when-are-you-open")
    assert hours.alternates == ("are you open on sundays",)
    assert served.loaded.manifest["warnings"] == []
    edits = client.get("/admin/summary").get_json()["edits"]
    assert edits[0]["what"] == "added 1 phrasing to \u201cWhen Are You Open?\u201d"
    r = client.post("/admin/undo", json={"edit_id": edits[0]["id"]}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200, r.get_data(as_text=True)
    hours = next(s for s in app.extensions["faqbot"].current().sections() if s.id == "clinic/when-are-you-open")
    assert hours.alternates == ()


def test_the_dashboard_adds_phrasings_sent_for_a_former_id_to_the_section_it_is_now(make_app, kb):
    client = make_app().test_client()
    csrf = client.post("/admin/sign-in", json={"token": TOKEN}).get_json()["csrf_token"]
    (kb / "clinic.md").write_text(CLINIC.replace("What Are Your Opening Hours?", "When Are You Open?"))
    reindex(client)  # meanwhile, a dashboard page loaded before still offers the old id
    r = client.post("/admin/alternates", json={"section_id": "clinic/what-are-your-opening-hours",
                                               "phrasings": ["are you open on sundays"]},
                    headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200, r.get_data(as_text=True)
    assert r.get_json()["edit"]["section_id"] == "clinic/when-are-you-open"
    hours = next(s for s in client.application.extensions["faqbot"].current().sections()
                 if s.id == "clinic/when-are-you-open")
    assert hours.alternates == ("are you open on sundays",)
    assert "[clinic/when-are-you-open]" in (kb / "dashboard.alternates").read_text()
    r = client.post("/admin/alternates", json={"section_id": "clinic/nowhere", "phrasings": ["x y"]},
                    headers={"X-CSRF-Token": csrf})
    assert r.status_code == 400 and r.get_json()["error"].startswith("unknown section 'clinic/nowhere': no section "
                                                                       "has this id now"), r.get_json()
    assert "reload the page" in r.get_json()["error"]


def test_faqbot_build_says_which_sections_it_followed(kb, tmp_path, capsys):
    from bot.cli import main

    index = tmp_path / "index"
    assert main(["build", "--content", str(kb), "--index", str(index)]) == 0
    (kb / "clinic.md").write_text(CLINIC.replace("Do You Have Parking?", "Where Can I Park?"))
    capsys.readouterr()
    assert main(["build", "--content", str(kb), "--index", str(index)]) == 0
    assert ("faqbot: section clinic/do-you-have-parking is now clinic/where-can-i-park: its old links, feedback "
            "and dashboard phrasings follow it") in capsys.readouterr().err
    # a build of a fresh index folder has no history to follow
    m = build(kb, tmp_path / "fresh")
    assert m["moved"] == {} and m["moved_now"] == {}


def sec(sid: str, heading: str, body: str) -> Section:
    doc = sid.split("/", 1)[0]
    return Section(id=sid, document=doc, title=doc, heading=heading, body=body, source=f"{doc}.md:1")


@pytest.mark.parametrize("before, after, expected", [
    # reworded heading, same text
    ([("d/a", "A?", HOURS)], [("d/b", "B?", HOURS)], {"d/a": "d/b"}),
    # merged into another section: its text is inside it
    ([("d/a", "A?", HOURS), ("d/p", "P?", PARKING)], [("d/p", "P?", PARKING + "\n\n" + HOURS)], {"d/a": "d/p"}),
    # moved to another file, same text
    ([("d/a", "Do You Have Parking?", PARKING)], [("e/a", "Do You Have Parking?", PARKING)], {"d/a": "e/a"}),
    # a new file with a heading of the same words is no evidence: "Pricing" may be another product's
    ([("d/pricing", "Pricing", PRICE)], [("e/pricing", "Pricing", "From 80 euros a session.")], {}),
    # two sections now hold the text: which one it is, the text does not say
    ([("d/a", "A?", HOURS)], [("d/b", "B?", HOURS), ("d/c", "C?", HOURS)], {}),
    # a short text inside another is no evidence
    ([("d/a", "A?", "Yes, free.")], [("d/b", "B?", "Yes, free. " + PARKING)], {}),
    # rewritten and renamed
    ([("d/a", "A?", HOURS)], [("d/b", "B?", PRICE)], {}),
])
def test_detect_follows_only_what_the_text_says(before, after, expected):
    assert detect([Former(f[0], f[2]) for f in before], [sec(*s) for s in after]) == expected


def test_a_former_anchor_never_takes_a_section_from_a_page_that_has_it():
    sections = [sec("b/parking", "Parking", PARKING), sec("b/prices", "Prices", PRICE)]
    # a/parking went to b/prices: on page b, #parking is b's own Parking section, and stays so
    assert anchors({"a/parking": "b/prices"}, sections, "b") == {}
    # two former ids with one anchor and two targets: the one that was on the page wins, else neither
    assert anchors({"b/old": "b/prices", "a/old": "b/parking"}, sections, "b") == {"old": "b/prices"}
    assert anchors({"a/old": "b/prices", "c/old": "b/parking"}, sections, "b") == {}
    moved, found, *_ = carry(History((Former("b/x", HOURS),), {"z/y": "b/x"}), [sec("b/z", "Z", HOURS)])
    assert moved == {"b/x": "b/z", "z/y": "b/z"} and found == {"b/x": "b/z"}
    # a version an older faqbot built did not record which moves a .moves line holds: the lines now are taken at
    # their word (deleting one after this build undoes it), and nothing is forgotten before they are recorded
    carried = carry(History((), {"a/x": "a/y", "a/w": "a/y"}), [sec("a/y", "Y", HOURS)], {"a/x": "a/y"})
    assert carried.declared == {"a/x": "a/y"} and carried.moved == {"a/w": "a/y", "a/x": "a/y"}
    assert carried.forgotten == {}
