"""The dashboard's "Files not read" lists the content folder as it is now, not as the served version's build saw it.

A .docx dropped into the content folder, then "Rebuild index" with the content otherwise unchanged: the rebuild keeps
serving the version it had (its manifest, and the warnings in it, from before the file was there), and the list said
nothing of the file the editor was wondering about.
"""

from __future__ import annotations

from test_admin import make_app, sign_in  # noqa: F401 (make_app: a fixture)


def panel(client) -> str:
    page = client.get("/admin").get_data(as_text=True)
    return page.split('id="warnings-h"')[1].split("</section>")[0] if 'id="warnings-h"' in page else ""


def test_a_file_dropped_in_after_the_build_is_listed_after_a_rebuild_that_changed_nothing(make_app):
    client = make_app().test_client()
    csrf = sign_in(client)
    assert client.get("/admin/summary").get_json()["files_not_read"] == []
    (make_app.content / "faq.docx").write_bytes(b"PK\x03\x04 a Word file")
    rebuilt = client.post("/admin/rebuild", headers={"X-CSRF-Token": csrf, "Accept": "application/json"})
    assert rebuilt.status_code == 200, rebuilt.get_data(as_text=True)
    assert rebuilt.get_json()["changed"] is False  # the version served is kept, its manifest from before the file
    assert client.get("/admin/summary").get_json()["files_not_read"] == ["faq.docx"]
    assert "Files not read" in panel(client) and "faq.docx" in panel(client)


def test_the_list_follows_the_folder_without_a_rebuild(make_app):
    client = make_app().test_client()
    sign_in(client)
    sub = make_app.content / "clinic"
    sub.mkdir()
    (sub / "prices.xlsx").write_bytes(b"PK\x03\x04 a spreadsheet")
    (make_app.content / "faq.markdown").write_text("# FAQ\n\n## Do you sell gift cards?\n\nYes.\n", encoding="utf-8")
    (make_app.content / "faq.md~").write_text("# backup\n", encoding="utf-8")  # no slip: not listed
    assert client.get("/admin/summary").get_json()["files_not_read"] == ["clinic/prices.xlsx", "faq.markdown"]
    (make_app.content / "faq.markdown").rename(make_app.content / "faq.md")  # renamed as the page says
    assert client.get("/admin/summary").get_json()["files_not_read"] == ["clinic/prices.xlsx"]


def test_a_content_folder_gone_lists_what_the_served_version_skipped(make_app, tmp_path):
    (make_app.content / "faq.docx").write_bytes(b"PK\x03\x04 a Word file")
    client = make_app().test_client()  # built with the .docx there: its manifest names it
    sign_in(client)
    make_app.content.rename(tmp_path / "moved")
    data = client.get("/admin/summary").get_json()
    assert data["files_not_read"] == ["faq.docx"]
