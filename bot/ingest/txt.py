"""Plain-text articles: a title line, heading lines, and the paragraphs under them."""

from __future__ import annotations

import re
import unicodedata

from bot.ingest.formats import Format
from bot.ingest.front_matter import front_matter
from bot.ingest.paste import cleaned_lines, page_furniture, spaced
from bot.ingest.render import Block, Draft, ends_sentence, is_list_item, render_block, split_blocks, title_from_path
from bot.ingest.table import tab_table
from bot.model import ContentError

MAX_HEADING_CHARS = 150
MAX_HEADING_WORDS = 25
# Share of significant words that must be capitalised for a line without '?' to count as a heading.
TITLE_CASE_SHARE = 0.75

# Words a Title Case heading may leave lower-case ("Risks of the Treatment").
_SMALL_WORDS = frozenset(
    "a an and as at but by for from in into nor of off on onto or over per the to up via vs with".split()
)
# A numbered question's label ("Q1. Do you deliver?") is numbering too: its period does not end a sentence.
_NUMBERING = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*[.)]?|[A-Z][.)]|Step\s+\d+[.:)]?|(?:Q|Question)\s*\d{1,3}[.:)])\s+")
# A heading is one sentence: "Why? Because." is prose, and so is "我们每天开门。欢迎光临" (Chinese: no space).
_INNER_SENTENCE = re.compile(r"[.!?]\s+\S|[。！？](?=\S)")
# A line ending so is a sentence or a clause, not a heading: in Latin script, and the full-width forms of
# Chinese and Japanese, Arabic's comma, Urdu's and Hindi's full stops.
_NOT_HEADING_END = ".,;:!。．，、；：！،۔।"
# Question marks of other scripts: full-width (Chinese, Japanese), Arabic (also Persian and Urdu), and
# Greek's, which is a semicolon (U+037E, or the ';' it normalises to) after Greek text.
_QUESTION_MARKS = "?？؟;"
_GREEK = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")
# Before a heading's first letter: Spanish's inverted marks, emoji (with their selectors and joiners), spaces.
_LEAD = re.compile(r"[¿¡\s\u200d\ufe0f\U0001f3fb-\U0001f3ff]*")
# A heading in a script without capitals (Chinese, Arabic, Hebrew...) cannot be told by Title Case: such a
# line is a heading when it asks a question, or is this short with no comma or stop in it.
MAX_CASELESS_HEADING_CHARS = 40


def _caseless(c: str) -> bool:
    """A letter of a script without capitals (Chinese, Japanese, Arabic, Hebrew, Thai...)."""
    return c.isalpha() and not c.isupper() and not c.islower()


def _title_case(words: list[str]) -> bool:
    """Most words that are not small words start with a capital (or a digit); words of a script without
    capitals are not counted."""
    significant = 0
    capital = 0
    for i, raw in enumerate(words):
        word = raw.strip("\"'“”‘’()[]-–—/&")
        if not word or not any(c.isalpha() for c in word) or _caseless(word[0]):
            continue
        if i > 0 and word.lower() in _SMALL_WORDS:
            continue
        significant += 1
        capital += word[0].isupper() or word[0].isdigit()
    return significant == 0 or capital / significant >= TITLE_CASE_SHARE


# After a question mark, as owners write them: emoji ("Is there wifi? 📶", with their selectors, joiners and skin
# tones), a '!' ("Is there WiFi?!"), and an accordion's icon copied with the question from a web page ("Do you
# deliver? +", "▼", "›"). Read as the line's end, the question was text of the section above.
_ICONS = "+−×›»"


