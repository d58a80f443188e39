"""An image in a .csv/.tsv answer cell ('See ![the map](map.png)') is shown as a Markdown article shows it: its alt
text in a sentence, a paragraph of nothing but images dropped (the answer showed '![the map](map.png)')."""

from __future__ import annotations

from pathlib import Path

from bot.ingest import load_knowledge
from tests._files import write

ANSWER = ("See ![the map](map.png \"Map\") to find us.\n\n![](door.png) [![our logo](logo.png)](https://example.com)\n\n"
          "Call us.")


def test_an_image_in_a_csv_answer_is_read_as_a_markdown_article_reads_it(tmp_path: Path):
    quoted = ANSWER.replace('"', '""')
    write(tmp_path / "csv", "faq.csv", f'question,answer\nWhere are you?,"{quoted}"\n')
    write(tmp_path / "md", "faq.md", f"# Faq\n\n## Where are you?\n\n{ANSWER}\n")
    from_csv, from_md = load_knowledge(tmp_path / "csv").sections, load_knowledge(tmp_path / "md").sections
    assert from_csv[0].body == from_md[0].body == "See the map to find us.\n\nCall us."


def test_images_in_tsv_answers_and_what_is_no_image(tmp_path: Path):
    write(tmp_path, "faq.tsv", "question\tanswer\n"
                               "Where are you?\t![map](map.png) At 5 High Street [sic], see [the map](/map).\n"
                               "Is it 5*2?\tYes \\![not an image](x.png), and 3! [sic] (yes).\n")
    assert [s.body for s in load_knowledge(tmp_path).sections] == [
        "map At 5 High Street [sic], see the map.",
        "Yes \\![not an image](x.png), and 3! [sic] (yes).",
    ]
