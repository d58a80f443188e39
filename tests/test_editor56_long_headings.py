"""Two long headings that differ only past the length an id keeps (about 80 characters) get one id: the build stops,
and its line now says why and what to do, quoting the headings cut short (it quoted both whole, a line of 600
characters, and did not say why two different questions clashed)."""

from __future__ import annotations

from bot.cli import main
from bot.ingest import load_knowledge

from _files import write

LONG = "Can I bring my own decorations, candles, cake toppers, balloons and table cloths when I book the back room"


def test_long_headings_that_share_their_id_say_why_in_a_short_line(tmp_path, capsys):
    write(tmp_path / "kb", "parties.md", f"# Parties\n\n## {LONG} for a birthday?\n\nYes.\n\n"
                                         f"## {LONG} for a wedding?\n\nYes, and we set them up.\n")
    assert main(["build", "--content", str(tmp_path / "kb"), "--index", str(tmp_path / "index")]) == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("faqbot: error: parties.md:7: heading 'Can I bring my own decorations") and len(line) < 450
    assert "the heading at line 3" in line and "differ only after them" in line and "for a wedding" not in line


def test_a_long_heading_is_a_section_with_its_whole_heading(tmp_path):
    write(tmp_path, "parties.md", f"# Parties\n\n## {LONG} for a birthday?\n\nYes.\n")
    (section,) = load_knowledge(tmp_path).sections
    assert section.heading == f"{LONG} for a birthday?" and len(section.anchor) <= 80