def _without_trailing_marks(text: str) -> str:
    """A line without the emoji after its end, and without a '!' after its question mark ('Is it free?! 🎉' ->
    'Is it free?'); the line as it is when nothing is left of it but those."""
    end = len(text)
    while end and (text[end - 1].isspace() or text[end - 1] in "\u200d\ufe0e\ufe0f"
                   or text[end - 1] in _ICONS or unicodedata.category(text[end - 1]) in ("So", "Sk")):
        end -= 1
    core = text[:end]
    bangs = core.rstrip("!")
    if bangs != core and bangs[-1:] in _QUESTION_MARKS:
        core = bangs
    return core if core.strip() else text


def _asks(text: str) -> bool:
    """Does the line end with a question mark, of any script ("Πότε ανοίγετε;", "营业时间？", "متى تفتحون؟"),
    emoji after it aside ("Is there wifi? 📶")?"""
    text = _without_trailing_marks(text)
    end = text[-1:]
    if end in (";", "\u037e"):
        return bool(_GREEK.search(text))
    return bool(end) and end in _QUESTION_MARKS


def _lead(text: str) -> str:
    """The text from its first letter or digit on: past '¿', '¡' and emoji ("☕ Opening Hours")."""
    i = 0
    while i < len(text):
        i = _LEAD.match(text, i).end()
        if i < len(text) and unicodedata.category(text[i]) in ("So", "Sk"):
            i += 1
            continue
        break
    return text[i:]


def looks_like_heading(line: str, max_chars: int = MAX_HEADING_CHARS, max_words: int = MAX_HEADING_WORDS) -> bool:
    """A short line, one sentence, starting upper-case (or in a script without capitals), and ending in a
    question mark or in Title Case (or, without capitals, short)."""
    text = line.strip()
    if not text or len(text) > max_chars:
        return False
    text = _without_trailing_marks(text)  # "Is there wifi? 📶" ends as a question does
    if text[-1] in _NOT_HEADING_END and not _asks(text):
        return False
    core = _lead(_NUMBERING.sub("", text, count=1))
    if not core or not (core[0].isupper() or _caseless(core[0])) or _INNER_SENTENCE.search(core):
        return False
    words = core.split()
    if len(words) > max_words:
        return False
    if _asks(text):
        return True
    if _caseless(core[0]):  # "价格" is a heading; "我们每天开门，欢迎光临" is a sentence
        return len(core) <= MAX_CASELESS_HEADING_CHARS and not any(c in _NOT_HEADING_END for c in core)
    return _title_case(words)


def too_long_question(line: str) -> str | None:
    """What to tell the editor of a line that would be a question heading but for its length ("Can I bring my own
    decorations, candles, ... after closing time?"): read as text, its answer joined the section above, and the
    question was answered under that section's heading, without a word. None for any other line."""
    text = line.strip()
    # Over the length in characters only: a wordy line within it ("Do you have a question that is not answered on
    # this page, or would you like to talk to one of our nurses?") is most often an article's closing call to action.
    if len(text) <= MAX_HEADING_CHARS or not _asks(text) or not looks_like_heading(text, 10**9, 10**9):
        return None
    shown = text if len(text) <= 60 else text[:57].rstrip() + "..."
    return (f'question "{shown}" is too long for a heading ({len(text)} characters; a heading is at most '
            f"{MAX_HEADING_CHARS}), so it and the text under it are read as text of the section above: to make it a "
            "section, shorten it")


MAX_UNTITLED_HEADING_WORDS = 6


def untitled_heading(line: str, section: str) -> str | None:
    """What to tell the editor of a short line on its own, over text, that is a heading but for its case ("Opening
    hours", "Payment methods"): it and the text under it were read as more of the section above, without a word.
    None for any other line (a sentence, a heading, a long line, a line with a clause after a comma: "Yes, within
    5 miles" is an answer)."""
    text = line.strip()
    words = text.split()
    if not 0 < len(words) <= MAX_UNTITLED_HEADING_WORDS or text[-1] in _NOT_HEADING_END or not text[0].isupper() \
            or "," in text or _INNER_SENTENCE.search(text) or looks_like_heading(text) or label_heading(text):
        return None
    titled = " ".join(w if i and w.lower() in _SMALL_WORDS else w[:1].upper() + w[1:] for i, w in enumerate(words))
    if not looks_like_heading(titled):
        return None
    return (f'"{text}" is not a heading (a heading is a question or in Title Case), so it and the text under it are '
            f'read as more of the section "{section}": to make it a section, write it "{titled}"')


