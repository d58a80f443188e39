"""The concise answer: the 1-3 sentences of the chosen section that best answer the question."""

from __future__ import annotations

import re
from typing import Sequence

import numpy as np

from .asks import ASKS_PRICE, NAMES_PRICE
from .contact import channels_asked, gives_contact

MAX_ANSWER_CHARS = 400

_NUM = r"(?:\d+(?:\s*[-–]\s*\d+)?\+?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|a few|few|several|a couple of|couple of)"
_UNIT = r"(?:minutes?|hours?|days?|weeks?|months?|years?)"
# (what the question asks for, what a sentence that answers it contains)
ANSWER_TYPES = [
    (re.compile(r"\bhow (long|soon|quickly|fast)\b|\bwhen\b|\bhow many (minutes|hours|days|weeks|months)\b"
                r"|\buntil\b|\bstill\b|\btomorrow\b|\bnext (day|week)\b|\bby (the weekend|monday|friday)\b"),
     re.compile(rf"\b{_NUM}[\s-]*{_UNIT}\b|\b(hours?|days?|weeks?|months?)\b", re.I)),
    (re.compile(r"\bhow (often|frequently|many (sessions|treatments|times))\b|\b(next|another) (session|treatment)\b"),
     re.compile(r"\bevery\b|\bat least\b|\bsessions?\b|\bweeks?\b|\bmonths?\b|\btwice\b|\bdaily\b|\b(two|three) times\b", re.I)),
    (re.compile(r"\b(put|apply|rub|wear) on\b|\bwhat (can|should) i (use|apply|put)\b"),
     re.compile(r"^(apply|use|wear)\b|\b(you can|you could|try) (apply|use|put)\b", re.I)),
    (ASKS_PRICE, NAMES_PRICE),  # "how much is whitening?" wants the sentence with the price
    (re.compile(r"\bwhy\b|\bwhat (affects|determines|decides|causes|influences)\b|\bdepend"),
     re.compile(r"\bbecause\b|\bdepend|\bfactors?\b|\bdue to\b|\bsuch as\b", re.I)),
]


def concise_answer(body: str, sents: Sequence[str], scores: np.ndarray, question_tokens: Sequence[str],
                   channels: frozenset[str] | None = None) -> str:
    """The 1-3 sentences of a section that best answer the question (at most ~400 chars).

    `sents` are the section's sentences and list items, `scores` how well each matches the question,
    `channels` the contact details it asks for (bot/match.py's `Match.channels`; read from the tokens if None).
    """
    if not sents:
        return body[:MAX_ANSWER_CHARS]
    scores = np.asarray(scores, dtype=float)
    # The kind of answer asked for ("how long" wants a duration) lifts sentences that hold one.
    qtext = " ".join(question_tokens)
    for asks, holds in ANSWER_TYPES:
        if asks.search(qtext):
            scores = scores + np.array([0.15 if holds.search(x) else 0.0 for x in sents])
    # "what's your phone number?" wants the sentence with the number (bot/contact.py).
    asked = channels_asked(qtext) if channels is None else channels
    if asked:
        scores = scores + np.array([0.15 if gives_contact(x, asked) else 0.0 for x in sents])
    # A sentence that asks a question ("how long does redness last?") does not answer it.
    scores = scores - np.array([0.2 if x.rstrip().endswith("?") else 0.0 for x in sents])
    # Early sentences usually state the section's point: a small bonus breaks ties toward them.
    scores = scores + 0.02 * np.exp(-np.arange(len(sents)) / 3.0)
    best = int(np.argmax(scores))
    if scores[best] < 0.05:
        best = 0
    chosen = [best]
    text = sents[best]
    # A list intro ("...: ") brings its items; a short sentence brings the next one.
    j = best + 1
    while j < len(sents) and len(chosen) < 6:
        nxt = sents[j]
        is_item = nxt.startswith("•")
        if not (text.rstrip().endswith(":") or is_item and sents[j - 1].startswith("•")
                or len(text) < 120 and len(chosen) < 3 and scores[j] > 0.05):
            break
        if len(text) + 1 + len(nxt) > MAX_ANSWER_CHARS:
            break
        text = text + ("\n" if is_item else " ") + nxt
        chosen.append(j)
        j += 1
    return clip(text)


def clip(text: str) -> str:
    """At most MAX_ANSWER_CHARS: cut at the last full sentence if it keeps enough, else at a word."""
    if len(text) <= MAX_ANSWER_CHARS:
        return text
    cut = text[:MAX_ANSWER_CHARS]
    m = re.search(r"^(.*[.!?])\s", cut, re.S)
    return m.group(1) if m and len(m.group(1)) > 100 else cut.rsplit(" ", 1)[0] + "…"
