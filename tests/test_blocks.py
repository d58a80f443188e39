"""Section bodies as structured blocks: parsed once in bot/, served to the article pages and the widget."""

from __future__ import annotations

import re

from bot.blocks import blocks


def test_paragraphs_lists_and_table_rows():
    body = ("Open Monday to Friday.\nClosed on Sundays.\n\n• first\n• second\nAfter the list.\n\n"
            "• Before Treatment: No Redness; After Treatment: Mild Redness\n"
            "• Before Treatment: Even tone; After Treatment: Pink")
    assert blocks(body) == [
        {"kind": "p", "text": "Open Monday to Friday.\nClosed on Sundays."},  # lines ingestion kept apart
        {"kind": "ul", "items": ["first", "second"]},
        {"kind": "p", "text": "After the list."},
        {"kind": "table", "rows": [[["Before Treatment", "No Redness"], ["After Treatment", "Mild Redness"]],
                                   [["Before Treatment", "Even tone"], ["After Treatment", "Pink"]]]},
    ]


def test_a_list_item_with_a_colon_is_not_a_table_row():
    assert blocks("• Tip: wear sunscreen every day") == [{"kind": "ul", "items": ["Tip: wear sunscreen every day"]}]
    assert blocks("• one\n\n• two") == [{"kind": "ul", "items": ["one"]}, {"kind": "ul", "items": ["two"]}]


def test_answers_carry_their_texts_as_blocks(article_bot):
    from bot.model import Answer

    table = next(s for s in article_bot.sections() if "Before Treatment:" in s.body)
    assert any(b["kind"] == "table" for b in blocks(table.body))
    a = Answer(question="q", answered=True, kind="answer", answer=table.body.split("\n\n")[0],
               full_answer=table.body)
    d = a.to_dict()
    assert d["full_answer_blocks"] == blocks(table.body) and d["answer_blocks"] == blocks(a.answer)
    refused = Answer(question="q", answered=False, kind="no_answer", answer="Sorry").to_dict()
    assert refused["answer_blocks"] is None and refused["full_answer_blocks"] is None


def test_the_article_page_renders_the_table_as_a_table(article_index, tmp_path):
    from bot.settings import Settings
    from web import create_app

    app = create_app(Settings(index_dir=str(article_index), database_url=f"sqlite:///{tmp_path}/db.sqlite3"))
    html = app.test_client().get("/kb/microneedling-redness").get_data(as_text=True)
    assert '<th scope="col" dir="auto">Before Treatment</th>' in html and '<td dir="auto">Mild Redness</td>' in html
    assert "Before Treatment:" not in html  # no "•" row left for a reader to parse


BRANCHES = """# Our Branches

## Opening hours by branch

| Branch | Hours | Phone |
|---|---|---|
| Town centre | Mon-Fri 9-5; Sat 10-2 | 01234 111111 |
| Airport |  | 01234 333333 |

## Classes

| Start (hh:mm) | Class |
|---|---|
| 09:30 | Yoga |
| 18:00 | Pilates |
"""


def test_a_table_keeps_its_columns_whatever_its_cells_hold(tmp_path):
    from _app import built_app
    from bot.settings import Settings

    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "branches.md").write_text(BRANCHES, encoding="utf-8")
    app = built_app(Settings(content_dir=str(tmp_path / "content"), index_dir=str(tmp_path / "index"),
                             database_url=f"sqlite:///{tmp_path}/db.sqlite3", rate_limit="0"))
    html = app.test_client().get("/kb/branches").get_data(as_text=True)
    html = re.sub(r">\s+<", "><", html).replace(' dir="auto"', "")  # the cells' direction: tests/test_unicode_content.py
    head = '<thead><tr><th scope="col">Branch</th><th scope="col">Hours</th><th scope="col">Phone</th></tr></thead>'
    # A value holding "; " was a list item out of the table; an empty cell put the phone under "Hours".
    assert (head + "<tbody><tr><td>Town centre</td><td>Mon-Fri 9-5; Sat 10-2</td><td>01234 111111</td></tr>"
            "<tr><td>Airport</td><td></td><td>01234 333333</td></tr></tbody>") in html
    # A column name with a colon in it ("hh:mm") made the table a list.
    assert ('<thead><tr><th scope="col">Start (hh:mm)</th><th scope="col">Class</th></tr></thead>'
            "<tbody><tr><td>09:30</td><td>Yoga</td></tr><tr><td>18:00</td><td>Pilates</td></tr></tbody>") in html
    assert "<li>" not in html.split('class="kb"', 1)[1].split("</nav>", 1)[1]  # no row left as a list item


def test_a_list_item_with_a_semicolon_is_not_a_table_row():
    assert blocks("• Tip: wear sunscreen; it helps") == [{"kind": "ul", "items": ["Tip: wear sunscreen; it helps"]}]
    assert blocks("• A: 1; B: 2\n• A: 3; A: 4") == [  # two columns of one name are left as written
        {"kind": "table", "rows": [[["A", "1"], ["B", "2"]], [["A", "3"], ["A", "4"]]]}]
