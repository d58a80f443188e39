"""Contact details and card numbers a visitor typed, masked in the copy of a question that is stored.

The engine answers the question as typed; only what is written to the question and feedback log (and so what
`faqbot report`, the /admin dashboard and its exports show) goes through `mask`. What is masked, in this order:

- an e-mail address (`name@domain.tld`) -> `[email]`;
- a run of 9 digits or more: groups of digits split by at most one space, hyphen or dot, some in parentheses,
  with an optional leading `+` (`07700 900123`, `+44 (0)20 7946 0958`, `(555) 123-4567`, `555.123.4567`,
  `4111 1111 1111 1111`), judged whole, so a number is masked entirely or not at all:
  - `[card]`: 13 to 19 digits, split by spaces or hyphens only, that pass the Luhn check every payment card
    number passes, or 16 to 19 such digits that do not (a card number with a typo);
  - `[phone]`: any other run of 9 to 15 digits (E.164's longest), a phone number with or without its country
    code, and also what has the same shape (a US social security number, an NHS number);
  - `[number]`: a longer run (an account number, a card number right after a phone number).

Left as typed: runs of up to 8 digits (prices "£45", "£1,250", times "5:45", years "2026", dates "12/05/2026"
and "2026-05-12", "3 bed", postcodes "SW1A 1AA", a 7-digit local phone number "555-1234"); among longer runs, a
date with its hour ("12.05.2026 10.30", "2026-05-12 10:30") and a US ZIP+4 code ("90210-1234"); and everything
that is not digits or an e-mail address. Names, dates of birth and health details cannot be told apart from the
questions the log is kept for, so they are limited by how long the log keeps them (FAQBOT_QUESTION_LOG_DAYS),
not masked. A large number written with spaces ("100 000 000") is masked as `[phone]`.
"""

from __future__ import annotations

import re

EMAIL = "[email]"
CARD = "[card]"
PHONE = "[phone]"
NUMBER = "[number]"

_EMAIL = re.compile(r"(?<![\w.%+-])[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}")
# A run of digits: groups (one in parentheses: "(0)20", "(555)") split by at most one space, hyphen or dot, with
# an optional leading '+'. Runs are maximal and judged whole, so a number is masked entirely or not at all: a
# card number typed right after a phone number makes one longer run, masked as [number], never part of it.
_RUN = re.compile(r"(?:\+ ?)?(?:\(\d+\)|\d++)(?:[ .-]?(?:\(\d+\)|\d++))*+")
_CARD_SHAPE = re.compile(r"\d+(?:[ -]\d+)*")
# Runs of nine digits or more that are no phone number: a date with its hour ("12.05.2026 10.30",
# "2026-05-12 10" of "2026-05-12 10:30"), a US ZIP+4 code ("90210-1234").
_KEPT = re.compile(r"(?:\d{1,2}([.-])\d{1,2}\1(?:19|20)\d\d|(?:19|20)\d\d-\d\d-\d\d)(?: \d{1,2}(?:\.\d\d)?)?"
                   r"|\d{5}-\d{4}")


