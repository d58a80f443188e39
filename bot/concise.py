"""The concise answer: the 1-3 sentences of the chosen section that best answer the question."""

from __future__ import annotations

import re
from typing import Sequence

import numpy as np

from .asks import (ASKS_HOUR, ASKS_PRICE, NAMES_PRICE, TIME_OF_DAY, asks_hours, days_asked, names_day,
                   names_duration, names_time, place_asked)
from .contact import channels_asked, gives_contact

MAX_ANSWER_CHARS = 400
_STEP = re.compile(r"\d{1,2}[.)]\s")  # a numbered step of a text ("1. Call us."; bot/text.py `sentences`)
_LABEL = 60  # characters: a sub-heading's line is at most this long
_ENDS = frozenset(".!?:;,)\"'”…")
_LIST_ITEMS = 7  # items of a list of times or prices that come together (a week's days)
_BROUGHT = 6  # sentences an answer holds at most when its first brings the next (a list's intro and its items)
_BARE = 20  # characters: a sentence this short ("Absolutely!", "Yes, we do.") says nothing alone
_CLOSED = re.compile(r"\bclosed\b", re.I)
_ANNOUNCES = re.compile(r"\b(there are|here are|we offer) (some|several|many|a few|a number of|various|three|four)\b"
                        r"|\b(the following|as follows)[:.]?$", re.I)
_NAMES_SOME = re.compile(r"\bsuch as\b|\binclud(e|es|ing)\b|,[^,.;]+,[^,.;]+\b(and|or)\b", re.I)
_OPEN_CLOSED = re.compile(r"\b(?:open|opens|closed?|closes)\b", re.I)
# A sentence that goes on from the one before it: "If it's full, you can park on Canal Street" after "There's a free
# lot behind the building", "Otherwise ...", "However ..." (not "If you ...", which stands alone).
_GOES_ON = re.compile(r"^(?:if (?!it(?:'s| has| is) been\b)(?:it|it's|its|they|they're|that|this|so|not)\b|"
                      r"(?:otherwise|alternatively|however|but|also|instead|then|after that|to do (?:so|this|that))\b)",
                      re.I)

_NUM = r"(?:\d+(?:\s*[-–]\s*\d+)?\+?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|a few|few|several|a couple of|couple of)"
_UNIT = r"(?:minutes?|hours?|days?|weeks?|months?|years?)"
# "when will I see results?" is answered by how many visits it takes: "after just one session", "after your second
# treatment", "within three appointments" (no unit of time).
_AFTER_VISITS = (rf"\b(?:after|within|by|from) (?:just |only |about |around )?(?:{_NUM}|the first|your first|the second|"
                 rf"your second|the third|your third|the next|your next) (?:\w+ )?(?:sessions?|treatments?|visits?|"
                 rf"appointments?|classes|lessons?)\b")
