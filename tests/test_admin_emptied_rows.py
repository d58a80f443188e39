"""The dashboard names what an editor sees when a section its edit added phrasings to lost its answer: a heading with
no answer under it (.txt, .md), or a table row with no answer (.csv, .tsv, a Markdown table), by file:line; through
the real routes (the edit made from /admin, the answer deleted in the file, POST /api/reindex)."""

from __future__ import annotations

import html
import re

import pytest

from _app import app_maker
from _files import write

TOKEN = "emptied-rows-token"
ANSWER = "Yes: up to a day ahead."
SID = "faq/can-i-cancel"
HEADING = "a heading with no answer under it now"
ROW = "a table row with no answer now"

# (file, its text with {a} where the answer of "Can I cancel?" goes, its line, what the dashboard calls it, the fix)
FORMATS = [
    pytest.param("faq.txt", "Clinic FAQ\n\nWhere are you?\n\nOn the high street.\n\nCan I cancel?\n\n{a}\n", 7,
                 HEADING, "an answer is written under it", id="txt-heading"),
    pytest.param("faq.md", "# FAQ\n\n## Where are you?\n\nOn the high street.\n\n## Can I cancel?\n\n{a}\n", 7,
                 HEADING, "an answer is written under it", id="md-heading"),
    pytest.param("faq.md", "# FAQ\n\n| question | answer |\n|---|---|\n| Where are you? | On the high street. |\n"
                 "| Can I cancel? | {a} |\n", 6, ROW, "its answer is filled in", id="md-table-row"),
    pytest.param("faq.csv", "question,answer\nWhere are you?,On the high street.\nCan I cancel?,{a}\n", 3,
                 ROW, "its answer is filled in", id="csv-row"),
    pytest.param("faq.tsv", "question\tanswer\nWhere are you?\tOn the high street.\nCan I cancel?\t{a}\n", 3,
                 ROW, "its answer is filled in", id="tsv-row"),
]


def page_text(client) -> str:
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", client.get("/admin").get_data(as_text=True)).split()))


@pytest.mark.parametrize("rel, text, line, what, fix", FORMATS)
def test_an_edit_for_an_answer_deleted_since_says_what_the_editor_sees(tmp_path, rel, text, line, what, fix):
    kb = tmp_path / "kb"
    write(kb, rel, text.format(a=ANSWER))
    client = app_maker(kb, tmp_path, admin_token=TOKEN)().test_client()
    assert client.post("/admin/sign-in", data={"token": TOKEN}).status_code == 303
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/admin").get_data(as_text=True)).group(1)
    form = {"csrf_token": csrf, "section_id": SID, "phrasing": "can i call off my visit"}
    assert client.post("/admin/alternates", data=form).status_code == 303

    write(kb, rel, text.format(a=""))  # the answer deleted in the file, then reindexed
    assert client.post("/api/reindex", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    said = (f"added 1 phrasing to \u201cCan I cancel?\u201d, {what} ({rel}:{line}): not used until {fix}: "
            "can i call off my visit")
    assert said in page_text(client)
    assert client.get("/admin/summary").get_json()["edits"][0]["what"] == said.rsplit(": ", 1)[0]

    # A page loaded before the answer was deleted adds another phrasing to it: refused, saying the same.
    r = client.post("/admin/alternates", data={**form, "phrasing": "can i move my visit"})
    assert r.status_code == 400
    if what == ROW:
        expected = (f"\u201cCan I cancel?\u201d ({rel}:{line}) is a table row with no answer now, so it is not a "
                    "section: fill in its answer first, or pick another section")
    else:
        expected = (f"\u201cCan I cancel?\u201d ({rel}:{line}) has no answer under it now, so it is not a section: "
                    "write its answer under it first, or pick another section")
    assert expected in html.unescape(r.get_data(as_text=True))
    # and the build's warning of the dashboard's block says the same thing to put back
    again = "that row has an answer again" if what == ROW else "that heading has text under it again"
    warnings = client.get("/admin/summary").get_json()["content_warnings"]
    assert any(w.startswith("dashboard.alternates:") and w.endswith(f"its 1 phrasing is not used until {again}")
               for w in warnings), warnings
