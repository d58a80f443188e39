"""Does a question ask for a price, and does a section name one?

    asks_price(["how", "much", "is", "a", "checkup"])   # True
    names_price(section)                                # False for "How often should I have a checkup?"

"How much is a checkup?" matched against "How often should I have a checkup?" shares its subject and
nothing of what it asks: a section that says nothing about money does not answer "how much", however
well it matches the rest (bot/signals.py `unpriced` vetoes it). Both sides are read in any trade's FAQ:

- a question asks a price with "cost", "price", "fee", "do you charge", "how expensive", or "how much
  is/are/for ..." unless it asks an amount of something else ("how much is too much sun", "how much
  storage is there");
- a section names one with a currency sign or word, "free", a percentage, or a money word ("cost",
  "price", "fee", "pay", "quote", "discount", "affordable"...) in its heading, alternates or body (a
  section that talks about cost without a figure still answers the question), or has a heading or
  alternate that asks a price (an intent-style entry whose answer text is elsewhere).

Only prices: a length of time ("how long") and a time of day ("what time") were tried the same way and
refused right answers on intent-style knowledge bases, whose entries say what they answer in their
example phrasings only (docs/matching.md).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .model import Section

# A question's words, lower case, as the index tokenises them ("how much is a checkup").
ASKS_PRICE = re.compile(
    r"\b(?:cost|costs|costing|price|prices|priced|pricing|fee|fees|how expensive|how cheap|do you charge|"
    r"charge for)\b"
    r"|\bhow much (?:is|are|for|will it be|would it be|do i owe)\b(?!.*\b(?:time|water|sleep|sun|space|storage|"
    r"data|memory|bandwidth|traffic|weight|exercise|pain|damage|notice|difference|more|too|enough)\b)")

# A section's heading, alternates and body (or one sentence of it, for the concise answer).
NAMES_PRICE = re.compile(
    r"[$£€¥₹]|\b(?:usd|eur|gbp|dollars?|pounds?|euros?|cents?|pence|bucks)\b|\bfree\b|\bno charge\b"
    r"|\b(?:cost|costs|price|prices|priced|pricing|fee|fees|charge|charges|charged|rate|rates|quote|discount|"
    r"paid|pay|payment|expensive|cheap|cheaper|afford|affordable|budget)\b|%|\bper ?cent\b", re.I)


def asks_price(tokens: Sequence[str]) -> bool:
    """Does a question (its words, lower case) ask what something costs?"""
    return ASKS_PRICE.search(" ".join(tokens).lower()) is not None


def names_price(section: Section) -> bool:
    """Does a section's heading, alternates or body say anything about money, or one of its phrasings ask it?"""
    phrasings = (section.heading, *section.alternates)
    return (NAMES_PRICE.search("\n".join((*phrasings, section.body))) is not None
            or any(ASKS_PRICE.search(p.lower()) for p in phrasings))
