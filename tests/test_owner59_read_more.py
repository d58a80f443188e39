"""A 'Read more' link copied with each answer of a web page's FAQ ("Read more", "Learn more →", "Show less") is the
page's, not the answer's: it is no text, as 'Back to top' is. It ended the answer shown to visitors."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.ingest import load_knowledge
from tests._files import write

TXT = """Glow Salon FAQ

Do you have gift vouchers?
Yes! Vouchers can be bought online or in the salon.
Read more

How do I book?
Online, or call 01234 567890.
Learn more →

What should I read before my facial?
Read more about it in our aftercare guide.
"""

MD = """# Glow Salon FAQ

## Do you have gift vouchers?

Yes! Vouchers can be bought online or in the salon.
[Read more](https://glow.example/vouchers)

## How do I book?

Online, or call 01234 567890.

[Show less](#)

## What should I read before my facial?

Read more about it in our aftercare guide.
"""


@pytest.mark.parametrize("name, text", [("faq.txt", TXT), ("faq.md", MD)])
def test_read_more_links_are_not_part_of_the_answer(tmp_path: Path, name, text):
    write(tmp_path, name, text)
    kb = load_knowledge(tmp_path)
    assert [(s.heading, s.body) for s in kb.sections] == [
        ("Do you have gift vouchers?", "Yes! Vouchers can be bought online or in the salon."),
        ("How do I book?", "Online, or call 01234 567890."),
        ("What should I read before my facial?", "Read more about it in our aftercare guide."),
    ]