def is_question_heading(line: str) -> bool:
    """A heading line that is a question: it may have its answer right under it. (A Title Case line may be
    text: "Monday 9am-5pm" over "Tuesday 9am-5pm".)"""
    return _asks(line.strip()) and looks_like_heading(line)


# Words that label a question or an answer ("Q:" over the question), not a topic.
_QA_WORDS = frozenset(("q", "a", "question", "answer"))


def label_heading(line: str) -> str | None:
    """A topic label over its answer, as FAQ pages write them: "Pricing:" or "Shipping & Returns:" (a heading
    by the rules above but for its colon) -> the heading without the colon; else None."""
    text = line.strip()
    if not text.endswith(":") or text.endswith("::"):
        return None
    core = text[:-1].rstrip()
    if len(core) < 2 or core.lower() in _QA_WORDS or not looks_like_heading(core):
        return None
    return core


def _opens(lines: list[str], i: int) -> bool:
    """Does line i open a question (or a "Pricing:" label) over its answer? A question does when the line
    under it is no question; a label when the line under it is text (over a list it is the sentence that
    opens the list: "We Offer:" over "• Cuts")."""
    line, below = lines[i], lines[i + 1]
    if is_question_heading(line):
        return i == 0 or not is_question_heading(below)
    return bool(label_heading(line)) and not (is_list_item(below) or is_question_heading(below) or label_heading(below))


def _entries(lines: list[str]) -> list[tuple[int, int]] | None:
    """(heading line, end of its answer) for a paragraph that opens with a question or a label over its answer:
    a later such line starts the next pair when an answer line follows it; None for a paragraph that does not.
    A label's answer has a sentence in it: "Monday:" over "9am-5pm", "Tuesday:"... is a timetable, not entries."""
    candidates = [i for i in range(len(lines) - 1) if (i == 0 or i >= 2) and _opens(lines, i)]
    starts = []
    for k, c in enumerate(candidates):
        end = candidates[k + 1] if k + 1 < len(candidates) else len(lines)
        if is_question_heading(lines[c]) or any(ends_sentence(line) for line in lines[c + 1:end]):
            starts.append(c)
    if not starts or starts[0] != 0:
        return None
    return list(zip(starts, starts[1:] + [len(lines)]))


# A question and its answer on one line, as some plain-text FAQs write every entry ("Do you take walk-ins? Yes, most
# days before 3pm."): the question a full one, opening with a question word (an article's rhetorical "Tired of dry
# skin? Our cream helps." and "Why? Because..." do not), three words or more, and text after it.
_ASKING = re.compile(r"(?:do|does|did|can|could|will|would|should|shall|is|are|was|were|am|may|might|must|have|has|"
                     r"had|how|what|when|where|why|who|whom|whose|which)\b", re.IGNORECASE)
_QUESTION_THEN_ANSWER = re.compile(r"(?P<question>[^?]+\?)\s+(?P<answer>\S.*)")
MIN_ONE_LINE_ENTRIES = 3  # such lines a file needs before any is read so


def one_line_entry(line: str) -> tuple[str, str] | None:
    """(question, answer) of a line that opens with a question, by the heading rules, and goes on with its answer;
    else None. Read so only in a file written so throughout (_one_line_faq)."""
    found = _QUESTION_THEN_ANSWER.fullmatch(line.strip())
    if found is None:
        return None
    question, answer = found.group("question"), found.group("answer").strip()
    if not _ASKING.match(question) or len(question.split()) < 3 or not is_question_heading(question) \
            or not any(c.isalnum() for c in answer) or is_question_heading(answer):
        return None
    return question, answer


