"""Content an editor saved from another program or typed with a slip: a Word file or a PDF renamed .txt, an RTF file,
a web page saved as .txt or .md, a Markdown FAQ table row missing its '|'. Each is one line naming file:line and what
to do, from `faqbot build` and from the dashboard's "Rebuild index", and the index in service keeps answering.
(They built: RTF codes and HTML markup served as the answer, a '<h2>' no section, a row read as a question with an
empty answer; or said "binary file (contains NUL bytes)", or of a PDF "in '%âãÏÓ' if it is Windows-1252".)"""

from __future__ import annotations

import html
import io
import re
import zipfile

import pytest

from _app import app_maker
from _files import write
from bot import cli

TOKEN = "other-documents-token"
GOOD = "# Clinic\n\n## Where are you?\n\nOn the high street, next to the bank.\n"


def docx() -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document>Can I pay by card?</w:document>")
    return data.getvalue()


WORD = ("a Word, Excel or OpenDocument file (.docx, .xlsx, .odt: a ZIP archive) renamed, not text: open it and save "
        "it as Plain Text (.txt), or a sheet as CSV UTF-8 (.csv)")
CASES = [
    pytest.param("faq.txt", docx(), 1, WORD, id="docx-renamed-txt"),
    pytest.param("faq.csv", docx(), 1, WORD, id="xlsx-renamed-csv"),
    pytest.param("faq.md", b"\xef\xbb\xbf" + docx(), 1, WORD, id="docx-renamed-md"),
    pytest.param("faq.txt", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0\0\0", 1,
                 "an old Word or Excel file (.doc, .xls) renamed, not text: open it and save it as Plain Text (.txt), "
                 "or a sheet as CSV UTF-8 (.csv)",
                 id="doc-renamed-txt"),
    pytest.param("faq.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", 1,
                 "a PDF document, not text: copy its text into a .txt or .md file", id="pdf-renamed-txt"),
    pytest.param("faq.txt",
                 "{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}}\n\\f0 Can I pay by card?\\par Yes.\\par\n}\n", 1,
                 "an RTF document (rich text, as TextEdit and WordPad save it), not plain text: save it as plain text "
                 "(TextEdit: Format > Make Plain Text; WordPad: save as Text Document)", id="rtf-as-txt"),
    pytest.param("faq.txt",
                 "\n<!DOCTYPE html>\n<html><body>\n<h2>Can I pay by card?</h2>\n<p>Yes.</p>\n</body></html>\n", 2,
                 "an HTML page (it opens with '<!DOCTYPE html>'), not a text article: paste the text a browser shows "
                 "of it instead (each question on a line of its own, its answer under it)", id="html-page-as-txt"),
    pytest.param("faq.md", "---\ntitle: FAQ\n---\n<HTML lang=\"en\">\n<body><h2>Can I pay by card?</h2><p>Yes.</p>\n",
                 4, "an HTML page (it opens with '<HTML lang=\"en\">'), not Markdown: write it in Markdown ('## ' "
                 "before each question, its answer under it), or paste the text a browser shows of it into a .txt "
                 "file", id="html-page-as-md"),
    pytest.param("faq.md", "# FAQ\n\n| Question | Answer |\n|---|---|\n| Can I pay by card? | Yes, every card. |\n"
                 "| Do you open on Sundays? No, Monday to Saturday. |\n", 6,
                 "this row has 1 cell and the header 2: put a '|' between the question and its answer "
                 "('| Do you open on Sundays? | No, Monday to Saturday. |')", id="md-table-row-missing-a-pipe"),
    pytest.param("faq.md",
                 "# FAQ\n\nQuestion\tAnswer\tAlternates\nCan I pay by card?\tYes.\t\n"
                 "Do you open on Sundays?\tNo.\t\n", 3,
                 "a table pasted with tabs between its cells (columns Question, Answer, Alternates), which Markdown "
                 "reads as one paragraph: write it as a Markdown table ('| Question | Answer | Alternates |', then "
                 "'|---|---|---|'), or save the table alone as a .tsv file", id="md-sheet-pasted-with-tabs"),
]


@pytest.mark.parametrize("rel, data, line, said", CASES)
def test_faqbot_build_says_what_the_file_is_and_keeps_the_index(tmp_path, capsys, rel, data, line, said):
    content, index = tmp_path / "kb", tmp_path / "index"
    write(content, "clinic.md", GOOD)
    assert cli.main(["build", "--quiet", "--content", str(content), "--index", str(index)]) == 0
    write(content, rel, data)
    capsys.readouterr()
    assert cli.main(["build", "--content", str(content), "--index", str(index)]) == 1
    assert capsys.readouterr().err == f"faqbot: error: {rel}:{line}: {said}\n"
    assert cli.main(["ask", "--index", str(index), "--json", "where are you?"]) == 0
    assert '"section_id": "clinic/where-are-you"' in capsys.readouterr().out


@pytest.mark.parametrize("rel, data, line, said", CASES[::3])
def test_the_dashboard_rebuild_says_it_too_and_keeps_serving(tmp_path, rel, data, line, said):
    content = tmp_path / "kb"
    write(content, "clinic.md", GOOD)
    client = app_maker(content, tmp_path, admin_token=TOKEN)().test_client()
    assert client.post("/admin/sign-in", data={"token": TOKEN}).status_code == 303
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/admin").get_data(as_text=True)).group(1)
    write(content, rel, data)
    r = client.post("/admin/rebuild", data={"csrf_token": csrf})
    assert r.status_code == 422
    shown = html.unescape(re.search(r'id="error"[^>]*>(.*?)</', r.get_data(as_text=True), re.S).group(1))
    assert shown.startswith(f"not rebuilt: {rel}:{line}: {said}; the index in service is still"), shown
    assert client.post("/api/ask", json={"question": "where are you?"}).get_json()["section_id"] == \
        "clinic/where-are-you"


def test_a_table_row_with_a_question_only_is_still_a_warning(tmp_path, capsys):
    # No answer yet, and no answer run into the question: the row waits for its answer, the rest is served.
    content = tmp_path / "kb"
    write(content, "faq.md", "# FAQ\n\n| Question | Answer |\n|---|---|\n| Can I pay by card? | Yes. |\n"
                             "| Do you open on Sundays? |\n")
    assert cli.main(["build", "--content", str(content), "--index", str(tmp_path / "index")]) == 0
    assert 'faq.md:6: question "Do you open on Sundays?" has an empty answer; it is not a section' in \
        capsys.readouterr().err
