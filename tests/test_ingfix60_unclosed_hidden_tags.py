"""A '<template>', '<svg>', '<script>' (or another element no page shows as text) mentioned in a Markdown heading or
paragraph, with no end tag in it, is a tag named in the text: only the tag is dropped, as any tag is, as before
session 60. It cut the rest of the heading or paragraph ("## Can I fill in the <template> myself?" became "Can I
fill in the", its id changed) with a warning that something was dropped. A closed one is dropped with its content."""

from __future__ import annotations

from pathlib import Path

from bot.ingest import load_knowledge
from tests._files import write

SHOP = """# Shop help

## Can I fill in the <template> myself?

Yes. Download the <template> file and fill in the blanks, then email it to us.

## Do you support <iframe> embeds?

Yes. Write <iframe src="x">frame words</iframe> and it just works. Note the <script> tag is needed too.

## How do I style it?

<p>Use the <math> button, then <svg>vector words</svg> save.</p>
"""


def test_an_unclosed_hidden_tag_drops_only_itself_and_a_closed_one_its_content(tmp_path: Path):
    write(tmp_path, "shop.md", SHOP)
    kb = load_knowledge(tmp_path)
    assert [(s.id, s.heading, s.body) for s in kb.sections] == [
        ("shop/can-i-fill-in-the-myself", "Can I fill in the  myself?",
         "Yes. Download the  file and fill in the blanks, then email it to us."),
        ("shop/do-you-support-embeds", "Do you support  embeds?",
         "Yes. Write and it just works. Note the  tag is needed too."),
        ("shop/how-do-i-style-it", "How do I style it?", "Use the  button, then save."),
    ]
    assert [w for w in kb.warnings if "dropped" in w] == [
        "shop.md:9: <iframe> dropped with what is in it: a page shown inside the page is no text of the answer",
        "shop.md:13: <svg> dropped with what is in it: a drawing is no text of the answer",
    ]


def test_an_unclosed_tag_before_a_closed_one_of_its_kind_drops_only_itself(tmp_path: Path):
    write(tmp_path, "a.md", "# A\n\n## Is the <svg> icon free?\n\nYes: <svg>drawn</svg> and <svg> words after.\n")
    kb = load_knowledge(tmp_path)
    # the first '<svg>' of the answer is closed ('drawn' dropped with it), the second is not: only its tag dropped
    assert [(s.heading, s.body) for s in kb.sections] == [("Is the  icon free?", "Yes: and  words after.")]