def _one_line_faq(blocks: list[Block]) -> set[int]:
    """The paragraphs (their indexes) whose every line is a question with its answer after it (one_line_entry), in a
    file written so: MIN_ONE_LINE_ENTRIES such lines or more, in consecutive paragraphs, with at most one paragraph
    of other text before them (an introduction, or a group heading: "Frequently Asked Questions") and one after them
    (a closing line), and no question of another shape (its other sections all of that shape). Empty for any other
    file: in an article, "What does it cost? Less than you think." is a sentence of its prose."""
    entries = {k for k, b in enumerate(blocks) if all(one_line_entry(line) for line in b.lines)}
    if sum(len(blocks[k].lines) for k in entries) < MIN_ONE_LINE_ENTRIES:
        return set()
    first, last = min(entries), max(entries)
    if first > 1 or last < len(blocks) - 2 or last - first + 1 != len(entries):
        return set()
    for k in {first - 1, last + 1} & set(range(len(blocks))):
        block = blocks[k]
        if is_question_heading(block.lines[0]) or (len(block.lines) > 1 and _entries(block.lines)):
            return set()  # a question of another shape ("Do you deliver?" over "Yes."): no file of one shape
    return entries


def _heading(line: str) -> str:
    """A heading line as the section's heading: a label without its colon, a no-break space a space (its id the same:
    slugs read both as one)."""
    return spaced(label_heading(line) or line.strip())


_HTML_PAGE = re.compile(r"\s*<(?:!doctype\s+html|html)(?=[\s>])", re.IGNORECASE)