_HOW_LONG = re.compile(r"\bhow long\b|\bhow many (minutes|hours|days|weeks|months)\b")
# (what the question asks for, what a sentence that answers it contains)
ANSWER_TYPES = [
    (re.compile(r"\bhow (long|soon|quickly|fast)\b|\bwhen\b|\bhow many (minutes|hours|days|weeks|months)\b"
                r"|\buntil\b|\bstill\b|\btomorrow\b|\bnext (day|week)\b|\bby (the weekend|monday|friday)\b"),
     re.compile(rf"\b{_NUM}[\s-]*{_UNIT}\b|\b(hours?|days?|weeks?|months?)\b|{_AFTER_VISITS}", re.I)),
    (re.compile(r"\bhow (often|frequently|many (sessions|treatments|times))\b|\b(next|another) (session|treatment)\b"),
     re.compile(r"\bevery\b|\bat least\b|\bsessions?\b|\bweeks?\b|\bmonths?\b|\btwice\b|\bdaily\b|\b(two|three) times\b", re.I)),
    (re.compile(r"\b(put|apply|rub|wear) on\b|\bwhat (can|should) i (use|apply|put)\b"),
     re.compile(r"^(apply|use|wear)\b|\b(you can|you could|try) (apply|use|put)\b", re.I)),
    # "my face is burning, what do i do?" wants what to do ("You should also apply cool compresses"), not the
    # section's first line ("The redness of microneedling can be a daunting sight.")
    (re.compile(r"\bwhat (?:do|should|can|shall) (?:i|we) do\b|\bwhat to do\b"),
     re.compile(r"\byou (?:should|can|could|may want to|need to|must)\b|^(?:to do so, )?(?:apply|avoid|use|keep|try|"
                r"wash|drink|call|contact|see|put|take|rest|stop|ask)\b", re.I)),
    (ASKS_PRICE, NAMES_PRICE),  # "how much is whitening?" wants the sentence with the price
    (re.compile(rf"{ASKS_HOUR.pattern}|\btimes?$"), TIME_OF_DAY),  # "what time", "checkout time": "by 11 am"
    (re.compile(r"\bwhy\b|\bwhat (affects|determines|decides|causes|influences)\b|\bdepend"),
     re.compile(r"\bbecause\b|\bdepend|\bfactors?\b|\bdue to\b|\bsuch as\b", re.I)),
    # "what is microneedling?" wants what it is, not that "beauty is skin deep"
    (re.compile(r"^what (is|are) (?!the |your |you |it |there )\w+$|^what (is|are) (a|an) \w+$"),
     re.compile(r"\b(is|are) (a|an)\b|\b(involves?|refers? to|means)\b", re.I)),
    # "what kinds of conditions...", "are there any side effects" want the ones named, not that there are some
    (re.compile(r"\bwhat (kinds?|types?|sorts?) of\b|\bare there any\b|\bwhich \w+[^s]s\b"
                r"|\bwhat (\w+ ){0,3}(products|conditions|methods|remedies|alternatives|effects|risks)\b"),
     _NAMES_SOME),
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
    # "are you open on sundays?" wants what is said of Sundays, "what time do you close?" a time of day (bot/asks.py):
    # "We're closed on Mondays" shares "close" with the second and answers neither.
    # (or when a place of its own opens: answered, the section names it and says when, bot/best.py `misplaced`)
    hours = asks_hours(question_tokens) or place_asked(question_tokens) is not None
    days = days_asked(qtext) if hours else ()
    if hours:
        for wanted in ([names_day(x, days) for x in sents] if days else [], [names_time(x) for x in sents]):
            if any(wanted):
                scores = scores + np.where(wanted, 1.0, 0.0)
                break
    # "what's your phone number?" wants the sentence with the number (bot/contact.py), not one that only says
    # "number" ("the voicemail message gives the number of the dentist on call").
    asked = channels_asked(qtext) if channels is None else channels
    if asked:
        scores = scores + np.array([1.0 if gives_contact(x, asked) else 0.0 for x in sents])
    # A sentence that asks a question ("how long does redness last?") does not answer it.
    scores = scores - np.array([0.2 if x.rstrip().endswith("?") else 0.0 for x in sents])
    # Early sentences usually state the section's point: a small bonus breaks ties toward them.
    scores = scores + 0.02 * np.exp(-np.arange(len(sents)) / 3.0)
    best = int(np.argmax(scores))
    if scores[best] < 0.05:
        best = 0
    # A sentence that asks the question ("So how exactly does microneedling work?") is never the answer: the
    # one after it is ("To understand ..."), else the best that asks nothing.
    if _asks(sents[best]):
        if best + 1 < len(sents) and not _asks(sents[best + 1]):
            best += 1
        else:
            best = next((int(j) for j in np.argsort(-scores, kind="stable") if not _asks(sents[j])), best)
    # A sub-heading's line ("Aftercare" over "Use a colour-safe shampoo.") names what follows: that answers.
    if _is_label(sents, best):
        best += 1
    # A numbered step ("3. Press Cancel.") is read from the first step, and the line that introduces the steps
    # ("Booking takes three steps:"): the steps come along as a list's items do, below.
    if _STEP.match(sents[best]):
        while best > 0 and _STEP.match(sents[best - 1]):
            best -= 1
        if best > 0 and sents[best - 1].rstrip().endswith(":"):
            best -= 1
    # An item of a short list says little without the line that introduces it ("Returns are accepted within 30
    # days:" over "• unused items", "• with the receipt"): the whole list comes, from that line, when it fits.
    elif _is_item(sents[best]) and not hours and not ASKS_PRICE.search(qtext):
        intro = _intro(sents, best)
        if intro is not None:
            best = intro
    # The opening times or the prices often take two or three sentences ("Standard delivery is £3.95.
    # Express is £6.95."): the neighbours that give the same kind come too (the day asked, when one is).
    if hours and days:
        # The day asked, and, unless the business is closed that day, the times of day said beside it.
        closed = names_day(sents[best], days) and _CLOSED.search(sents[best]) is not None
        # a list's item says its own day's times ("• Saturday: 10am to 4pm"): only the items of the day asked
        beside = not closed and not _is_item(sents[best])
        same = [names_day(x, days) or (beside and TIME_OF_DAY.search(x) is not None) for x in sents]
    elif hours:  # the times, and the days it opens or closes ("Closed on Mondays", not "Book ahead at weekends")
        same = [names_time(x) or (names_day(x) and _OPEN_CLOSED.search(x) is not None) for x in sents]
    elif ASKS_PRICE.search(qtext):
        same = [NAMES_PRICE.search(x) is not None for x in sents]
    else:
        same = [False] * len(sents)
    first = last = best
    # up to three sentences; a list's items up to a week's days ("• Monday: closed", "• Tuesday to Friday: 9am to 6pm"
    # ...): "opening hours" got one line of the list, "how much is a service" one price of three
    most = _LIST_ITEMS if _is_item(sents[best]) else 3
    while same[best]:
        grown = False
        if (last + 1 < len(sents) and same[last + 1] and last - first < most - 1
                and _is_item(sents[last + 1]) == _is_item(sents[best]) and _fits(sents[first:last + 2])):
            last, grown = last + 1, True
        if (first > 0 and same[first - 1] and last - first < most - 1
                and _is_item(sents[first - 1]) == _is_item(sents[best]) and _fits(sents[first - 1:last + 1])):
            first, grown = first - 1, True
        if not grown:
            break
    if same[best]:
        return clip(_join(sents[first:last + 1]))
    # A sentence that goes on from the one before it comes with that one ("If it's full, you can park on Canal Street
    # after 6pm" was the whole answer to "where do I park?", the free lot it speaks of left out).
    chosen = [best]
    if (best > 0 and _GOES_ON.match(sents[best]) and not _asks(sents[best - 1]) and not _is_item(sents[best])
            and not _is_label(sents, best - 1) and _fits(sents[best - 1:best + 1])):
        chosen = [best - 1, best]
    text = " ".join(sents[i] for i in chosen)
    # A list intro ("...: ") brings its items; a short sentence brings the next one, and a bare reply
    # ("Absolutely!", "Yes.") always does; a question never comes along. A sentence that only announces
    # ("there are some key products you can use") brings the one after it, which names the first.
    announces = _ANNOUNCES.search(sents[best]) is not None and not _NAMES_SOME.search(sents[best])
    # A sentence without the length of time asked for brings the next one when that one gives it: "how long does
    # redness last?" got "The truth is, everyone's experience ... will be different", and not the sentence after
    # it, "For some people it may only last a few hours while for others it could take several days or even weeks".
    lacks = _HOW_LONG.search(qtext) is not None and not names_duration(sents[best])
    j = best + 1
    while j < len(sents) and len(chosen) < _BROUGHT:
        nxt = sents[j]
        is_item = _is_item(nxt)
        if _asks(nxt) or _is_label(sents, j) or not (text.rstrip().endswith(":") or is_item and _is_item(sents[j - 1])
                or len(text) < 120 and len(chosen) < 3 and scores[j] > 0.05 or len(text) < _BARE
                or announces and len(chosen) == 1 or lacks and len(chosen) == 1 and names_duration(nxt)):
            break
        if len(text) + 1 + len(nxt) > MAX_ANSWER_CHARS:
            break
        text = text + ("\n" if is_item else " ") + nxt
        chosen.append(j)
        j += 1
    return clip(text)


def _intro(sents: Sequence[str], i: int) -> int | None:
    """The line that introduces the list item i belongs to ("...:" right above its first item), when the intro and
    all the list's items (five at most: what an answer brings after its first line) fit in a concise answer;
    else None."""
    first = i
    while first > 0 and _is_item(sents[first - 1]):
        first -= 1
    last = i
    while last + 1 < len(sents) and _is_item(sents[last + 1]):
        last += 1
    if first == 0 or not sents[first - 1].rstrip().endswith(":") or last - first + 1 > _BROUGHT - 1:
        return None
    return first - 1 if _fits(sents[first - 1:last + 1]) else None


def _is_label(sents: Sequence[str], i: int) -> bool:
    """Is sentence i a sub-heading's line: short, no sentence's ending, over a sentence that has one ("Aftercare"
    over "Use a colour-safe shampoo.")? Not a line of an address or of opening times, which none ends."""
    line = sents[i].rstrip()
    return (i + 1 < len(sents) and len(line) <= _LABEL and not _is_item(line) and line[-1:] not in _ENDS
            and sents[i + 1].rstrip()[-1:] in ".!?")


def _is_item(sentence: str) -> bool:
    """Is it a list item ("• Ice packs") or a numbered step ("2. Choose a time.")?"""
    return sentence.startswith("•") or _STEP.match(sentence) is not None


def _asks(sentence: str) -> bool:
    return sentence.rstrip().endswith("?")


def _fits(sents: Sequence[str]) -> bool:
    """Do these sentences, joined, fit in a concise answer?"""
    return sum(len(x) + 1 for x in sents) - 1 <= MAX_ANSWER_CHARS


def _join(sents: Sequence[str]) -> str:
    """Sentences joined as the answer shows them: a list's items one per line."""
    return "\n".join(sents) if any(_is_item(x) for x in sents) else " ".join(sents)


def clip(text: str) -> str:
    """At most MAX_ANSWER_CHARS: cut at the last full sentence if it keeps enough, else at a word."""
    if len(text) <= MAX_ANSWER_CHARS:
        return text
    cut = text[:MAX_ANSWER_CHARS]
    m = re.search(r"^(.*[.!?])\s", cut, re.S)
    return m.group(1) if m and len(m.group(1)) > 100 else cut.rsplit(" ", 1)[0] + "…"
