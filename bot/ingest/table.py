"""FAQ tables (.csv, .tsv): one section per row, from the question and answer columns."""

from __future__ import annotations

import csv
import io
import re

from bot.ingest.extras import ALTERNATE_SEPARATOR, clean_phrasing
from bot.ingest.csv_quotes import quote_fault
from bot.ingest.formats import Format
from bot.ingest.hidden_html import hidden_slips
from bot.ingest.paste import decode_entities, drop_bold, drop_images, drop_links, html_dropped, html_text
from bot.ingest.render import Draft, render_block, slug, split_blocks, title_from_path
from bot.model import ContentError
from bot.text import fold

REQUIRED_COLUMNS = ("question", "answer")
OPTIONAL_COLUMNS = ("alternates", "id")
# Other names spreadsheets give the two columns ("Q,A", "FAQ,Response"): read as the column when no column
# has its own name. It was "missing columns 'question', 'answer'" for a sheet exported as it was.
# The words of a sheet written in German, Spanish, French, Portuguese, Italian or Dutch ("Frage,Antwort",
# "Pregunta;Respuesta", "Question,Réponse"), compared without accents: such a .csv stopped the build, and such a
# Markdown table (or a .txt of tab-separated cells) was read as text, its rows one bullet list, without a word.
COLUMN_ALIASES = {
    "question": ("q", "questions", "faq", "faqs", "frage", "fragen", "pregunta", "preguntas", "pergunta", "perguntas",
                 "domanda", "domande", "vraag", "vragen"),
    "answer": ("a", "answers", "response", "responses", "antwort", "antworten", "respuesta", "respuestas", "reponse",
               "reponses", "resposta", "respostas", "risposta", "risposte", "antwoord", "antwoorden"),
    # A sheet's or FAQ plugin's column of extra phrasings: under another name its phrasings were dropped silently.
    "alternates": ("alternate", "alternative", "alternatives", "alternate questions", "alternative questions",
                   "alternate phrasings", "alternative phrasings", "other questions", "other phrasings",
                   "phrasings", "variations", "variants", "alternativen", "varianten", "alternativas", "variantes",
                   "variaciones", "variacoes", "varianti", "alternatieven"),
}

# Between two phrasings in an alternates cell: '|' and a line break, and the lists site owners paste, which were
# one phrasing no visitor types ("how much is it?; what does it cost; price?", "how much is it?, what does it
# cost?"): a ';' (or '；'), which a visitor's question hardly ever holds, and a comma right after a question mark
# ('?,', also '？，' and Arabic '؟،'). Any other comma stays: it is most often inside a question ("if I book twice,
# is it cheaper?"). Greek writes its question mark as ';' ("Πότε ανοίγετε;"): after a Greek letter the ';' stays
# with the phrasing it ends, and a phrasing after it is the next one.
_GREEK = "\u0370-\u03ff\u1f00-\u1fff"
_PHRASING_BREAK = re.compile(rf"{re.escape(ALTERNATE_SEPARATOR)}|\n|(?<![{_GREEK}])[;；]|(?<=[{_GREEK}];)"
                             r"|(?<=[?？؟])\s*[,，،]")


def phrasings(cell: str) -> tuple[str, ...]:
    """The phrasings of an alternates cell (its text as read, HTML and entities done), by _PHRASING_BREAK."""
    parts = (clean_phrasing(p.strip().strip(",，،")) for p in _PHRASING_BREAK.split(cell))
    return tuple(p for p in parts if p)


# A note after a column's name, in brackets: "Alternates (separate with |)", "Answer (HTML)", "Question [required]".
_NOTE = re.compile(r"\s*(?:\([^()]*\)|\[[^\[\]]*\])\s*$")


def _names(header: list[str]) -> list[str]:
    """A header row's cells as column names: case, accents, spacing, a trailing ':' or '.' and a note in brackets
    aside ('Réponse' -> 'reponse', 'Q:' -> 'q', 'Question :' -> 'question', 'Alternates (separate with |)' ->
    'alternates'): a missing column, or an alternates column dropped without a word."""
    return [" ".join(_NOTE.sub("", fold(h).strip()).strip().rstrip(":.").split()) for h in header]


