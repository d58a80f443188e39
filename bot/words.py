"""Counts as messages say them: '1 day', '2 days', '1 feedback row'."""

from __future__ import annotations


def counted(n: float, noun: str, plural: str | None = None) -> str:
    """'1 question', '3 questions', '0 questions'; `plural` where adding an s is wrong (or the noun is a phrase)."""
    return f"{n:g} {noun}" if n == 1 else f"{n:g} {plural or noun + 's'}"