def check_not_html(rel: str, lines: list[str], kind: str, fix: str) -> None:
    """A web page saved under a .txt or .md name ('<!DOCTYPE html>' or '<html>' on its first line): its markup was
    served as the answer, or its headings ('<h2>') were no sections. An error naming the line and the fix."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and _HTML_PAGE.match(lines[first]):
        raise ContentError(rel, f"an HTML page (it opens with '{lines[first].strip()[:40]}'), not {kind}: {fix}",
                           first + 1)


def parse_txt(rel: str, text: str) -> tuple[str, list[Draft]]:
    """Title and section drafts of a plain-text article (see knowledge/README.md for the rules)."""
    lines = cleaned_lines(text)
    skip, _ = front_matter(rel, lines)  # a page kept for a site generator: its '---' was the title
    lines[:skip] = [""] * skip  # blank, so that line numbers stay right
    furniture = page_furniture(lines)
    first = next((i for i, line in enumerate(lines) if line.strip() and i + 1 not in furniture), None)
    if first is None:
        return "", []
    check_not_html(rel, lines, "a text article", "paste the text a browser shows of it instead (each question on a "
                                                 "line of its own, its answer under it)")
    table = tab_table(rel, lines[first], lines[first + 1] if first + 1 < len(lines) else "")
    if table is not None:
        # Excel saves "Text (Tab delimited)" as .txt: read as an article, the whole table was one introduction
        # titled "Question<tab>Answer".
        raise ContentError(rel, table, first + 1)
    drafts: list[Draft] = []
    every = split_blocks(lines[first:], first + 1, skip=furniture)
    opening = every[0].lines
    if (len(opening) > 1 and not is_question_heading(opening[1]) and _entries(opening)) or 0 in _one_line_faq(every):
        # No title line: the file opens with a question (or a label: "Pricing:") over its answer ("What pests
        # do you deal with?" then "We deal with..."), or is questions each with its answer after it on its line,
        # so the file name is the title and that question is the first section, not an introduction under a title.
        title, first = title_from_path(rel), first - 1
        current: Draft | None = None
    else:
        title = spaced(lines[first].strip())
        current = Draft(title, first + 1, synthetic="introduction")

    def close() -> None:
        # A heading with nothing under it (a group heading, page furniture: "Recent Posts") is no section; it is
        # kept as an empty draft so that the build can tell the editor of a question left without an answer.
        if current is not None and (current.paragraphs or current.synthetic is None):
            drafts.append(current)

    blocks = split_blocks(lines[first + 1 :], first + 2, skip=furniture)
    one_line = _one_line_faq(blocks)
    for k, block in enumerate(blocks):
        # Two or more blank lines end a section that has text: what follows is not part of it.
        if current is not None and current.paragraphs and block.gap_before >= 2:
            close()
            current = None
        if k in one_line:  # "Do you take walk-ins? Yes, most days." in a file written so: a section each
            for n, line in enumerate(block.lines):
                close()
                question, answer = one_line_entry(line)
                current = Draft(spaced(question), block.numbers[n])
                current.paragraphs.append(render_block([answer]))
            continue
        if _heads(block):
            if _short_answer(current, block.lines[0], blocks[k + 1] if k + 1 < len(blocks) else None):
                current.paragraphs.append(render_block(block.lines))
                continue
            close()
            current = Draft(_heading(block.lines[0]), block.line)
            continue
        entries = _entries(block.lines) if len(block.lines) > 1 else None
        if entries:
            # "Do you teach children?" (or "Pricing:") with its answer on the next line, no blank line between
            # (and maybe the next question and answer right under that).
            for start, end in entries:
                close()
                current = Draft(_heading(block.lines[start]), block.numbers[start])
                current.paragraphs.append(render_block(block.lines[start + 1:end]))
            continue
        if current is None:
            current = Draft(title, block.line, synthetic="untitled")
        # The first text under a heading is its answer, however short ("Cash or card" under "What payment do you
        # take?"): only a later short line may be a heading written in sentence case.
        answered = bool(current.paragraphs) or current.synthetic is not None
        current.paragraphs.append(render_block(block.lines))
        slip = too_long_question(block.lines[0]) or (
            answered and k + 1 < len(blocks) and len(block.lines) == 1 and _reads_as_prose(blocks[k + 1])
            and untitled_heading(block.lines[0], current.heading))
        if slip:
            current.slips.append((block.line, slip))
    close()
    name_untitled([d for d in drafts if d.paragraphs])
    return title, drafts


def _reads_as_prose(block: Block) -> bool:
    """Is this paragraph an answer's text, a sentence that ends as one ("We open at 9."), not a heading, nor a short
    line or a sign-off ("Kind regards" over "The team")? Only over such text may a short line be a heading."""
    return not _heads(block) and block.lines[-1].rstrip()[-1:] in ".!?)…"


def _heads(block: Block) -> bool:
    """Is this paragraph a heading line of its own?"""
    return len(block.lines) == 1 and (looks_like_heading(block.lines[0]) or bool(label_heading(block.lines[0])))


def _short_answer(current: Draft | None, line: str, after: Block | None) -> bool:
    """Is a heading-like line the answer to the question right above it? "Do you deliver?" then "Yes", or
    "Is parking free?" then "Free Parking Behind The Shop", then the next question: read as two headings, each
    without text, both were dropped without a word."""
    if current is None or current.synthetic is not None or current.paragraphs or not is_question_heading(
            current.heading) or is_question_heading(line):
        return False
    return after is None or _heads(after) or (len(after.lines) > 1 and bool(_entries(after.lines)))


def name_untitled(drafts: list[Draft]) -> None:
    """Untitled text after a double gap: 'conclusion' when it ends the article, else 'part-N'."""
    n = 0
    for i, d in enumerate(drafts):
        if d.synthetic == "untitled":
            n += 1
            d.synthetic = "conclusion" if i == len(drafts) - 1 else f"part-{n}"


FORMATS = (
    Format(
        (".txt",),
        "no sections found (expected a title line, then text or headings with text under them)",
        parse_txt,
        listed=1,
    ),
)
