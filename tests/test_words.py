"""Counts in messages: one in the singular."""

import pytest

from bot.words import counted


@pytest.mark.parametrize("n, noun, plural, said", [
    (1, "day", None, "1 day"), (2, "day", None, "2 days"), (0, "question", None, "0 questions"),
    (0.5, "day", None, "0.5 days"), (1, "feedback", "feedback", "1 feedback"), (3, "feedback", "feedback", "3 feedback"),
])
def test_counted(n, noun, plural, said):
    assert counted(n, noun, plural) == said
