"""Content that is not plain English ASCII: other scripts, emoji, accents, front matter of other generators."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest

from bot import cli
from bot.ingest import load_knowledge
from bot.model import ContentError, KnowledgeBase
from bot.settings import Settings

from _app import built_app
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


# --- headings of plain-text articles in other languages ---------------------------------------------

@pytest.mark.parametrize("text, sections", [
    # Spanish opens a question with '¿': it did not start with a capital, so it was text.
    ("Preguntas frecuentes\n\n¿Cuándo abren?\n\nDe lunes a viernes.\n\n¡Nuevo Horario De Verano\n\nDe 8 a 14.\n",
     [("cuando-abren", "¿Cuándo abren?", "De lunes a viernes."),
      ("nuevo-horario-de-verano", "¡Nuevo Horario De Verano", "De 8 a 14.")]),
    # Greek's question mark is ';' (U+037E, or the semicolon it normalises to).
    ("Συχνές ερωτήσεις\n\nΠότε είστε ανοιχτά;\n\nΚάθε μέρα.\n\nΠόσο κοστίζει\u037e\nΕίκοσι ευρώ.\n",
     [("πότε-είστε-ανοιχτά", "Πότε είστε ανοιχτά;", "Κάθε μέρα."),
      ("πόσο-κοστίζει", "Πόσο κοστίζει\u037e", "Είκοσι ευρώ.")]),
    # Scripts without capitals: a question (full-width '？', Arabic '؟', '?') or a short line.
    ("常见问题\n\n营业时间？\n\n每天九点到五点。\n\n价格\n\n二十欧元。\n\n我们每天开门。欢迎光临\n\n谢谢。\n",
     [("营业时间", "营业时间？", "每天九点到五点。"), ("价格", "价格", "二十欧元。\n\n我们每天开门。欢迎光临\n\n谢谢。")]),
    ("الأسئلة الشائعة\n\nمتى تفتحون؟\n\nكل يوم.\n\nكم السعر؟\nعشرون يورو.\n",
     [("متى-تفتحون", "متى تفتحون؟", "كل يوم."), ("كم-السعر", "كم السعر؟", "عشرون يورو.")]),
    ("שאלות נפוצות\n\nמתי אתם פתוחים?\n\nכל יום.\n", [("מתי-אתם-פתוחים", "מתי אתם פתוחים?", "כל יום.")]),
    # An emoji in front of a heading.
    ("Our Café\n\n☕ Opening Hours\n\nEvery day.\n\n🎉 Do you host parties?\nYes.\n\n👍🏽 thanks for reading\n\nBye.\n",
     [("opening-hours", "☕ Opening Hours", "Every day."),
      ("do-you-host-parties", "🎉 Do you host parties?", "Yes.\n\n👍🏽 thanks for reading\n\nBye.")]),
], ids=["spanish", "greek", "chinese", "arabic", "hebrew", "emoji"])
def test_text_article_headings_in_other_languages(tmp_path, text, sections):
    # Each whole file was one introduction: not one of these lines was read as a heading.
    kb = load_one(tmp_path, "faq.txt", text)
    assert [(s.anchor, s.heading, s.body) for s in kb.sections] == sections


@pytest.mark.parametrize("line", [
    "我们每天开门，欢迎光临",  # a clause: ends with a comma
    "这是一个很长的句子没有标点符号但是它太长了不可能是一个标题所以它应该是正文的一部分而不是标题对吧",  # long
    "Πότε είστε ανοιχτά; Κάθε μέρα",  # two sentences
    "Call us; we answer",  # a ';' after Latin text is no question mark
], ids=["chinese-clause", "chinese-long", "greek-two-sentences", "latin-semicolon"])
def test_lines_that_stay_text(tmp_path, line):
    kb = load_one(tmp_path, "faq.txt", f"FAQ\n\nIntro.\n\n{line}\n\nMore text.\n")
    assert [s.anchor for s in kb.sections] == ["introduction"]


@pytest.mark.parametrize("text, heading", [
    ("# FAQ\n\n**¿Hacen envíos?**\nSí, a toda España.\n", "¿Hacen envíos?"),
    ("# FAQ\n\n### Pedidos\n\n#### 需要预约吗？\n\n不需要。\n", "需要预约吗？"),
], ids=["spanish-bold", "chinese-h4"])
def test_markdown_questions_in_other_languages_start_sections(tmp_path, text, heading):
    kb = load_one(tmp_path, "faq.md", text)
    assert [s.heading for s in kb.sections] == [heading]


# --- the article pages -----------------------------------------------------------------------------

class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_an_article_in_another_script_is_served_and_reads_in_its_own_direction(tmp_path):
    content = tmp_path / "content"
    write(content, "שאלות.md", "# שאלות נפוצות\n\n## מתי אתם פתוחים?\n\nכל יום.\n\n- גם בשבת\n\n"
                              "## כמה זה עולה?\n\n| שירות | מחיר |\n|---|---|\n| תספורת | 80 |\n")
    write(content, "hours.md", "# Hours\n\n## Are You Open Sundays?\n\nYes.\n")
    client = built_app(Settings(content_dir=str(content), index_dir=str(tmp_path / "index"),
                                database_url=f"sqlite:///{tmp_path}/db.sqlite3", rate_limit="0")).test_client()
    sections = client.get("/api/sections").get_json()["sections"]
    assert [s["url"] for s in sections] == ["/kb/hours#are-you-open-sundays", "/kb/שאלות#מתי-אתם-פתוחים",
                                            "/kb/שאלות#כמה-זה-עולה"]
    page = client.get(quote("/kb/שאלות"))  # as a browser asks for it
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    tags = _Tags()
    tags.feed(html[html.index("<article"):html.index("</article>")])
    ids = {attrs.get("id") for _, attrs in tags.tags}
    assert {"מתי-אתם-פתוחים", "כמה-זה-עולה"} <= ids
    # Each heading, paragraph, item and cell of the article sets its direction by its own text (Hebrew: right
    # to left); they all took the page's, left to right.
    text_tags = [(tag, attrs) for tag, attrs in tags.tags if tag in ("h1", "h2", "p", "li", "th", "td")]
    assert sorted({tag for tag, _ in text_tags}) == ["h1", "h2", "li", "p", "td", "th"]
    assert [tag for tag, attrs in text_tags if attrs.get("dir") != "auto"] == []
    index = client.get("/kb/").get_data(as_text=True)
    assert '<li dir="auto"><a href="/kb/%D7%A9%D7%90%D7%9C%D7%95%D7%AA">שאלות נפוצות</a></li>' in index


def test_a_section_no_question_can_find_is_named_by_the_build(tmp_path, capsys):
    # Matching reads words in Latin letters and digits: a Greek section beside English ones was built without a
    # word, and no question (not even its own heading) found it.
    content = tmp_path / "content"
    write(content, "hours.md", "# Hours\n\n## Are You Open Sundays?\n\nYes, from 10am.\n\n"
                               "## Πότε ανοίγετε;\n\nΣτις εννέα το πρωί.\n")
    write(content, "ωρες.md", "# Ώρες\n\n## Πού βρίσκεστε;\n\nΣτην Αθήνα.\n\n## Πόσο κοστίζει;\n\nΕίκοσι ευρώ.\n")
    index = str(tmp_path / "index")
    assert cli.main(["build", "--content", str(content), "--index", index]) == 0
    err = capsys.readouterr().err
    assert ('hours.md:7: section "Πότε ανοίγετε;" has no word faqbot can match (matching reads words in Latin '
            "letters and digits only): no question will find it; give it phrasings in Latin letters in an "
            ".alternates file") in err
    assert "ωρες.md: no section has a word faqbot can match (matching reads words in Latin letters and digits " \
           "only): no question will find them; give them phrasings in Latin letters in an .alternates file" in err
    assert err.count("no word faqbot can match") + err.count("no section has a word") == 2
    assert cli.main(["ask", "Πότε ανοίγετε;", "--index", index, "--json"]) == 0
    assert '"section_id": null' in capsys.readouterr().out  # what the warning is about; drop it once they are found


# --- files in another encoding -----------------------------------------------------------------------

@pytest.mark.parametrize("rel, data, message", [
    # Saved by Excel or an older Windows editor: the line named the byte only, not what it stands for.
    ("faq.csv", "question,answer\nCafé au lait?,Oui.\n".encode("cp1252"),
     "faq.csv:2: not UTF-8 text (byte 0xe9, in 'Café' if it is Windows-1252 or Latin-1); save the file as UTF-8"),
    ("faq.txt", "FAQ\n\nWhat’s New?\n\nA lot.\n".encode("cp1252"),
     "faq.txt:3: not UTF-8 text (byte 0x92, in 'What’s' if it is Windows-1252 or Latin-1); save the file as UTF-8"),
    # Bytes that are not Windows-1252 either: the byte alone, as before.
    ("faq.txt", b"FAQ\n\nA \x81\x8d B\n", "faq.txt:3: not UTF-8 text (byte 0x81); save the file as UTF-8"),
], ids=["latin1-csv", "cp1252-quote", "not-cp1252"])
def test_a_file_in_another_encoding_names_the_word_to_fix(tmp_path, capsys, rel, data, message):
    write(tmp_path / "content", rel, data)
    assert cli.main(["build", "--content", str(tmp_path / "content"), "--index", str(tmp_path / "index")]) == 1
    assert capsys.readouterr().err.strip() == f"faqbot: error: {message}"