def _rows(rel: str, text: str, delimiter: str):
    """(starting physical line, fields) for each non-blank row; csv errors name the line."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    end = 0
    while True:
        start = end + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            kind = "TSV" if delimiter == "\t" else "CSV"
            line, why = quote_fault(text, start, delimiter) or (start, str(e))
            raise ContentError(rel, f"malformed {kind} row: {why}", line) from None
        end = reader.line_num
        if any(field.strip() for field in row):
            yield start, row


def _answer(text: str) -> str:
    """An answer cell as body text: blank lines separate paragraphs, list lines stay lists."""
    blocks = split_blocks(text.strip().split("\n"), 1)
    return "\n\n".join(render_block(b.lines) for b in blocks)


def parse_csv(rel: str, text: str) -> tuple[str, list[Draft]]:
    """Title (the file name) and section drafts of a comma-separated FAQ table (or semicolon-separated, as
    Excel saves a CSV file where the comma is the decimal mark)."""
    text, sep = _sep_line(text)
    return title_from_path(rel), parse_table(rel, text, sep or _csv_delimiter(text))


def _sep_line(text: str) -> tuple[str, str | None]:
    """A first line 'sep=;' (which Excel reads, and some exports write, to name the separator): the text with
    that line blanked (line numbers stay right) and the separator it names; else (text, None)."""
    first, _, rest = text.partition("\n")
    line = first.strip(" ")  # not a tab: it may be the separator
    if len(line) == 5 and line.lower().startswith("sep="):
        return "\n" + rest, line[4]
    return text, None


def _csv_delimiter(text: str) -> str:
    """',' unless the header row names the required columns only when split on ';' (as Excel saves CSV where the
    comma is the decimal mark) or on a tab (a tab-separated table saved as .csv: it stopped the build asking for
    commas)."""
    header = next((line for line in text.split("\n") if line.strip()), "")
    for delimiter in (",", ";", "\t"):
        if _names_both(set(_names(next(csv.reader([header], delimiter=delimiter), [])))):
            return delimiter
    return ","


def tab_table(rel: str, line: str, after: str = "") -> str | None:
    """What to tell an editor whose file (not a table file) opens with this line, when it is a table's header row
    naming a question and an answer column: tab-separated (as Excel's "Text (Tab delimited)" saves a .txt file), or
    comma- or semicolon-separated with a row of the table right under it (a sheet saved as CSV under a .txt name;
    a title "FAQs, Answers" has a blank line under it); else None."""
    for delimiter, kind, suffix in (("\t", "tab", ".tsv"), (",", "comma", ".csv"), (";", "semicolon", ".csv")):
        names = [h.strip() for h in next(csv.reader([line], delimiter=delimiter), [])]
        if delimiter != "\t" and len(next(csv.reader([after], delimiter=delimiter), [])) < 2:
            continue
        if len(names) >= 2 and _names_both(set(_names(names))):
            name = rel.rsplit("/", 1)[-1].rsplit(".", 1)[0] + suffix
            return (f"a {kind}-separated table (its first line names the columns {', '.join(n for n in names if n)}), "
                    f"not a text article: rename the file to {name}")
    return None


def _names_both(names: set[str]) -> bool:
    """Does a header of these (lower-case) names name a question and an answer column?"""
    return all(c in names or names & set(COLUMN_ALIASES[c]) for c in REQUIRED_COLUMNS)


def _trim(row: list[str], header: list[str]) -> list[str]:
    """A row cut or padded to the header's length where only empty cells differ: empty cells past the last
    column, or no cells at all under unnamed columns at the end ('question,answer,,' as spreadsheets save a
    sheet with a stray cell formatted), which lose nothing. Other rows are left for the field-count error."""
    if len(row) > len(header) and not any(c.strip() for c in row[len(header):]):
        return row[:len(header)]
    if len(row) < len(header) and not any(h.strip() for h in header[len(row):]):
        return row + [""] * (len(header) - len(row))
    return row


def _short_row(header: list[str], col: dict[str, int], cells: int, delimiter: str) -> str:
    """The hint for a row with fewer cells than the header: which columns it leaves without one. A row that leaves
    out its optional alternates or id cell ("Price?,5" under question,answer,alternates) was only "expected 3
    fields, got 2", and the editor looked for the fault in the cells that were there."""
    missing = [" ".join(h.split()) or f"column {i + 1}" for i, h in enumerate(header) if i >= cells]
    names = ", ".join(f"'{m}'" for m in missing)
    one = len(missing) == 1
    said = f" (no cell for the column {names}" if one else f" (no cells for the columns {names}"
    if col.get("question", 0) < cells and col.get("answer", 0) < cells:  # only optional cells left out
        sep = {",": "comma", ";": "semicolon", "\t": "tab"}.get(delimiter, repr(delimiter))
        said += (f": an empty one still needs its {sep} at the end of the row" if one else
                 f": empty ones still need their {sep}s at the end of the row")
    return said + ")"


def _missing(missing: list[str], header: list[str], delimiter: str) -> str:
    """What to tell an editor whose header row lacks these columns, and how to fix it."""
    # (not a cell with a line break in it, a sheet's title cell: no row of names, and csv cannot read it as a row)
    sep = next((s for s in ";\t" if len(header) == 1 and s in header[0] and "\n" not in header[0]),
               None) if delimiter == "," else None
    if sep:
        # A .csv separated by ';' or tabs, which are read, its columns misnamed ("Frage;Antwrt"): it was told to
        # separate its cells by commas, and would then have been refused for the names.
        header = next(csv.reader([header[0]], delimiter=sep))
        missing = [c for c in REQUIRED_COLUMNS if c not in _columns(_names(header))]
    have = ", ".join(h.strip().replace("\n", " ") for h in header) or "nothing"  # one line, whatever a cell holds
    noun = "column" if len(missing) == 1 else "columns"
    if len(header) == 1 and any(sep in header[0] for sep in ",;\t|"):
        # One column holding several names: the file uses another separator (Excel often saves ';').
        wanted = "tabs in a .tsv file" if delimiter == "\t" else "commas in a .csv file"
        hint = f"cells must be separated by {wanted}"
    elif delimiter == "\t" and len(header) == 1 and set(missing) <= set(header[0].lower().split()):
        # 'question    answer': a text editor turned the tabs into spaces (or they were typed as spaces)
        hint = "cells must be separated by tabs in a .tsv file, and this row has spaces between them"
    elif any(h.strip().endswith("?") for h in header):
        # A sheet exported without a header row: its first question was read as a column name.
        hint = "the first row must name the columns: insert a row above it with question and answer"
    else:
        hint = f"name the {' and the '.join(f'{c} column {c!r}' for c in missing)} in the first row"
    return f"missing {noun} {', '.join(repr(c) for c in missing)} (header has: {have}); {hint}"


def parse_tsv(rel: str, text: str) -> tuple[str, list[Draft]]:
    """Title (the file name) and section drafts of a tab-separated FAQ table."""
    return title_from_path(rel), parse_table(rel, text, "\t")


def parse_table(rel: str, text: str, delimiter: str) -> list[Draft]:
    """Section drafts of an FAQ table; bad headers, ragged rows and duplicates are ContentErrors."""
    rows = _rows(rel, text, delimiter)
    first = next(rows, None)
    if first is None:
        return []
    header_line, header = first
    names = _names(header)
    _once(rel, header, header_line)
    col = _columns(names)
    missing = [c for c in REQUIRED_COLUMNS if c not in col]
    if missing:
        _check_header_below(rel, header_line, header, rows)
        raise ContentError(rel, _missing(missing, header, delimiter), header_line)
    return table_drafts(rel, header, col, rows, delimiter)


def _check_header_below(rel: str, first_line: int, first: list[str], rows, look: int = 5) -> None:
    """A sheet with a title row (or a few) above its header row ("Bakery FAQ" in A1, the columns in row 2), as
    spreadsheets are often laid out: the error named the columns missing from line 1 and asked to name them "in the
    first row", of a file that names them on line 2. An error naming the header row and the lines to delete."""
    if _columns(_names(first)):  # it is the header row, with a column misnamed ("reply")
        return
    for _ in range(look):
        try:
            line, row = next(rows)
        except (StopIteration, ContentError):
            return
        names = _names(row)
        col = _columns(names)
        # by their names, or aliases longer than a letter: a row "q,a" is as likely a question and its answer
        if all(c in col and len(names[col[c]]) > 1 for c in REQUIRED_COLUMNS):
            above = " ".join(" ".join(c.split()) for c in first if c.strip())[:40]
            lines = f"line {first_line}" if line - first_line == 1 else f"lines {first_line}-{line - 1}"
            raise ContentError(rel, f"the header row is line {line}, below '{above}': a table's first row must name "
                                    f"its columns: delete {lines}", first_line)


def faq_columns(rel: str, header: list[str], line: int) -> dict[str, int] | None:
    """Column name -> index of a header row that names a question and an answer column, as a table file's header
    is read ('Question', 'Answer', optional 'Alternates' and 'Id', or a sheet's 'Q', 'FAQ', 'Response'...); None
    for any other header (a price list's 'Item', 'Price'). Such a header naming a column twice is a ContentError,
    as in a table file (it was read as a price list is, its rows one bullet list, without a word)."""
    names = _names(header)
    if not _names_both(set(names)):
        return None
    _once(rel, header, line)
    col = _columns(names)
    return col if all(c in col for c in REQUIRED_COLUMNS) else None


def _once(rel: str, header: list[str], line: int) -> None:
    """Refuse a header row that names a column twice (two 'Answer' columns: which one is the answer?)."""
    names = _names(header)
    for i, name in enumerate(names):
        if name and names.count(name) > 1:
            j = names.index(name, i + 1)
            raise ContentError(rel, f"column '{' '.join(header[i].split())}' appears twice in the header (columns {i + 1} and "
                                    f"{j + 1}): rename or delete one", line)


def _columns(names: list[str]) -> dict[str, int]:
    """Column name -> index of the columns a header of these (lower-case) names has: by name, else by alias."""
    col = {name: names.index(name) for name in REQUIRED_COLUMNS + OPTIONAL_COLUMNS if name in names}
    for name, aliases in COLUMN_ALIASES.items():
        found = [i for i, n in enumerate(names) if n in aliases]
        if name not in col and len(found) == 1:
            col[name] = found[0]
    return col


def table_drafts(rel: str, header: list[str], col: dict[str, int], rows, delimiter: str, cell=None) -> list[Draft]:
    """One section draft per (line, cells) row of an FAQ table under this header: a question needed in each row,
    questions and ids unique; a ContentError names the row's line. A row with an empty answer is a draft with no
    text (no section: the build warns of it, bot/ingest/__init__.py). cell: a cell's text from
    what the file holds (default: a table file's, HTML, entities and bold marks read, and in an answer Markdown links
    and images as their text: a Markdown table's cells are read so by markdown-it already)."""
    dropped: list[tuple[int, str]] | None = [] if cell is None else None  # a cell's '<script>', said by the build
    answer_cell = cell or (lambda text: drop_links(drop_images(drop_bold(decode_entities(html_text(text))))))
    cell = cell or (lambda text: drop_bold(decode_entities(html_text(text))))
    drafts: list[Draft] = []
    seen_questions: dict[str, int] = {}
    seen_ids: dict[str, tuple[int, str, bool]] = {}
    for line, row in rows:
        row = _trim(row, header)
        if len(row) != len(header):
            hint = ""
            if len(row) > len(header):  # most often a separator in an answer that nobody quoted
                name = {",": "comma", ";": "semicolon", "\t": "tab"}.get(delimiter, repr(delimiter))
                hint = f" (a cell that holds a {name} must be in double quotes: \"...\")"
            else:
                hint = _short_row(header, col, len(row), delimiter)
            raise ContentError(rel, f"expected {len(header)} fields, got {len(row)}{hint}", line)
        if dropped is not None:
            read = {col[name] for name in ("question", "answer", "alternates") if name in col}
            at = line  # the line each cell starts on: a quoted cell may hold line breaks
            for k, text in enumerate(row):
                dropped.extend((at + n, name) for n, name in html_dropped(text) if k in read)
                at += text.count("\n")
        question = " ".join(cell(row[col["question"]]).split())
        answer = answer_cell(row[col["answer"]]).strip()
        if not question:
            raise ContentError(rel, "empty question", line)
        given_id = row[col["id"]].strip() if "id" in col else ""
        if not answer:
            # No section, as a question heading with no answer under it: the build warns naming the row, and the
            # other rows are served (an answer still to be written stopped the whole table, every file with it).
            drafts.append(Draft(question, line, [], key=given_id or None, row=True))
            continue
        key = fold(question)
        if key in seen_questions:
            raise ContentError(rel, f"duplicate question '{question}' (first at line {seen_questions[key]}): "
                                    "delete one of the two rows, or merge their answers into one", line)
        seen_questions[key] = line
        section = slug(given_id or question)
        if section in seen_ids:
            first_line, first_question, first_given = seen_ids[section]
            if given_id or first_given:
                raise ContentError(rel, f"duplicate id '{section}' (first at line {first_line})", line)
            # Two questions that differ only in punctuation or case ("Do you deliver" and "Do you deliver?")
            raise ContentError(rel, f"question '{question}' gets the same id '{section}' as '{first_question}' "
                                    f"(line {first_line}): delete or reword one, or give them an id column", line)
        seen_ids[section] = (line, question, bool(given_id))
        alternates: tuple[str, ...] = ()
        if "alternates" in col:
            # One a line in the cell (Alt+Enter in Excel) is as good as '|': it was one phrasing, "catering party food".
            # Read as the other cells are ('M&amp;S' was a phrasing no one types), then split (phrasings above).
            alternates = phrasings(cell(row[col["alternates"]]))
        drafts.append(Draft(question, line, [_answer(answer)], alternates=alternates, key=given_id or None))
    if drafts and dropped:
        drafts[0].slips.extend(hidden_slips(dropped))
    return drafts


FORMATS = (
    Format(
        (".csv",),
        "no sections found (expected a header row with question,answer and at least one row)",
        parse_csv,
        listed=3,
    ),
    Format(
        (".tsv",),
        "no sections found (expected a header row with question and answer and at least one row)",
        parse_tsv,
        listed=4,
    ),
)