def _luhn(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        total += (d * 2 - 9 if d > 4 else d * 2) if i % 2 else d
    return total % 10 == 0


def _run(m: re.Match) -> str:
    run = m.group()
    digits = "".join(c for c in run if c.isdigit())
    n = len(digits)
    if n < 9 or _KEPT.fullmatch(run):
        return run
    if 13 <= n <= 19 and _CARD_SHAPE.fullmatch(run) and (n >= 16 or _luhn(digits)):
        return CARD
    return PHONE if n <= 15 else NUMBER


def mask(text: str) -> str:
    """text with e-mail addresses, card numbers and phone numbers replaced by [email], [card], [phone] or
    [number] (the module's docstring says exactly what each is)."""
    if "@" in text:
        text = _EMAIL.sub(EMAIL, text)
    if sum(map(str.isdigit, text)) < 9:  # the common case: nothing to look for
        return text
    return _RUN.sub(_run, text)


# What the engine reads of a message: the visitor's contact details and self-introduction are no part of what they
# ask ("how long will my face stay red? my number is 07700 900123"; "hi, my name is jane, ..."), and their words
# ("number", "name", "email") would be read as the subject.
_LEAD_IN = (r"(?:(?:and |or )?(?:my (?:(?:mobile|cell|phone|contact|telephone) )?(?:number|no|email|e-mail|mobile|phone|"
            r"cell)(?: address)? (?:is|'s)|(?:please )?(?:call|text|ring|phone|email|e-mail|contact|reach|message) me"
            r"(?: back)? (?:on|at)|(?:you can )?(?:reach|contact|get) me (?:on|at)|i'?m on|i am on|on) )?")
_CONTACT = re.compile(r"[,;.!]?\s*\b" + _LEAD_IN + r"\[(?:email|phone|card|number)\]", re.IGNORECASE)
_CONTACT_AT_START = re.compile(r"^\s*\[(?:email|phone|card|number)\]\s*[,;.!:-]?\s*")
# "my name is jane", "Hi, my name is Jane Smith." (a second name only capitalised: "my name is jane how long...")
_NAMED = re.compile(r"(?i:(?:^|(?<=[,;.!?])|(?<=^hi)|(?<=^hello)|(?<=^hey))\s*,?\s*(?:my name is|my name's|i'm called|"
                    r"i am called))\s+(?!(?i:wrong|incorrect|misspel\w*|spel\w*|missing|different|changed|not|also|"
                    r"still|on|in|the)\b)[A-Za-z][\w'-]*(?:\s+[A-Z][\w'-]*)?\s*[,;.!]?")


# A web address pasted into a message ("where can I park? https://example.com/visit", "see www.example.com/faq"):
# its parts ("https", "www", "com", a page's path) are no words of the question, and each would be read as a
# subject the knowledge base never mentions. A bare domain ("why does google.com redirect me") is left: its name
# is often the subject asked about. Trailing punctuation is the sentence's, not the address's.
# Words that only point at the link go with it ("see https://...", "link: www...").
# A scheme is at most 64 characters (an app's reverse-domain one, "com.googleusercontent.apps.1234...-abc://", is
# about 50): unbounded, every "." or "-" of a long run ("a.a.a....") started a scheme scanned
# to the run's end, 0.8 s of a worker for 16,000 characters.
_LINK = re.compile(r"(?i)(?:\b(?:see|here|link|url|visit|via)\b\s*:?\s*)?"
                   r"(?<![\w@/])(?:[a-z][a-z0-9+.-]{0,63}://|www\.)[^\s<>\"]*[^\s<>\"'.,;:!?)\]}]")


def read_as_asked(text: str) -> str:
    """The message without the contact details, the name a visitor gave and the web addresses pasted in it: what
    the engine reads (the answer keeps the message as typed). Unchanged when nothing else would be left."""
    masked = mask(text)
    # (each pattern only where the text has what it needs: a "[" of a masked detail, "name" or "called", a link)
    out = _CONTACT_AT_START.sub("", _CONTACT.sub("", masked)) if "[" in masked else masked
    folded = out.lower()
    if "://" in out or "www." in folded:
        out = re.sub(r"\(\s*\)", " ", _LINK.sub(" ", out))  # and the brackets a link was in: "(https://...)"
        out = re.sub(r"\s*([,;:.!?])(?:\s*[,;:.])*(?=\s|$)", r"\1", out)  # and the punctuation left behind it
        folded = out.lower()
    unnamed = _NAMED.sub(" ", out) if "name" in folded or "called" in folded else out
    if unnamed != out and _ASKS.search(unnamed):  # "from now on, my name is tom" asks to be called so
        out = unnamed
    if out == masked:  # nothing of the visitor's taken out: read as typed
        return text
    out = re.sub(r"\s{2,}", " ", out).strip(" ,;")
    return out if re.search(r"[^\W\d_]", out) else text


# What is left of a message once the visitor's name is taken out still asks something.
_ASKS = re.compile(r"\?|^\s*(?:(?:hi|hello|hey)\b[\s,]*)?(?:how|what|what's|whats|when|where|why|who|which|can|could|"
                   r"do|does|did|is|are|will|would|should|may|i'd like|i would like|i want|i need)\b", re.IGNORECASE)
