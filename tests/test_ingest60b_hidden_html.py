"""HTML elements a page never shows as text ('<script>', '<style>', '<iframe>', '<noscript>', '<template>',
'<object>', '<svg>', '<math>') are dropped from content with what is in them, in a Markdown article (its headings,
paragraphs, tables, HTML blocks and toggles) and in a .csv/.tsv cell: their text was answer text and indexed, so a
question holding 'alert' was answered from the section that held the script. The build warns of each kind once per
file, naming the line of the first one."""

from __future__ import annotations

from pathlib import Path

from bot.build import build
from bot.engine import Bot
from bot.ingest import load_knowledge
from bot.settings import Settings
from tests._files import write

EVIL_MD = """# Clinic FAQ

## How do I park <script>alert(17)</script> near you?

Park on the street, <style>body{background:url(javascript:alert(5))}</style> behind the shop.

<p>We open <script>
alert(3)
</script> on Sundays <iframe src="https://evil.example/">frame text</iframe>
<noscript>turn on javascript</noscript> from 10 to 4.</p>

## Do you have gift cards?

Yes <svg><text>vector words</text></svg> at the desk <svg/> and <math><mi>x</mi></math> online.

| Price | Note |
|---|---|
| £40 | <object data="x">fallback words</object> cash only <template>template words</template> |

<details><summary>Can I pay <script>pay()</script> by card?</summary>

Yes, <script>card()</script> every card.

</details>

An <!-- <script>hidden()</script> --> editor's note and a <scripts> word stay as before.
"""


def test_markdown_drops_hidden_elements_with_their_text_and_says_where(tmp_path: Path):
    write(tmp_path, "evil.md", EVIL_MD)
    kb = load_knowledge(tmp_path)
    assert [(s.id, s.heading, s.body) for s in kb.sections] == [
        ("evil/how-do-i-park-near-you", "How do I park near you?",
         "Park on the street, behind the shop.\n\nWe open on Sundays from 10 to 4."),
        ("evil/do-you-have-gift-cards", "Do you have gift cards?",
         "Yes at the desk  and online.\n\n• Price: £40; Note: cash only"),
        ("evil/can-i-pay-by-card", "Can I pay by card?",
         "Yes, every card.\n\nAn  editor's note and a  word stay as before."),
    ]
    assert [w for w in kb.warnings if "dropped" in w] == [
        "evil.md:3: <script> dropped with what is in it (and 3 more in this file): a script is never shown",
        "evil.md:5: <style> dropped with what is in it: a style sheet is never shown",
        "evil.md:9: <iframe> dropped with what is in it: a page shown inside the page is no text of the answer",
        "evil.md:10: <noscript> dropped with what is in it: what a page shows with scripts turned off is no text "
        "of the answer",
        "evil.md:14: <math> dropped with what is in it: a formula is no text of the answer",
        "evil.md:14: <svg> dropped with what is in it: a drawing is no text of the answer",
        "evil.md:18: <object> dropped with what is in it: an embedded file is no text of the answer",
        "evil.md:18: <template> dropped with what is in it: a template is never shown",
    ]
    said = " ".join(s.text for s in kb.sections)
    for word in ("alert", "javascript", "vector", "fallback", "template words", "frame text", "pay()", "card()"):
        assert word not in said


PRICES_CSV = '''question,answer
"What are your <b onclick=alert(30)>prices</b>?","<p>
Start at £40. <script>
alert(31)
</script>
</p>
<iframe src=""https://evil.example""></iframe>
<style>
p{x:expression(alert(34))}
</style>"
"Do you <script>x()</script> deliver?","Yes <script>alert(1)</script> we do, <svg/> daily."
"Is there a <template> form?","Yes <style>never closed"
'''


def test_a_table_cell_drops_hidden_elements_with_their_text_and_the_row_is_named(tmp_path: Path):
    write(tmp_path, "prices.csv", PRICES_CSV)
    write(tmp_path, "hours.tsv", "question\tanswer\nDo you open late?\tYes <iframe src=x>frame words</iframe> to 9.\n")
    kb = load_knowledge(tmp_path)
    assert [(s.heading, s.body) for s in kb.sections] == [
        # no other HTML, the element written in a line of text: a snippet shown as written (ingfix60)
        ("Do you open late?", "Yes <iframe src=x>frame words</iframe> to 9."),
        ("What are your prices?", "Start at £40."),
        ("Do you <script>x()</script> deliver?", "Yes <script>alert(1)</script> we do, <svg/> daily."),
        # no element closed, no other HTML: a cell of text, as written (a lone '<template>' is a word)
        ("Is there a <template> form?", "Yes <style>never closed"),
    ]
    assert [w for w in kb.warnings if "dropped" in w] == [
        "prices.csv:3: <script> dropped with what is in it: a script is never shown",
        "prices.csv:7: <iframe> dropped with what is in it: a page shown inside the page is no text of the answer",
        "prices.csv:8: <style> dropped with what is in it: a style sheet is never shown",
    ]


def test_a_question_with_a_scripts_words_is_not_answered_from_it(tmp_path: Path):
    write(tmp_path / "content", "evil.md", EVIL_MD)
    write(tmp_path / "content", "other.md", "# Other\n\n## Do you sell shampoo?\n\nYes, in the shop.\n")
    build(tmp_path / "content", tmp_path / "index")
    bot = Bot.from_index(Settings(content_dir=str(tmp_path / "content"), index_dir=str(tmp_path / "index")))
    for question in ("alert 17", "javascript alert background url", "expression alert"):
        assert bot.ask(question).to_dict()["section_id"] is None, question
    assert bot.ask("how do i park near you?").to_dict()["section_id"] == "evil/how-do-i-park-near-you"


def test_line_numbers_after_a_dropped_element_stay_right(tmp_path: Path):
    write(tmp_path, "t.md", "# T\n\n<script>\nx()\n</script>\n\n## Do you deliver?\n\n<p>Yes, <style>\n.x{}\n</style>\n"
                            "within <svg>\n<text>5</text>\n</svg> miles.</p>\n\n<h2>Do you cater?</h2>\n\nYes.\n")
    kb = load_knowledge(tmp_path)
    assert [(s.heading, s.body, s.source) for s in kb.sections] == [
        ("Do you deliver?", "Yes, within miles.", "t.md:7"),
        ("Do you cater?", "Yes.", "t.md:16"),
    ]
    assert [w.split(": <")[0] for w in kb.warnings if "dropped" in w] == ["t.md:3", "t.md:9", "t.md:12"]
