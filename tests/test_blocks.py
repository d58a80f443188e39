"""Section bodies as structured blocks: parsed once in bot/, served to the article pages and the widget."""

from __future__ import annotations

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
    assert '<th scope="col">Before Treatment</th>' in html and "<td>Mild Redness</td>" in html
    assert "Before Treatment:" not in html  # no "•" row left for a reader to parse
