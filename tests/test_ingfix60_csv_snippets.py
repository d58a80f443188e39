"""FAQ tables: a '<style>' or '<script>' in a cell with no other HTML is a snippet the answer shows ("Add this CSS:
<style>...</style> to your theme", "Add this to your page:" over the script's line), kept as written with no warning,
as before session 60; it was dropped and the answer lost its point. One in a cell of HTML is still dropped with what
is in it. An image with no alt text in a sentence leaves no double space."""

from __future__ import annotations

from pathlib import Path

from bot.ingest import load_knowledge
from tests._files import write

FAQ_CSV = '''question,answer
How do I hide the banner?,"Add this CSS: <style>.banner{display:none}</style> to your theme, then save."
How big is a template file?,"It is under 1 MB. Use the <template> tag, then </template> closes it."
Do you track visitors?,"No.
<script>track()</script>"
Do you deliver?,"<p>Yes <script>alert(1)</script> we do.</p>"
What do the numbers mean?,See the array and ![](x.png) and the note ![](y.png).
'''


def test_a_snippet_in_a_line_of_a_plain_text_cell_is_shown_as_written(tmp_path: Path):
    write(tmp_path, "faq.csv", FAQ_CSV)
    kb = load_knowledge(tmp_path)
    assert [(s.heading, s.body) for s in kb.sections] == [
        ("How do I hide the banner?", "Add this CSS: <style>.banner{display:none}</style> to your theme, then save."),
        ("How big is a template file?", "It is under 1 MB. Use the <template> tag, then </template> closes it."),
        ("Do you track visitors?", "No.\n<script>track()</script>"),  # a plain cell: text, on a line of its own too
        ("Do you deliver?", "Yes we do."),
        ("What do the numbers mean?", "See the array and and the note."),
    ]
    assert [w for w in kb.warnings if "dropped" in w] == [
        "faq.csv:6: <script> dropped with what is in it: a script is never shown",
    ]
