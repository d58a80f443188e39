"""Content that is not plain English ASCII: other scripts, emoji, accents, front matter of other generators."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.ingest import load_knowledge
from bot.model import ContentError, KnowledgeBase

from _files import write


def load_one(tmp_path: Path, rel: str, text: str | bytes) -> KnowledgeBase:
    write(tmp_path, rel, text)
    return load_knowledge(tmp_path)


# --- section ids of headings in other scripts -----------------------------------------------------

@pytest.mark.parametrize("rel, text, ids", [
    # Every Greek or Russian heading was 'doc/section', so the second one stopped the build.
    ("faq.md", "# Συχνές ερωτήσεις\n\n## Πότε είστε ανοιχτά;\n\nΚάθε μέρα.\n\n## Πόσο κοστίζει;\n\nΕίκοσι ευρώ.\n",
     ["faq/πότε-είστε-ανοιχτά", "faq/πόσο-κοστίζει"]),
    ("faq.txt", "Часто задаваемые вопросы\n\nКогда вы открыты?\n\nКаждый день.\n\nСколько это стоит?\n\nДвадцать евро.\n",
     ["faq/когда-вы-открыты", "faq/сколько-это-стоит"]),
    ("faq.csv", "question,answer\n营业时间？,每天九点到五点。\n价格是多少？,二十欧元。\n", ["faq/营业时间", "faq/价格是多少"]),
    ("faq.csv", "question,answer\nמתי אתם פתוחים?,כל יום.\nكم السعر؟,عشرون يورو.\n",
     ["faq/מתי-אתם-פתוחים", "faq/كم-السعر"]),
    # Emoji alone: the names of the symbols (a variation selector is no part of it).
    ("faq.md", "# FAQ\n\n## ☕️\n\nCoffee all day.\n\n## 🍰\n\nCake on Sundays.\n",
     ["faq/hot-beverage", "faq/shortcake"]),
], ids=["greek-md", "russian-txt", "chinese-csv", "hebrew-arabic-csv", "emoji-md"])
def test_headings_in_any_script_get_distinct_ids(tmp_path, rel, text, ids):
    kb = load_one(tmp_path, rel, text)
    assert [s.id for s in kb.sections] == ids
    assert [s.url for s in kb.sections] == [f"/kb/{i.replace('/', '#')}" for i in ids]


def test_headings_that_had_an_ascii_id_keep_it(tmp_path):
    # Links to these sections exist already: their ids must not move.
    text = ("# FAQ\n\n## Crème solaire : quand l’appliquer ?\n\nAvant de sortir.\n\n"
            "## ☕ Café Opening Hours\n\nEvery day.\n\n## Часы работы 24/7\n\nВсегда.\n\n## Section\n\nA section.\n\n"
            "## Über uns\n\nWir.\n")
    kb = load_one(tmp_path, "faq.md", text)
    assert [s.anchor for s in kb.sections] == [
        "creme-solaire-quand-lappliquer", "cafe-opening-hours", "24-7", "section", "uber-uns"]


def test_the_same_heading_in_another_script_is_still_a_duplicate(tmp_path):
    with pytest.raises(ContentError, match=r"faq.md:7: duplicate heading 'ΠΌΣΟ ΚΟΣΤΊΖΕΙ;' \(first at line 3\)"):
        load_one(tmp_path, "faq.md", "# FAQ\n\n## Πόσο κοστίζει;\n\nΕίκοσι.\n\n## ΠΌΣΟ ΚΟΣΤΊΖΕΙ;\n\nΤριάντα.\n")


def test_an_id_in_another_script_is_stable_across_unicode_normalisation(tmp_path):
    # The same heading saved decomposed (as some Mac editors write it) keeps its id.
    composed = load_one(tmp_path / "a", "faq.md", "# FAQ\n\n## Πότε ανοίγετε;\n\nΣτις εννιά.\n")
    decomposed = load_one(tmp_path / "b", "faq.md", "# FAQ\n\n## Πότε ανοι\u0301γετε;\n\nΣτις εννιά.\n")
    assert composed.sections[0].id == decomposed.sections[0].id == "faq/πότε-ανοίγετε"


def test_file_names_in_another_script_are_distinct_documents(tmp_path):
    write(tmp_path, "ερωτήσεις.md", "# Ερωτήσεις\n\n## Πότε;\n\nΤώρα.\n")
    write(tmp_path, "вопросы.md", "# Вопросы\n\n## Когда?\n\nСейчас.\n")
    kb = load_knowledge(tmp_path)
    assert dict(kb.documents) == {"вопросы": "Вопросы", "ερωτήσεις": "Ερωτήσεις"}


def test_an_alternates_file_names_a_section_by_its_id_in_another_script(tmp_path):
    write(tmp_path, "faq.md", "# FAQ\n\n## Πότε;\n\nΤώρα.\n\n## Πού;\n\nΕδώ.\n")
    write(tmp_path, "faq.alternates", "[faq/πού]\nποια διεύθυνση\n")
    kb = load_knowledge(tmp_path)
    assert {s.id: s.alternates for s in kb.sections} == {"faq/πότε": (), "faq/πού": ("ποια διεύθυνση",)}


# --- Hugo's TOML front matter ---------------------------------------------------------------------

HUGO = ('+++\ntitle = "Crème solaire"\ndate = 2024-05-01\ntags = ["été",\n  "soleil"]\n[params]\n  author = "Léa"\n+++\n\n'
        "Tout sur la protection.\n\n## Crème solaire : quand l’appliquer ?\n\nAvant de sortir.\n")


def test_toml_front_matter_is_skipped_and_gives_the_title(tmp_path):
    # It was the text of the introduction: '+++ title = "Crème solaire" date = 2024-05-01 ...'.
    kb = load_one(tmp_path, "soleil.md", HUGO)
    assert kb.documents == (("soleil", "Crème solaire"),)
    assert [(s.id, s.heading, s.body, s.source) for s in kb.sections] == [
        ("soleil/introduction", "Crème solaire", "Tout sur la protection.", "soleil.md:1"),
        ("soleil/creme-solaire-quand-lappliquer", "Crème solaire : quand l’appliquer ?", "Avant de sortir.",
         "soleil.md:12")]
    # A '# Title' line still wins over the front matter's, as with '---' front matter.
    kb = load_one(tmp_path, "soleil.md", HUGO.replace("Tout", "# Soleil\n\nTout"))
    assert kb.documents == (("soleil", "Soleil"),)


def test_toml_front_matter_that_is_not_toml_names_its_line(tmp_path):
    with pytest.raises(ContentError, match=r"^soleil.md:3: front matter between the '\+\+\+' lines is not TOML: "):
        load_one(tmp_path, "soleil.md", '+++\ntitle = "Soleil"\ndate: 2024-05-01\n+++\n\n## Quand ?\n\nLe matin.\n')


def test_a_plus_line_without_its_closing_line_is_text(tmp_path):
    kb = load_one(tmp_path, "faq.md", "+++\n\n## Do you deliver?\n\nWithin 5 miles.\n")
    assert [(s.anchor, s.body) for s in kb.sections] == [("introduction", "+++"), ("do-you-deliver", "Within 5 miles.")]


# --- byte-order marks, line endings ---------------------------------------------------------------

@pytest.mark.parametrize("rel, data, headings", [
    # A file saved twice with a BOM: its header read '\ufeffquestion', "missing column 'question'".
    ("faq.csv", b"\xef\xbb\xbf\xef\xbb\xbfquestion,answer\r\nDo you deliver?,Yes.\r\n", ["Do you deliver?"]),
    # Two files joined: the second one's BOM was the first character of a heading.
    ("faq.md", "\ufeff# FAQ\r\n\r\n## Do you deliver?\r\n\r\nYes.\r\n\ufeff## Do you cater?\r\n\r\nNo.\r\n".encode(),
     ["Do you deliver?", "Do you cater?"]),
    ("faq.txt", "\ufeffFAQ\r\n\r\n\ufeffWhat Is It?\r\n\r\nA thing.\r\n".encode(), ["What Is It?"]),
], ids=["csv-two-boms", "md-joined", "txt-joined"])
def test_a_byte_order_mark_is_never_part_of_a_heading(tmp_path, rel, data, headings):
    kb = load_one(tmp_path, rel, data)
    assert [s.heading for s in kb.sections] == headings
    assert not any("\ufeff" in s.text or "\r" in s.text for s in kb.sections)
