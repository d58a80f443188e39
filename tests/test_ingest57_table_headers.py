"""FAQ tables as site owners save them, which were mis-read: a header row in German, Spanish, French, Portuguese,
Italian or Dutch ("Frage,Antwort", "Pregunta;Respuesta", "Question,Réponse"), a header cell with a colon ("Q:",
"Answer:"), a tab-separated table saved as .csv. A .csv so stopped the build with a wrong fix ("name the question
column 'question'", "separate the cells by commas"); a Markdown table so was read as one bullet list under the
title, and a .txt of tab-separated cells as one article, without a word. Each is now read as the table it is."""

from __future__ import annotations

import pytest

from bot import artifact
from bot.cli import main

from _files import write


def build(tmp_path, rel: str, data: str | bytes) -> int:
    write(tmp_path / "kb", rel, data)
    return main(["build", "--content", str(tmp_path / "kb"), "--index", str(tmp_path / "index")])


def built(tmp_path, rel: str, data: str | bytes) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """(id, heading, body, alternates) of each section of the index `faqbot build` published from this one file."""
    assert build(tmp_path, rel, data) == 0
    return [(s.id, s.heading, s.body, s.alternates) for s in artifact.load_current(tmp_path / "index").index.sections_]


ROWS = [("Wann öffnen Sie?", "Um 9 Uhr, täglich.", "Öffnungszeiten"),
        ("Kann ich mit Karte zahlen?", "Ja, mit allen Karten.", "Kartenzahlung")]
EXPECTED = [("faq/wann-offnen-sie", "Wann öffnen Sie?", "Um 9 Uhr, täglich.", ("Öffnungszeiten",)),
            ("faq/kann-ich-mit-karte-zahlen", "Kann ich mit Karte zahlen?", "Ja, mit allen Karten.", ("Kartenzahlung",))]


def csv_text(header: tuple[str, str, str], sep: str = ",") -> str:
    quote = (lambda c: f'"{c}"' if sep in c or "," in c else c)
    return "\n".join(sep.join(quote(c) for c in row) for row in [header, *ROWS]) + "\n"


@pytest.mark.parametrize("header", [
    ("Frage", "Antwort", "Varianten"),
    ("Fragen", "Antworten", "Alternativen"),
    ("Pregunta", "Respuesta", "Alternativas"),
    ("Question", "Réponse", "Variantes"),
    ("Question", "Re\u0301ponse", "Variantes"),  # the accent as a Mac may save it: 'e' and a combining accent
    ("Questions", "Réponses", "Variations"),
    ("Pergunta", "Resposta", "Variações"),
    ("Domanda", "Risposta", "Varianti"),
    ("Vraag", "Antwoord", "Alternatieven"),
    ("Q:", "A:", "Alternates:"),
    ("Question :", "Answer :", "Alternates"),
    ("Q.", "A.", "Alternatives"),
])
@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_a_csv_whose_header_names_its_columns_so_is_read(tmp_path, header, sep):
    # ';': Excel where the comma is the decimal mark; a tab: a tab-separated table saved under a .csv name
    assert built(tmp_path, "faq.csv", csv_text(header, sep)) == EXPECTED


@pytest.mark.parametrize("header", [("Frage", "Antwort", "Varianten"), ("Pregunta", "Respuesta", "Alternativas"),
                                    ("Question", "Réponse", "Variantes"), ("Q:", "A:", "Alternates")])
def test_a_tsv_and_a_markdown_table_under_such_a_header_are_read(tmp_path, header):
    assert built(tmp_path / "tsv", "faq.tsv", csv_text(header, "\t")) == EXPECTED
    md = "# Faq\n\n" + "\n".join(f"| {' | '.join(row)} |" for row in [header, ("---",) * 3, *ROWS]) + "\n"
    assert built(tmp_path / "md", "faq.md", md) == EXPECTED


def test_a_utf16_tab_separated_table_saved_as_csv_is_read(tmp_path):
    # Excel's "Unicode Text" (UTF-16 with its byte-order mark, tab-separated) given a .csv name
    data = "question\tanswer\r\nDo you deliver?\tYes, every day.\r\nDo you take cards?\tYes, all of them.\r\n"
    assert [s[:3] for s in built(tmp_path, "faq.csv", data.encode("utf-16"))] == [
        ("faq/do-you-deliver", "Do you deliver?", "Yes, every day."),
        ("faq/do-you-take-cards", "Do you take cards?", "Yes, all of them.")]


@pytest.mark.parametrize("first", ["Frage\tAntwort", "Pregunta,Respuesta"])
def test_a_txt_file_that_is_such_a_table_says_to_rename_it(tmp_path, capsys, first):
    # it was one article, its header row the title, without a word
    sep = "\t" if "\t" in first else ","
    assert build(tmp_path, "faq.txt", f"{first}\nWann öffnen Sie?{sep}Um 9 Uhr.\n") == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    suffix = ".tsv" if sep == "\t" else ".csv"
    assert line.startswith("faqbot: error: faq.txt:1: a ") and line.endswith(f"rename the file to faq{suffix}")


@pytest.mark.parametrize("text, said", [
    ("Question;Anwser\nDo you deliver?;Yes.\n",
     "missing column 'answer' (header has: Question, Anwser); name the answer column 'answer' in the first row"),
    ("Frag\tAntwort\nDo you deliver?\tYes.\n",
     "missing column 'question' (header has: Frag, Antwort); name the question column 'question' in the first row"),
])
def test_a_semicolon_or_tab_csv_with_a_misnamed_column_names_the_column_not_the_separator(tmp_path, capsys, text,
                                                                                         said):
    # it said "cells must be separated by commas in a .csv file", a separator the build reads, and then refused the
    # names: the editor fixed what was right first
    assert build(tmp_path, "faq.csv", text) == 1
    assert capsys.readouterr().err.strip().splitlines() == [f"faqbot: error: faq.csv:1: {said}"]


def test_a_csv_separated_by_bars_is_still_told_to_use_commas(tmp_path, capsys):
    assert build(tmp_path, "faq.csv", "question|answer\nDo you deliver?|Yes.\n") == 1
    assert capsys.readouterr().err.strip().splitlines() == [
        "faqbot: error: faq.csv:1: missing columns 'question', 'answer' (header has: question|answer); cells must be "
        "separated by commas in a .csv file"]


def test_a_bilingual_header_takes_the_columns_named_in_english(tmp_path):
    # 'question'/'answer' by name win over the aliases, as with 'Q'/'A'
    text = "Frage,Antwort,Question,Answer\nWann?,Um 9.,When do you open?,At 9am.\n"
    assert [s[:3] for s in built(tmp_path, "faq.csv", text)] == [
        ("faq/when-do-you-open", "When do you open?", "At 9am.")]


def test_a_note_in_brackets_after_a_columns_name_is_no_part_of_it(tmp_path):
    # "Alternates (separate with |)" was no column faqbot knows: its phrasings were dropped without a word, and
    # "Answer (HTML)" stopped the build as a missing answer column.
    text = ('Question [required],Answer (HTML),Alternates (separate with |)\n'
            'When do you open?,"<p>At 9am, every day.</p>",opening hours|what time do you open\n')
    [(_, heading, body, alternates)] = built(tmp_path, "faq.csv", text)
    assert (heading, body, alternates) == ("When do you open?", "At 9am, every day.", ("opening hours",
                                                                                      "what time do you open"))
