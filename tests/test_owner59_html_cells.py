"""An answer cell holding HTML written one tag a line, as a WordPress FAQ plugin's export (or a page's source) has it:
the line breaks between its tags are no text. A list stayed one list only when written on one line; each item was a
list of its own, and the line after a '<br>' a paragraph of its own."""

from __future__ import annotations

from pathlib import Path

from bot.ingest import load_knowledge
from tests._files import write

EXPORT = '''"ID","Question","Answer"
"12","What&#8217;s your return policy?","<p>You can return items within <strong>30 days</strong>.</p>
<ul>
  <li>Unworn</li>
  <li>With tags</li>
</ul>
<p>Refunds take 5&ndash;7 days.</p>"
"13","When are you open?","Mon&ndash;Fri 9&ndash;5<br>
Sat 10&ndash;2<br />
Sun closed"
"14","Do you gift wrap?","Yes <b>free</b>

<b>Ask</b> at the till."
"15","What do you take?","<ul><li>Cash</li> and cards</ul>"
'''


def test_html_written_one_tag_a_line_reads_as_it_shows(tmp_path: Path):
    write(tmp_path, "faq.csv", EXPORT)
    kb = load_knowledge(tmp_path)
    assert [(s.heading, s.body) for s in kb.sections] == [
        ("What’s your return policy?", "You can return items within 30 days.\n\n• Unworn\n• With tags\n\n"
                                       "Refunds take 5–7 days."),
        ("When are you open?", "Mon–Fri 9–5\nSat 10–2\nSun closed"),
        ("Do you gift wrap?", "Yes free\n\nAsk at the till."),
        ("What do you take?", "• Cash and cards"),
    ]
